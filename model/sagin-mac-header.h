// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SAGIN_MAC_HEADER_H
#define SAGIN_SAGIN_MAC_HEADER_H

#include "ns3/header.h"
#include "ns3/mac48-address.h"

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The 14-byte frame header of SaginNetDevice: destination and source MAC addresses and
 *        the protocol number (EtherType) of the payload.
 *
 * Its bytes count in every frame's airtime, like any other header.
 */
class SaginMacHeader : public Header
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    SaginMacHeader();

    /// @param address the destination address
    void SetDestination(Mac48Address address);
    /// @return the destination address
    Mac48Address GetDestination() const;
    /// @param address the source address
    void SetSource(Mac48Address address);
    /// @return the source address
    Mac48Address GetSource() const;
    /// @param protocol the payload's protocol number (EtherType)
    void SetProtocol(uint16_t protocol);
    /// @return the payload's protocol number
    uint16_t GetProtocol() const;

    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

    /// The header's size, in bytes.
    static constexpr uint32_t SIZE = 14;

  private:
    Mac48Address m_destination; //!< destination address
    Mac48Address m_source;      //!< source address
    uint16_t m_protocol;        //!< protocol number of the payload
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SAGIN_MAC_HEADER_H
