// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_Q_LEARNING_SPLIT_CONTROLLER_H
#define SAGIN_Q_LEARNING_SPLIT_CONTROLLER_H

#include "learning-split-controller.h"

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Tabular Q-learning of the split point, as in the published experiment: the state is
 *        the last split point, the actions move it one point down, keep it, or move it one
 *        point up (at the first and last split points, the moves that stay within them).
 *
 * The table starts at 0. A decision is greedy with probability GreedyProbability, else one of
 * the three moves uniformly at random; among equal values the greedy move prefers keeping,
 * then down, then up. An update with ReturnSteps = n uses the n-step return
 *
 *     G = r_t + γ·r_{t+1} + … + γ^{n−1}·r_{t+n−1} + γ^n·max_a Q(s_{t+n}, a)
 *     Q(s_t, a_t) ← Q(s_t, a_t) + max(α, 1/k)·(G − Q(s_t, a_t))
 *
 * for the k-th update of that entry: the average of its returns until 1/k falls to the
 * LearningRate α, then α. (With α alone from a table of zeros, the entries tried least look
 * best for hundreds of steps: 3,000 steps of the published experiment did not find its
 * optimum.)
 *
 * and at the end of an episode the steps left use the shorter returns that remain (down to
 * 1-step), still bootstrapped from the last state: an episode is a time limit, not a terminal
 * state. The tabular agent sees the last split point only, whatever the State attribute.
 */
class QLearningSplitController : public LearningSplitController
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    QLearningSplitController();
    ~QLearningSplitController() override;

    /// @return the steps of a return: ReturnSteps, or the algorithm's default when it is 0
    uint32_t GetReturnSteps() const;

    /**
     * @param observation what a node observes
     * @return its agent's row of the table for the observation's last split point: the values
     *         of keeping, moving down and moving up
     */
    std::vector<double> GetActionValues(const SplitObservation& observation);

  protected:
    std::unique_ptr<Agent> CreateAgent(uint64_t seed) override;
    uint32_t GetDefaultEpisodeSteps() const override;

    /// @return the default steps of a return (1)
    virtual uint32_t GetDefaultReturnSteps() const;

  private:
    double m_learningRate;      //!< α
    double m_discount;          //!< γ
    double m_greedyProbability; //!< probability of the greedy move
    uint32_t m_returnSteps;     //!< n, 0 for the default
};

/**
 * @ingroup sagin
 * @brief Multi-step Q-learning of the published experiment: QLearningSplitController with
 *        3-step returns by default.
 */
class MultiStepQLearningSplitController : public QLearningSplitController
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

  protected:
    /// @return 3
    uint32_t GetDefaultReturnSteps() const override;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_Q_LEARNING_SPLIT_CONTROLLER_H
