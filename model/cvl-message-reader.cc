// SPDX-License-Identifier: GPL-2.0-only

#include "cvl-message-reader.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCvlMessageReader");

CvlMessageReader::CvlMessageReader(uint64_t maxPayloadBytes, bool keepPayload)
    : m_maxPayloadBytes(maxPayloadBytes),
      m_keepPayload(keepPayload),
      m_haveHeader(false),
      m_payloadRead(0)
{
}

void
CvlMessageReader::Feed(Ptr<const Packet> packet)
{
    const uint32_t size = packet->GetSize();
    uint32_t offset = 0;
    // Copies bytes [from, from + count) of the packet to out.
    auto copy = [&packet](uint32_t from, uint32_t count, uint8_t* out) {
        if (from == 0 && count == packet->GetSize())
        {
            packet->CopyData(out, count);
        }
        else
        {
            packet->CreateFragment(from, count)->CopyData(out, count);
        }
    };
    while (offset < size)
    {
        if (!m_haveHeader)
        {
            const uint32_t take =
                std::min<uint32_t>(size - offset, CvlHeader::SIZE - m_head.size());
            const size_t have = m_head.size();
            m_head.resize(have + take);
            copy(offset, take, m_head.data() + have);
            offset += take;
            if (m_head.size() < CvlHeader::SIZE)
            {
                break;
            }
            m_current.header = CvlHeader::Parse(m_head.data(), m_head.size(), m_maxPayloadBytes);
            m_current.payload.clear();
            if (m_keepPayload)
            {
                m_current.payload.reserve(m_current.header.payloadBytes);
            }
            m_haveHeader = true;
            m_payloadRead = 0;
        }
        const uint64_t take =
            std::min<uint64_t>(size - offset, m_current.header.payloadBytes - m_payloadRead);
        if (m_keepPayload)
        {
            const size_t have = m_current.payload.size();
            m_current.payload.resize(have + take);
            copy(offset, static_cast<uint32_t>(take), m_current.payload.data() + have);
        }
        offset += take;
        m_payloadRead += take;
        if (m_payloadRead == m_current.header.payloadBytes)
        {
            m_done.push_back(std::move(m_current));
            m_current = Message();
            m_head.clear();
            m_haveHeader = false;
            m_payloadRead = 0;
        }
    }
}

bool
CvlMessageReader::Next(Message& message)
{
    if (m_done.empty())
    {
        return false;
    }
    message = std::move(m_done.front());
    m_done.pop_front();
    return true;
}

uint64_t
CvlMessageReader::GetPartialBytes() const
{
    return m_head.size() + m_payloadRead;
}

} // namespace sagin
} // namespace ns3
