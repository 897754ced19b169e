// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SAGIN_NET_DEVICE_HELPER_H
#define SAGIN_SAGIN_NET_DEVICE_HELPER_H

#include "ns3/geo-frame.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/node-role.h"
#include "ns3/object-factory.h"
#include "ns3/sagin-channel.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Installs a SaginNetDevice on nodes and attaches them all to one SaginChannel.
 *
 * Nodes must have their role (NodeRole, aggregated by the role helpers) before Install(). Each
 * device starts from its role's radio defaults, then the attributes set for all roles, then those
 * set for its role. A SaginNetDevice attribute whose default was changed (Config::SetDefault, a
 * scenario's "defaults", a --ns3::sagin::SaginNetDevice::NAME option) to a value other than the
 * registered one takes that value for every role instead of the role's entry here (CvlScenario
 * also sets its scenario's device defaults with SetDeviceAttribute, so that a value equal to the
 * registered one applies too):
 *
 * | role         | TxPowerDbm | TxGainDbi | RxGainDbi | NoiseFigureDb | BandwidthHz |
 * |--------------|-----------:|----------:|----------:|--------------:|------------:|
 * | satellite    | 33         | 30        | 30        | 3             | 100e6       |
 * | UAV          | 23         | 3         | 3         | 7             | 20e6        |
 * | vehicle      | 23         | 0         | 0         | 7             | 20e6        |
 * | base station | 43         | 15        | 15        | 5             | 100e6       |
 *
 * The channel's loss models are the ones chosen with SetPropagationLoss(), by default:
 * | class           | model                                   | carrier   |
 * |-----------------|-----------------------------------------|-----------|
 * | ground          | ns-3's ThreeGppUmaPropagationLossModel  | 3.5 GHz   |
 * | air-to-ground   | AlHouraniPropagationLossModel (urban)   | 2 GHz     |
 * | space-to-ground | NtnPropagationLossModel (urban, S band, mask 10°) | 2 GHz |
 * | inter-satellite | FriisPropagationLossModel               | 26 GHz    |
 * The 3GPP ground model is set with EnforceParameterRanges false, so that geometries outside
 * TR 38.901's validity range are extrapolated (ns-3 logs a warning) instead of aborting.
 *
 * Devices get fresh MAC addresses and a NetDeviceQueueInterface connected to their transmit
 * queue, so that the traffic-control layer sees when the queue is full (flow control).
 */
class SaginNetDeviceHelper
{
  public:
    SaginNetDeviceHelper();

    /**
     * @param name an attribute of ns3::sagin::SaginChannel
     * @param value its value
     */
    void SetChannelAttribute(const std::string& name, const AttributeValue& value);

    /**
     * @param name an attribute of ns3::sagin::SaginNetDevice, for every role
     * @param value its value
     */
    void SetDeviceAttribute(const std::string& name, const AttributeValue& value);

    /**
     * @param role the role whose devices get the value
     * @param name an attribute of ns3::sagin::SaginNetDevice
     * @param value its value
     */
    void SetDeviceAttribute(NodeRole::Role role,
                            const std::string& name,
                            const AttributeValue& value);

    /**
     * @brief Choose a link class's propagation loss model.
     * @param linkClass the class
     * @param typeName a PropagationLossModel TypeId name
     * @throws std::invalid_argument when the type is unknown or not a PropagationLossModel
     */
    void SetPropagationLoss(SaginChannel::LinkClass linkClass, const std::string& typeName);

    /**
     * @param linkClass the class
     * @param name an attribute of its propagation loss model
     * @param value its value
     */
    void SetPropagationLossAttribute(SaginChannel::LinkClass linkClass,
                                     const std::string& name,
                                     const AttributeValue& value);

    /// @param frame the scenario's local frame, given to the channel and its loss models
    void SetFrame(const GeoFrame& frame);

    /**
     * @brief Install a device on each node, attached to this helper's channel (created on the
     *        first call).
     * @param nodes the nodes; each must have a NodeRole and a MobilityModel
     * @return the devices, in the order of @p nodes
     * @throws std::invalid_argument naming a node without role or mobility
     */
    NetDeviceContainer Install(const NodeContainer& nodes);

    /// @return the channel (created if not yet)
    Ptr<SaginChannel> GetChannel();

    /**
     * @brief Assign fixed random variable streams to the channel's loss models.
     * @param stream first stream index to use
     * @return the number of stream indices assigned
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * @brief Fill the ARP caches of @p devices (with IPv4 installed) for the pairs that can
     *        exchange frames in a SAGIN: every pair but two satellites.
     *
     * NeighborCacheHelper::PopulateNeighborCache() fills every pair of a channel, which for a
     * shell of thousands of satellites is millions of entries that nothing uses (there is no
     * traffic between satellites in the job); such traffic, in a script, still resolves its
     * addresses by ARP. The entries are auto-generated ones, as NeighborCacheHelper makes.
     * @param devices SaginNetDevices on one channel
     * @return the number of entries added
     */
    static uint64_t PopulateArpCaches(const NetDeviceContainer& devices);

  private:
    ObjectFactory m_channelFactory; //!< channel attributes
    ObjectFactory m_lossFactory[4]; //!< loss model per class
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_deviceAttributes; //!< all roles
    std::map<NodeRole::Role, std::vector<std::pair<std::string, Ptr<AttributeValue>>>>
        m_roleAttributes;        //!< per role
    GeoFrame m_frame;            //!< scenario frame
    Ptr<SaginChannel> m_channel; //!< the channel
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SAGIN_NET_DEVICE_HELPER_H
