// SPDX-License-Identifier: GPL-2.0-only

#include "q-learning-split-controller.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <istream>
#include <map>
#include <ostream>
#include <random>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginQLearningSplitController");

NS_OBJECT_ENSURE_REGISTERED(QLearningSplitController);
NS_OBJECT_ENSURE_REGISTERED(MultiStepQLearningSplitController);

namespace
{

/// The moves, in the order ties are broken: keep, down, up.
constexpr int MOVES[3] = {0, -1, +1};

/// A Q-table over (last split, move) with n-step updates.
class QAgent : public LearningSplitController::Agent
{
  public:
    /**
     * @param splits number of split points
     * @param alpha learning rate
     * @param gamma discount
     * @param greedy probability of the greedy move
     * @param steps steps of a return
     * @param seed seed of the exploration
     */
    QAgent(uint32_t splits,
           double alpha,
           double gamma,
           double greedy,
           uint32_t steps,
           uint64_t seed)
        : m_splits(splits),
          m_alpha(alpha),
          m_gamma(gamma),
          m_greedy(greedy),
          m_steps(steps),
          m_table(splits * 3, 0.0),
          m_visits(splits * 3, 0),
          m_rng(seed)
    {
    }

    uint32_t Act(const std::vector<float>& state, uint32_t lastSplit, bool explore) override
    {
        int move = BestMove(lastSplit);
        if (explore && Uniform() >= m_greedy)
        {
            // A move that stays within the split points, uniformly.
            int valid[3];
            int count = 0;
            for (int m = 0; m < 3; ++m)
            {
                if (IsValid(lastSplit, m))
                {
                    valid[count++] = m;
                }
            }
            move = valid[m_rng() % count];
        }
        return Apply(lastSplit, move);
    }

    uint32_t Greedy(const std::vector<float>& state, uint32_t lastSplit) const override
    {
        return Apply(lastSplit, BestMove(lastSplit));
    }

    void Update(const LearningSplitController::Experience& e) override
    {
        Trajectory& trajectory = m_trajectories[e.node];
        trajectory.pending.push_back({e.lastSplit, MoveOf(e.lastSplit, e.split), e.reward});
        trajectory.next = e.nextLastSplit;
        if (trajectory.pending.size() == m_steps)
        {
            UpdateOldest(trajectory);
        }
        if (e.episodeEnd)
        {
            while (!trajectory.pending.empty())
            {
                UpdateOldest(trajectory);
            }
        }
    }

    void Save(std::ostream& out) const override
    {
        const uint32_t size = static_cast<uint32_t>(m_table.size());
        out.write(reinterpret_cast<const char*>(&size), sizeof(size));
        out.write(reinterpret_cast<const char*>(m_table.data()),
                  static_cast<std::streamsize>(m_table.size() * sizeof(double)));
        out.write(reinterpret_cast<const char*>(m_visits.data()),
                  static_cast<std::streamsize>(m_visits.size() * sizeof(uint64_t)));
    }

    void Load(std::istream& in) override
    {
        uint32_t size = 0;
        in.read(reinterpret_cast<char*>(&size), sizeof(size));
        if (!in || size != m_table.size())
        {
            throw std::invalid_argument("a Q-table of " + std::to_string(size) + " values where " +
                                        std::to_string(m_table.size()) + " are needed");
        }
        std::vector<double> table(size);
        std::vector<uint64_t> visits(size);
        in.read(reinterpret_cast<char*>(table.data()),
                static_cast<std::streamsize>(size * sizeof(double)));
        in.read(reinterpret_cast<char*>(visits.data()),
                static_cast<std::streamsize>(size * sizeof(uint64_t)));
        if (!in || in.peek() != std::char_traits<char>::eof())
        {
            throw std::invalid_argument("the Q-table's size does not match its values");
        }
        for (double value : table)
        {
            if (!std::isfinite(value))
            {
                throw std::invalid_argument("the Q-table holds a non-finite value");
            }
        }
        m_table = std::move(table);
        m_visits = std::move(visits);
        m_trajectories.clear();
    }

    /**
     * @param split a last split point
     * @return its row: keep, down, up
     */
    std::vector<double> Row(uint32_t split) const
    {
        return {Q(split, 0), Q(split, 1), Q(split, 2)};
    }

  private:
    /// One step waiting for its return.
    struct Step
    {
        uint32_t state; //!< last split point
        int move;       //!< index into MOVES
        double reward;  //!< reward
    };

    /// A node's steps waiting for their returns.
    struct Trajectory
    {
        std::deque<Step> pending; //!< the steps, oldest first
        uint32_t next{0};         //!< the state after the newest
    };

    /// @return a uniform number in [0, 1)
    double Uniform()
    {
        return static_cast<double>(m_rng() >> 11) * 0x1.0p-53;
    }

    double Q(uint32_t state, int move) const
    {
        return m_table[state * 3 + move];
    }

    double& Q(uint32_t state, int move)
    {
        return m_table[state * 3 + move];
    }

    /// @return whether a move from a state stays within the split points
    bool IsValid(uint32_t state, int move) const
    {
        const int next = static_cast<int>(state) + MOVES[move];
        return next >= 0 && next < static_cast<int>(m_splits);
    }

