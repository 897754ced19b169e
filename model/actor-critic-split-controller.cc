// SPDX-License-Identifier: GPL-2.0-only

#include "actor-critic-split-controller.h"

#include "torch-agent.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <istream>
#include <ostream>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginActorCriticSplitController");

NS_OBJECT_ENSURE_REGISTERED(ActorCriticSplitController);

namespace
{

/// The hyper-parameters of an agent.
struct Settings
{
    uint32_t stateSize;        //!< values of a state
    uint32_t splits;           //!< split points
    double learningRate;       //!< Adam's step size
    double discount;           //!< γ
    uint32_t hiddenUnits;      //!< units of each hidden layer
    double entropyCoefficient; //!< β
    double rewardCentering;    //!< step size of r̄
};

/// An actor and a critic with one optimiser.
class ActorCriticAgent : public LearningSplitController::Agent
{
  public:
    /**
     * @param settings the hyper-parameters
     * @param seed the seed of the initial weights and of the sampling
     */
    ActorCriticAgent(const Settings& settings, uint64_t seed)
        : m_settings(settings),
          m_rng(seed),
          m_center(settings.rewardCentering)
    {
        at::Generator generator = torchagent::MakeGenerator(seed);
        const int64_t in = settings.stateSize;
        const int64_t hidden = settings.hiddenUnits;
        m_actor = torch::nn::Sequential(torchagent::MakeLinear(in, hidden, generator),
                                        torch::nn::ReLU(),
                                        torchagent::MakeLinear(hidden, hidden, generator),
                                        torch::nn::ReLU(),
                                        torchagent::MakeLinear(hidden, settings.splits, generator));
        m_critic = torch::nn::Sequential(torchagent::MakeLinear(in, hidden, generator),
                                         torch::nn::ReLU(),
                                         torchagent::MakeLinear(hidden, hidden, generator),
                                         torch::nn::ReLU(),
                                         torchagent::MakeLinear(hidden, 1, generator));
        m_optimizer = std::make_unique<torch::optim::Adam>(
            torchagent::Parameters({m_actor.ptr().get(), m_critic.ptr().get()}),
            torch::optim::AdamOptions(settings.learningRate));
    }

    uint32_t Act(const std::vector<float>& state, uint32_t lastSplit, bool explore) override
    {
        if (!explore)
        {
            return Greedy(state, lastSplit);
        }
        torch::NoGradGuard noGrad;
        const torch::Tensor logits = m_actor->forward(torchagent::StateRow(state))[0];
        return torchagent::SampleIndex(torch::softmax(logits, 0), m_rng);
    }

    uint32_t Greedy(const std::vector<float>& state, uint32_t /* lastSplit */) const override
    {
        torch::NoGradGuard noGrad;
        return torchagent::ArgMax(m_actor->forward(torchagent::StateRow(state))[0]);
    }

    void Update(const LearningSplitController::Experience& e) override
    {
        const double reward = m_center.Center(e.reward);
        const torch::Tensor state = torchagent::StateRow(e.state);
        double nextValue = 0;
        {
            torch::NoGradGuard noGrad;
            nextValue = m_critic->forward(torchagent::StateRow(e.next)).item<double>();
        }
        const torch::Tensor value = m_critic->forward(state)[0][0];
        const torch::Tensor advantage = reward + m_settings.discount * nextValue - value;
        const torch::Tensor logProbabilities = torch::log_softmax(m_actor->forward(state)[0], 0);
        const torch::Tensor entropy = -(torch::exp(logProbabilities) * logProbabilities).sum();
        const torch::Tensor loss =
            -logProbabilities[static_cast<int64_t>(e.split)] * advantage.detach() +
            0.5 * advantage * advantage - m_settings.entropyCoefficient * entropy;
        m_optimizer->zero_grad();
        loss.backward();
        m_optimizer->step();
    }

    void Save(std::ostream& out) const override
    {
        torchagent::SaveAgent(out, Parameters(), m_center);
    }

    void Load(std::istream& in) override
    {
        torchagent::LoadAgent(in, Parameters(), m_center, "actor-critic networks");
    }

