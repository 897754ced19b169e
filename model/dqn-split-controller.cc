// SPDX-License-Identifier: GPL-2.0-only

#include "dqn-split-controller.h"

#include "torch-agent.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <istream>
#include <ostream>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginDqnSplitController");

NS_OBJECT_ENSURE_REGISTERED(DqnSplitController);

namespace
{

/// The hyper-parameters of an agent.
struct Settings
{
    uint32_t stateSize;         //!< values of a state
    uint32_t splits;            //!< split points
    double learningRate;        //!< Adam's step size
    double discount;            //!< γ
    double epsilon;             //!< probability of a uniform split
    uint32_t replayCapacity;    //!< steps kept
    uint32_t batchSize;         //!< steps per update
    uint32_t targetUpdateSteps; //!< updates between target copies
    bool dueling;               //!< dueling head
    bool doubleQ;               //!< double-DQN target
    bool prioritized;           //!< prioritised replay
    double priorityExponent;    //!< α
    double importanceExponent;  //!< β
    double maxGradNorm;         //!< gradient-norm bound
    uint32_t hiddenUnits;       //!< units of each hidden layer
    double rewardCentering;     //!< step size of r̄
};

/// Q(s, ·): a body with one head, or value and advantage heads.
class QNetworkImpl : public torch::nn::Module
{
  public:
    /**
     * @param settings the sizes
     * @param generator the generator of the initial weights
     */
    QNetworkImpl(const Settings& settings, at::Generator& generator)
        : m_dueling(settings.dueling)
    {
        const int64_t hidden = settings.hiddenUnits;
        m_body = register_module(
            "body",
            torch::nn::Sequential(torchagent::MakeLinear(settings.stateSize, hidden, generator),
                                  torch::nn::ReLU(),
                                  torchagent::MakeLinear(hidden, hidden, generator),
                                  torch::nn::ReLU()));
        m_advantage = register_module("advantage",
                                      torchagent::MakeLinear(hidden, settings.splits, generator));
        if (m_dueling)
        {
            m_value = register_module("value", torchagent::MakeLinear(hidden, 1, generator));
        }
    }

    /**
     * @param states a batch of states
     * @return Q of each state and split point
     */
    torch::Tensor forward(const torch::Tensor& states)
    {
        const torch::Tensor h = m_body->forward(states);
        const torch::Tensor a = m_advantage->forward(h);
        if (!m_dueling)
        {
            return a;
        }
        return m_value->forward(h) + a - a.mean(1, true);
    }

  private:
    bool m_dueling;                         //!< value and advantage heads
    torch::nn::Sequential m_body{nullptr};  //!< shared layers
    torch::nn::Linear m_advantage{nullptr}; //!< A (or Q without dueling)
    torch::nn::Linear m_value{nullptr};     //!< V
};

TORCH_MODULE(QNetwork);

/// Sums of priorities over a complete binary tree, for proportional draws.
class SumTree
{
  public:
    /// @param capacity leaves needed
    explicit SumTree(uint32_t capacity)
        : m_leaves(1)
    {
        while (m_leaves < capacity)
        {
            m_leaves *= 2;
        }
        m_nodes.assign(2 * m_leaves, 0.0);
    }

    /**
     * @param leaf a leaf
     * @param value its new value
     */
    void Set(uint32_t leaf, double value)
    {
        uint32_t i = leaf + m_leaves;
        m_nodes[i] = value;
        for (i /= 2; i >= 1; i /= 2)
        {
            m_nodes[i] = m_nodes[2 * i] + m_nodes[2 * i + 1];
        }
    }

    /// @param leaf a leaf @return its value
    double Get(uint32_t leaf) const
    {
        return m_nodes[leaf + m_leaves];
    }

    /// @return the sum of all leaves
    double Total() const
    {
        return m_nodes[1];
    }

    /**
     * @param u a value in [0, Total())
     * @return the leaf whose share of the cumulative sum holds u
     */
    uint32_t Find(double u) const
    {
        uint32_t i = 1;
        while (i < m_leaves)
        {
            if (u < m_nodes[2 * i] || m_nodes[2 * i + 1] <= 0)
            {
                i = 2 * i;
            }
            else
            {
                u -= m_nodes[2 * i];
                i = 2 * i + 1;
            }
        }
        return i - m_leaves;
    }

