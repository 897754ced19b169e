// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_RADIO_ENERGY_MODEL_H
#define SAGIN_RADIO_ENERGY_MODEL_H

#include "sagin-net-device.h"

#include "ns3/device-energy-model.h"
#include "ns3/energy-source.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/traced-value.h"

#include <set>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The energy one SaginNetDevice's radio draws from an ns-3 EnergySource.
 *
 * Connected to the device's PhyTxBegin / PhyTxEnd and PhyRxBegin / PhyRxEnd traces, the model
 * draws TxPowerW during each frame's airtime, RxPowerW while the device receives at least one
 * frame addressed to it (its own address, broadcast or multicast; a frame's reception spans its
 * airtime, ending at PhyRxEnd) and IdlePowerW when it does neither. The channel gives each
 * sender its own share of a receiver's band, so a device may send and receive at once: it then
 * draws TxPowerW + RxPowerW. Several frames received at once cost RxPowerW once (one receiver).
 * With flow-level transport (FlowTransport) the device's FlowActivity trace does the same: the
 * radio transmits while at least one of its flows is on the air and receives while at least one
 * flow to it is.
 *
 * Before every change of state the model charges the elapsed time to its counters and calls
 * the source's UpdateEnergySource(). The current asked of the source is P / V at the source's
 * present supply voltage V, so the power drawn stays P as a battery's voltage sags.
 *
 * When the source reports depletion the model stops drawing power and switches the device off
 * (SaginNetDevice::SetPowered(false): it drops new packets, starts no frame and receives
 * nothing); when the source reports a recharge it switches the device on again.
 *
 * Attributes: TxPowerW (W, default 0.1), RxPowerW (W, default 0.05), IdlePowerW (W, default 0).
 * Trace source: TotalEnergyConsumption (J, updated at every change of state).
 */
class RadioEnergyModel : public DeviceEnergyModel
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    RadioEnergyModel();
    ~RadioEnergyModel() override;

    /**
     * @brief Attach the model to a device: connect to its traces.
     * @param device the device
     * @throws std::invalid_argument when @p device is null or the model already has a device
     */
    void SetNetDevice(Ptr<SaginNetDevice> device);

    /// @return the device (null when not set)
    Ptr<SaginNetDevice> GetNetDevice() const;

    /// @return the energy source (null when not set)
    Ptr<EnergySource> GetEnergySource() const;

    /// @return the energy drawn while transmitting so far, in J
    double GetTxEnergyJ() const;
    /// @return the energy drawn while receiving so far, in J
    double GetRxEnergyJ() const;
    /// @return the energy drawn while neither transmitting nor receiving so far, in J
    double GetIdleEnergyJ() const;
    /// @return the time spent transmitting so far (with power)
    Time GetTxTime() const;
    /// @return the time spent receiving so far (with power)
    Time GetRxTime() const;

    /// @return whether a frame is on the air from the device
    bool IsTransmitting() const;
    /// @return whether the device is receiving a frame addressed to it
    bool IsReceiving() const;
    /// @return whether the energy source has reported depletion (and no recharge since)
    bool IsDepleted() const;

    /// @return the power drawn now, in W (0 when depleted or without a source)
    double GetPowerW() const;

    // DeviceEnergyModel
    void SetEnergySource(Ptr<EnergySource> source) override;
    /// @return GetTxEnergyJ() + GetRxEnergyJ() + GetIdleEnergyJ(), in J
    double GetTotalEnergyConsumption() const override;
    /**
     * @brief Not used: the device's traces drive the model.
     * @param newState ignored
     * @throws std::logic_error always
     */
    void ChangeState(int newState) override;
    void HandleEnergyDepletion() override;
    void HandleEnergyRecharged() override;
    void HandleEnergyChanged() override;

  protected:
    void DoDispose() override;

  private:
    double DoGetCurrentA() const override;

    /// Charge the time since the last update to the counters, then let the source do the same.
    void Update();

    /// Charge the time since the last update to the counters.
    void Accumulate();

    /// @param packet a frame starts on the air
    /// @param rateBps its rate, bit/s
    void PhyTxBegin(Ptr<const Packet> packet, double rateBps);
    /// @param packet the frame on the air has ended
    void PhyTxEnd(Ptr<const Packet> packet);
    /// @param packet a frame's reception starts
    /// @param airtime its airtime
    void PhyRxBegin(Ptr<const Packet> packet, Time airtime);
    /// @param packet a frame's reception ends
    void PhyRxEnd(Ptr<const Packet> packet);
    /// @param transmit flows sent (true) or received (false)
    /// @param active whether at least one is on the air
    void FlowActivity(bool transmit, bool active);
    /// @return whether the radio transmits now (a frame or a flow)
    bool Transmitting() const;
    /// @return whether the radio receives now (a frame or a flow)
    bool Receiving() const;

    /// Connect or disconnect the device's traces.
    /// @param connect whether to connect
    void ConnectTraces(bool connect);

    double m_txPowerW;                  //!< power while transmitting, W
    double m_rxPowerW;                  //!< power while receiving, W
    double m_idlePowerW;                //!< power otherwise, W
    Ptr<SaginNetDevice> m_device;       //!< the device
    Ptr<EnergySource> m_source;         //!< the energy source
    bool m_transmitting;                //!< whether a frame is on the air
    bool m_flowTransmitting;            //!< whether flows are being sent
    bool m_flowReceiving;               //!< whether flows are being received
    std::multiset<uint64_t> m_rxUids;   //!< frames being received (packet uids)
    bool m_depleted;                    //!< whether the source is depleted
    Time m_lastUpdate;                  //!< when the counters were last updated
    Time m_txTime;                      //!< time transmitting
    Time m_rxTime;                      //!< time receiving
    double m_txEnergyJ;                 //!< energy transmitting, J
    double m_rxEnergyJ;                 //!< energy receiving, J
    double m_idleEnergyJ;               //!< energy idle, J
    TracedValue<double> m_totalEnergyJ; //!< energy drawn, J (at the last update)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_RADIO_ENERGY_MODEL_H