    /**
     * @param state a state
     * @return π(·|s) and V(s)
     */
    std::vector<double> PolicyAndValue(const std::vector<float>& state) const
    {
        torch::NoGradGuard noGrad;
        const torch::Tensor x = torchagent::StateRow(state);
        std::vector<double> result =
            torchagent::ToVector(torch::softmax(m_actor->forward(x)[0], 0));
        result.push_back(m_critic->forward(x).item<double>());
        return result;
    }

  private:
    /// @return the parameters of the actor, then the critic's
    std::vector<torch::Tensor> Parameters() const
    {
        return torchagent::Parameters({m_actor.ptr().get(), m_critic.ptr().get()});
    }

    Settings m_settings;                             //!< hyper-parameters
    std::mt19937_64 m_rng;                           //!< sampling
    torchagent::RewardCenter m_center;               //!< r̄
    mutable torch::nn::Sequential m_actor{nullptr};  //!< policy network
    mutable torch::nn::Sequential m_critic{nullptr}; //!< value network
    std::unique_ptr<torch::optim::Adam> m_optimizer; //!< Adam over both
};

} // namespace

TypeId
ActorCriticSplitController::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::ActorCriticSplitController")
            .SetParent<LearningSplitController>()
            .SetGroupName("Sagin")
            .AddConstructor<ActorCriticSplitController>()
            .AddAttribute("LearningRate",
                          "Adam's step size for the actor and the critic.",
                          DoubleValue(1e-3),
                          MakeDoubleAccessor(&ActorCriticSplitController::m_learningRate),
                          MakeDoubleChecker<double>(1e-9, 1.0))
            .AddAttribute("Discount",
                          "Discount γ of later rewards.",
                          DoubleValue(0.99),
                          MakeDoubleAccessor(&ActorCriticSplitController::m_discount),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("HiddenUnits",
                          "Units of each of the two hidden layers of both networks.",
                          UintegerValue(128),
                          MakeUintegerAccessor(&ActorCriticSplitController::m_hiddenUnits),
                          MakeUintegerChecker<uint32_t>(1, 4096))
            .AddAttribute("EntropyCoefficient",
                          "Weight β of the policy's entropy in the loss (0: none).",
                          DoubleValue(0.01),
                          MakeDoubleAccessor(&ActorCriticSplitController::m_entropyCoefficient),
                          MakeDoubleChecker<double>(0.0, 10.0))
            .AddAttribute("RewardCentering",
                          "Step size of the average reward subtracted from each reward "
                          "(0: rewards as they are).",
                          DoubleValue(0.01),
                          MakeDoubleAccessor(&ActorCriticSplitController::m_rewardCentering),
                          MakeDoubleChecker<double>(0.0, 1.0));
    return tid;
}

ActorCriticSplitController::ActorCriticSplitController()
    : m_learningRate(1e-3),
      m_discount(0.99),
      m_hiddenUnits(128),
      m_entropyCoefficient(0.01),
      m_rewardCentering(0.01)
{
    NS_LOG_FUNCTION(this);
}

ActorCriticSplitController::~ActorCriticSplitController()
{
    NS_LOG_FUNCTION(this);
}

std::vector<double>
ActorCriticSplitController::GetPolicyAndValue(const SplitObservation& observation)
{
    const auto& agent = dynamic_cast<const ActorCriticAgent&>(GetAgent(observation));
    return agent.PolicyAndValue(EncodeState(observation));
}

std::unique_ptr<LearningSplitController::Agent>
ActorCriticSplitController::CreateAgent(uint64_t seed)
{
    const Settings settings{GetStateSize(),
                            GetNSplitPoints(),
                            m_learningRate,
                            m_discount,
                            m_hiddenUnits,
                            m_entropyCoefficient,
                            m_rewardCentering};
    return std::make_unique<ActorCriticAgent>(settings, seed);
}

uint32_t
ActorCriticSplitController::GetDefaultEpisodeSteps() const
{
    return 10;
}

} // namespace sagin
} // namespace ns3
