// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_DQN_SPLIT_CONTROLLER_H
#define SAGIN_DQN_SPLIT_CONTROLLER_H

#include "learning-split-controller.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Deep Q-learning in LibTorch: ε-greedy splits, a replay buffer (optionally
 *        prioritised), a target network, the double-DQN target and an optional dueling head.
 *
 * The network is state → HiddenUnits → HiddenUnits (ReLU), then with Dueling a value head
 * (→ 1) and an advantage head (→ K) combined as Q = V + A − mean(A), else one head (→ K). Each
 * step (s, a, r̃, s') goes into a buffer of ReplayCapacity steps (the oldest is replaced); once
 * it holds BatchSize steps, each step draws a batch and makes one Adam step on
 *
 *     mean w_i·Huber(Q(s_i, a_i) − y_i),   y = r̃ + γ·Q_target(s', argmax_a' Q(s', a'))
 *
 * (with DoubleQ false, y = r̃ + γ·max_a' Q_target(s', a')), gradients clipped to a norm of
 * MaxGradNorm. The target network copies the network every TargetUpdateSteps updates.
 * Prioritised replay draws step i with probability p_i^α/Σp^α, p_i = |TD error| + 1e-6 at its
 * last draw (new steps get the largest p so far), in BatchSize equal strata of the total, and
 * weighs it by w_i = (N·P(i))^−β / max w; without it, draws are uniform and w = 1.
 * r̃ = r − r̄ is the reward less the exponential average r̄ of all rewards so far at the draw
 * (RewardCentering); an episode's end is a time limit, so y keeps its bootstrap there. Evaluation
 * takes argmax Q.
 *
 * Defaults are the published settings (128 hidden units, dueling, double DQN, γ 0.89, ε 0.2,
 * lr 0.01, 10,000 steps of replay, batches of 64, α 0.6, β 0.4) with a target update every
 * 100 updates, a norm bound of 10, episodes of 10 steps and centering 0.01 (which makes the
 * published experiment converge in hundreds of steps rather than thousands).
 */
class DqnSplitController : public LearningSplitController
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    DqnSplitController();
    ~DqnSplitController() override;

    /**
     * @param observation what a node observes
     * @return its agent's Q(s, ·) over the split points
     */
    std::vector<double> GetActionValues(const SplitObservation& observation);

  protected:
    std::unique_ptr<Agent> CreateAgent(uint64_t seed) override;
    uint32_t GetDefaultEpisodeSteps() const override;

  private:
    double m_learningRate;        //!< Adam's step size
    double m_discount;            //!< γ
    double m_epsilon;             //!< probability of a uniform split while training
    uint32_t m_replayCapacity;    //!< steps kept
    uint32_t m_batchSize;         //!< steps per update
    uint32_t m_targetUpdateSteps; //!< updates between target copies
    bool m_dueling;               //!< dueling head
    bool m_doubleQ;               //!< double-DQN target
    bool m_prioritized;           //!< prioritised replay
    double m_priorityExponent;    //!< α
    double m_importanceExponent;  //!< β
    double m_maxGradNorm;         //!< gradient-norm bound
    uint32_t m_hiddenUnits;       //!< units of each hidden layer
    double m_rewardCentering;     //!< step size of r̄ (0: none)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_DQN_SPLIT_CONTROLLER_H
