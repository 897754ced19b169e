// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_CONSTELLATION_HELPER_H
#define SAGIN_CONSTELLATION_HELPER_H

#include "role-helper.h"

#include "ns3/geo-frame.h"
#include "ns3/orbit-mobility-model.h"

#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Installs satellites: an orbit mobility model and NodeRole::SATELLITE on each node.
 *
 * The orbit model comes from an ObjectFactory (default ns3::sagin::CircularOrbitMobilityModel;
 * SetOrbitModel() picks any other OrbitMobilityModel) whose attributes are set with Set(). The
 * scenario's origin and epoch are the models' own attributes (OriginLatitude, OriginLongitude,
 * OriginAltitude, Epoch, whose defaults a scenario file sets); SetFrame(), SetOrigin() and
 * SetEpoch() override them for the satellites of this helper.
 *
 * A Walker-delta shell T/P/F (SetWalkerDelta()) has P orbital planes of S = T/P satellites each,
 * all at the same altitude and inclination. Plane p (0 ≤ p < P) has the right ascension
 * 360°·p/P; satellite s (0 ≤ s < S) of plane p has the argument of latitude
 * 360°·s/S + 360°·F·p/T at the epoch (reduced to [0°, 360°)). Install(NodeContainer) gives slot
 * k = p·S + s to the k-th node. The shell sets Altitude, Inclination, RightAscension and
 * ArgumentOfLatitude on each model after the factory's attributes, so Set() configures the others
 * (e.g. GravitationalParameter, EarthRotation).
 *
 * Other orbit sources (e.g. satellites from two-line element sets, propagated by an SGP4 model)
 * make their own OrbitMobilityModel and install it with Install(node, model), which applies the
 * helper's frame and epoch and gives the node its role.
 */
class ConstellationHelper : public RoleHelper
{
  public:
    /// One satellite's place in a Walker-delta shell.
    struct WalkerSlot
    {
        uint32_t plane;               //!< orbital plane p, 0 ≤ p < P
        uint32_t index;               //!< satellite s in its plane, 0 ≤ s < S
        double rightAscensionDeg;     //!< right ascension of the plane's ascending node, degrees
        double argumentOfLatitudeDeg; //!< argument of latitude at the epoch, degrees, [0, 360)
    };

    /// A helper for circular orbits, with no shell.
    ConstellationHelper();

    /**
     * @brief Create the orbit models as another type; attributes set before are forgotten.
     * @param type the TypeId name of an OrbitMobilityModel subclass
     * @throws std::invalid_argument when the type is unknown or not an OrbitMobilityModel
     */
    void SetOrbitModel(const std::string& type);

    /**
     * @brief Use a local frame for every satellite of this helper (instead of the models'
     *        OriginLatitude, OriginLongitude and OriginAltitude attributes).
     * @param frame the scenario's local frame
     */
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
     * @brief Set the instant of simulation time 0 for every satellite of this helper.
     * @param iso8601 a UTC instant, YYYY-MM-DDTHH:MM:SS[.fff][Z]
     * @throws std::invalid_argument when the text is not such an instant
     */
    void SetEpoch(const std::string& iso8601);

    /**
     * @brief Define a Walker-delta shell T/P/F of circular orbits.
     * @param totalSatellites T, ≥ 1
     * @param planes P, ≥ 1, dividing T
     * @param phasing F, 0 ≤ F < P
     * @param altitudeM the orbits' height above the WGS 84 equatorial radius, in m
     * @param inclinationDeg the planes' inclination, in degrees
     * @throws std::invalid_argument naming what is wrong (T not divisible by P, F out of range,
     *         an altitude or inclination the orbit model refuses, an orbit model without these
     *         attributes)
     */
    void SetWalkerDelta(int totalSatellites,
                        int planes,
                        int phasing,
                        double altitudeM,
                        double inclinationDeg);

    /// @return the shell's T satellite slots in installation order (empty without a shell)
    const std::vector<WalkerSlot>& GetWalkerSlots() const;

    /**
     * @brief Create the shell's T satellites: new nodes with their orbits and role.
     * @return the nodes
     * @throws std::invalid_argument when no shell is defined
     */
    NodeContainer Create() const;

    /**
     * @brief Install the shell's T satellites on T nodes, slot k on the k-th node.
     * @param nodes exactly T nodes without a mobility model
     * @throws std::invalid_argument when no shell is defined, the number of nodes is not T or a
     *         node already has a mobility model; then no node is changed
     */
    void Install(const NodeContainer& nodes) const;

    /**
     * @brief Install one satellite whose orbit is given by the factory's attributes.
     * @param node a node without a mobility model
     * @return its orbit model
     * @throws std::invalid_argument when the node already has a mobility model
     */
    Ptr<OrbitMobilityModel> Install(Ptr<Node> node) const;

    /**
     * @brief Install one satellite with an orbit model made elsewhere (e.g. from a two-line
     *        element set): the helper's frame and epoch are applied to it.
     * @param node a node without a mobility model
     * @param model the orbit model
     * @return @p model
     * @throws std::invalid_argument when the node already has a mobility model
     */
    Ptr<OrbitMobilityModel> Install(Ptr<Node> node, Ptr<OrbitMobilityModel> model) const;

    /**
     * @brief Create one satellite per two-line element set of a file, each with an
     *        Sgp4MobilityModel, the helper's frame and epoch, and NodeRole::SATELLITE.
     *
     * Simulation time 0 is the helper's epoch (SetEpoch(), or the OrbitMobilityModel::Epoch
     * default); each satellite is propagated from its own element set's epoch to it.
     * @param path a file of element sets (name lines optional)
     * @return the new nodes, in file order
     * @throws std::invalid_argument naming the file, line and field of a malformed set, or a
     *         deep-space set (SDP4 is not implemented)
     */
    NodeContainer InstallFromTle(const std::string& path) const;

  private:
    /// @return a new orbit model from the factory, with the helper's frame and epoch
    Ptr<OrbitMobilityModel> CreateOrbit() const;

    /**
     * @brief Apply the helper's frame and epoch to a model.
     * @param model the orbit model
     */
    void Configure(Ptr<OrbitMobilityModel> model) const;

    std::optional<GeoFrame> m_frame;    //!< the frame, when set
    std::optional<std::string> m_epoch; //!< the epoch as ISO 8601 text, when set
    std::vector<WalkerSlot> m_slots;    //!< the Walker shell's slots
    double m_shellAltitudeM;            //!< the shell's altitude, m
    double m_shellInclinationDeg;       //!< the shell's inclination, degrees
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CONSTELLATION_HELPER_H
