// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_FLOW_TRANSPORT_H
#define SAGIN_FLOW_TRANSPORT_H

#include "sagin-channel.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace ns3
{
namespace sagin
{

class SaginNetDevice;

/**
 * @ingroup sagin
 * @brief Flow-level transport over a SaginChannel: a message crosses a link as one flow whose
 *        rate follows the link's Shannon rate, instead of as frames through the TCP/IP stack.
 *
 * A flow carries a number of wire bytes from one SaginNetDevice to another. Its rate at any
 * moment comes from the channel's own link evaluation, SaginChannel::GetSharedLinkState(): the
 * Shannon rate for the current geometry over the share of the receiver's band that the
 * channel's BandwidthSharing gives it, with the flows' senders counted among the receiver's
 * concurrent senders exactly as senders of frames are. A device that sends several flows at
 * once interleaves their frames, as its transmit queue would: each of its m flows gets the
 * rate 1 / (1/r_1 + ... + 1/r_m), where r_j is the link rate of flow j alone.
 *
 * Rates are evaluated again when a flow starts, pauses, resumes or ends (for the flows of the
 * same sender and of the same receiver), and at geometry steps. A sender's flows step together:
 * every GeometryStep, the step of each flow halved (down to MinGeometryStep) while its received
 * power moves by more than SnrThreshold between two steps and grown back otherwise, and the
 * sender stepping at the shortest step of its flows. Between two evaluations a flow's rate is
 * constant; the transport integrates it and schedules the moment the last bit leaves the
 * sender, and the flow is delivered one propagation delay (distance / c at that moment) later.
 * A message in parts (Message::parts) is one flow whose parts arrive one after the other, each
 * when its last bit has crossed, as the records of a byte stream do. Events per flow: its
 * start, its end, one per part, one per rate change and one per geometry step of its sender;
 * never one per byte or per segment.
 *
 * A link in outage (the channel's outage rules: not visible, Earth blockage, SNR below MinSnr)
 * or a device without power pauses a reliable flow (TCP: it resumes when the link returns)
 * and loses an unreliable one (UDP: the message is gone, as a datagram lost to an outage is).
 * The channel's Outage trace fires once when a flow enters an outage, with a null packet.
 *
 * Messages (SendMessage()) add what the TCP/IP stack would put on the air: per TCP segment of
 * the sockets' SegmentSize the IPv4 and TCP headers (with the timestamp option when
 * ns3::TcpSocketBase::Timestamp is on) and the SaginMacHeader; a connection's handshake as a
 * SYN flow and a SYN-ACK flow before the data; per UDP datagram the CvlChunkHeader (for
 * chunked messages), the UDP and IPv4 headers and the SaginMacHeader. A message relayed by a
 * satellite crosses two flows, the second starting once the first segment has reached the
 * satellite and delivered no sooner than the last segment can follow the first hop.
 *
 * What flows do not model, and packet level does: TCP's slow start and congestion window,
 * loss recovery (a flow resumes as soon as its link is back; TCP waits for its retransmission
 * timer), acknowledgements on the reverse link, and the queueing of frames behind each other
 * at a device beyond the fair interleaving above.
 */
class FlowTransport : public Object
{
  public:
    /// How a message's bytes travel.
    enum Protocol
    {
        TCP, //!< a byte stream in segments; pauses through outages
        UDP  //!< datagrams; an outage loses the message
    };

    /// A message to send with SendMessage().
    struct Message
    {
        Protocol protocol{TCP};         //!< transport protocol
        uint64_t bytes{0};              //!< application bytes of the message
        bool handshake{false};          //!< TCP: open the connection first (SYN, SYN-ACK)
        uint32_t datagramBytes{0};      //!< UDP: message bytes per datagram (0: one datagram)
        bool chunkHeaders{false};       //!< UDP: each datagram has a CvlChunkHeader
        Ptr<SaginNetDevice> via;        //!< relaying satellite's device, null for direct
        /// Application bytes of the message's parts, in order, summing to @c bytes; empty for a
        /// message in one part. A direct message reports each part as it arrives (the part
        /// callback of SendMessage()); a relayed one reports them all on arrival.
        std::vector<uint64_t> parts;
    };

    /// Called when a flow or a message arrives (or is lost): its id.
    typedef Callback<void, uint64_t> FlowCallback;
    /// Called when a part of a message has arrived: the message's id and the part's index.
    typedef Callback<void, uint64_t, uint32_t> PartCallback;

    /**
     * @brief TracedCallback signature of a flow's start or end.
     * @param id the flow
     * @param sender the sending device
     * @param receiver the receiving device
     * @param bytes the flow's wire bytes
     */
    typedef void (*FlowTracedCallback)(uint64_t id,
                                       Ptr<const SaginNetDevice> sender,
                                       Ptr<const SaginNetDevice> receiver,
                                       uint64_t bytes);

    /**
     * @brief TracedCallback signature of a flow's new rate.
     * @param id the flow
     * @param rateBps its rate from now on, bit/s (0 while paused)
     */
    typedef void (*RateTracedCallback)(uint64_t id, double rateBps);

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    FlowTransport();
    ~FlowTransport() override;

    /**
     * @param channel a channel
     * @return the channel's flow transport, created and aggregated to it on first use
     */
    static Ptr<FlowTransport> Get(Ptr<SaginChannel> channel);

    /// @param channel the channel whose links the flows cross
    void SetChannel(Ptr<SaginChannel> channel);

    /**
     * @brief Start a flow of wire bytes.
     * @param sender the sending device
     * @param receiver the receiving device
     * @param bytes wire bytes, at least 1
     * @param reliable whether an outage pauses the flow (true) or loses it (false)
     * @param delivered called when the last bit has arrived at the receiver
     * @param lost called when the flow is lost (unreliable flows only); may be null
     * @return the flow's id
     */
    uint64_t StartFlow(Ptr<SaginNetDevice> sender,
                       Ptr<SaginNetDevice> receiver,
                       uint64_t bytes,
                       bool reliable,
                       FlowCallback delivered,
                       FlowCallback lost);

    /**
     * @brief Send a message: its flows, with the transport's overheads, directly or relayed.
     * @param sender the sending device
     * @param receiver the receiving device
     * @param message what to send and how
     * @param delivered called when the whole message has arrived
     * @param lost called when it is lost (UDP); may be null
     * @param part called as each of the message's parts arrives, before @p delivered for the
     *        last; may be null
     * @return the message's id (for CancelMessage())
     */
    uint64_t SendMessage(Ptr<SaginNetDevice> sender,
                         Ptr<SaginNetDevice> receiver,
                         const Message& message,
                         FlowCallback delivered,
                         FlowCallback lost,
                         PartCallback part = PartCallback());

    /// @param id a message from SendMessage(): stop its flows; its callbacks will not be called
    void CancelMessage(uint64_t id);

    /**
     * @param message a message
     * @return the bytes its data crosses one link with: the message and the per-segment or
     *         per-datagram headers (not the handshake)
     */
    uint64_t GetWireBytes(const Message& message) const;

    // ns-3's TCP defaults (segment size, options) are read once, when the transport first needs
    // them, as a socket reads them once when it is made.

    /// @return the IPv4, TCP and SaginMacHeader bytes of one TCP segment
    uint32_t GetTcpSegmentOverhead() const;
    /// @return the payload bytes of a full TCP segment (ns3::TcpSocket::SegmentSize)
    uint32_t GetTcpSegmentSize() const;
    /// @return the wire bytes of a TCP segment without payload carrying SYN: headers and the
    ///         SYN options ns-3 puts there (window scale 3, SACK permitted 2, timestamps 10,
    ///         padded to 4)
    uint32_t GetTcpSynBytes() const;

    /// @return flows in progress (paused ones included)
    std::size_t GetActiveFlows() const;
    /// @return flows started so far
    uint64_t GetStartedFlows() const;
    /// @return rate evaluations that changed a flow's rate so far
    uint64_t GetRateChanges() const;

    /**
     * @param id a flow in progress
     * @return its present rate, bit/s (0 while paused or unknown)
     */
    double GetRateBps(uint64_t id) const;

  protected:
    void DoDispose() override;

  private:
    /// A flow in progress.
    struct Flow
    {
        uint64_t id{0};                //!< its id
        Ptr<SaginNetDevice> sender;    //!< who sends
        Ptr<SaginNetDevice> receiver;  //!< who receives
        uint64_t bytes{0};             //!< wire bytes
        double remainingBits{0};       //!< bits still to send
        bool reliable{true};           //!< pause (true) or lose (false) in an outage
        bool up{false};                //!< whether the link is usable now
        bool evaluated{false};         //!< whether its link has been evaluated yet
        double linkRateBps{0};         //!< the link's rate alone
        double rateBps{0};             //!< the flow's rate (sender share)
        double snrDb{0};               //!< SNR at the last geometry step
        bool haveSnr{false};           //!< whether snrDb holds a value yet
        Time lastUpdate;               //!< when remainingBits was last integrated
        Time step;                     //!< its present geometry step
        Time due{Time::Max()};         //!< when its next mark or last bit leaves the sender
        /// Remaining bits at which a part's last bit has left the sender, decreasing, all > 0.
        std::vector<double> marks;
        std::size_t nextMark{0};       //!< the next mark to pass
        Callback<void, uint32_t> mark; //!< a mark has arrived: its index
        FlowCallback delivered;        //!< on arrival
        FlowCallback lost;             //!< on loss
    };
    /// A sender's geometry steps, or its flows' next due time.
    struct Stepper
    {
        EventId event; //!< its next step
        Time at;       //!< when
    };

    /// A message in progress: its flows one after the other, or both hops of a relay.
    struct Transfer
    {
        uint64_t id{0};                 //!< its id
        Ptr<SaginNetDevice> sender;     //!< first device
        Ptr<SaginNetDevice> receiver;   //!< last device
        Message message;                //!< what it carries
        uint64_t flow{0};               //!< flow in progress (first hop), 0 for none
        uint64_t relayFlow{0};          //!< second hop's flow, 0 for none
        EventId relayStart;             //!< when the second hop starts
        bool firstHopDone{false};       //!< whether the first hop has arrived at the relay
        bool bulkStarted{false};        //!< whether the second hop's bulk has started
        bool secondHopSent{false};      //!< whether the second hop's last part has started
        uint32_t stage{0};              //!< 0 SYN, 1 SYN-ACK, 2 data
        FlowCallback delivered;         //!< on arrival
        FlowCallback lost;              //!< on loss
        PartCallback part;              //!< on each part's arrival
        uint32_t partsArrived{0};       //!< parts reported so far
    };

    void Advance(Flow& flow) const;
    /// Refresh the links of @p refresh (and of the flows their changes affect), then let the
    /// senders concerned and @p senders share their airtime again.
    void Update(std::vector<uint64_t> refresh, std::vector<const SaginNetDevice*> senders);
    /// Evaluate a flow's link now; queue the flows whose sharing its change affects.
    void Refresh(Flow& flow, std::vector<uint64_t>& work, std::vector<uint64_t>& lostFlows);
    /// Divide a sender's airtime among its flows at their links' rates; reschedule their ends.
    void Share(const SaginNetDevice* sender);
    /// SetDue(), then ScheduleDue() for the flow's sender.
    void Schedule(Flow& flow);
    /// Sets when the flow's next mark or last bit leaves the sender, at its present rate.
    void SetDue(Flow& flow);
    /// Keeps the sender's one due event at the earliest due time of its flows.
    void ScheduleDue(const SaginNetDevice* sender);
    /// The sender's flows that are due now pass their mark or end.
    void SenderDue(const SaginNetDevice* sender);
    /// Moves a sender's event to @p at, where it calls @p handler for the sender.
    void MoveTo(Stepper& stepper,
                Time at,
                void (FlowTransport::*handler)(const SaginNetDevice*),
                const SaginNetDevice* sender);
    void FlowEnds(uint64_t id);
    void MarkPassed(uint64_t id);
    /// Make sure the sender steps by @p at at the latest.
    void StepBy(const SaginNetDevice* sender, Time at);
    void SenderStep(const SaginNetDevice* sender);
    /// A transfer's part @p index has arrived (and those before it).
    void PartArrived(uint64_t transfer, uint32_t index);
    /// Report a transfer's parts up to (not including) @p end.
    void PartsArrived(uint64_t transfer, uint32_t end);
    void Remove(uint64_t id, bool notifyEnd);
    void SetUp(Flow& flow, bool up);
    void NotifyRadio(Ptr<SaginNetDevice> device, bool transmit, int delta);
    void Lose(uint64_t id);

    /// @return the wire bytes of a transfer's first (and last) segment or datagram
    uint64_t GetUnitBytes(const Transfer& transfer) const;
    void StartStage(uint64_t transfer);
    void StageArrived(uint64_t transfer, uint64_t flow);
    void TransferLost(uint64_t transfer, uint64_t flow);
    void StartRelayHop(uint64_t transfer);
    void RelayHopArrived(uint64_t transfer, uint64_t flow);
    void FinishTransfer(uint64_t transfer, bool delivered);

    Ptr<SaginChannel> m_channel;                         //!< the links
    Time m_geometryStep;                                 //!< longest geometry step
    Time m_minGeometryStep;                              //!< shortest geometry step
    double m_snrThresholdDb;                             //!< SNR move that shortens the step
    uint64_t m_nextId;                                   //!< next flow or transfer id
    uint64_t m_started;                                  //!< flows started
    uint64_t m_rateChanges;                              //!< rate changes
    /// The TCP defaults of ns-3 that shape the bytes on the wire.
    struct TcpDefaults
    {
        uint32_t segmentSize;  //!< ns3::TcpSocket::SegmentSize
        bool timestamps;       //!< ns3::TcpSocketBase::Timestamp
        bool windowScaling;    //!< ns3::TcpSocketBase::WindowScaling
        bool sack;             //!< ns3::TcpSocketBase::Sack
    };
    /// @return the TCP defaults, read at the first call
    const TcpDefaults& GetTcpDefaults() const;
    mutable std::optional<TcpDefaults> m_tcpDefaults; //!< read at first use
    std::unordered_map<uint64_t, Flow> m_flows;          //!< flows in progress
    std::unordered_map<uint64_t, Transfer> m_transfers;  //!< messages in progress
    /// Flows in progress by sender and by receiver.
    std::unordered_map<const SaginNetDevice*, std::vector<uint64_t>> m_bySender;
    std::unordered_map<const SaginNetDevice*, std::vector<uint64_t>> m_byReceiver;
    /// Geometry steps of the senders with flows.
    std::unordered_map<const SaginNetDevice*, Stepper> m_steppers;
    /// Each sender's one event for its flows' marks and ends: its flows share its airtime at
    /// one rate, so a rate change moves all their times, but only the earliest is an event.
    std::unordered_map<const SaginNetDevice*, Stepper> m_dues;
    /// Per device: flows transmitting, flows being received (for the radios).
    std::unordered_map<const SaginNetDevice*, std::pair<uint32_t, uint32_t>> m_radio;
    TracedCallback<uint64_t, Ptr<const SaginNetDevice>, Ptr<const SaginNetDevice>, uint64_t>
        m_flowStartTrace; //!< flows started
    TracedCallback<uint64_t, Ptr<const SaginNetDevice>, Ptr<const SaginNetDevice>, uint64_t>
        m_flowEndTrace; //!< flows delivered (their last bit left the sender)
    TracedCallback<uint64_t, double> m_rateTrace; //!< rate changes
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_FLOW_TRANSPORT_H
