// SPDX-License-Identifier: GPL-2.0-only

#include "ppo-split-controller.h"

#include "torch-agent.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <istream>
#include <map>
#include <numeric>
#include <ostream>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginPpoSplitController");

NS_OBJECT_ENSURE_REGISTERED(PpoSplitController);

namespace
{

/// The hyper-parameters of an agent.
struct Settings
{
    uint32_t stateSize;        //!< values of a state
    uint32_t splits;           //!< split points
    double learningRate;       //!< Adam's step size
    double discount;           //!< γ
    double gaeLambda;          //!< λ
    double clipRange;          //!< ε
    uint32_t epochs;           //!< passes per rollout
    uint32_t minibatchSize;    //!< steps per minibatch
    uint32_t rolloutSteps;     //!< steps per update
    double valueCoefficient;   //!< c_v
    double entropyCoefficient; //!< β
    double maxGradNorm;        //!< gradient-norm bound
    bool normalizeAdvantages;  //!< normalise Â per minibatch
    uint32_t hiddenUnits;      //!< units of each hidden layer
    double rewardCentering;    //!< step size of r̄
};

/// One kept step.
struct Step
{
    std::vector<float> state; //!< s
    uint32_t split;           //!< a
    double reward;            //!< r̃
    std::vector<float> next;  //!< s'
    bool episodeEnd;          //!< whether s' ends an episode
    double logProbability;    //!< log π_old(a|s)
};

/// A policy and a value with a shared body, trained on rollouts.
class PpoAgent : public LearningSplitController::Agent
{
  public:
    /**
     * @param settings the hyper-parameters
     * @param seed the seed of the initial weights, the sampling and the shuffling
     */
    PpoAgent(const Settings& settings, uint64_t seed)
        : m_settings(settings),
          m_rng(seed),
          m_center(settings.rewardCentering),
          m_kept(0)
    {
        at::Generator generator = torchagent::MakeGenerator(seed);
        const int64_t hidden = settings.hiddenUnits;
        m_body =
            torch::nn::Sequential(torchagent::MakeLinear(settings.stateSize, hidden, generator),
                                  torch::nn::Tanh(),
                                  torchagent::MakeLinear(hidden, hidden, generator),
                                  torch::nn::Tanh());
        m_policy = torchagent::MakeLinear(hidden, settings.splits, generator);
        m_value = torchagent::MakeLinear(hidden, 1, generator);
        m_optimizer =
            std::make_unique<torch::optim::Adam>(Parameters(),
                                                 torch::optim::AdamOptions(settings.learningRate));
    }

    uint32_t Act(const std::vector<float>& state, uint32_t lastSplit, bool explore) override
    {
        if (!explore)
        {
            return Greedy(state, lastSplit);
        }
        torch::NoGradGuard noGrad;
        const torch::Tensor logits =
            m_policy->forward(m_body->forward(torchagent::StateRow(state)))[0];
        return torchagent::SampleIndex(torch::softmax(logits, 0), m_rng);
    }

    uint32_t Greedy(const std::vector<float>& state, uint32_t /* lastSplit */) const override
    {
        torch::NoGradGuard noGrad;
        return torchagent::ArgMax(
            m_policy->forward(m_body->forward(torchagent::StateRow(state)))[0]);
    }

    void Update(const LearningSplitController::Experience& e) override
    {
        // π_old(a|s): the policy as it is now, which is the one that sampled a unless another
        // node of a shared agent completed a rollout meanwhile.
        double logProbability = 0;
        {
            torch::NoGradGuard noGrad;
            const torch::Tensor logits =
                m_policy->forward(m_body->forward(torchagent::StateRow(e.state)))[0];
            logProbability =
                torch::log_softmax(logits, 0)[e.split % m_settings.splits].item<double>();
        }
        m_rollout[e.node].push_back(Step{e.state,
                                         e.split % m_settings.splits,
                                         m_center.Center(e.reward),
                                         e.next,
                                         e.episodeEnd,
                                         logProbability});
        if (++m_kept >= m_settings.rolloutSteps)
        {
            Train();
        }
    }

