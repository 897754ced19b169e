// SPDX-License-Identifier: GPL-2.0-only

#include "cvl-header.h"

#include "ns3/buffer.h"
#include "ns3/log.h"

#include <cstring>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCvlHeader");

NS_OBJECT_ENSURE_REGISTERED(CvlHeader);

namespace
{

uint64_t
DoubleBits(double value)
{
    uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

double
BitsDouble(uint64_t bits)
{
    double value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

} // namespace

TypeId
CvlHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::CvlHeader")
                            .SetParent<Header>()
                            .SetGroupName("Sagin")
                            .AddConstructor<CvlHeader>();
    return tid;
}

CvlHeader::CvlHeader()
{
}

TypeId
CvlHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

std::string
CvlHeader::KindName(Kind kind)
{
    switch (kind)
    {
    case REQUEST:
        return "request";
    case REPLY:
        return "reply";
    case GALLERY:
        return "gallery";
    }
    return "kind " + std::to_string(static_cast<int>(kind));
}

void
CvlHeader::Print(std::ostream& os) const
{
    os << KindName(kind) << " payload=" << payloadBytes << " request=" << request
       << " node=" << node << " split=" << split << " images=" << nImages
       << " location=" << location << " matched=" << matched << " score=" << score;
}

uint32_t
CvlHeader::GetSerializedSize() const
{
    return SIZE;
}

void
CvlHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU32(MAGIC);
    start.WriteU8(VERSION);
    start.WriteU8(kind);
    start.WriteU8(matched ? 1 : 0);
    start.WriteU8(0);
    start.WriteHtonU64(payloadBytes);
    start.WriteHtonU64(request);
    start.WriteHtonU32(node);
    start.WriteHtonU32(split);
    start.WriteHtonU32(nImages);
    start.WriteHtonU32(location);
    start.WriteHtonU64(DoubleBits(score));
    start.WriteHtonU64(DoubleBits(latitudeDeg));
    start.WriteHtonU64(DoubleBits(longitudeDeg));
    start.WriteHtonU64(static_cast<uint64_t>(arrival.GetNanoSeconds()));
    start.WriteHtonU64(static_cast<uint64_t>(this->start.GetNanoSeconds()));
    start.WriteHtonU64(static_cast<uint64_t>(done.GetNanoSeconds()));
}

uint32_t
CvlHeader::Deserialize(Buffer::Iterator start)
{
    start.ReadNtohU32(); // magic, checked by Parse()
    start.ReadU8();      // version
    kind = static_cast<Kind>(start.ReadU8());
    matched = (start.ReadU8() & 1) != 0;
    start.ReadU8();
    payloadBytes = start.ReadNtohU64();
    request = start.ReadNtohU64();
    node = start.ReadNtohU32();
    split = start.ReadNtohU32();
    nImages = start.ReadNtohU32();
    location = start.ReadNtohU32();
    score = BitsDouble(start.ReadNtohU64());
    latitudeDeg = BitsDouble(start.ReadNtohU64());
    longitudeDeg = BitsDouble(start.ReadNtohU64());
    arrival = NanoSeconds(static_cast<int64_t>(start.ReadNtohU64()));
    this->start = NanoSeconds(static_cast<int64_t>(start.ReadNtohU64()));
    done = NanoSeconds(static_cast<int64_t>(start.ReadNtohU64()));
    return SIZE;
}

CvlHeader
CvlHeader::Parse(const uint8_t* data, size_t size, uint64_t maxPayloadBytes)
{
    if (size < SIZE)
    {
        throw std::invalid_argument("message of " + std::to_string(size) +
                                    " bytes is shorter than its " + std::to_string(SIZE) +
                                    "-byte header");
    }
    uint32_t magic = (uint32_t{data[0]} << 24) | (uint32_t{data[1]} << 16) |
                     (uint32_t{data[2]} << 8) | uint32_t{data[3]};
    if (magic != MAGIC)
    {
        std::ostringstream text;
        text << "message does not start with the magic SGCV (found 0x" << std::hex << magic << ")";
        throw std::invalid_argument(text.str());
    }
    if (data[4] != VERSION)
    {
        throw std::invalid_argument("message has version " + std::to_string(data[4]) +
                                    ", expected " + std::to_string(VERSION));
    }
    if (data[5] < REQUEST || data[5] > GALLERY)
    {
        throw std::invalid_argument("message has unknown kind " + std::to_string(data[5]));
    }
    Buffer buffer;
    buffer.AddAtStart(SIZE);
    buffer.Begin().Write(data, SIZE);
    CvlHeader header;
    header.Deserialize(buffer.Begin());
    if (header.payloadBytes > maxPayloadBytes)
    {
        throw std::invalid_argument(
            KindName(header.kind) + " announces " + std::to_string(header.payloadBytes) +
            " payload bytes, more than the " + std::to_string(maxPayloadBytes) + " accepted");
    }
    if (header.kind == REPLY && header.payloadBytes != 0)
    {
        throw std::invalid_argument("reply announces " + std::to_string(header.payloadBytes) +
                                    " payload bytes; replies carry none");
    }
    if (header.kind == REQUEST && header.nImages == 0)
    {
        throw std::invalid_argument("request " + std::to_string(header.request) + " of node " +
                                    std::to_string(header.node) + " has no images");
    }
    return header;
}

} // namespace sagin
} // namespace ns3
