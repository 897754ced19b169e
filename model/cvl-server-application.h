// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_CVL_SERVER_APPLICATION_H
#define SAGIN_CVL_SERVER_APPLICATION_H

#include "cvl-context.h"
#include "cvl-header.h"
#include "cvl-message-reader.h"
#include "device-profile.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The edge server of a base station: receives query features and satellite gallery
 *        entries over TCP, runs the tails one at a time, matches against the gallery and
 *        replies.
 *
 * A request waits in a first-come first-served queue while the server is busy. Its service
 * time is the simulated compute time of the tail of its n images plus the match against the
 * gallery (MACs: tailMacs·n + entries·D), on the node's ComputeEnergyModel when it has one
 * (which also charges the energy), otherwise on the Profile. In full fidelity the server
 * decodes the features, runs the tail, fuses the n embeddings (their mean, L2-normalised) and
 * takes the gallery entry of highest cosine similarity; a score of at least MatchThreshold is
 * a match, and the reply carries that entry's location and geographic tag. In profiled
 * fidelity there is nothing to match and the reply says so.
 *
 * A message that cannot be read (bad header, features that do not decode or do not fit the
 * announced split) closes its connection and fires BadMessage with a one-line reason.
 *
 * Besides the TCP listener the server always has a UDP socket on the same Port, for the
 * requests of queries with Protocol udp: datagrams of a CvlChunkHeader and a chunk of the
 * message. It reassembles the chunks per (sender address, node, request); when all are there
 * it reads the message with the checks of the TCP path and queues it like a TCP request; the
 * reply goes back as one 88-byte datagram to the sender's address and port. A datagram with a
 * bad chunk header, or a reassembled message that cannot be read, fires BadMessage; the
 * stream's reassembly and its later datagrams are dropped. A reassembly that gets no datagram
 * for ReassemblyTimeout is dropped (a lost datagram: the query times out).
 *
 * With flow-level transport (CvlContext Transport flow) the senders hand whole messages to
 * ReceiveMessage() when their flow has arrived: the server reads them with the same reader and
 * checks, and gives a request's reply to the sender's callback when its service ends.
 */
