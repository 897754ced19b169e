// SPDX-License-Identifier: GPL-2.0-only

#include "random-split-controller.h"

#include "ns3/log.h"

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginRandomSplitController");

NS_OBJECT_ENSURE_REGISTERED(RandomSplitController);

TypeId
RandomSplitController::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::RandomSplitController")
                            .SetParent<SplitController>()
                            .SetGroupName("Sagin")
                            .AddConstructor<RandomSplitController>();
    return tid;
}

RandomSplitController::RandomSplitController()
    : m_random(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

RandomSplitController::~RandomSplitController()
{
    NS_LOG_FUNCTION(this);
}

void
RandomSplitController::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_random = nullptr;
    SplitController::DoDispose();
}

uint32_t
RandomSplitController::Decide(const SplitObservation& observation)
{
    NS_LOG_FUNCTION(this << observation.node);
    const uint32_t nSplits = GetNSplitPoints();
    return NotifyDecision(observation, m_random->GetInteger(0, nSplits - 1));
}

int64_t
RandomSplitController::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_random->SetStream(stream);
    return 1;
}

} // namespace sagin
} // namespace ns3
