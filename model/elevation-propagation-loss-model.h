// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_ELEVATION_PROPAGATION_LOSS_MODEL_H
#define SAGIN_ELEVATION_PROPAGATION_LOSS_MODEL_H

#include "geo-frame.h"

#include "ns3/mobility-model.h"
#include "ns3/propagation-loss-model.h"

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Base class of the path-loss models whose loss depends on the elevation angle of a pair:
 *        air-to-ground (AlHouraniPropagationLossModel) and space-to-ground or space-to-air
 *        (NtnPropagationLossModel).
 *
 * Positions are in the scenario's local East-North-Up frame (GeoFrame, default: origin at
 * latitude 0, longitude 0, altitude 0). The elevation of a pair is that of the higher node (by
 * local z) seen from the lower one, above the lower node's horizon (GeoFrame::GetElevationDeg),
 * so it is the same whichever node transmits and lies in [-90, 90] degrees; it is negative only
 * when the Earth's curvature hides the higher node below the lower one's horizon.
 *
 * A pair is visible when its elevation is at least the model's elevation mask (the attribute
 * ElevationMask of each subclass). For a pair that is not visible, CalcRxPower() returns
 * -infinity dBm: a channel must treat it as an outage (IsVisible() tells it beforehand).
 * Coincident nodes get no loss (as ns-3's FriisPropagationLossModel); otherwise a subclass gives
 * the loss in DoCalcLossDb().
 */
class ElevationPropagationLossModel : public PropagationLossModel
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    ElevationPropagationLossModel();
    ~ElevationPropagationLossModel() override;

    /// @return the scenario's local frame
    const GeoFrame& GetFrame() const;
    /// @param frame the scenario's local frame, in which the mobility models report positions
    void SetFrame(const GeoFrame& frame);

    /**
     * @brief Elevation of a pair: the higher node (by local z) seen from the lower one.
     * @param a one node's mobility model
     * @param b the other node's mobility model
     * @return the elevation angle, in degrees, in [-90, 90]; 90 when the nodes coincide
     */
    double GetElevationDeg(Ptr<MobilityModel> a, Ptr<MobilityModel> b) const;

    /// @return the elevation mask, in degrees: pairs below it are not visible
    double GetElevationMaskDeg() const;

    /**
     * @param a one node's mobility model
     * @param b the other node's mobility model
     * @return whether the pair's elevation is at least the elevation mask
     */
    bool IsVisible(Ptr<MobilityModel> a, Ptr<MobilityModel> b) const;

  protected:
    /**
     * @brief Check an elevation angle given to a public method.
     * @param function the method's name, for the message
     * @param elevationDeg the elevation, in degrees
     * @throws std::invalid_argument naming @p function and the value unless it is in [-90, 90]
     */
    static void CheckElevationDeg(const char* function, double elevationDeg);

    /**
     * @brief The path loss of a visible pair of distinct nodes.
     * @param a one node's mobility model
     * @param b the other node's mobility model
     * @param distanceM their distance, in m (> 0)
     * @param elevationDeg their elevation, in degrees, at least the elevation mask
     * @return the loss, in dB
     */
    virtual double DoCalcLossDb(Ptr<MobilityModel> a,
                                Ptr<MobilityModel> b,
                                double distanceM,
                                double elevationDeg) const = 0;

    double m_elevationMaskDeg; //!< elevation mask, in degrees (an attribute of each subclass)

  private:
    /**
     * @brief -infinity below the elevation mask, the transmit power for coincident nodes, the
     *        transmit power less DoCalcLossDb() otherwise.
     * @param txPowerDbm the transmit power, in dBm
     * @param a the transmitter's mobility model
     * @param b the receiver's mobility model
     * @return the received power, in dBm
     */
    double DoCalcRxPower(double txPowerDbm, Ptr<MobilityModel> a, Ptr<MobilityModel> b) const final;

    GeoFrame m_frame; //!< the scenario's local frame
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_ELEVATION_PROPAGATION_LOSS_MODEL_H
