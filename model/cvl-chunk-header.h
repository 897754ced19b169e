// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_CVL_CHUNK_HEADER_H
#define SAGIN_CVL_CHUNK_HEADER_H

#include "ns3/header.h"

#include <cstdint>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The header of one UDP datagram of a cross-view localization request: which part of
 *        which message the datagram carries.
 *
 * With the UDP protocol a CvlQueryApplication cuts its message (a CvlHeader and its payload)
 * into chunks of at most DatagramBytes bytes; each datagram is this header followed by one
 * chunk. The server reassembles the chunks of a (sender address, node, request) and reads the
 * whole message as the TCP path does. Layout, big-endian, SIZE = 32 bytes:
 *
 * | bytes | field |
 * |---|---|
 * | 4 | magic `SGCK` |
 * | 4 | node: the querying node |
 * | 8 | request number on that node |
 * | 8 | offset of the chunk's first byte in the message |
 * | 4 | chunk index, 0 .. count − 1 |
 * | 4 | chunk count of the message (at least 1) |
 *
 * Deserialize() does not check; Parse() does, with a one-line error.
 */
class CvlChunkHeader : public Header
{
  public:
    /// The header's size, in bytes.
    static constexpr uint32_t SIZE = 32;
    /// The magic number, "SGCK".
    static constexpr uint32_t MAGIC = 0x5347434b;

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    CvlChunkHeader();

    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

    /**
     * @brief Read and check a chunk header at the start of a datagram.
     * @param data the datagram's bytes
     * @param size how many there are
     * @return the header
     * @throws std::invalid_argument for a datagram shorter than SIZE, a bad magic, a count of 0
     *         or an index not below the count
     */
    static CvlChunkHeader Parse(const uint8_t* data, size_t size);

    uint32_t magic{MAGIC}; //!< the magic number (MAGIC in every valid header)
    uint32_t node{0};      //!< querying node id
    uint64_t request{0};   //!< request number on that node
    uint64_t offset{0};    //!< offset of the chunk in the message, bytes
    uint32_t index{0};     //!< chunk index
    uint32_t count{1};     //!< chunks of the message
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CVL_CHUNK_HEADER_H
