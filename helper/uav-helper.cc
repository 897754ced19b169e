// SPDX-License-Identifier: GPL-2.0-only

#include "uav-helper.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <cmath>
#include <sstream>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginUavHelper");

UavHelper::UavHelper()
    : RoleHelper("UavHelper", NodeRole::UAV, "ns3::WaypointMobilityModel"),
      m_altitudeM(100.0),
      m_speedMps(15.0),
      m_hover(Seconds(0)),
      m_laps(1),
      m_patrolArea(-500.0, 500.0, -500.0, 500.0),
      m_defaultWaypoints(4),
      m_random(CreateObject<UniformRandomVariable>())
{
}

void
UavHelper::SetAltitude(double altitudeM)
{
    m_altitudeM = CheckQuantity(altitudeM, "flight altitude", "m");
}

double
UavHelper::GetAltitude() const
{
    return m_altitudeM;
}

void
UavHelper::SetSpeed(double speedMps)
{
    m_speedMps = CheckQuantity(speedMps, "speed", "m/s", true);
}

double
UavHelper::GetSpeed() const
{
    return m_speedMps;
}

void
UavHelper::SetHoverTime(Time hover)
{
    CheckQuantity(hover.GetSeconds(), "hover time", "s");
    m_hover = hover;
}

Time
UavHelper::GetHoverTime() const
{
    return m_hover;
}

void
UavHelper::SetLaps(uint32_t laps)
{
    if (laps == 0)
    {
        throw Error("the number of laps must be at least 1");
    }
    m_laps = laps;
}

void
UavHelper::SetPatrolArea(const Rectangle& area)
{
    if (!(std::isfinite(area.xMin) && std::isfinite(area.xMax) && std::isfinite(area.yMin) &&
          std::isfinite(area.yMax) && area.xMin <= area.xMax && area.yMin <= area.yMax))
    {
        std::ostringstream os;
        os << "patrol area " << area << " is not a rectangle xMin|xMax|yMin|yMax";
        throw Error(os.str());
    }
    m_patrolArea = area;
}

void
UavHelper::SetDefaultWaypoints(uint32_t count)
{
    if (count == 0)
    {
        throw Error("the default patrol needs at least 1 waypoint");
    }
    m_defaultWaypoints = count;
}

int64_t
UavHelper::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

std::vector<Vector>
UavHelper::AtAltitude(const std::vector<Vector2D>& route) const
{
    std::vector<Vector> points;
    points.reserve(route.size());
    for (const auto& p : route)
    {
        points.emplace_back(p.x, p.y, m_altitudeM);
    }
    return points;
}

std::vector<Vector>
UavHelper::DrawPatrol() const
{
    std::vector<Vector> route;
    route.reserve(m_defaultWaypoints);
    for (uint32_t i = 0; i < m_defaultWaypoints; ++i)
    {
        const double x = m_random->GetValue(m_patrolArea.xMin, m_patrolArea.xMax);
        const double y = m_random->GetValue(m_patrolArea.yMin, m_patrolArea.yMax);
        route.emplace_back(x, y, m_altitudeM);
    }
    return route;
}

void
UavHelper::CheckRoute(const std::vector<Vector>& route, const std::string& which) const
{
    const std::string prefix = which.empty() ? "" : which + ": ";
    if (route.empty())
    {
        throw Error(prefix + "the route has no point");
    }
    for (size_t i = 0; i < route.size(); ++i)
    {
        const Vector& p = route[i];
        if (!(std::isfinite(p.x) && std::isfinite(p.y) && std::isfinite(p.z)))
        {
            std::ostringstream os;
            os << prefix << "point " << i << " (" << p << ") is not finite";
            throw Error(os.str());
        }
    }
}

Ptr<WaypointMobilityModel>
UavHelper::Fly(Ptr<Node> node, const std::vector<Vector>& route) const
{
    NS_LOG_FUNCTION(this << node << route.size());
    Ptr<WaypointMobilityModel> model = DynamicCast<WaypointMobilityModel>(CreateMobilityModel());
    // The points in the order they are visited: the route, laps times.
    std::vector<Vector> visits;
    visits.reserve(route.size() * m_laps);
    for (uint32_t lap = 0; lap < m_laps; ++lap)
    {
        visits.insert(visits.end(), route.begin(), route.end());
    }
    const Time start = Simulator::Now();
    double elapsedS = 0.0; // since start, summed in seconds so that rounding does not accumulate
    Time last = start;
    model->AddWaypoint(Waypoint(start, visits.front()));
    // A waypoint at a time after the last one (WaypointMobilityModel needs increasing times; a
    // leg too short to last a nanosecond is skipped).
    auto add = [&model, &last, &start, &elapsedS](const Vector& position) {
        const Time at = start + Seconds(elapsedS);
        if (at > last)
        {
            model->AddWaypoint(Waypoint(at, position));
            last = at;
        }
    };
    for (size_t j = 1; j < visits.size(); ++j)
    {
        elapsedS += m_hover.GetSeconds();
        add(visits[j - 1]);
        elapsedS += CalculateDistance(visits[j - 1], visits[j]) / m_speedMps;
        add(visits[j]);
    }
    Attach(node, model);
    return model;
}

Ptr<WaypointMobilityModel>
UavHelper::Install(Ptr<Node> node, const std::vector<Vector>& route) const
{
    CheckNode(node);
    CheckRoute(route, "");
    return Fly(node, route);
}

Ptr<WaypointMobilityModel>
UavHelper::Install(Ptr<Node> node, const std::vector<Vector2D>& route) const
{
    return Install(node, AtAltitude(route));
}

Ptr<WaypointMobilityModel>
UavHelper::Install(Ptr<Node> node) const
{
    CheckNode(node);
    return Fly(node, DrawPatrol());
}

void
UavHelper::Install(const NodeContainer& nodes, const std::vector<std::vector<Vector>>& routes) const
{
    CheckNodes(nodes, routes.size(), "routes");
    for (size_t i = 0; i < routes.size(); ++i)
    {
        CheckRoute(routes[i], "route " + std::to_string(i));
    }
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Fly(nodes.Get(i), routes[i]);
    }
}

void
UavHelper::Install(const NodeContainer& nodes,
                   const std::vector<std::vector<Vector2D>>& routes) const
{
    std::vector<std::vector<Vector>> routes3d;
    routes3d.reserve(routes.size());
    for (const auto& route : routes)
    {
        routes3d.push_back(AtAltitude(route));
    }
    Install(nodes, routes3d);
}

void
UavHelper::Install(const NodeContainer& nodes) const
{
    CheckNodes(nodes, nodes.GetN(), "routes");
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Fly(*it, DrawPatrol());
    }
}

} // namespace sagin
} // namespace ns3
