// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SAGIN_CHANNEL_H
#define SAGIN_SAGIN_CHANNEL_H

#include "geo-frame.h"
#include "node-role.h"

#include "ns3/channel.h"
#include "ns3/mac48-address.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{
namespace sagin
{

class SaginNetDevice;

/**
 * @ingroup sagin
 * @brief The radio medium of the SAGIN: every frame at the Shannon rate of its pair's geometry.
 *
 * Every SaginNetDevice of a scenario is attached to one SaginChannel. When a device starts a
 * frame to another, the channel evaluates the pair's link at that moment:
 *  - the link class from the two nodes' roles (NodeRole): ground (vehicle or base station with
 *    vehicle or base station), air-to-ground (a UAV with a UAV, vehicle or base station),
 *    space-to-ground (a satellite with any other role; "space-to-air" included) and
 *    inter-satellite;
 *  - the received power from the sender's TxPowerDbm and TxGainDbi, the class's
 *    PropagationLossModel (an attribute each) and the receiver's RxGainDbi;
 *  - the noise, -174 dBm/Hz + 10·log10(B) + the receiver's NoiseFigureDb, over the bandwidth B
 *    the receiver gives this sender: its BandwidthHz divided among the senders transmitting to
 *    it at that moment (BandwidthSharing: equal shares by default);
 *  - the rate B·log2(1 + SNR), the airtime (frame bits / rate) and the propagation delay
 *    (distance / c).
 * A link is in outage when the receiver cannot see the sender (the loss model returns -inf
 * dBm, e.g. below the elevation mask of a satellite link, or the Earth blocks an
 * inter-satellite line of sight) or when its SNR is below MinSnr. A frame in outage is not
 * delivered and the Outage trace fires; nothing is ever sent at a rate of zero.
 *
 * Frames to different receivers, or from different senders, do not interfere: each receiver
 * divides its band among its senders (orthogonal resources), which is the model's abstraction
 * of the medium access.
 */
class SaginChannel : public Channel
{
  public:
    /// Link classes, each with its own propagation loss model.
    enum LinkClass
    {
        GROUND,          //!< vehicle / base station with vehicle / base station
        AIR_TO_GROUND,   //!< UAV with UAV, vehicle or base station
        SPACE_TO_GROUND, //!< satellite with a ground or air node
        INTER_SATELLITE  //!< satellite with satellite
    };

    /// How a receiver's band is divided among the senders transmitting to it at once.
    enum BandwidthSharing
    {
        EQUAL_SHARE, //!< k concurrent senders get BandwidthHz / k each
        NO_SHARING   //!< every sender gets the whole band (no contention)
    };

    /// The state of a directed link at one moment.
    struct LinkState
    {
        LinkClass linkClass{GROUND}; //!< the pair's class
        double distanceM{0};         //!< distance between the antennas, m
        double elevationDeg{90};     //!< elevation of the higher node seen from the lower, deg
        double rxPowerDbm{0};        //!< received power, dBm (-inf when not visible)
        double bandwidthHz{0};       //!< bandwidth given to this sender, Hz
        double snrDb{0};             //!< signal-to-noise ratio, dB (-inf when not visible)
        double rateBps{0};           //!< Shannon rate, bit/s (0 in outage)
        Time delay;                  //!< propagation delay, distance / c
        bool outage{true};           //!< whether frames on the link are lost
        std::string reason;          //!< why the link is in outage, empty otherwise
    };

    /**
     * @brief TracedCallback signature of a frame's transmission.
     * @param packet the frame, with its header
     * @param sender the sending device
     * @param receiver the receiving device
     * @param state the link when the frame started
     * @param airtime the frame's transmission time
     */
    typedef void (*TransmissionTracedCallback)(Ptr<const Packet> packet,
                                               Ptr<const SaginNetDevice> sender,
                                               Ptr<const SaginNetDevice> receiver,
                                               const LinkState& state,
                                               Time airtime);

