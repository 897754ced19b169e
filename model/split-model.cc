// SPDX-License-Identifier: GPL-2.0-only

#include "split-model.h"

#include "ns3/log.h"

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginSplitModel");

NS_OBJECT_ENSURE_REGISTERED(SplitModel);

TypeId
SplitModel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::SplitModel").SetParent<Object>().SetGroupName("Sagin");
    return tid;
}

SplitModel::SplitModel()
{
    NS_LOG_FUNCTION(this);
}

SplitModel::~SplitModel()
{
    NS_LOG_FUNCTION(this);
}

} // namespace sagin
} // namespace ns3