    void Save(std::ostream& out) const override
    {
        torchagent::SaveAgent(out, Parameters(), m_center);
    }

    void Load(std::istream& in) override
    {
        torchagent::LoadAgent(in, Parameters(), m_center, "PPO network");
        m_rollout.clear();
        m_kept = 0;
    }

    /**
     * @param state a state
     * @return π(·|s) and V(s)
     */
    std::vector<double> PolicyAndValue(const std::vector<float>& state) const
    {
        torch::NoGradGuard noGrad;
        const torch::Tensor h = m_body->forward(torchagent::StateRow(state));
        std::vector<double> result =
            torchagent::ToVector(torch::softmax(m_policy->forward(h)[0], 0));
        result.push_back(m_value->forward(h).item<double>());
        return result;
    }

  private:
    /// @return the body's parameters, then the policy head's and the value head's
    std::vector<torch::Tensor> Parameters() const
    {
        return torchagent::Parameters(
            {m_body.ptr().get(), m_policy.ptr().get(), m_value.ptr().get()});
    }

    /// Advantages and returns of the rollout, then the epochs of minibatch steps.
    void Train()
    {
        std::vector<const Step*> steps;
        std::vector<double> advantages;
        std::vector<double> returns;
        for (const auto& [node, sequence] : m_rollout)
        {
            std::vector<const std::vector<float>*> states;
            std::vector<const std::vector<float>*> nexts;
            for (const auto& step : sequence)
            {
                states.push_back(&step.state);
                nexts.push_back(&step.next);
            }
            torch::Tensor values;
            torch::Tensor nextValues;
            {
                torch::NoGradGuard noGrad;
                values = m_value->forward(m_body->forward(torchagent::StateBatch(states)))
                             .to(torch::kFloat64)
                             .contiguous();
                nextValues = m_value->forward(m_body->forward(torchagent::StateBatch(nexts)))
                                 .to(torch::kFloat64)
                                 .contiguous();
            }
            const double* v = values.data_ptr<double>();
            const double* vNext = nextValues.data_ptr<double>();
            const size_t n = sequence.size();
            std::vector<double> advantage(n);
            double running = 0;
            for (size_t i = n; i-- > 0;)
            {
                const bool last = i + 1 == n || sequence[i].episodeEnd;
                const double delta = sequence[i].reward + m_settings.discount * vNext[i] - v[i];
                running =
                    delta + (last ? 0.0 : m_settings.discount * m_settings.gaeLambda * running);
                advantage[i] = running;
            }
            for (size_t i = 0; i < n; ++i)
            {
                steps.push_back(&sequence[i]);
                advantages.push_back(advantage[i]);
                returns.push_back(advantage[i] + v[i]);
            }
        }
        const size_t n = steps.size();
        std::vector<size_t> order(n);
        for (uint32_t epoch = 0; epoch < m_settings.epochs; ++epoch)
        {
            std::iota(order.begin(), order.end(), 0);
            for (size_t i = n; i > 1; --i)
            {
                std::swap(order[i - 1], order[m_rng() % i]);
            }
            for (size_t first = 0; first < n; first += m_settings.minibatchSize)
            {
                const size_t last = std::min(n, first + m_settings.minibatchSize);
                MinibatchStep(steps, advantages, returns, order, first, last);
            }
        }
        m_rollout.clear();
        m_kept = 0;
    }

