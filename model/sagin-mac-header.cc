// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-mac-header.h"

#include "ns3/address-utils.h"

namespace ns3
{
namespace sagin
{

NS_OBJECT_ENSURE_REGISTERED(SaginMacHeader);

TypeId
SaginMacHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::SaginMacHeader")
                            .SetParent<Header>()
                            .SetGroupName("Sagin")
                            .AddConstructor<SaginMacHeader>();
    return tid;
}

SaginMacHeader::SaginMacHeader()
    : m_protocol(0)
{
}

void
SaginMacHeader::SetDestination(Mac48Address address)
{
    m_destination = address;
}

Mac48Address
SaginMacHeader::GetDestination() const
{
    return m_destination;
}

void
SaginMacHeader::SetSource(Mac48Address address)
{
    m_source = address;
}

Mac48Address
SaginMacHeader::GetSource() const
{
    return m_source;
}

void
SaginMacHeader::SetProtocol(uint16_t protocol)
{
    m_protocol = protocol;
}

uint16_t
SaginMacHeader::GetProtocol() const
{
    return m_protocol;
}

TypeId
SaginMacHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
SaginMacHeader::Print(std::ostream& os) const
{
    os << "destination=" << m_destination << " source=" << m_source << " protocol=0x" << std::hex
       << m_protocol << std::dec;
}

uint32_t
SaginMacHeader::GetSerializedSize() const
{
    return SIZE;
}

void
SaginMacHeader::Serialize(Buffer::Iterator start) const
{
    WriteTo(start, m_destination);
    WriteTo(start, m_source);
    start.WriteHtonU16(m_protocol);
}

uint32_t
SaginMacHeader::Deserialize(Buffer::Iterator start)
{
    ReadFrom(start, m_destination);
    ReadFrom(start, m_source);
    m_protocol = start.ReadNtohU16();
    return SIZE;
}

} // namespace sagin
} // namespace ns3
