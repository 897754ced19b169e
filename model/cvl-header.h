// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_CVL_HEADER_H
#define SAGIN_CVL_HEADER_H

#include "ns3/header.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The header of every message of cross-view localization: a request (features from a
 *        UAV or vehicle to its base station), a reply (the match, back), or a gallery entry
 *        (a satellite's reference features of one location, to a base station).
 *
 * The header is followed by GetPayloadBytes() bytes: the features encoded by FeatureCodec
 * (requests and gallery entries) or nothing (replies). Layout, big-endian, SIZE = 88 bytes:
 *
 * | bytes | field |
 * |---|---|
 * | 4 | magic `SGCV` |
 * | 1 | version (1) |
 * | 1 | kind: 1 request, 2 reply, 3 gallery entry |
 * | 1 | flags: bit 0 = matched (replies) |
 * | 1 | reserved, 0 |
 * | 8 | payload bytes that follow |
 * | 8 | request number (requests, replies) |
 * | 4 | node: the querying node (requests, replies) or the satellite (gallery) |
 * | 4 | split point (requests) |
 * | 4 | images (requests) |
 * | 4 | location: matched location (replies, 0xffffffff for none), location (gallery) |
 * | 8 | score: cosine similarity of the best match (replies), float64 |
 * | 8 | latitude of the location, degrees, float64 (replies, gallery) |
 * | 8 | longitude of the location, degrees, float64 (replies, gallery) |
 * | 8 | time the request's last byte reached the server, ns (replies) |
 * | 8 | time the server started the tail, ns (replies) |
 * | 8 | time the server finished, ns (replies) |
 *
 * Deserialize() does not check; Parse() does, with a one-line error.
 */
class CvlHeader : public Header
{
  public:
    /// The kinds of message.
    enum Kind : uint8_t
    {
        REQUEST = 1, //!< features of a query
        REPLY = 2,   //!< the result of a query
        GALLERY = 3  //!< reference features of a location
    };

    /// The header's size, in bytes.
    static constexpr uint32_t SIZE = 88;
    /// The magic number, "SGCV".
    static constexpr uint32_t MAGIC = 0x53474356;
    /// The format version.
    static constexpr uint8_t VERSION = 1;
    /// The location field of a reply without a match.
    static constexpr uint32_t NO_LOCATION = 0xffffffff;

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    CvlHeader();

    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

    /**
     * @brief Read and check a header at the start of a byte buffer.
     * @param data the bytes
     * @param size how many there are (at least SIZE)
     * @param maxPayloadBytes the largest payload accepted
     * @return the header
     * @throws std::invalid_argument naming the bad field (magic, version, kind, payload size)
     */
    static CvlHeader Parse(const uint8_t* data, size_t size, uint64_t maxPayloadBytes);

    /// @return "request", "reply" or "gallery"
    static std::string KindName(Kind kind);

    Kind kind{REQUEST};             //!< the message's kind
    bool matched{false};            //!< whether the match passed the threshold (replies)
    uint64_t payloadBytes{0};       //!< bytes that follow the header
    uint64_t request{0};            //!< request number on the querying node
    uint32_t node{0};               //!< querying node id, or the satellite's for gallery entries
    uint32_t split{0};              //!< split point of the features (requests)
    uint32_t nImages{0};            //!< images of the query (requests)
    uint32_t location{NO_LOCATION}; //!< matched location (replies) or the entry's (gallery)
    double score{0};                //!< cosine similarity of the best match (replies)
    double latitudeDeg{0};          //!< latitude of the location, degrees
    double longitudeDeg{0};         //!< longitude of the location, degrees
    Time arrival;                   //!< when the request's last byte reached the server (replies)
    Time start;                     //!< when the server started its tail (replies)
    Time done;                      //!< when the server finished (replies)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CVL_HEADER_H
