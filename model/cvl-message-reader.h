// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_CVL_MESSAGE_READER_H
#define SAGIN_CVL_MESSAGE_READER_H

#include "cvl-header.h"

#include "ns3/packet.h"

#include <cstdint>
#include <deque>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Cuts the byte stream of a connection into CvlHeader messages.
 *
 * Feed() takes the packets a stream socket delivers, in order; complete messages come out of
 * Next(). With keepPayload false (profiled fidelity, where payloads are zeros) the payload
 * bytes are counted, not copied.
 */
class CvlMessageReader
{
  public:
    /// A complete message.
    struct Message
    {
        CvlHeader header;             //!< its header
        std::vector<uint8_t> payload; //!< its payload (empty when not kept)
    };

    /**
     * @param maxPayloadBytes the largest payload accepted
     * @param keepPayload whether payload bytes are kept
     */
    CvlMessageReader(uint64_t maxPayloadBytes, bool keepPayload);

    /**
     * @brief Take the next bytes of the stream.
     * @param packet the bytes
     * @throws std::invalid_argument for a bad header (the stream cannot be read further)
     */
    void Feed(Ptr<const Packet> packet);

    /**
     * @param message set to the next complete message
     * @return whether there was one
     */
    bool Next(Message& message);

    /// @return the bytes of the message being read so far (0 between messages)
    uint64_t GetPartialBytes() const;

  private:
    uint64_t m_maxPayloadBytes;  //!< the largest payload accepted
    bool m_keepPayload;          //!< whether payload bytes are kept
    std::vector<uint8_t> m_head; //!< header bytes read so far
    bool m_haveHeader;           //!< whether the current message's header is complete
    Message m_current;           //!< the message being read
    uint64_t m_payloadRead;      //!< its payload bytes read so far
    std::deque<Message> m_done;  //!< complete messages not yet taken
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CVL_MESSAGE_READER_H
