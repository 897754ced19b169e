// SPDX-License-Identifier: GPL-2.0-only

#include "greedy-oracle-split-controller.h"

#include "ns3/integer.h"
#include "ns3/log.h"

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginGreedyOracleSplitController");

NS_OBJECT_ENSURE_REGISTERED(GreedyOracleSplitController);

TypeId
GreedyOracleSplitController::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::GreedyOracleSplitController")
            .SetParent<SplitController>()
            .SetGroupName("Sagin")
            .AddConstructor<GreedyOracleSplitController>()
            .AddAttribute("FallbackSplit",
                          "Split point chosen when the uplink rate is unknown (NaN or <= 0); "
                          "-1: the node's previous split, or the last split point when it has "
                          "none.",
                          IntegerValue(-1),
                          MakeIntegerAccessor(&GreedyOracleSplitController::m_fallbackSplit),
                          MakeIntegerChecker<int32_t>(-1));
    return tid;
}

GreedyOracleSplitController::GreedyOracleSplitController()
    : m_fallbackSplit(-1)
{
    NS_LOG_FUNCTION(this);
}

GreedyOracleSplitController::~GreedyOracleSplitController()
{
    NS_LOG_FUNCTION(this);
}

void
GreedyOracleSplitController::CheckFallback() const
{
    const uint32_t nSplits = GetNSplitPoints();
    if (m_fallbackSplit >= 0 && uint32_t(m_fallbackSplit) >= nSplits)
    {
        throw Error("FallbackSplit = " + std::to_string(m_fallbackSplit) +
                    " is out of range: the cost model has " + std::to_string(nSplits) +
                    " split points (0.." + std::to_string(nSplits - 1) + ", or -1)");
    }
}

void
GreedyOracleSplitController::DoConfigure()
{
    NS_LOG_FUNCTION(this);
    CheckFallback();
}

uint32_t
GreedyOracleSplitController::GetFallback(const SplitObservation& observation) const
{
    CheckFallback();
    const uint32_t nSplits = GetNSplitPoints();
    if (m_fallbackSplit >= 0)
    {
        return uint32_t(m_fallbackSplit);
    }
    if (observation.lastSplit >= 0 && uint32_t(observation.lastSplit) < nSplits)
    {
        return uint32_t(observation.lastSplit);
    }
    return nSplits - 1;
}

uint32_t
GreedyOracleSplitController::Decide(const SplitObservation& observation)
{
    NS_LOG_FUNCTION(this << observation.node << observation.rateBps);
    const uint32_t nSplits = GetNSplitPoints();
    if (!(observation.rateBps > 0.0))
    {
        return NotifyDecision(observation, GetFallback(observation));
    }
    const Ptr<const SplitCostModel> costModel = GetCostModel();
    uint32_t best = 0;
    double bestReward = 0.0;
    for (uint32_t split = 0; split < nSplits; ++split)
    {
        const SplitCost cost = costModel->Predict(observation, split);
        const double reward = GetReward(cost.latencyS, cost.energyJ, split);
        if (split == 0 || reward > bestReward)
        {
            best = split;
            bestReward = reward;
        }
    }
    NS_LOG_DEBUG("node " << observation.node << ": split " << best << ", reward " << bestReward);
    return NotifyDecision(observation, best);
}

} // namespace sagin
} // namespace ns3
