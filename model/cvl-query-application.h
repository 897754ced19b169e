// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_CVL_QUERY_APPLICATION_H
#define SAGIN_CVL_QUERY_APPLICATION_H

#include "association-manager.h"
#include "cvl-context.h"
#include "cvl-header.h"
#include "cvl-message-reader.h"
#include "cvl-records.h"
#include "device-profile.h"
#include "split-controller.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <memory>
#include <vector>

namespace ns3
{
namespace sagin
{

class SaginNetDevice;
class CvlServerApplication;
class RadioEnergyModel;

/**
 * @ingroup sagin
 * @brief Cross-view localization queries of a UAV or a vehicle: every Interval, n images of the
 *        location below, a split point from the controller, the head on the device, the
 *        features to the serving base station, the reply back.
 *
 * One request is in flight at a time: a query due while one is in flight starts when it ends.
 * A request:
 * 1. takes n images (Images; 0 = 3 on a UAV, 1 on a vehicle, as in the published experiment)
 *    of the location nearest to the node (drone views on a UAV, street views on a vehicle,
 *    drawn without repetition while the location has enough);
 * 2. asks the controller for a split point, from an observation of the uplink to the serving
 *    base station (AssociationManager), the battery and the server's queue;
 * 3. computes the head: simulated time and energy of headMacs·n on the node's
 *    ComputeEnergyModel, or on Profile without one; in full fidelity the real head runs and its
 *    features are encoded;
 * 4. sends a CvlHeader and the features to the base station's CvlServerApplication: over TCP
 *    (one connection, kept while the serving base station stays the same), or, with Protocol
 *    udp, in datagrams of at most DatagramBytes message bytes behind a CvlChunkHeader;
 * 5. on the reply, emits a RequestRecord and gives the controller the transition.
 *
 * Energy of a request: the head's busy energy, the radio's transmit energy between sending
 * and the reply (RadioEnergyModel of the node's SaginNetDevice; 0 without one), the server's
 * busy power times its service time. A request without reply within Timeout is recorded with
 * status "timeout" and its connection is dropped; its reward counts Timeout as latency. A
 * node whose battery is depleted stops (status "depleted" for a request in flight).
 *
 * UDP pacing: at most UdpWindow frames wait in the node's SaginNetDevice queue. The
 * application watches the queue's Dequeue trace (a frame starts on the air or is lost to an
 * outage) and tops the queue up to UdpWindow frames; the link stays busy without the queue
 * overflowing. UDP has no retransmission: a request that loses a datagram gets no reply and
 * ends with status "timeout" at Timeout. The reply comes back as one 88-byte datagram.
 *
 * With flow-level transport (CvlContext Transport flow) the message crosses the link as a
 * FlowTransport message with the Protocol's overheads (a handshake when the connection to the
 * base station is new, as a new socket would need; through the relaying satellite when the
 * node is relayed), the server gets it whole, and the reply comes back the same way. Timeout,
 * records and energy are as with packets; a timeout drops the connection here too.
 */
class CvlQueryApplication : public Application
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    /// The transport of the requests.
    enum Protocol
    {
        TCP, //!< one connection to the serving base station
        UDP  //!< datagrams with a CvlChunkHeader, paced by the device queue
    };

    CvlQueryApplication();
    ~CvlQueryApplication() override;

    /// @param context the scenario's shared context
    void SetContext(Ptr<CvlContext> context);
    /// @param controller the split controller of this node
    void SetController(Ptr<SplitController> controller);
    /// @return the split controller
    Ptr<SplitController> GetController() const;
    /// @param association the scenario's association manager
    void SetAssociation(Ptr<AssociationManager> association);

    /// @return the images per request
    uint32_t GetImagesPerRequest() const;
    /// @return the observation the controller would get now
    SplitObservation Observe() const;
    /// @return the requests started so far
    uint64_t GetRequestCount() const;

