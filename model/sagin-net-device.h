// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SAGIN_NET_DEVICE_H
#define SAGIN_SAGIN_NET_DEVICE_H

#include "node-role.h"

#include "ns3/data-rate.h"
#include "ns3/mac48-address.h"
#include "ns3/mobility-model.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/queue-fwd.h"
#include "ns3/traced-callback.h"

namespace ns3
{
namespace sagin
{

class SaginChannel;

/**
 * @ingroup sagin
 * @brief The radio interface of a SAGIN node, attached to a SaginChannel.
 *
 * An Ethernet-like device (48-bit MAC addresses, ARP, broadcast; a 14-byte SaginMacHeader) that
 * InternetStackHelper accepts, so UDP and TCP sockets work over it. Frames wait in a transmit
 * queue (TxQueue) and leave one at a time; each takes the airtime the channel gives it: its bits
 * at the Shannon rate of the link at the moment it starts. The device's radio parameters
 * (transmit power, antenna gains, noise figure, bandwidth) are attributes; the carrier
 * frequency belongs to each link class's propagation loss model on the channel.
 */
class SaginNetDevice : public NetDevice
{
  public:
    /**
     * @brief TracedCallback signature of a frame's start.
     * @param packet the frame, with its header
     * @param rateBps the rate it is sent at, in bit/s
     */
    typedef void (*PhyTxBeginTracedCallback)(Ptr<const Packet> packet, double rateBps);

    /**
     * @brief TracedCallback signature of the start of a frame's reception.
     * @param packet the frame, with its header
     * @param airtime how long it takes to arrive; its PhyRxEnd comes after this time
     */
    typedef void (*PhyRxBeginTracedCallback)(Ptr<const Packet> packet, Time airtime);

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * @brief Whether an attribute's default was changed (Config::SetDefault, a scenario's
     *        "defaults", a --ns3::sagin::SaginNetDevice::NAME option) from the value the class
     *        registers.
     * @param name the attribute's name
     * @return true when the current default differs from the registered one
     * @throws std::invalid_argument for a name that is not an attribute of the class
     */
    static bool IsAttributeDefaultChanged(const std::string& name);

    SaginNetDevice();
    ~SaginNetDevice() override;

    /**
     * @brief Attach the device to a channel.
     * @param channel the channel
     */
    void Attach(Ptr<SaginChannel> channel);

    /**
     * @param node a node
     * @return the node's first SaginNetDevice, null when it has none
     */
    static Ptr<SaginNetDevice> Find(Ptr<Node> node);

    /// @return the transmit queue
    Ptr<Queue<Packet>> GetQueue() const;
    /// @param queue the transmit queue
    void SetQueue(Ptr<Queue<Packet>> queue);

    /// @return the transmit power, in dBm
    double GetTxPowerDbm() const;
    /// @return the transmit antenna gain, in dBi
    double GetTxGainDbi() const;
    /// @return the receive antenna gain, in dBi
    double GetRxGainDbi() const;
    /// @return the receiver's noise figure, in dB
    double GetNoiseFigureDb() const;
    /// @return the receiver's bandwidth, in Hz
    double GetBandwidthHz() const;

    /// @return the node's mobility model
    /// @throws std::invalid_argument naming the node when it has none
    Ptr<MobilityModel> GetMobility() const;

    /// @return the node's SAGIN role
    /// @throws std::invalid_argument naming the node when it has none
    NodeRole::Role GetRole() const;

    /**
     * @brief Receive a frame from the channel at the end of its airtime and propagation.
     * @param packet the frame, with its SaginMacHeader
     */
    void Receive(Ptr<Packet> packet);

    /**
     * @brief Start receiving a frame: its first bit arrives (after its propagation delay).
     *
     * The channel calls it; Receive() follows after @p airtime.
     * @param packet the frame, with its SaginMacHeader
     * @param airtime the frame's airtime
     */
    void BeginReceive(Ptr<const Packet> packet, Time airtime);

    /**
     * @brief Switch the radio on or off, e.g. when its energy source is depleted or recharged.
     *
     * An unpowered device drops the packets it is given (MacTxDrop), starts no frame (queued
     * frames wait; a frame already on the air finishes) and neither begins nor completes
     * receptions. Powering it again starts the queued frames. Devices start powered.
     * @param powered whether the radio has power
     */
    void SetPowered(bool powered);