    /**
     * @brief TracedCallback signature of a frame lost to an outage.
     * @param packet the frame, with its header
     * @param sender the sending device
     * @param receiver the intended receiver; null for a broadcast that reached nobody
     * @param reason why the link is in outage
     * @param snrDb the link's SNR, in dB (-inf when not visible)
     */
    typedef void (*OutageTracedCallback)(Ptr<const Packet> packet,
                                         Ptr<const SaginNetDevice> sender,
                                         Ptr<const SaginNetDevice> receiver,
                                         const std::string& reason,
                                         double snrDb);

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    SaginChannel();
    ~SaginChannel() override;

    /**
     * @param a one role
     * @param b the other role
     * @return the class of a link between nodes of these roles
     */
    static LinkClass Classify(NodeRole::Role a, NodeRole::Role b);

    /**
     * @param linkClass a link class
     * @return its short name: "ground", "a2g", "s2g" or "isl"
     */
    static std::string LinkClassName(LinkClass linkClass);

    /**
     * @param linkClass a link class
     * @return the propagation loss model of the class
     */
    Ptr<PropagationLossModel> GetPropagationLossModel(LinkClass linkClass) const;

    /**
     * @param linkClass a link class
     * @param model the propagation loss model to use for it
     */
    void SetPropagationLossModel(LinkClass linkClass, Ptr<PropagationLossModel> model);

    /// @return the scenario's local frame
    const GeoFrame& GetFrame() const;
    /// @param frame the scenario's local frame (for elevations and Earth blockage)
    void SetFrame(const GeoFrame& frame);

    /**
     * @brief Attach a device; SaginNetDevice::Attach calls it.
     * @param device the device
     */
    void Add(Ptr<SaginNetDevice> device);

    std::size_t GetNDevices() const override;
    Ptr<NetDevice> GetDevice(std::size_t i) const override;

    /**
     * @param address a MAC address
     * @return the attached device with that address, or null
     */
    Ptr<SaginNetDevice> FindDevice(Mac48Address address) const;

    /**
     * @brief Evaluate a directed link now, as a new frame would see it.
     * @param sender the sending device
     * @param receiver the receiving device
     * @param concurrentSenders how many senders, this one included, would share the receiver's
     *        band (1: the whole band)
     * @return the link's state
     * @throws std::invalid_argument when a node has no role or no mobility model
     */
    LinkState GetLinkState(Ptr<const SaginNetDevice> sender,
                           Ptr<const SaginNetDevice> receiver,
                           uint32_t concurrentSenders = 1) const;

    /**
     * @brief Start a frame; SaginNetDevice calls it.
     *
     * A unicast frame goes to the device with the destination address; a broadcast or
     * multicast frame goes to every device that is not in outage, at the rate of the slowest
     * of them.
     * @param sender the sending device
     * @param packet the frame, with its SaginMacHeader
     * @param destination the frame's destination (a device's address or broadcast)
     * @param airtime set to the frame's airtime when it is sent
     * @return whether the frame is on the air; false when it was lost to an outage (the sender
     *         goes on with its next frame at once)
     */
    bool Transmit(Ptr<SaginNetDevice> sender,
                  Ptr<const Packet> packet,
                  Mac48Address destination,
                  Time& airtime);

    /**
     * @brief Evaluate a directed link now, shared with the senders transmitting to the
     *        receiver at this moment (frames on the air and flows of a FlowTransport), as the
     *        channel's BandwidthSharing divides the band.
     * @param sender the sending device
     * @param receiver the receiving device
     * @return the link's state
     */
    LinkState GetSharedLinkState(Ptr<const SaginNetDevice> sender,
                                 Ptr<const SaginNetDevice> receiver) const;

    /**
     * @param receiver a device
     * @return how many senders are transmitting to @p receiver now (frames and flows)
     */
    uint32_t GetActiveSenders(Ptr<const SaginNetDevice> receiver) const;

