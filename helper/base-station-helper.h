// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_BASE_STATION_HELPER_H
#define SAGIN_BASE_STATION_HELPER_H

#include "role-helper.h"

#include "ns3/geo-frame.h"
#include "ns3/position-allocator.h"
#include "ns3/vector.h"

#include <optional>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Installs ground base stations: ns-3's ConstantPositionMobilityModel at the antenna's
 *        position, and NodeRole::BASE_STATION.
 *
 * The antenna stands SetAntennaHeight() above the ground (default 25 m). Sites are given as
 *  - local (x, y) points, in m: the antenna is at (x, y, antenna height);
 *  - a position allocator (SetPositionAllocator()), whose z is the ground height in the local
 *    frame: the antenna is at z = ground + antenna height;
 *  - geographic coordinates (latitude, longitude in degrees, ground height above the WGS 84
 *    ellipsoid in m) through the scenario's GeoFrame: the antenna is the antenna height above
 *    the ground along the local vertical (the ellipsoid normal) of the site.
 *
 * The frame is the one given to SetFrame() or SetOrigin(); without one, the scenario's origin
 * from the defaults of ns3::sagin::OrbitMobilityModel's OriginLatitude, OriginLongitude and
 * OriginAltitude attributes (which a scenario file sets), read at installation, so that base
 * stations and satellites share one frame.
 */
class BaseStationHelper : public RoleHelper
{
  public:
    BaseStationHelper();

    /**
     * @param heightM antenna height above the ground, in m, ≥ 0
     * @throws std::invalid_argument when negative or not finite
     */
    void SetAntennaHeight(double heightM);
    /// @return antenna height above the ground, in m
    double GetAntennaHeight() const;

    /// @param frame the local frame of geographic sites
    void SetFrame(const GeoFrame& frame);

    /**
     * @brief SetFrame() with GeoFrame(latitudeDeg, longitudeDeg, altitudeM).
     * @param latitudeDeg the origin's geodetic latitude, in degrees
     * @param longitudeDeg the origin's longitude, in degrees
     * @param altitudeM the origin's height above the WGS 84 ellipsoid, in m
     * @throws std::invalid_argument when a coordinate is out of range
     */
    void SetOrigin(double latitudeDeg, double longitudeDeg, double altitudeM);

    /**
     * @return the frame of geographic sites: the one set, or the scenario's
     * @throws std::invalid_argument when the scenario's origin is not a valid frame
     */
    GeoFrame GetFrame() const;

    /**
     * @param allocator where Install(nodes) places base stations (z = ground height)
     * @throws std::invalid_argument when null
     */
    void SetPositionAllocator(Ptr<PositionAllocator> allocator);

    /**
     * @brief Install a base station at a local site.
     * @param node a node without a mobility model
     * @param site (x, y) in the local frame, in m
     * @return its mobility model
     * @throws std::invalid_argument when a coordinate is not finite or the node already has a
     *         mobility model
     */
    Ptr<MobilityModel> Install(Ptr<Node> node, const Vector2D& site) const;

    /**
     * @brief Install base stations at local sites, one per node.
     * @param nodes nodes without a mobility model
     * @param sites as many (x, y) points as nodes, in m
     * @throws std::invalid_argument when the numbers differ, a site is not finite or a node
     *         already has a mobility model; then no node is changed
     */
    void Install(const NodeContainer& nodes, const std::vector<Vector2D>& sites) const;

    /**
     * @brief Install base stations at the position allocator's next positions.
     * @param nodes nodes without a mobility model
     * @throws std::invalid_argument when no allocator is set or a node already has a mobility
     *         model; then no node is changed
     */
    void Install(const NodeContainer& nodes) const;

    /**
     * @brief Install a base station at a geographic site.
     * @param node a node without a mobility model
     * @param site (latitude in degrees, longitude in degrees, ground height above the WGS 84
     *        ellipsoid in m)
     * @return its mobility model
     * @throws std::invalid_argument when a coordinate is out of range or the node already has a
     *         mobility model
     */
    Ptr<MobilityModel> InstallGeographic(Ptr<Node> node, const Vector& site) const;

    /**
     * @brief Install base stations at geographic sites, one per node.
     * @param nodes nodes without a mobility model
     * @param sites as many (latitude, longitude, ground height) sites as nodes
     * @throws std::invalid_argument when the numbers differ, a site is out of range or a node
     *         already has a mobility model; then no node is changed
     */
    void InstallGeographic(const NodeContainer& nodes, const std::vector<Vector>& sites) const;

  private:
    /**
     * @param site a local (x, y) site, in m
     * @param which the site's place, for messages
     * @return the antenna's local position
     * @throws std::invalid_argument when a coordinate is not finite
     */
    Vector LocalAntenna(const Vector2D& site, const std::string& which) const;

    /**
     * @param frame the local frame
     * @param site a geographic site (latitude, longitude in degrees, ground height in m)
     * @param which the site's place, for messages
     * @return the antenna's local position
     * @throws std::invalid_argument when a coordinate is out of range
     */
    Vector GeographicAntenna(const GeoFrame& frame,
                             const Vector& site,
                             const std::string& which) const;

    /**
     * @param node the node, checked
     * @param position the antenna's local position
     * @return the node's mobility model
     */
    Ptr<MobilityModel> Place(Ptr<Node> node, const Vector& position) const;

    double m_antennaHeightM;            //!< antenna height above the ground, m
    std::optional<GeoFrame> m_frame;    //!< the frame, when set
    Ptr<PositionAllocator> m_positions; //!< where Install(nodes) places base stations
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_BASE_STATION_HELPER_H
