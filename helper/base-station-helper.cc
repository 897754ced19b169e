// SPDX-License-Identifier: GPL-2.0-only

#include "base-station-helper.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/orbit-mobility-model.h"

#include <cmath>
#include <sstream>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginBaseStationHelper");

namespace
{

/**
 * @param name an attribute of ns3::sagin::OrbitMobilityModel
 * @return its current default (as Config::SetDefault or a scenario file left it)
 */
double
OrbitDefault(const std::string& name)
{
    TypeId::AttributeInformation info;
    OrbitMobilityModel::GetTypeId().LookupAttributeByName(name, &info);
    return DynamicCast<const DoubleValue>(info.initialValue)->Get();
}

} // namespace

BaseStationHelper::BaseStationHelper()
    : RoleHelper("BaseStationHelper", NodeRole::BASE_STATION, "ns3::ConstantPositionMobilityModel"),
      m_antennaHeightM(25.0)
{
}

void
BaseStationHelper::SetAntennaHeight(double heightM)
{
    m_antennaHeightM = CheckQuantity(heightM, "antenna height", "m");
}

double
BaseStationHelper::GetAntennaHeight() const
{
    return m_antennaHeightM;
}

void
BaseStationHelper::SetFrame(const GeoFrame& frame)
{
    m_frame = frame;
}

void
BaseStationHelper::SetOrigin(double latitudeDeg, double longitudeDeg, double altitudeM)
{
    try
    {
        m_frame = GeoFrame(latitudeDeg, longitudeDeg, altitudeM);
    }
    catch (const std::invalid_argument& e)
    {
        throw Error(e.what());
    }
}

GeoFrame
BaseStationHelper::GetFrame() const
{
    if (m_frame)
    {
        return *m_frame;
    }
    try
    {
        return GeoFrame(OrbitDefault("OriginLatitude"),
                        OrbitDefault("OriginLongitude"),
                        OrbitDefault("OriginAltitude"));
    }
    catch (const std::invalid_argument& e)
    {
        throw Error(std::string("scenario origin: ") + e.what());
    }
}

void
BaseStationHelper::SetPositionAllocator(Ptr<PositionAllocator> allocator)
{
    if (!allocator)
    {
        throw Error("no position allocator (null pointer)");
    }
    m_positions = allocator;
}

Vector
BaseStationHelper::LocalAntenna(const Vector2D& site, const std::string& which) const
{
    if (!(std::isfinite(site.x) && std::isfinite(site.y)))
    {
        std::ostringstream os;
        os << which << " (" << site << ") is not finite";
        throw Error(os.str());
    }
    return Vector(site.x, site.y, m_antennaHeightM);
}

Vector
BaseStationHelper::GeographicAntenna(const GeoFrame& frame,
                                     const Vector& site,
                                     const std::string& which) const
{
    // site = (latitude, longitude, ground height), as GeoFrame::LocalToGeographic returns.
    if (!(site.x >= -90.0 && site.x <= 90.0))
    {
        throw Error(which + ": latitude " + std::to_string(site.x) + " deg is outside [-90, 90]");
    }
    if (!(site.y >= -180.0 && site.y <= 180.0))
    {
        throw Error(which + ": longitude " + std::to_string(site.y) +
                    " deg is outside [-180, 180]");
    }
    if (!std::isfinite(site.z))
    {
        throw Error(which + ": ground height is not finite");
    }
    return frame.GeographicToLocal(site.x, site.y, site.z + m_antennaHeightM);
}

Ptr<MobilityModel>
BaseStationHelper::Place(Ptr<Node> node, const Vector& position) const
{
    Ptr<MobilityModel> model = CreateMobilityModel();
    model->SetPosition(position);
    Attach(node, model);
    return model;
}

Ptr<MobilityModel>
BaseStationHelper::Install(Ptr<Node> node, const Vector2D& site) const
{
    NS_LOG_FUNCTION(this << node);
    CheckNode(node);
    return Place(node, LocalAntenna(site, "site"));
}

void
BaseStationHelper::Install(const NodeContainer& nodes, const std::vector<Vector2D>& sites) const
{
    NS_LOG_FUNCTION(this);
    CheckNodes(nodes, sites.size(), "sites");
    std::vector<Vector> antennas;
    for (size_t i = 0; i < sites.size(); ++i)
    {
        antennas.push_back(LocalAntenna(sites[i], "site " + std::to_string(i)));
    }
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Place(nodes.Get(i), antennas[i]);
    }
}

void
BaseStationHelper::Install(const NodeContainer& nodes) const
{
    NS_LOG_FUNCTION(this);
    if (!m_positions)
    {
        throw Error("no sites: give local points, geographic sites or a position allocator");
    }
    CheckNodes(nodes, nodes.GetN(), "base stations");
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Vector position = m_positions->GetNext();
        position.z += m_antennaHeightM;
        Place(*it, position);
    }
}

Ptr<MobilityModel>
BaseStationHelper::InstallGeographic(Ptr<Node> node, const Vector& site) const
{
    NS_LOG_FUNCTION(this << node << site);
    CheckNode(node);
    return Place(node, GeographicAntenna(GetFrame(), site, "site"));
}

void
BaseStationHelper::InstallGeographic(const NodeContainer& nodes,
                                     const std::vector<Vector>& sites) const
{
    NS_LOG_FUNCTION(this);
    CheckNodes(nodes, sites.size(), "sites");
    const GeoFrame frame = GetFrame();
    std::vector<Vector> antennas;
    for (size_t i = 0; i < sites.size(); ++i)
    {
        antennas.push_back(GeographicAntenna(frame, sites[i], "site " + std::to_string(i)));
    }
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Place(nodes.Get(i), antennas[i]);
    }
}

} // namespace sagin
} // namespace ns3