    /**
     * @brief Count a flow's sender among the receiver's senders (FlowTransport calls it while
     *        the flow's link is usable).
     * @param receiver the receiving device
     * @param sender the sending device
     */
    void AddFlowSender(Ptr<const SaginNetDevice> receiver, Ptr<const SaginNetDevice> sender);

    /**
     * @brief Undo one AddFlowSender().
     * @param receiver the receiving device
     * @param sender the sending device
     */
    void RemoveFlowSender(Ptr<const SaginNetDevice> receiver, Ptr<const SaginNetDevice> sender);

    /**
     * @brief Fire the Outage trace for a flow whose link went down (with a null packet).
     * @param sender the sending device
     * @param receiver the receiving device
     * @param reason why
     * @param snrDb the link's SNR, dB
     */
    void NotifyFlowOutage(Ptr<const SaginNetDevice> sender,
                          Ptr<const SaginNetDevice> receiver,
                          const std::string& reason,
                          double snrDb);

    /**
     * @brief Assign fixed random variable streams to the loss models.
     * @param stream first stream index to use
     * @return the number of stream indices assigned
     */
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    /// A frame on its way to one receiver, for bandwidth sharing.
    struct ActiveFrame
    {
        Ptr<const SaginNetDevice> sender; //!< who sends
        Time end;                         //!< when its airtime ends
    };

    /// @param receiver a device; @return its index in m_devices
    std::size_t IndexOf(Ptr<const SaginNetDevice> receiver) const;

    /// @return the number of senders that would share @p receiver's band with @p sender now
    uint32_t CountSharing(Ptr<const SaginNetDevice> sender,
                          Ptr<const SaginNetDevice> receiver) const;

    /// Give the channel's frame to @p model (and the models chained after it) when they use
    /// elevations.
    void ShareFrame(Ptr<PropagationLossModel> model) const;

    /// @return whether the Earth (plus the grazing altitude) blocks the segment between two
    /// points of the local frame
    bool EarthBlocks(const Vector& a, const Vector& b) const;

    std::vector<Ptr<SaginNetDevice>> m_devices;             //!< attached devices
    mutable std::vector<std::vector<ActiveFrame>> m_active; //!< frames per receiver index
    /// Flow senders per receiver index: sender → flows counted.
    std::vector<std::unordered_map<const SaginNetDevice*, uint32_t>> m_flowSenders;
    /// Index in m_devices by address, checked at each use (a device may change its address)
    /// and rebuilt when stale.
    mutable std::unordered_map<uint64_t, std::size_t> m_indexByAddress;
    /// Index in m_devices by device.
    std::unordered_map<const SaginNetDevice*, std::size_t> m_indexByDevice;
    /// @return the loss model member of a link class
    Ptr<PropagationLossModel>& LossOf(LinkClass linkClass);
    /// @return the loss model of a link class
    const Ptr<PropagationLossModel>& LossOf(LinkClass linkClass) const;

    Ptr<PropagationLossModel> m_groundLoss;         //!< ground links' loss model
    Ptr<PropagationLossModel> m_airToGroundLoss;    //!< air-to-ground links' loss model
    Ptr<PropagationLossModel> m_spaceToGroundLoss;  //!< space links' loss model
    Ptr<PropagationLossModel> m_interSatelliteLoss; //!< inter-satellite links' loss model
    GeoFrame m_frame;                               //!< the scenario's frame
    double m_minSnrDb;                              //!< outage threshold, dB
    BandwidthSharing m_sharing;                     //!< sharing policy
    double m_grazingAltitudeM;                      //!< inter-satellite rays must clear this, m

    TracedCallback<Ptr<const Packet>,
                   Ptr<const SaginNetDevice>,
                   Ptr<const SaginNetDevice>,
                   const LinkState&,
                   Time>
        m_transmissionTrace; //!< every frame sent
    TracedCallback<Ptr<const Packet>,
                   Ptr<const SaginNetDevice>,
                   Ptr<const SaginNetDevice>,
                   const std::string&,
                   double>
        m_outageTrace; //!< every frame lost to an outage
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SAGIN_CHANNEL_H