    /**
     * @brief One Adam step on a minibatch.
     * @param steps the rollout's steps
     * @param advantages their advantages
     * @param returns their returns
     * @param order the shuffled order
     * @param first the minibatch's first position in order
     * @param last one past its last
     */
    void MinibatchStep(const std::vector<const Step*>& steps,
                       const std::vector<double>& advantages,
                       const std::vector<double>& returns,
                       const std::vector<size_t>& order,
                       size_t first,
                       size_t last)
    {
        const int64_t size = static_cast<int64_t>(last - first);
        std::vector<const std::vector<float>*> states;
        torch::Tensor splits = torch::empty({size}, torch::kInt64);
        torch::Tensor oldLog = torch::empty({size}, torch::kFloat32);
        torch::Tensor advantage = torch::empty({size}, torch::kFloat32);
        torch::Tensor target = torch::empty({size}, torch::kFloat32);
        for (size_t k = first; k < last; ++k)
        {
            const size_t i = order[k];
            const int64_t row = static_cast<int64_t>(k - first);
            states.push_back(&steps[i]->state);
            splits[row] = static_cast<int64_t>(steps[i]->split);
            oldLog[row] = steps[i]->logProbability;
            advantage[row] = advantages[i];
            target[row] = returns[i];
        }
        if (m_settings.normalizeAdvantages && size > 1)
        {
            advantage = (advantage - advantage.mean()) / (advantage.std() + 1e-8);
        }
        const torch::Tensor h = m_body->forward(torchagent::StateBatch(states));
        const torch::Tensor logProbabilities = torch::log_softmax(m_policy->forward(h), 1);
        const torch::Tensor taken = logProbabilities.gather(1, splits.unsqueeze(1)).squeeze(1);
        const torch::Tensor ratio = torch::exp(taken - oldLog);
        const double clip = m_settings.clipRange;
        const torch::Tensor policyLoss =
            -torch::min(ratio * advantage, torch::clamp(ratio, 1.0 - clip, 1.0 + clip) * advantage)
                 .mean();
        const torch::Tensor valueLoss = (m_value->forward(h).squeeze(1) - target).pow(2).mean();
        const torch::Tensor entropy =
            -(torch::exp(logProbabilities) * logProbabilities).sum(1).mean();
        const torch::Tensor loss = policyLoss + m_settings.valueCoefficient * valueLoss -
                                   m_settings.entropyCoefficient * entropy;
        m_optimizer->zero_grad();
        loss.backward();
        torch::nn::utils::clip_grad_norm_(Parameters(), m_settings.maxGradNorm);
        m_optimizer->step();
    }

    Settings m_settings;                             //!< hyper-parameters
    std::mt19937_64 m_rng;                           //!< sampling and shuffling
    torchagent::RewardCenter m_center;               //!< r̄
    mutable torch::nn::Sequential m_body{nullptr};   //!< shared body
    mutable torch::nn::Linear m_policy{nullptr};     //!< policy head
    mutable torch::nn::Linear m_value{nullptr};      //!< value head
    std::unique_ptr<torch::optim::Adam> m_optimizer; //!< Adam over all
    std::map<uint32_t, std::vector<Step>> m_rollout; //!< kept steps per node
    uint32_t m_kept;                                 //!< steps kept
};

} // namespace