    /// @return whether the radio has power (see SetPowered())
    bool IsPowered() const;

    /**
     * @brief Report that the device starts or stops sending (or receiving) flows of a
     *        FlowTransport; fires the FlowActivity trace.
     * @param transmit whether it is about sending (true) or receiving (false)
     * @param active whether at least one flow is now on the air in that direction
     */
    void NotifyFlowActivity(bool transmit, bool active);

    /**
     * @brief TracedCallback signature of flow activity.
     * @param transmit sending (true) or receiving (false)
     * @param active whether at least one flow is on the air in that direction
     */
    typedef void (*FlowActivityTracedCallback)(bool transmit, bool active);

    // NetDevice
    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    Ptr<Channel> GetChannel() const override;
    void SetAddress(Address address) override;
    Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    bool IsLinkUp() const override;
    void AddLinkChangeCallback(Callback<void> callback) override;
    bool IsBroadcast() const override;
    Address GetBroadcast() const override;
    bool IsMulticast() const override;
    Address GetMulticast(Ipv4Address multicastGroup) const override;
    Address GetMulticast(Ipv6Address addr) const override;
    bool IsBridge() const override;
    bool IsPointToPoint() const override;
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    bool SendFrom(Ptr<Packet> packet,
                  const Address& source,
                  const Address& dest,
                  uint16_t protocolNumber) override;
    Ptr<Node> GetNode() const override;
    void SetNode(Ptr<Node> node) override;
    bool NeedsArp() const override;
    void SetReceiveCallback(NetDevice::ReceiveCallback cb) override;
    void SetPromiscReceiveCallback(PromiscReceiveCallback cb) override;
    bool SupportsSendFrom() const override;

  protected:
    void DoDispose() override;

  private:
    /// Start the next queued frame, if any and if the radio is idle.
    void StartNext();
    /// End of the current frame's airtime.
    void TransmitComplete();

    Ptr<SaginChannel> m_channel;                         //!< the channel
    Ptr<Node> m_node;                                    //!< the node
    // The node's aggregates, found once: every frame's link state asks for them.
    mutable Ptr<MobilityModel> m_mobility; //!< the node's mobility model, once found
    mutable Ptr<NodeRole> m_role;          //!< the node's role, once found
    Ptr<Queue<Packet>> m_queue;                          //!< transmit queue
    Mac48Address m_address;                              //!< MAC address
    uint32_t m_ifIndex;                                  //!< interface index
    uint16_t m_mtu;                                      //!< maximum payload of a frame, bytes
    bool m_transmitting;                                 //!< whether a frame is on the air
    bool m_powered;                                      //!< whether the radio has power
    Ptr<Packet> m_phyTxEndPending;                       //!< the frame on the air
    double m_txPowerDbm;                                 //!< transmit power, dBm
    double m_txGainDbi;                                  //!< transmit antenna gain, dBi
    double m_rxGainDbi;                                  //!< receive antenna gain, dBi
    double m_noiseFigureDb;                              //!< receiver noise figure, dB
    double m_bandwidthHz;                                //!< receiver bandwidth, Hz
    NetDevice::ReceiveCallback m_rxCallback;             //!< to the upper layers
    NetDevice::PromiscReceiveCallback m_promiscCallback; //!< promiscuous receive
    TracedCallback<> m_linkChangeCallbacks;              //!< link change (never fires: always up)

    TracedCallback<Ptr<const Packet>> m_macTxTrace;     //!< packet accepted for transmission
    TracedCallback<Ptr<const Packet>> m_macTxDropTrace; //!< packet dropped before transmission
    TracedCallback<Ptr<const Packet>> m_macRxTrace;     //!< packet passed up
    TracedCallback<Ptr<const Packet>, double> m_phyTxBeginTrace; //!< frame starts, rate bit/s
    TracedCallback<Ptr<const Packet>> m_phyTxEndTrace;           //!< frame's airtime ends
    TracedCallback<Ptr<const Packet>> m_phyRxEndTrace;           //!< frame received
    TracedCallback<Ptr<const Packet>, Time> m_phyRxBeginTrace;   //!< reception starts, airtime
    TracedCallback<bool, bool> m_flowActivityTrace;              //!< flows start or stop
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SAGIN_NET_DEVICE_H