  private:
    uint32_t m_leaves;           //!< leaves (a power of 2)
    std::vector<double> m_nodes; //!< sums, root at 1
};

/// One kept step.
struct Transition
{
    std::vector<float> state; //!< s
    uint32_t split;           //!< a
    double reward;            //!< r
    std::vector<float> next;  //!< s'
};

/// A Q-network, its target and a replay buffer.
class DqnAgent : public LearningSplitController::Agent
{
  public:
    /**
     * @param settings the hyper-parameters
     * @param seed the seed of the initial weights, the exploration and the draws
     */
    DqnAgent(const Settings& settings, uint64_t seed)
        : m_settings(settings),
          m_rng(seed),
          m_center(settings.rewardCentering),
          m_tree(settings.replayCapacity),
          m_next(0),
          m_largestPriority(1.0),
          m_updates(0)
    {
        at::Generator generator = torchagent::MakeGenerator(seed);
        m_network = QNetwork(settings, generator);
        m_target = QNetwork(settings, generator);
        CopyToTarget();
        m_optimizer =
            std::make_unique<torch::optim::Adam>(m_network->parameters(),
                                                 torch::optim::AdamOptions(settings.learningRate));
    }

    uint32_t Act(const std::vector<float>& state, uint32_t lastSplit, bool explore) override
    {
        if (explore && torchagent::Uniform01(m_rng) < m_settings.epsilon)
        {
            return static_cast<uint32_t>(m_rng() % m_settings.splits);
        }
        return Greedy(state, lastSplit);
    }

    uint32_t Greedy(const std::vector<float>& state, uint32_t /* lastSplit */) const override
    {
        torch::NoGradGuard noGrad;
        return torchagent::ArgMax(m_network->forward(torchagent::StateRow(state))[0]);
    }

    void Update(const LearningSplitController::Experience& e) override
    {
        // Kept as it is: a batch is centred with the average at its draw.
        m_center.Center(e.reward);
        Transition transition{e.state, e.split % m_settings.splits, e.reward, e.next};
        uint32_t slot = m_next;
        if (m_replay.size() < m_settings.replayCapacity)
        {
            slot = static_cast<uint32_t>(m_replay.size());
            m_replay.push_back(std::move(transition));
        }
        else
        {
            m_replay[slot] = std::move(transition);
            m_next = (m_next + 1) % m_settings.replayCapacity;
        }
        m_tree.Set(slot, std::pow(m_largestPriority, m_settings.priorityExponent));
        if (m_replay.size() >= m_settings.batchSize)
        {
            Train();
        }
    }

    void Save(std::ostream& out) const override
    {
        torchagent::SaveAgent(out, m_network->parameters(), m_center);
    }

    void Load(std::istream& in) override
    {
        torchagent::LoadAgent(in, m_network->parameters(), m_center, "Q-network");
        CopyToTarget();
        // The experience of the agent that was replaced is not the loaded policy's.
        m_replay.clear();
        m_tree = SumTree(m_settings.replayCapacity);
        m_next = 0;
        m_largestPriority = 1.0;
    }

    /**
     * @param state a state
     * @return Q(s, ·)
     */
    std::vector<double> ActionValues(const std::vector<float>& state) const
    {
        torch::NoGradGuard noGrad;
        return torchagent::ToVector(m_network->forward(torchagent::StateRow(state))[0]);
    }

  private:
    /// The target network takes the network's parameters.
    void CopyToTarget()
    {
        torch::NoGradGuard noGrad;
        const std::vector<torch::Tensor> from = m_network->parameters();
        const std::vector<torch::Tensor> to = m_target->parameters();
        for (size_t i = 0; i < from.size(); ++i)
        {
            to[i].copy_(from[i]);
        }
    }