class CvlServerApplication : public Application
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    CvlServerApplication();
    ~CvlServerApplication() override;

    /// @param context the shared context of the scenario
    void SetContext(Ptr<CvlContext> context);

    /// Called with a request's reply when its service ends (flow-level transport).
    typedef Callback<void, const CvlHeader&> ReplyCallback;

    /**
     * @brief Take a whole message that a flow has brought (flow-level transport).
     *
     * The message is read as a connection's bytes are; a message that cannot be read fires
     * BadMessage and is dropped.
     * @param message the message's bytes: its CvlHeader, then its payload
     * @param from who sent it, for messages about bad input
     * @param reply for a request: called with the reply when its service ends; may be null
     * @return whether the message was read and taken
     */
    bool ReceiveMessage(Ptr<const Packet> message, const std::string& from, ReplyCallback reply);

    /// @return requests waiting or in service
    uint32_t GetQueueLength() const;
    /// @return the simulated work ahead of a request arriving now (rest of the current
    ///         service and the queued requests' service times)
    Time GetBacklog() const;
    /// @return the number of gallery entries
    uint32_t GetGallerySize() const;
    /// @return whether the gallery has an entry for a location
    bool HasGalleryEntry(uint32_t location) const;
    /// @return the edge server's busy power, W (for the requests' energy records)
    double GetBusyPowerW() const;
    /// @return the port the server listens on
    uint16_t GetPort() const;
    /// @return the UDP messages being reassembled (incomplete ones until ReassemblyTimeout)
    uint32_t GetReassemblyCount() const;

    /**
     * TracedCallback signature of a served request.
     * @param node the querying node
     * @param request its request number
     * @param queue its wait in the queue
     * @param service its service time
     */
    typedef void (*ServedTracedCallback)(uint32_t node, uint64_t request, Time queue, Time service);

    /**
     * TracedCallback signature of a gallery entry.
     * @param location the location
     * @param satellite the satellite's node id
     */
    typedef void (*GalleryTracedCallback)(uint32_t location, uint32_t satellite);

    /**
     * TracedCallback signature of an unreadable message.
     * @param reason a one-line description, naming the server and the peer
     */
    typedef void (*BadMessageTracedCallback)(const std::string& reason);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// A request waiting for or in service.
    struct Job
    {
        Ptr<Socket> socket;           //!< the connection to reply on (null for UDP)
        ReplyCallback reply;          //!< flow-level transport: where the reply goes
        Address peer;                 //!< the sender's address and port (UDP)
        CvlHeader header;             //!< the request's header
        std::vector<uint8_t> payload; //!< its features (full fidelity)
        Time arrival;                 //!< when its last byte arrived
        Time service;                 //!< its service time
    };

    /// A gallery entry.
    struct Entry
    {
        std::vector<float> embedding; //!< L2-normalised (empty in profiled fidelity)
        double latitudeDeg{0};        //!< geographic tag
        double longitudeDeg{0};       //!< geographic tag
    };

    /// The key of a UDP reassembly: sender address and port, node, request.
    typedef std::tuple<Address, uint32_t, uint64_t> StreamKey;

    /// A chunk of a UDP message.
    struct Chunk
    {
        uint64_t offset{0};         //!< its offset in the message, bytes
        uint32_t size{0};           //!< its size, bytes
        std::vector<uint8_t> bytes; //!< its bytes (full fidelity, or a part of the header)
    };

    /// The chunks of a UDP message received so far.
    struct Reassembly
    {
        uint32_t count{0};               //!< chunks of the message
        std::map<uint32_t, Chunk> parts; //!< chunk index → chunk
        EventId expiry;                  //!< drop after ReassemblyTimeout without a datagram
        bool rejected{false};            //!< bad stream: its later datagrams are dropped
    };

    bool HandleConnectionRequest(Ptr<Socket> socket, const Address& from);
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    void HandleRead(Ptr<Socket> socket);
    void HandleClose(Ptr<Socket> socket);
    void Reject(Ptr<Socket> socket, const std::string& reason);
    void HandleDatagram(Ptr<Socket> socket);
    void Reassemble(const Address& from, const uint8_t* data, size_t size);
    void Expire(StreamKey key);
    void RejectDatagrams(const Address& from, const std::string& reason);
    void Dispatch(Ptr<Socket> socket, const Address& peer, CvlMessageReader::Message message);
    void Enqueue(Ptr<Socket> socket,
                 const Address& peer,
                 CvlMessageReader::Message message,
                 ReplyCallback reply = ReplyCallback());
    void AddGalleryEntry(Ptr<Socket> socket, const CvlMessageReader::Message& message);
    Time ServiceTime(const CvlHeader& header) const;
    void StartNext();
    void Finish();

    Ptr<CvlContext> m_context;    //!< the scenario's context
    Ptr<DeviceProfile> m_profile; //!< compute profile without a ComputeEnergyModel
    uint16_t m_port;              //!< listening port
    double m_matchThreshold;      //!< least cosine similarity of a match
    uint64_t m_maxPayloadBytes;   //!< largest message payload accepted
    Time m_reassemblyTimeout;     //!< longest wait for the next datagram of a UDP message
    Ptr<Socket> m_listener;       //!< the listening socket
    Ptr<Socket> m_udpSocket;      //!< the UDP socket
    std::map<StreamKey, Reassembly> m_reassemblies; //!< UDP messages being received
    std::map<Ptr<Socket>, std::unique_ptr<CvlMessageReader>> m_readers; //!< per connection
    std::map<Ptr<Socket>, Address> m_peers;                             //!< per connection
    std::map<Ptr<Socket>, uint32_t> m_readBytes; //!< per connection: the most read at once
    std::deque<Job> m_queue;                     //!< waiting requests, the one in service first
    bool m_busy;                                 //!< whether a request is in service
    Time m_busyUntil;                            //!< end of the current service
    EventId m_finishEvent;                       //!< end of the current service
    std::map<uint32_t, Entry> m_gallery;         //!< location → entry
    TracedCallback<uint32_t, uint64_t, Time, Time> m_servedTrace; //!< served requests
    TracedCallback<uint32_t, uint32_t> m_galleryTrace;            //!< gallery entries
    TracedCallback<const std::string&> m_badMessageTrace;         //!< unreadable messages
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CVL_SERVER_APPLICATION_H