TypeId
PpoSplitController::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::PpoSplitController")
            .SetParent<LearningSplitController>()
            .SetGroupName("Sagin")
            .AddConstructor<PpoSplitController>()
            .AddAttribute("LearningRate",
                          "Adam's step size.",
                          DoubleValue(3e-4),
                          MakeDoubleAccessor(&PpoSplitController::m_learningRate),
                          MakeDoubleChecker<double>(1e-9, 1.0))
            .AddAttribute("Discount",
                          "Discount γ of later rewards.",
                          DoubleValue(0.99),
                          MakeDoubleAccessor(&PpoSplitController::m_discount),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("GaeLambda",
                          "λ of the generalised advantage estimate.",
                          DoubleValue(0.95),
                          MakeDoubleAccessor(&PpoSplitController::m_gaeLambda),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("ClipRange",
                          "ε: the probability ratio is clipped to [1 − ε, 1 + ε].",
                          DoubleValue(0.2),
                          MakeDoubleAccessor(&PpoSplitController::m_clipRange),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("Epochs",
                          "Passes over each rollout.",
                          UintegerValue(10),
                          MakeUintegerAccessor(&PpoSplitController::m_epochs),
                          MakeUintegerChecker<uint32_t>(1, 1000))
            .AddAttribute("MinibatchSize",
                          "Steps per minibatch (one Adam step each).",
                          UintegerValue(32),
                          MakeUintegerAccessor(&PpoSplitController::m_minibatchSize),
                          MakeUintegerChecker<uint32_t>(1, 1000000))
            .AddAttribute("RolloutSteps",
                          "Steps kept before each update (of all the nodes of the agent).",
                          UintegerValue(32),
                          MakeUintegerAccessor(&PpoSplitController::m_rolloutSteps),
                          MakeUintegerChecker<uint32_t>(1, 1000000))
            .AddAttribute("ValueCoefficient",
                          "Weight c_v of the value loss.",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&PpoSplitController::m_valueCoefficient),
                          MakeDoubleChecker<double>(0.0, 100.0))
            .AddAttribute("EntropyCoefficient",
                          "Weight β of the policy's entropy (0: none).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&PpoSplitController::m_entropyCoefficient),
                          MakeDoubleChecker<double>(0.0, 10.0))
            .AddAttribute("MaxGradNorm",
                          "Bound of the gradient's norm.",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&PpoSplitController::m_maxGradNorm),
                          MakeDoubleChecker<double>(1e-9, 1e9))
            .AddAttribute("NormalizeAdvantages",
                          "Whether advantages are normalised to mean 0 and deviation 1 in each "
                          "minibatch.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&PpoSplitController::m_normalizeAdvantages),
                          MakeBooleanChecker())
            .AddAttribute("HiddenUnits",
                          "Units of each of the two hidden layers of the shared body.",
                          UintegerValue(64),
                          MakeUintegerAccessor(&PpoSplitController::m_hiddenUnits),
                          MakeUintegerChecker<uint32_t>(1, 4096))
            .AddAttribute("RewardCentering",
                          "Step size of the average reward subtracted from each reward "
                          "(0: rewards as they are).",
                          DoubleValue(0.01),
                          MakeDoubleAccessor(&PpoSplitController::m_rewardCentering),
                          MakeDoubleChecker<double>(0.0, 1.0));
    return tid;
}

PpoSplitController::PpoSplitController()
    : m_learningRate(3e-4),
      m_discount(0.99),
      m_gaeLambda(0.95),
      m_clipRange(0.2),
      m_epochs(10),
      m_minibatchSize(32),
      m_rolloutSteps(32),
      m_valueCoefficient(0.5),
      m_entropyCoefficient(0.0),
      m_maxGradNorm(0.5),
      m_normalizeAdvantages(true),
      m_hiddenUnits(64),
      m_rewardCentering(0.01)
{
    NS_LOG_FUNCTION(this);
}

PpoSplitController::~PpoSplitController()
{
    NS_LOG_FUNCTION(this);
}

std::vector<double>
PpoSplitController::GetPolicyAndValue(const SplitObservation& observation)
{
    const auto& agent = dynamic_cast<const PpoAgent&>(GetAgent(observation));
    return agent.PolicyAndValue(EncodeState(observation));
}

std::unique_ptr<LearningSplitController::Agent>
PpoSplitController::CreateAgent(uint64_t seed)
{
    const Settings settings{GetStateSize(),
                            GetNSplitPoints(),
                            m_learningRate,
                            m_discount,
                            m_gaeLambda,
                            m_clipRange,
                            m_epochs,
                            m_minibatchSize,
                            m_rolloutSteps,
                            m_valueCoefficient,
                            m_entropyCoefficient,
                            m_maxGradNorm,
                            m_normalizeAdvantages,
                            m_hiddenUnits,
                            m_rewardCentering};
    return std::make_unique<PpoAgent>(settings, seed);
}

uint32_t
PpoSplitController::GetDefaultEpisodeSteps() const
{
    return 10;
}

} // namespace sagin
} // namespace ns3