    /// One draw of a batch and one Adam step.
    void Train()
    {
        const uint32_t batch = m_settings.batchSize;
        const uint32_t size = static_cast<uint32_t>(m_replay.size());
        std::vector<uint32_t> drawn(batch);
        std::vector<double> weights(batch, 1.0);
        if (m_settings.prioritized)
        {
            const double total = m_tree.Total();
            const double stratum = total / batch;
            double largest = 0;
            for (uint32_t j = 0; j < batch; ++j)
            {
                const double u = (j + torchagent::Uniform01(m_rng)) * stratum;
                drawn[j] = std::min(m_tree.Find(std::min(u, std::nextafter(total, 0.0))), size - 1);
                const double probability = m_tree.Get(drawn[j]) / total;
                weights[j] = std::pow(size * probability, -m_settings.importanceExponent);
                largest = std::max(largest, weights[j]);
            }
            for (auto& w : weights)
            {
                w /= largest;
            }
        }
        else
        {
            for (uint32_t j = 0; j < batch; ++j)
            {
                drawn[j] = static_cast<uint32_t>(m_rng() % size);
            }
        }
        std::vector<const std::vector<float>*> states;
        std::vector<const std::vector<float>*> nexts;
        torch::Tensor splits = torch::empty({batch}, torch::kInt64);
        torch::Tensor rewards = torch::empty({batch}, torch::kFloat32);
        torch::Tensor w = torch::empty({batch}, torch::kFloat32);
        for (uint32_t j = 0; j < batch; ++j)
        {
            const Transition& t = m_replay[drawn[j]];
            states.push_back(&t.state);
            nexts.push_back(&t.next);
            splits[j] = static_cast<int64_t>(t.split);
            rewards[j] = t.reward - m_center.GetMean();
            w[j] = weights[j];
        }
        torch::Tensor target;
        {
            torch::NoGradGuard noGrad;
            const torch::Tensor next = torchagent::StateBatch(nexts);
            const torch::Tensor nextQ = m_target->forward(next);
            torch::Tensor bootstrap;
            if (m_settings.doubleQ)
            {
                const torch::Tensor best = m_network->forward(next).argmax(1, true);
                bootstrap = nextQ.gather(1, best).squeeze(1);
            }
            else
            {
                bootstrap = std::get<0>(nextQ.max(1));
            }
            target = rewards + m_settings.discount * bootstrap;
        }
        const torch::Tensor q = m_network->forward(torchagent::StateBatch(states))
                                    .gather(1, splits.unsqueeze(1))
                                    .squeeze(1);
        const torch::Tensor loss =
            (w * torch::smooth_l1_loss(q, target, at::Reduction::None)).mean();
        m_optimizer->zero_grad();
        loss.backward();
        torch::nn::utils::clip_grad_norm_(m_network->parameters(), m_settings.maxGradNorm);
        m_optimizer->step();
        if (m_settings.prioritized)
        {
            const torch::Tensor errors =
                (target - q.detach()).abs().to(torch::kFloat64).contiguous();
            const double* e = errors.data_ptr<double>();
            for (uint32_t j = 0; j < batch; ++j)
            {
                const double priority = e[j] + 1e-6;
                m_tree.Set(drawn[j], std::pow(priority, m_settings.priorityExponent));
                m_largestPriority = std::max(m_largestPriority, priority);
            }
        }
        if (++m_updates % m_settings.targetUpdateSteps == 0)
        {
            CopyToTarget();
        }
    }

    Settings m_settings;                             //!< hyper-parameters
    std::mt19937_64 m_rng;                           //!< exploration and draws
    torchagent::RewardCenter m_center;               //!< r̄
    mutable QNetwork m_network{nullptr};             //!< Q
    QNetwork m_target{nullptr};                      //!< Q_target
    std::unique_ptr<torch::optim::Adam> m_optimizer; //!< Adam over Q
    std::vector<Transition> m_replay;                //!< kept steps
    SumTree m_tree;                                  //!< their priorities^α
    uint32_t m_next;                                 //!< the slot replaced next when full
    double m_largestPriority;                        //!< largest priority so far
    uint64_t m_updates;                              //!< Adam steps so far
};

} // namespace

