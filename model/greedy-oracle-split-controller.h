// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_GREEDY_ORACLE_SPLIT_CONTROLLER_H
#define SAGIN_GREEDY_ORACLE_SPLIT_CONTROLLER_H

#include "split-controller.h"

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief A baseline controller that predicts every split point's cost for the observation with
 *        the cost model and chooses the one of the highest reward.
 *
 * For each split point i it predicts latency and energy with SplitCostModel::Predict() and
 * takes the highest −(w_T·latency + w_E·energy + w_P·privacy[i]); among equal rewards the
 * lowest index. It is an oracle in so far as the observation's rate, backlog and delay hold
 * for the whole request; it learns nothing.
 *
 * When the uplink rate is unknown (NaN, 0 or negative: no prediction is possible) it falls
 * back to the attribute FallbackSplit; its default −1 keeps the node's previous split
 * (observation.lastSplit) when there is one, and otherwise takes the last split point, whose
 * features are the smallest in the built-in models (least to send over an unknown link).
 */
class GreedyOracleSplitController : public SplitController
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    GreedyOracleSplitController();
    ~GreedyOracleSplitController() override;

    /**
     * @param observation what the node observes
     * @return the split point of the highest predicted reward, or the fallback
     * @throws std::logic_error before Configure(); std::invalid_argument from the cost model
     *         (e.g. an unknown role) or naming FallbackSplit when it is out of range
     */
    uint32_t Decide(const SplitObservation& observation) override;

  protected:
    void DoConfigure() override;

  private:
    /**
     * @param observation what the node observes
     * @return the split point when the rate is unknown
     */
    uint32_t GetFallback(const SplitObservation& observation) const;

    /// @throws std::invalid_argument naming FallbackSplit, its value and the count
    void CheckFallback() const;

    int32_t m_fallbackSplit; //!< split point without a rate, −1: previous split or the last
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_GREEDY_ORACLE_SPLIT_CONTROLLER_H