    /// @return the valid move with the highest value (the first of equal ones)
    int BestMove(uint32_t state) const
    {
        int best = 0;
        for (int move = 1; move < 3; ++move)
        {
            if (IsValid(state, move) && Q(state, move) > Q(state, best))
            {
                best = move;
            }
        }
        return best;
    }

    /// @return the split point a move leads to from a state
    uint32_t Apply(uint32_t state, int move) const
    {
        const int next = static_cast<int>(state) + MOVES[move];
        return static_cast<uint32_t>(std::clamp(next, 0, static_cast<int>(m_splits) - 1));
    }

    /// @return the move index that went from a state to a split point
    int MoveOf(uint32_t state, uint32_t split) const
    {
        if (split == state)
        {
            return 0;
        }
        if (split + 1 == state)
        {
            return 1;
        }
        if (split == state + 1)
        {
            return 2;
        }
        throw std::logic_error("QLearningSplitController: a split point " + std::to_string(split) +
                               " is not one move from " + std::to_string(state));
    }

    /**
     * @brief Updates the oldest pending step with the return of the steps after it.
     * @param trajectory the node's steps
     */
    void UpdateOldest(Trajectory& trajectory)
    {
        double value = 0;
        double discount = 1;
        for (const auto& step : trajectory.pending)
        {
            value += discount * step.reward;
            discount *= m_gamma;
        }
        value += discount * Q(trajectory.next, BestMove(trajectory.next));
        const Step& oldest = trajectory.pending.front();
        // The sample average while it moves faster than α (1/visits), then α.
        const size_t cell = oldest.state * 3 + oldest.move;
        const double rate = std::max(m_alpha, 1.0 / static_cast<double>(++m_visits[cell]));
        Q(oldest.state, oldest.move) += rate * (value - Q(oldest.state, oldest.move));
        trajectory.pending.pop_front();
    }

    uint32_t m_splits;                             //!< number of split points
    double m_alpha;                                //!< learning rate
    double m_gamma;                                //!< discount
    double m_greedy;                               //!< probability of the greedy move
    uint32_t m_steps;                              //!< steps of a return
    std::vector<double> m_table;                   //!< Q(state, move), row-major
    std::vector<uint64_t> m_visits;                //!< updates of each Q(state, move)
    std::map<uint32_t, Trajectory> m_trajectories; //!< per node
    std::mt19937_64 m_rng;                         //!< exploration
};

} // namespace

TypeId
QLearningSplitController::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::QLearningSplitController")
            .SetParent<LearningSplitController>()
            .SetGroupName("Sagin")
            .AddConstructor<QLearningSplitController>()
            .AddAttribute("LearningRate",
                          "Least learning rate α: the k-th update of an entry of the table "
                          "moves it by max(α, 1/k) of the way to its return.",
                          DoubleValue(0.01),
                          MakeDoubleAccessor(&QLearningSplitController::m_learningRate),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("Discount",
                          "Discount γ of later rewards.",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&QLearningSplitController::m_discount),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("GreedyProbability",
                          "Probability of the greedy move while training (else a random move).",
                          DoubleValue(0.9),
                          MakeDoubleAccessor(&QLearningSplitController::m_greedyProbability),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("ReturnSteps",
                          "Rewards in a return before the bootstrap; 0 takes the algorithm's "
                          "value (1 for Q-learning, 3 for multi-step Q-learning).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&QLearningSplitController::m_returnSteps),
                          MakeUintegerChecker<uint32_t>(0, 1000));
    return tid;
}

QLearningSplitController::QLearningSplitController()
    : m_learningRate(0.01),
      m_discount(0.5),
      m_greedyProbability(0.9),
      m_returnSteps(0)
{
    NS_LOG_FUNCTION(this);
}

QLearningSplitController::~QLearningSplitController()
{
    NS_LOG_FUNCTION(this);
}

uint32_t
QLearningSplitController::GetReturnSteps() const
{
    return m_returnSteps > 0 ? m_returnSteps : GetDefaultReturnSteps();
}

uint32_t
QLearningSplitController::GetDefaultReturnSteps() const
{
    return 1;
}

uint32_t
QLearningSplitController::GetDefaultEpisodeSteps() const
{
    return 11;
}

std::unique_ptr<LearningSplitController::Agent>
QLearningSplitController::CreateAgent(uint64_t seed)
{
    return std::make_unique<QAgent>(GetNSplitPoints(),
                                    m_learningRate,
                                    m_discount,
                                    m_greedyProbability,
                                    GetReturnSteps(),
                                    seed);
}

std::vector<double>
QLearningSplitController::GetActionValues(const SplitObservation& observation)
{
    const auto& agent = dynamic_cast<const QAgent&>(GetAgent(observation));
    const uint32_t last = observation.lastSplit < 0
                              ? 0
                              : std::min<uint32_t>(static_cast<uint32_t>(observation.lastSplit),
                                                   GetNSplitPoints() - 1);
    return agent.Row(last);
}

TypeId
MultiStepQLearningSplitController::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::MultiStepQLearningSplitController")
                            .SetParent<QLearningSplitController>()
                            .SetGroupName("Sagin")
                            .AddConstructor<MultiStepQLearningSplitController>();
    return tid;
}

uint32_t
MultiStepQLearningSplitController::GetDefaultReturnSteps() const
{
    return 3;
}

} // namespace sagin
} // namespace ns3
