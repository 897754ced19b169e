// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SGP4_MOBILITY_MODEL_H
#define SAGIN_SGP4_MOBILITY_MODEL_H

#include "orbit-mobility-model.h"
#include "sgp4-propagator.h"

#include <optional>
#include <string>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief A satellite that follows a two-line element set with SGP4 (near-Earth orbits).
 *
 * At simulation time t (seconds), the satellite is where Sgp4Propagator puts it
 * (Epoch − element-set epoch + t) / 60 minutes after the element set's epoch, Epoch being the
 * scenario's instant of simulation time 0 (attribute of OrbitMobilityModel). The TEME state is
 * reported in the scenario's local frame like any OrbitMobilityModel.
 *
 * The element set comes from the ElementSet attribute (its two or three lines) or from
 * SetElementSet(). Without one, asking for a position throws std::runtime_error. An element set
 * that is malformed or deep space (period of 225 minutes or more) is refused with
 * std::invalid_argument; a time at which SGP4 fails (for example after the satellite has
 * decayed) throws std::runtime_error from the position query.
 */
class Sgp4MobilityModel : public OrbitMobilityModel
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    Sgp4MobilityModel();
    ~Sgp4MobilityModel() override;

    /**
     * @param elements the element set to follow
     * @throws std::invalid_argument when it is deep space
     */
    void SetElementSet(const TwoLineElementSet& elements);

    /// @return whether an element set has been given
    bool HasElementSet() const;

    /**
     * @return the element set
     * @throws std::runtime_error when none has been given
     */
    const TwoLineElementSet& GetElementSet() const;

    void GetInertialState(double secondsSinceEpoch,
                          Vector& positionM,
                          Vector& velocityMps) const override;

  private:
    /**
     * @param text the two or three lines of one element set, '\n'-separated; empty for none
     * @throws std::invalid_argument naming the problem when the text is malformed
     */
    void SetElementSetText(const std::string& text);
    /// @return the element set's lines, or an empty string when there is none
    std::string GetElementSetText() const;

    std::optional<Sgp4Propagator> m_propagator; //!< the element set's propagator, if any
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SGP4_MOBILITY_MODEL_H
