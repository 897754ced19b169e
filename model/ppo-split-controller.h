// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_PPO_SPLIT_CONTROLLER_H
#define SAGIN_PPO_SPLIT_CONTROLLER_H

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
 * @brief Proximal policy optimisation in LibTorch: clipped surrogate objective, generalised
 *        advantage estimation, value loss and gradient-norm clipping.
 *
 * One network: a shared body state → HiddenUnits → HiddenUnits (tanh) with a policy head
 * (HiddenUnits → K logits) and a value head (HiddenUnits → 1). The agent samples splits from
 * the policy and keeps, per node, the steps (s, a, r̃, s', log π_old(a|s), episode end) of the
 * current rollout; once RolloutSteps are kept it computes each node's advantages backwards,
 *
 *     δ_t = r̃_t + γ·V(s'_t) − V(s_t),   Â_t = δ_t + γ·λ·Â_{t+1}  (Â_{t+1} = 0 after an
 *     episode's end and after the rollout's last step of that node),
 *
 * with the returns Â_t + V(s_t), and runs Epochs passes over the rollout in shuffled
 * minibatches of MinibatchSize, each one Adam step on
 *
 *     −mean min(ρ·Â, clip(ρ, 1 − ε, 1 + ε)·Â) + c_v·mean (V(s) − return)² − β·mean H(π),
 *
 * ρ = π(a|s)/π_old(a|s), Â normalised within the minibatch (NormalizeAdvantages), gradients
 * clipped to a norm of MaxGradNorm. r̃ = r − r̄ is the reward less an exponential average
 * (RewardCentering); an episode's end is a time limit, so V(s') is kept there. Evaluation
 * takes the most probable split.
 *
 * Defaults are the published settings (64 hidden units, lr 3e-4, γ 0.99, λ 0.95, ε 0.2, 10
 * epochs, minibatches of 32, c_v 0.5, norm 0.5, episodes of 10 steps) with rollouts of 32
 * steps and centering 0.01. Without centering, in the published experiment, the returns to an
 * episode's end vary with the step at which a state is met by more than the differences
 * between the splits' rewards, and the policy often stays at a poor split.
 */
class PpoSplitController : public LearningSplitController
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    PpoSplitController();
    ~PpoSplitController() override;

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
    double m_gaeLambda;          //!< λ
    double m_clipRange;          //!< ε
    uint32_t m_epochs;           //!< passes over a rollout
    uint32_t m_minibatchSize;    //!< steps per minibatch
    uint32_t m_rolloutSteps;     //!< steps per update
    double m_valueCoefficient;   //!< c_v
    double m_entropyCoefficient; //!< β
    double m_maxGradNorm;        //!< gradient-norm bound
    bool m_normalizeAdvantages;  //!< whether Â is normalised per minibatch
    uint32_t m_hiddenUnits;      //!< units of each hidden layer
    double m_rewardCentering;    //!< step size of r̄ (0: none)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_PPO_SPLIT_CONTROLLER_H
