// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_ORBIT_MOBILITY_MODEL_H
#define SAGIN_ORBIT_MOBILITY_MODEL_H

#include "geo-frame.h"

#include "ns3/mobility-model.h"
#include "ns3/nstime.h"

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Base class of satellite mobility models: an inertial orbit reported in the scenario's
 *        local East-North-Up frame.
 *
 * A subclass computes the satellite's state in an Earth-centred inertial frame (TEME, the frame of
 * SGP4 and of the circular-orbit model) at a time since the scenario's epoch. This class rotates
 * it into the Earth-fixed frame with Greenwich mean sidereal time (IAU 1982) and then into the
 * local frame around the scenario's origin (GeoFrame), so that GetPosition() and GetVelocity()
 * are in the same frame as the ground and air nodes. Simulation time 0 is the instant Epoch.
 *
 * With EarthRotation false, the Earth-fixed frame is the inertial frame frozen at the epoch: the
 * orbit is seen from a non-rotating Earth (useful to compare with analytic orbits).
 *
 * SetPosition() has no meaning for an orbit: it is ignored with a warning.
 */
class OrbitMobilityModel : public MobilityModel
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    OrbitMobilityModel();
    ~OrbitMobilityModel() override;

    /// @return the scenario's local frame
    const GeoFrame& GetFrame() const;
    /// @param frame the scenario's local frame
    void SetFrame(const GeoFrame& frame);

    /// @return the instant of simulation time 0 (UTC)
    JulianDate GetEpoch() const;
    /// @param epoch the instant of simulation time 0 (UTC)
    void SetEpoch(const JulianDate& epoch);

    /**
     * @brief The inertial state at a time since the epoch.
     * @param secondsSinceEpoch time since the scenario's epoch, in s
     * @param positionM replaced by the inertial (TEME) position, in m
     * @param velocityMps replaced by the inertial velocity, in m/s
     */
    virtual void GetInertialState(double secondsSinceEpoch,
                                  Vector& positionM,
                                  Vector& velocityMps) const = 0;

    /**
     * @brief The Earth-fixed state at a time since the epoch.
     * @param secondsSinceEpoch time since the scenario's epoch, in s
     * @param positionM replaced by the Earth-fixed position, in m
     * @param velocityMps replaced by the velocity relative to the Earth, in m/s
     */
    void GetEarthFixedState(double secondsSinceEpoch, Vector& positionM, Vector& velocityMps) const;

    /**
     * @param time a simulation time
     * @return the position at @p time in the local frame, in m
     */
    Vector GetPositionAt(Time time) const;

  protected:
    /// Forget the cached state (a subclass calls it when its orbit changes).
    void InvalidateCache();

  private:
    Vector DoGetPosition() const override;
    void DoSetPosition(const Vector& position) override;
    Vector DoGetVelocity() const override;

    /// Update the cached local state for the current simulation time.
    void Update() const;

    /// @param value latitude, in degrees
    void SetOriginLatitude(double value);
    /// @param value longitude, in degrees
    void SetOriginLongitude(double value);
    /// @param value altitude, in m
    void SetOriginAltitude(double value);
    /// @param text the epoch as ISO 8601 UTC
    void SetEpochText(const std::string& text);
    /// @return the epoch as ISO 8601 UTC, as last set
    std::string GetEpochText() const;

    GeoFrame m_frame;          //!< scenario frame
    JulianDate m_epoch;        //!< instant of simulation time 0
    std::string m_epochText;   //!< the epoch as set, for the attribute's getter
    bool m_earthRotation;      //!< whether the Earth rotates under the orbit
    mutable Time m_cacheTime;  //!< simulation time of the cached state
    mutable bool m_cacheValid; //!< whether the cache holds a state
    mutable Vector m_position; //!< cached local position, m
    mutable Vector m_velocity; //!< cached local velocity, m/s
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_ORBIT_MOBILITY_MODEL_H
