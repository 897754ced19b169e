// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_UAV_HELPER_H
#define SAGIN_UAV_HELPER_H

#include "role-helper.h"

#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rectangle.h"
#include "ns3/vector.h"
#include "ns3/waypoint-mobility-model.h"

#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Installs UAVs: ns-3's WaypointMobilityModel flying a route, and NodeRole::UAV.
 *
 * A route is a list of points in the scenario's local frame (x east, y north, z up, in m): 2D
 * points (x, y) are flown at the flight altitude (SetAltitude(), default 100 m), 3D points
 * (x, y, z) at their own height. The UAV is at the first point when it is installed (already
 * airborne), hovers there for the hover time (SetHoverTime(), default 0 s), flies in a straight
 * line at the cruise speed (SetSpeed(), default 15 m/s) to the next point, hovers, and so on; a
 * leg of length d takes d / speed. After the last point the UAV stays there. With SetLaps(n),
 * n > 1, it flies back from the last point to the first and repeats the route, n times in all.
 * A route of one point is a hovering UAV. Waypoint times count from the simulation time of the
 * installation.
 *
 * Without a route, a UAV flies the default patrol: SetDefaultWaypoints() points (default 4)
 * drawn uniformly in the patrol area (SetPatrolArea(), default x and y in [-500, 500] m) at the
 * flight altitude, from one ns-3 UniformRandomVariable (AssignStreams() fixes its stream), one
 * route after another in installation order.
 *
 * Set() sets attributes of the WaypointMobilityModel (LazyNotify, InitialPositionIsWaypoint).
 */
class UavHelper : public RoleHelper
{
  public:
    UavHelper();

    /**
     * @param altitudeM flight altitude of 2D routes and of the default patrol, in m, ≥ 0
     * @throws std::invalid_argument when negative or not finite
     */
    void SetAltitude(double altitudeM);
    /// @return flight altitude, in m
    double GetAltitude() const;

    /**
     * @param speedMps cruise speed, in m/s, > 0
     * @throws std::invalid_argument when not positive or not finite
     */
    void SetSpeed(double speedMps);
    /// @return cruise speed, in m/s
    double GetSpeed() const;

    /**
     * @param hover time spent hovering at each point of a route, ≥ 0
     * @throws std::invalid_argument when negative
     */
    void SetHoverTime(Time hover);
    /// @return time spent hovering at each point
    Time GetHoverTime() const;

    /**
     * @param laps how many times a route is flown, ≥ 1 (between laps the UAV flies from the
     *        last point back to the first)
     * @throws std::invalid_argument when 0
     */
    void SetLaps(uint32_t laps);

    /**
     * @param area the rectangle (x and y, in m) of the default patrol
     * @throws std::invalid_argument when empty or not finite
     */
    void SetPatrolArea(const Rectangle& area);

    /**
     * @param count the number of points of the default patrol, ≥ 1
     * @throws std::invalid_argument when 0
     */
    void SetDefaultWaypoints(uint32_t count);

    /**
     * @brief Fix the random-number stream of the default patrols.
     * @param stream the first stream index
     * @return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * @brief Install a UAV flying a route of 3D points.
     * @param node a node without a mobility model
     * @param route the points, in m, in the local frame; at least one
     * @return the UAV's mobility model
     * @throws std::invalid_argument when the route is empty or has a non-finite coordinate, or
     *         the node already has a mobility model
     */
    Ptr<WaypointMobilityModel> Install(Ptr<Node> node, const std::vector<Vector>& route) const;

    /**
     * @brief Install a UAV flying a route of 2D points at the flight altitude.
     * @param node a node without a mobility model
     * @param route the points (x, y), in m; at least one
     * @return the UAV's mobility model
     * @throws std::invalid_argument as the 3D version
     */
    Ptr<WaypointMobilityModel> Install(Ptr<Node> node, const std::vector<Vector2D>& route) const;

    /**
     * @brief Install a UAV flying the default patrol.
     * @param node a node without a mobility model
     * @return the UAV's mobility model
     * @throws std::invalid_argument when the node already has a mobility model
     */
    Ptr<WaypointMobilityModel> Install(Ptr<Node> node) const;

    /**
     * @brief Install UAVs flying routes of 3D points, one route per node.
     * @param nodes nodes without a mobility model
     * @param routes as many routes as nodes
     * @throws std::invalid_argument when the numbers differ, a route is refused or a node
     *         already has a mobility model; then no node is changed
     */
    void Install(const NodeContainer& nodes, const std::vector<std::vector<Vector>>& routes) const;

    /**
     * @brief Install UAVs flying routes of 2D points at the flight altitude, one route per node.
     * @param nodes nodes without a mobility model
     * @param routes as many routes as nodes
     * @throws std::invalid_argument as the 3D version
     */
    void Install(const NodeContainer& nodes,
                 const std::vector<std::vector<Vector2D>>& routes) const;

    /**
     * @brief Install UAVs flying default patrols, one each.
     * @param nodes nodes without a mobility model
     * @throws std::invalid_argument when a node already has a mobility model; then no node is
     *         changed
     */
    void Install(const NodeContainer& nodes) const;

  private:
    /**
     * @param route 2D points
     * @return the same points at the flight altitude
     */
    std::vector<Vector> AtAltitude(const std::vector<Vector2D>& route) const;

    /// @return a default patrol route, drawn from the helper's random variable
    std::vector<Vector> DrawPatrol() const;

    /**
     * @param route a route
     * @param which the route's place, for messages ("route 2"), or empty
     * @throws std::invalid_argument when the route is empty or has a non-finite coordinate
     */
    void CheckRoute(const std::vector<Vector>& route, const std::string& which) const;

    /**
     * @brief Create the mobility model flying a checked route, and attach it.
     * @param node the node, checked
     * @param route the route, checked
     * @return the model
     */
    Ptr<WaypointMobilityModel> Fly(Ptr<Node> node, const std::vector<Vector>& route) const;

    double m_altitudeM;                  //!< flight altitude, m
    double m_speedMps;                   //!< cruise speed, m/s
    Time m_hover;                        //!< hover time at each point
    uint32_t m_laps;                     //!< times each route is flown
    Rectangle m_patrolArea;              //!< area of the default patrol, m
    uint32_t m_defaultWaypoints;         //!< points of the default patrol
    Ptr<UniformRandomVariable> m_random; //!< draws the default patrols
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_UAV_HELPER_H