    /**
     * @param stream first stream index
     * @return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * TracedCallback signature of a finished request.
     * @param record the request
     */
    typedef void (*RequestTracedCallback)(const RequestRecord& record);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// The request in flight.
    struct Pending
    {
        RequestRecord record;         //!< filled as it goes
        SplitObservation observation; //!< what the controller saw
        Time start;                   //!< when the query started
        Time sent;                    //!< when the features went to the socket
        double txEnergyAtSend{0};     //!< radio transmit energy counter then, J
        double propUpS{0};            //!< propagation delay then, s
        Ptr<Node> server;             //!< the base station
        std::vector<uint8_t> header;  //!< the serialized CvlHeader
        std::vector<uint8_t> payload; //!< the encoded features (full fidelity; none profiled)
        uint64_t messageBytes{0};     //!< header + payload bytes
        uint64_t queued{0};           //!< bytes handed to the socket so far
        bool sending{false};          //!< whether the head is done and the bytes go out
        Address destination;          //!< the server's UDP address
        uint32_t chunks{0};           //!< datagrams of the message (UDP)
        uint32_t nextChunk{0};        //!< next datagram to send (UDP)
        uint64_t flowMessage{0};      //!< flow-level transport: message in progress, 0 none
        Ptr<SaginNetDevice> via;      //!< flow-level transport: relaying satellite, or null
        CvlHeader reply;              //!< flow-level transport: the reply on its way
    };

    void Tick();
    void StartRequest();
    void SendRequest();
    void Pump(Ptr<Socket> socket, uint32_t available);
    /**
     * @param offset first message byte
     * @param size number of bytes
     * @return bytes [offset, offset + size) of the pending message: the header, then the
     *         features (zeros in profiled fidelity)
     */
    Ptr<Packet> MessagePacket(uint64_t offset, uint32_t size) const;
    void HandleRead(Ptr<Socket> socket);
    void PumpDatagrams();
    void HandleDequeue(Ptr<const Packet> packet);
    void HandleDatagram(Ptr<Socket> socket);
    void HandleConnected(Ptr<Socket> socket);
    void HandleFailed(Ptr<Socket> socket);
    void HandleClose(Ptr<Socket> socket);
    void SendFlow();
    void FlowArrived(uint64_t message);
    void FlowLost(uint64_t message);
    void FlowReply(uint64_t request, const CvlHeader& reply);
    void FlowReplyArrived(uint64_t message);
    void CancelFlow();
    void Timeout();
    void Complete(const CvlHeader& reply);
    void Fail(const std::string& status);
    void Emit(RequestRecord& record, const SplitObservation& observation, double latencyForReward);
    void DropConnection();
    void HandleDepletion(Ptr<Node> node);
    Ptr<SaginNetDevice> FindDevice() const;
    Ptr<CvlServerApplication> FindServer(Ptr<Node> baseStation) const;
    Ptr<DeviceProfile> GetComputeProfile() const;
    double GetTxEnergyJ() const;

    Ptr<CvlContext> m_context;                  //!< scenario context
    Ptr<SplitController> m_controller;          //!< split controller
    Ptr<AssociationManager> m_association;      //!< serving base stations
    Ptr<DeviceProfile> m_profile;               //!< compute profile without a ComputeEnergyModel
    Time m_interval;                            //!< query period
    uint32_t m_images;                          //!< images per request (0: role default)
    Time m_timeout;                             //!< longest wait for a reply
    uint16_t m_port;                            //!< server port
    Protocol m_protocol;                        //!< transport of the requests
    uint32_t m_datagramBytes;                   //!< message bytes per datagram (UDP)
    uint32_t m_udpWindow;                       //!< most frames in the device queue (UDP)
    Ptr<Socket> m_udpSocket;                    //!< the UDP socket
    bool m_pumpScheduled;                       //!< whether PumpDatagrams is due now
    Ptr<UniformRandomVariable> m_random;        //!< image draws and start offset
    Ptr<SaginNetDevice> m_device;               //!< the node's SaginNetDevice
    Ptr<RadioEnergyModel> m_radio;              //!< its radio energy model, if any
    Ptr<Socket> m_socket;                       //!< connection to the serving base station
    Ptr<Node> m_socketServer;                   //!< the base station of m_socket
    bool m_connected;                           //!< whether m_socket is connected
    Ptr<Node> m_flowServer; //!< flow-level transport: base station of the open connection
    std::unique_ptr<CvlMessageReader> m_reader; //!< reply reader
    std::unique_ptr<Pending> m_pending;         //!< the request in flight
    bool m_due;             //!< whether a query came due while one was in flight
    bool m_running;         //!< between start and stop
    bool m_depleted;        //!< whether the battery ran out
    uint64_t m_requests;    //!< requests started
    int32_t m_lastSplit;    //!< previous split, -1 for none
    EventId m_tickEvent;    //!< next query
    EventId m_sendEvent;    //!< end of the head computation
    EventId m_timeoutEvent; //!< reply deadline
    TracedCallback<const RequestRecord&> m_requestTrace; //!< finished requests
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CVL_QUERY_APPLICATION_H
