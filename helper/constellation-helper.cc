// SPDX-License-Identifier: GPL-2.0-only

#include "constellation-helper.h"

#include "attribute-check.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/sgp4-mobility-model.h"
#include "ns3/string.h"
#include "ns3/two-line-element-set.h"

#include <cmath>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginConstellationHelper");

namespace
{

/// The attributes a Walker shell sets on each orbit model.
constexpr const char* SHELL_ATTRIBUTES[] = {"Altitude",
                                            "Inclination",
                                            "RightAscension",
                                            "ArgumentOfLatitude"};

} // namespace

ConstellationHelper::ConstellationHelper()
    : RoleHelper("ConstellationHelper",
                 NodeRole::SATELLITE,
                 "ns3::sagin::CircularOrbitMobilityModel"),
      m_shellAltitudeM(0.0),
      m_shellInclinationDeg(0.0)
{
}

void
ConstellationHelper::SetOrbitModel(const std::string& type)
{
    NS_LOG_FUNCTION(this << type);
    SetMobilityModelType(type, OrbitMobilityModel::GetTypeId());
}

void
ConstellationHelper::SetFrame(const GeoFrame& frame)
{
    m_frame = frame;
}

void
ConstellationHelper::SetOrigin(double latitudeDeg, double longitudeDeg, double altitudeM)
{
    NS_LOG_FUNCTION(this << latitudeDeg << longitudeDeg << altitudeM);
    try
    {
        m_frame = GeoFrame(latitudeDeg, longitudeDeg, altitudeM);
    }
    catch (const std::invalid_argument& e)
    {
        throw Error(e.what());
    }
}

void
ConstellationHelper::SetEpoch(const std::string& iso8601)
{
    NS_LOG_FUNCTION(this << iso8601);
    try
    {
        JulianDate::FromIso8601(iso8601);
    }
    catch (const std::invalid_argument& e)
    {
        throw Error(std::string("epoch: ") + e.what());
    }
    m_epoch = iso8601;
}

void
ConstellationHelper::SetWalkerDelta(int totalSatellites,
                                    int planes,
                                    int phasing,
                                    double altitudeM,
                                    double inclinationDeg)
{
    NS_LOG_FUNCTION(this << totalSatellites << planes << phasing << altitudeM << inclinationDeg);
    const std::string shell = "Walker delta " + std::to_string(totalSatellites) + "/" +
                              std::to_string(planes) + "/" + std::to_string(phasing) + ": ";
    if (totalSatellites < 1)
    {
        throw Error(shell + "the number of satellites T must be at least 1");
    }
    if (planes < 1)
    {
        throw Error(shell + "the number of planes P must be at least 1");
    }
    if (totalSatellites % planes != 0)
    {
        throw Error(shell + "T = " + std::to_string(totalSatellites) +
                    " is not divisible by P = " + std::to_string(planes));
    }
    if (phasing < 0 || phasing >= planes)
    {
        throw Error(shell + "the phasing F = " + std::to_string(phasing) +
                    " is outside [0, P-1] = [0, " + std::to_string(planes - 1) + "]");
    }
    // The orbit model must have the shell's attributes and accept its altitude and inclination.
    ObjectFactory scratch;
    scratch.SetTypeId(GetMobilityModelType());
    try
    {
        SetFactoryAttribute(scratch, SHELL_ATTRIBUTES[0], DoubleValue(altitudeM));
        SetFactoryAttribute(scratch, SHELL_ATTRIBUTES[1], DoubleValue(inclinationDeg));
        SetFactoryAttribute(scratch, SHELL_ATTRIBUTES[2], DoubleValue(0.0));
        SetFactoryAttribute(scratch, SHELL_ATTRIBUTES[3], DoubleValue(0.0));
    }
    catch (const std::invalid_argument& e)
    {
        throw Error(shell + e.what());
    }

    const uint32_t total = totalSatellites;
    const uint32_t perPlane = totalSatellites / planes;
    m_slots.clear();
    m_slots.reserve(total);
    for (uint32_t p = 0; p < static_cast<uint32_t>(planes); ++p)
    {
        for (uint32_t s = 0; s < perPlane; ++s)
        {
            const double raan = 360.0 * p / planes;
            double argument = 360.0 * s / perPlane + 360.0 * phasing * p / total;
            argument = std::fmod(argument, 360.0);
            m_slots.push_back(WalkerSlot{p, s, raan, argument});
        }
    }
    m_shellAltitudeM = altitudeM;
    m_shellInclinationDeg = inclinationDeg;
}

