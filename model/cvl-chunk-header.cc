// SPDX-License-Identifier: GPL-2.0-only

#include "cvl-chunk-header.h"

#include "ns3/buffer.h"
#include "ns3/log.h"

#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCvlChunkHeader");

NS_OBJECT_ENSURE_REGISTERED(CvlChunkHeader);

TypeId
CvlChunkHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::CvlChunkHeader")
                            .SetParent<Header>()
                            .SetGroupName("Sagin")
                            .AddConstructor<CvlChunkHeader>();
    return tid;
}

CvlChunkHeader::CvlChunkHeader()
{
}

TypeId
CvlChunkHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
CvlChunkHeader::Print(std::ostream& os) const
{
    os << "node=" << node << " request=" << request << " chunk=" << index << "/" << count
       << " offset=" << offset;
}

uint32_t
CvlChunkHeader::GetSerializedSize() const
{
    return SIZE;
}

void
CvlChunkHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU32(magic);
    start.WriteHtonU32(node);
    start.WriteHtonU64(request);
    start.WriteHtonU64(offset);
    start.WriteHtonU32(index);
    start.WriteHtonU32(count);
}

uint32_t
CvlChunkHeader::Deserialize(Buffer::Iterator start)
{
    magic = start.ReadNtohU32();
    node = start.ReadNtohU32();
    request = start.ReadNtohU64();
    offset = start.ReadNtohU64();
    index = start.ReadNtohU32();
    count = start.ReadNtohU32();
    return SIZE;
}

CvlChunkHeader
CvlChunkHeader::Parse(const uint8_t* data, size_t size)
{
    if (size < SIZE)
    {
        throw std::invalid_argument("bad chunk header: datagram of " + std::to_string(size) +
                                    " bytes where the chunk header takes " + std::to_string(SIZE));
    }
    Buffer buffer;
    buffer.AddAtStart(SIZE);
    buffer.Begin().Write(data, SIZE);
    CvlChunkHeader header;
    header.Deserialize(buffer.Begin());
    if (header.magic != MAGIC)
    {
        std::ostringstream text;
        text << "bad chunk header: magic 0x" << std::hex << std::setw(8) << std::setfill('0')
             << header.magic << " where 0x" << std::setw(8) << MAGIC << " was expected";
        throw std::invalid_argument(text.str());
    }
    if (header.count == 0 || header.index >= header.count)
    {
        throw std::invalid_argument("bad chunk header: chunk " + std::to_string(header.index) +
                                    " of " + std::to_string(header.count));
    }
    return header;
}

} // namespace sagin
} // namespace ns3
