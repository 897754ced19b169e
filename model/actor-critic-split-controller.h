// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_ACTOR_CRITIC_SPLIT_CONTROLLER_H
#define SAGIN_ACTOR_CRITIC_SPLIT_CONTROLLER_H

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
 * @brief One-step actor-critic in LibTorch: a softmax policy over the split points and a state
 *        value, both multilayer perceptrons, updated after every step with the TD(0) advantage.
 *
 * The actor is state → HiddenUnits → HiddenUnits → K (ReLU, softmax over the K split points),
 * the critic state → HiddenUnits → HiddenUnits → 1 (ReLU). Each step (s, a, r, s') updates both
 * with one Adam step on
 *
 *     A = r̃ + γ·V(s') − V(s),   loss = −log π(a|s)·A + ½·A² − β·H(π(·|s)),
 *
 * where A is a constant in the first term, H is the policy's entropy and r̃ = r − r̄ the reward
 * less an exponential average r̄ (RewardCentering). An episode's end is a time limit, not a
 * terminal state: V(s') is kept there. Training samples the split from π, evaluation takes its
 * most probable split.
 *
 * Defaults are the published settings (128 hidden units, Adam at 1e-3, γ 0.99, episodes of 10
 * steps) with two additions: entropy 0.01 and centering 0.01. Without them, in the published
 * experiment (SeedSplitEnvironment), the policy often settles on a poor split before the critic
 * has learnt: the values of a state without the step within its episode jump at each restart,
 * and the TD errors this leaves are larger than the differences between the splits' rewards.
 *
 * Save() writes both networks and r̄; Adam's moments are not saved and start anew after Load().
 */
class ActorCriticSplitController : public LearningSplitController
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    ActorCriticSplitController();
    ~ActorCriticSplitController() override;

    /**
     * @param observation what a node observes
     * @return its agent's policy π(·|s) over the split points, and last its value V(s)
     */
    std::vector<double> GetPolicyAndValue(const SplitObservation& observation);

  protected:
    std::unique_ptr<Agent> CreateAgent(uint64_t seed) override;
    uint32_t GetDefaultEpisodeSteps() const override;

  private:
    double m_learningRate;       //!< Adam's step size
    double m_discount;           //!< γ
    uint32_t m_hiddenUnits;      //!< units of each hidden layer
    double m_entropyCoefficient; //!< β
    double m_rewardCentering;    //!< step size of r̄ (0: none)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_ACTOR_CRITIC_SPLIT_CONTROLLER_H