const std::vector<ConstellationHelper::WalkerSlot>&
ConstellationHelper::GetWalkerSlots() const
{
    return m_slots;
}

NodeContainer
ConstellationHelper::Create() const
{
    NS_LOG_FUNCTION(this);
    if (m_slots.empty())
    {
        throw Error("no Walker shell to create (call SetWalkerDelta first)");
    }
    NodeContainer nodes;
    nodes.Create(m_slots.size());
    Install(nodes);
    return nodes;
}

void
ConstellationHelper::Install(const NodeContainer& nodes) const
{
    NS_LOG_FUNCTION(this);
    if (m_slots.empty())
    {
        throw Error("no Walker shell to install (call SetWalkerDelta first, or install single "
                    "satellites with Install(node))");
    }
    CheckNodes(nodes, m_slots.size(), "satellites in the Walker shell");
    const TypeId type = GetMobilityModelType();
    for (const char* name : SHELL_ATTRIBUTES)
    {
        TypeId::AttributeInformation info;
        if (!type.LookupAttributeByName(name, &info))
        {
            throw Error("the orbit model " + type.GetName() + " has no attribute '" + name +
                        "' that a Walker shell sets");
        }
    }
    for (uint32_t k = 0; k < nodes.GetN(); ++k)
    {
        const WalkerSlot& slot = m_slots[k];
        Ptr<OrbitMobilityModel> model = CreateOrbit();
        model->SetAttribute("Altitude", DoubleValue(m_shellAltitudeM));
        model->SetAttribute("Inclination", DoubleValue(m_shellInclinationDeg));
        model->SetAttribute("RightAscension", DoubleValue(slot.rightAscensionDeg));
        model->SetAttribute("ArgumentOfLatitude", DoubleValue(slot.argumentOfLatitudeDeg));
        Attach(nodes.Get(k), model);
    }
}

Ptr<OrbitMobilityModel>
ConstellationHelper::Install(Ptr<Node> node) const
{
    NS_LOG_FUNCTION(this << node);
    CheckNode(node);
    Ptr<OrbitMobilityModel> model = CreateOrbit();
    Attach(node, model);
    return model;
}

Ptr<OrbitMobilityModel>
ConstellationHelper::Install(Ptr<Node> node, Ptr<OrbitMobilityModel> model) const
{
    NS_LOG_FUNCTION(this << node << model);
    if (!model)
    {
        throw Error("no orbit model (null pointer)");
    }
    CheckNode(node);
    Configure(model);
    Attach(node, model);
    return model;
}

NodeContainer
ConstellationHelper::InstallFromTle(const std::string& path) const
{
    NS_LOG_FUNCTION(this << path);
    // Read and check every set, and build every propagator, before any node is made.
    std::vector<Ptr<Sgp4MobilityModel>> models;
    for (const auto& elements : TwoLineElementSet::ReadFile(path))
    {
        Ptr<Sgp4MobilityModel> model = CreateObject<Sgp4MobilityModel>();
        model->SetElementSet(elements);
        Configure(model);
        models.push_back(model);
    }
    NodeContainer nodes;
    for (const auto& model : models)
    {
        Ptr<Node> node = CreateObject<Node>();
        Attach(node, model);
        nodes.Add(node);
    }
    return nodes;
}

Ptr<OrbitMobilityModel>
ConstellationHelper::CreateOrbit() const
{
    Ptr<OrbitMobilityModel> model = DynamicCast<OrbitMobilityModel>(CreateMobilityModel());
    Configure(model);
    return model;
}

void
ConstellationHelper::Configure(Ptr<OrbitMobilityModel> model) const
{
    if (m_frame)
    {
        model->SetFrame(*m_frame);
    }
    if (m_epoch)
    {
        model->SetAttribute("Epoch", StringValue(*m_epoch));
    }
}

} // namespace sagin
} // namespace ns3
