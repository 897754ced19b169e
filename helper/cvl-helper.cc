// SPDX-License-Identifier: GPL-2.0-only

#include "cvl-helper.h"

#include "attribute-check.h"

#include "ns3/cvl-query-application.h"
#include "ns3/cvl-reference-application.h"
#include "ns3/cvl-server-application.h"
#include "ns3/log.h"
#include "ns3/string.h"

#include <set>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCvlHelper");

namespace
{

/// The start of every error message of the helper.
const std::string HELPER_NAME = "CvlHelper: ";

/**
 * @param nodes nodes to install on
 * @param what the kind of application, for the message
 * @throws std::invalid_argument for a null node
 */
void
CheckNodes(const NodeContainer& nodes, const std::string& what)
{
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        if (!nodes.Get(i))
        {
            throw std::invalid_argument(HELPER_NAME + "node " + std::to_string(i) +
                                        " of the container is null (" + what + ")");
        }
    }
}

/**
 * @param factory makes the applications
 * @param nodes nodes to install on
 * @param context the context each application gets
 * @param what the kind of application, for the message
 * @return one application of type T per node, added to it
 * @throws std::invalid_argument for a null node
 */
template <typename T>
ApplicationContainer
InstallEach(const ObjectFactory& factory,
            const NodeContainer& nodes,
            Ptr<CvlContext> context,
            const std::string& what)
{
    CheckNodes(nodes, what);
    ApplicationContainer applications;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<T> application = factory.Create<T>();
        application->SetContext(context);
        (*it)->AddApplication(application);
        applications.Add(application);
    }
    return applications;
}

} // namespace

CvlHelper::CvlHelper(Ptr<CvlContext> context, Ptr<AssociationManager> association)
    : m_context(context),
      m_association(association)
{
    NS_LOG_FUNCTION(this << context << association);
    if (!m_context)
    {
        throw std::invalid_argument(HELPER_NAME + "no context (a null CvlContext)");
    }
    if (!m_association)
    {
        throw std::invalid_argument(HELPER_NAME +
                                    "no association manager (a null AssociationManager)");
    }
    m_server.SetTypeId(CvlServerApplication::GetTypeId());
    m_query.SetTypeId(CvlQueryApplication::GetTypeId());
    m_reference.SetTypeId(CvlReferenceApplication::GetTypeId());
}

void
CvlHelper::SetAttribute(ObjectFactory& factory,
                        const std::string& name,
                        const AttributeValue& value)
{
    try
    {
        SetFactoryAttribute(factory, name, value);
    }
    catch (const std::invalid_argument& e)
    {
        throw std::invalid_argument(HELPER_NAME + e.what());
    }
}

void
CvlHelper::SetServerAttribute(const std::string& name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    SetAttribute(m_server, name, value);
}

void
CvlHelper::SetQueryAttribute(const std::string& name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    SetAttribute(m_query, name, value);
}

void
CvlHelper::SetReferenceAttribute(const std::string& name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    SetAttribute(m_reference, name, value);
}

void
CvlHelper::SetController(const SplitControllerHelper& controllers)
{
    NS_LOG_FUNCTION(this);
    m_controllers = controllers;
    m_shared = nullptr;
}

const SplitControllerHelper&
CvlHelper::GetController() const
{
    return m_controllers;
}

void
CvlHelper::SetCostModel(Ptr<SplitCostModel> costModel)
{
    NS_LOG_FUNCTION(this << costModel);
    if (!costModel)
    {
        throw std::invalid_argument(HELPER_NAME + "no cost model (a null SplitCostModel)");
    }
    m_shared = nullptr;
    m_costModel = costModel;
}

Ptr<SplitCostModel>
CvlHelper::SetDefaultCostModel(Ptr<DeviceProfile> uav,
                               Ptr<DeviceProfile> vehicle,
                               Ptr<DeviceProfile> server)
{
    NS_LOG_FUNCTION(this << uav << vehicle << server);
    if (!uav || !vehicle || !server)
    {
        throw std::invalid_argument(HELPER_NAME + "no " +
                                    (!uav       ? "UAV"
                                     : !vehicle ? "vehicle"
                                                : "server") +
                                    " profile for the cost model (a null DeviceProfile)");
    }
    try
    {
        m_context->Prepare();
    }
    catch (const std::invalid_argument& e)
    {
        throw std::invalid_argument(HELPER_NAME + e.what());
    }
    StringValue codec;
    m_context->GetAttribute("Codec", codec);
    Ptr<SplitCostModel> costs = CreateObject<SplitCostModel>();
    costs->SetAttribute("Codec", codec);
    costs->SetProfiles(m_context->GetProfiles());
    costs->SetDeviceProfile("uav", uav);
    costs->SetDeviceProfile("vehicle", vehicle);
    costs->SetServerProfile(server);
    m_shared = nullptr;
    m_costModel = costs;
    return costs;
}

Ptr<SplitCostModel>
CvlHelper::GetCostModel() const
{
    return m_costModel;
}

ApplicationContainer
CvlHelper::InstallServers(const NodeContainer& nodes) const
{
    NS_LOG_FUNCTION(this);
    return InstallEach<CvlServerApplication>(m_server, nodes, m_context, "servers");
}

ApplicationContainer
CvlHelper::InstallReferences(const NodeContainer& nodes) const
{
    NS_LOG_FUNCTION(this);
    return InstallEach<CvlReferenceApplication>(m_reference, nodes, m_context, "references");
}

ApplicationContainer
CvlHelper::InstallQueries(const NodeContainer& nodes)
{
    NS_LOG_FUNCTION(this);
    CheckNodes(nodes, "queries");
    if (!m_costModel)
    {
        SetDefaultCostModel(DeviceProfile::GetBuiltin("quadro-p400"),
                            DeviceProfile::GetBuiltin("drive-agx-xavier"),
                            DeviceProfile::GetBuiltin("edge-server"));
    }
    ApplicationContainer applications;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        // One controller for every node of every call, when it can serve many.
        Ptr<SplitController> controller = m_shared;
        if (!controller)
        {
            controller = m_controllers.Create();
            try
            {
                controller->Configure(m_costModel);
            }
            catch (const std::invalid_argument& e)
            {
                throw std::invalid_argument(HELPER_NAME + e.what());
            }
            if (controller->IsShareable())
            {
                m_shared = controller;
            }
        }
        Ptr<CvlQueryApplication> query = m_query.Create<CvlQueryApplication>();
        query->SetContext(m_context);
        query->SetController(controller);
        query->SetAssociation(m_association);
        (*it)->AddApplication(query);
        applications.Add(query);
    }
    return applications;
}

int64_t
CvlHelper::AssignStreams(const ApplicationContainer& applications, int64_t stream) const
{
    NS_LOG_FUNCTION(this << stream);
    const int64_t first = stream;
    std::set<const SplitController*> assigned; // a controller shared by queries counts once
    for (auto it = applications.Begin(); it != applications.End(); ++it)
    {
        Ptr<CvlQueryApplication> query = DynamicCast<CvlQueryApplication>(*it);
        if (!query)
        {
            continue;
        }
        Ptr<SplitController> controller = query->GetController();
        if (controller && assigned.insert(PeekPointer(controller)).second)
        {
            stream += controller->AssignStreams(stream);
        }
        stream += query->AssignStreams(stream);
    }
    return stream - first;
}

} // namespace sagin
} // namespace ns3
