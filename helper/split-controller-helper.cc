// SPDX-License-Identifier: GPL-2.0-only

#include "split-controller-helper.h"

#include "attribute-check.h"

#include "ns3/log.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginSplitControllerHelper");

namespace
{

/// The start of every error message of the helper.
const std::string HELPER_NAME = "SplitControllerHelper: ";

} // namespace

SplitControllerHelper::SplitControllerHelper()
{
    m_factory.SetTypeId("ns3::sagin::FixedSplitController");
}

void
SplitControllerHelper::SetType(const std::string& type)
{
    NS_LOG_FUNCTION(this << type);
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(type, &tid))
    {
        throw std::invalid_argument(HELPER_NAME + "unknown TypeId '" + type + "'");
    }
    if (!tid.IsChildOf(SplitController::GetTypeId()) && tid != SplitController::GetTypeId())
    {
        throw std::invalid_argument(HELPER_NAME + "'" + type + "' is not a " +
                                    SplitController::GetTypeId().GetName());
    }
    if (!tid.HasConstructor())
    {
        throw std::invalid_argument(HELPER_NAME + "'" + type +
                                    "' cannot be created (an abstract type)");
    }
    m_factory = ObjectFactory(type);
}

TypeId
SplitControllerHelper::GetType() const
{
    return m_factory.GetTypeId();
}

void
SplitControllerHelper::Set(const std::string& name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    try
    {
        SetFactoryAttribute(m_factory, name, value);
    }
    catch (const std::invalid_argument& e)
    {
        throw std::invalid_argument(HELPER_NAME + e.what());
    }
}

Ptr<SplitController>
SplitControllerHelper::Create() const
{
    NS_LOG_FUNCTION(this);
    return m_factory.Create<SplitController>();
}

Ptr<SplitController>
SplitControllerHelper::Create(Ptr<SplitCostModel> costModel) const
{
    NS_LOG_FUNCTION(this << costModel);
    Ptr<SplitController> controller = Create();
    controller->Configure(costModel);
    return controller;
}

} // namespace sagin
} // namespace ns3
