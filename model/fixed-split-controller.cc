// SPDX-License-Identifier: GPL-2.0-only

#include "fixed-split-controller.h"

#include "ns3/log.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginFixedSplitController");

NS_OBJECT_ENSURE_REGISTERED(FixedSplitController);

TypeId
FixedSplitController::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::FixedSplitController")
                            .SetParent<SplitController>()
                            .SetGroupName("Sagin")
                            .AddConstructor<FixedSplitController>()
                            .AddAttribute("Split",
                                          "The split point chosen for every request.",
                                          UintegerValue(0),
                                          MakeUintegerAccessor(&FixedSplitController::m_split),
                                          MakeUintegerChecker<uint32_t>());
    return tid;
}

FixedSplitController::FixedSplitController()
    : m_split(0)
{
    NS_LOG_FUNCTION(this);
}

FixedSplitController::~FixedSplitController()
{
    NS_LOG_FUNCTION(this);
}

void
FixedSplitController::CheckSplit() const
{
    const uint32_t nSplits = GetNSplitPoints();
    if (m_split >= nSplits)
    {
        throw Error("Split = " + std::to_string(m_split) + " is out of range: the cost model has " +
                    std::to_string(nSplits) + " split points (0.." + std::to_string(nSplits - 1) +
                    ")");
    }
}

void
FixedSplitController::DoConfigure()
{
    NS_LOG_FUNCTION(this);
    CheckSplit();
}

uint32_t
FixedSplitController::Decide(const SplitObservation& observation)
{
    NS_LOG_FUNCTION(this << observation.node);
    CheckSplit(); // the attribute may have changed since Configure()
    return NotifyDecision(observation, m_split);
}

} // namespace sagin
} // namespace ns3