TypeId
DqnSplitController::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::DqnSplitController")
            .SetParent<LearningSplitController>()
            .SetGroupName("Sagin")
            .AddConstructor<DqnSplitController>()
            .AddAttribute("LearningRate",
                          "Adam's step size.",
                          DoubleValue(0.01),
                          MakeDoubleAccessor(&DqnSplitController::m_learningRate),
                          MakeDoubleChecker<double>(1e-9, 1.0))
            .AddAttribute("Discount",
                          "Discount γ of later rewards.",
                          DoubleValue(0.89),
                          MakeDoubleAccessor(&DqnSplitController::m_discount),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("Epsilon",
                          "Probability of a uniformly drawn split while training.",
                          DoubleValue(0.2),
                          MakeDoubleAccessor(&DqnSplitController::m_epsilon),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("ReplayCapacity",
                          "Steps kept in the replay buffer.",
                          UintegerValue(10000),
                          MakeUintegerAccessor(&DqnSplitController::m_replayCapacity),
                          MakeUintegerChecker<uint32_t>(1, 100000000))
            .AddAttribute("BatchSize",
                          "Steps drawn per update; updates start when the buffer holds as many.",
                          UintegerValue(64),
                          MakeUintegerAccessor(&DqnSplitController::m_batchSize),
                          MakeUintegerChecker<uint32_t>(1, 1000000))
            .AddAttribute("TargetUpdateSteps",
                          "Updates between copies of the network to the target network.",
                          UintegerValue(100),
                          MakeUintegerAccessor(&DqnSplitController::m_targetUpdateSteps),
                          MakeUintegerChecker<uint32_t>(1, 100000000))
            .AddAttribute("Dueling",
                          "Whether Q = V + A − mean(A) from value and advantage heads.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&DqnSplitController::m_dueling),
                          MakeBooleanChecker())
            .AddAttribute("DoubleQ",
                          "Whether the target's next value is at the network's best split "
                          "(double DQN) rather than at the target's own.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&DqnSplitController::m_doubleQ),
                          MakeBooleanChecker())
            .AddAttribute("PrioritizedReplay",
                          "Whether steps are drawn in proportion to their TD errors^α.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&DqnSplitController::m_prioritized),
                          MakeBooleanChecker())
            .AddAttribute("PriorityExponent",
                          "α of prioritised replay.",
                          DoubleValue(0.6),
                          MakeDoubleAccessor(&DqnSplitController::m_priorityExponent),
                          MakeDoubleChecker<double>(0.0, 10.0))
            .AddAttribute("ImportanceExponent",
                          "β of the importance weights of prioritised replay.",
                          DoubleValue(0.4),
                          MakeDoubleAccessor(&DqnSplitController::m_importanceExponent),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("MaxGradNorm",
                          "Bound of the gradient's norm.",
                          DoubleValue(10.0),
                          MakeDoubleAccessor(&DqnSplitController::m_maxGradNorm),
                          MakeDoubleChecker<double>(1e-9, 1e9))
            .AddAttribute("HiddenUnits",
                          "Units of each of the two hidden layers.",
                          UintegerValue(128),
                          MakeUintegerAccessor(&DqnSplitController::m_hiddenUnits),
                          MakeUintegerChecker<uint32_t>(1, 4096))
            .AddAttribute("RewardCentering",
                          "Step size of the average reward subtracted from each reward "
                          "(0: rewards as they are).",
                          DoubleValue(0.01),
                          MakeDoubleAccessor(&DqnSplitController::m_rewardCentering),
                          MakeDoubleChecker<double>(0.0, 1.0));
    return tid;
}

DqnSplitController::DqnSplitController()
    : m_learningRate(0.01),
      m_discount(0.89),
      m_epsilon(0.2),
      m_replayCapacity(10000),
      m_batchSize(64),
      m_targetUpdateSteps(100),
      m_dueling(true),
      m_doubleQ(true),
      m_prioritized(true),
      m_priorityExponent(0.6),
      m_importanceExponent(0.4),
      m_maxGradNorm(10.0),
      m_hiddenUnits(128),
      m_rewardCentering(0.01)
{
    NS_LOG_FUNCTION(this);
}

DqnSplitController::~DqnSplitController()
{
    NS_LOG_FUNCTION(this);
}

std::vector<double>
DqnSplitController::GetActionValues(const SplitObservation& observation)
{
    const auto& agent = dynamic_cast<const DqnAgent&>(GetAgent(observation));
    return agent.ActionValues(EncodeState(observation));
}

std::unique_ptr<LearningSplitController::Agent>
DqnSplitController::CreateAgent(uint64_t seed)
{
    const Settings settings{GetStateSize(),
                            GetNSplitPoints(),
                            m_learningRate,
                            m_discount,
                            m_epsilon,
                            m_replayCapacity,
                            m_batchSize,
                            m_targetUpdateSteps,
                            m_dueling,
                            m_doubleQ,
                            m_prioritized,
                            m_priorityExponent,
                            m_importanceExponent,
                            m_maxGradNorm,
                            m_hiddenUnits,
                            m_rewardCentering};
    return std::make_unique<DqnAgent>(settings, seed);
}

uint32_t
DqnSplitController::GetDefaultEpisodeSteps() const
{
    return 10;
}

} // namespace sagin
} // namespace ns3
