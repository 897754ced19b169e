// SPDX-License-Identifier: GPL-2.0-only

#include "split-cost-model.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <sstream>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginSplitCostModel");

NS_OBJECT_ENSURE_REGISTERED(SplitCostModel);

namespace
{

/// Bits per byte.
constexpr double BITS_PER_BYTE = 8.0;

} // namespace

TypeId
SplitCostModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::SplitCostModel")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<SplitCostModel>()
            .AddAttribute("Codec",
                          "Encoding of the features whose size is sent: fp32, fp16 or int8 "
                          "(the split profile's encoded sizes, codec header included).",
                          EnumValue(SplitCostModel::FP32),
                          MakeEnumAccessor(&SplitCostModel::m_codec),
                          MakeEnumChecker(SplitCostModel::FP32,
                                          "fp32",
                                          SplitCostModel::FP16,
                                          "fp16",
                                          SplitCostModel::INT8,
                                          "int8"))
            .AddAttribute("RequestHeaderBytes",
                          "Application header of a request, sent with the features, in bytes.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&SplitCostModel::m_requestHeaderBytes),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("ReplyBytes",
                          "Application reply of the edge server, in bytes.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&SplitCostModel::m_replyBytes),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("TxPowerW",
                          "Power drawn by the device's radio while it sends, in W.",
                          DoubleValue(0.1),
                          MakeDoubleAccessor(&SplitCostModel::m_txPowerW),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("ProtocolOverhead",
                          "Factor (>= 1) on the application bytes for the transport, network "
                          "and MAC headers and segmentation, e.g. 1.03 for 1472-byte UDP "
                          "datagrams in 1500-byte IPv4 packets with a 16-byte MAC header.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&SplitCostModel::m_protocolOverhead),
                          MakeDoubleChecker<double>(1.0));
    return tid;
}

SplitCostModel::SplitCostModel()
    : m_server(DeviceProfile::GetBuiltin("edge-server")),
      m_codec(FP32),
      m_requestHeaderBytes(0),
      m_replyBytes(0),
      m_txPowerW(0.1),
      m_protocolOverhead(1.0)
{
    NS_LOG_FUNCTION(this);
    m_devices["uav"] = DeviceProfile::GetBuiltin("quadro-p400");
    m_devices["vehicle"] = DeviceProfile::GetBuiltin("drive-agx-xavier");
}

SplitCostModel::~SplitCostModel()
{
    NS_LOG_FUNCTION(this);
}

std::invalid_argument
SplitCostModel::Error(const std::string& what) const
{
    return std::invalid_argument(GetInstanceTypeId().GetName() + ": " + what);
}

void
SplitCostModel::SetProfiles(std::vector<SplitPointProfile> profiles)
{
    NS_LOG_FUNCTION(this << profiles.size());
    m_profiles = std::move(profiles);
}

const std::vector<SplitPointProfile>&
SplitCostModel::GetProfiles() const
{
    return m_profiles;
}

uint32_t
SplitCostModel::GetNSplitPoints() const
{
    if (m_profiles.empty())
    {
        throw Error("no split profiles (call SetProfiles)");
    }
    return static_cast<uint32_t>(m_profiles.size());
}

void
SplitCostModel::SetDeviceProfile(const std::string& role, Ptr<DeviceProfile> profile)
{
    NS_LOG_FUNCTION(this << role << profile);
    if (role.empty())
    {
        throw Error("SetDeviceProfile: empty role");
    }
    if (!profile)
    {
        throw Error("SetDeviceProfile: no profile (null pointer) for role '" + role + "'");
    }
    m_devices[role] = profile;
}

Ptr<DeviceProfile>
SplitCostModel::GetDeviceProfile(const std::string& role) const
{
    const auto it = m_devices.find(role);
    if (it == m_devices.end())
    {
        std::ostringstream known;
        for (const auto& [name, profile] : m_devices)
        {
            known << (known.tellp() > 0 ? ", " : "") << name;
        }
        throw Error("no device profile for role '" + role + "' (known: " + known.str() + ")");
    }
    return it->second;
}

void
SplitCostModel::SetServerProfile(Ptr<DeviceProfile> profile)
{
    NS_LOG_FUNCTION(this << profile);
    if (!profile)
    {
        throw Error("SetServerProfile: no profile (null pointer)");
    }
    m_server = profile;
}

Ptr<DeviceProfile>
SplitCostModel::GetServerProfile() const
{
    return m_server;
}

uint64_t
SplitCostModel::GetBytesPerImage(uint32_t split) const
{
    const uint32_t nSplits = GetNSplitPoints();
    if (split >= nSplits)
    {
        throw Error("split point " + std::to_string(split) + " out of range 0.." +
                    std::to_string(nSplits - 1));
    }
    const SplitPointProfile& profile = m_profiles[split];
    switch (m_codec)
    {
    case FP16:
        return profile.encodedFp16;
    case INT8:
        return profile.encodedInt8;
    case FP32:
    default:
        return profile.encodedFp32;
    }
}

SplitCost
SplitCostModel::Predict(const SplitObservation& observation, uint32_t split) const
{
    NS_LOG_FUNCTION(this << observation.node << split);
    const uint64_t bytesPerImage = GetBytesPerImage(split);
    const Ptr<const DeviceProfile> device = GetDeviceProfile(observation.role);
    const double rateBps = observation.rateBps;
    if (!(rateBps > 0.0))
    {
        std::ostringstream msg;
        msg << "uplink rate must be > 0 bit/s to predict a cost, got " << rateBps;
        throw Error(msg.str());
    }
    if (observation.nImages == 0)
    {
        throw Error("a request of 0 images");
    }
    if (!(observation.propagationDelayS >= 0.0) || !std::isfinite(observation.propagationDelayS))
    {
        std::ostringstream msg;
        msg << "propagation delay must be a finite number >= 0 s, got "
            << observation.propagationDelayS;
        throw Error(msg.str());
    }
    if (!(observation.serverBacklogS >= 0.0) || !std::isfinite(observation.serverBacklogS))
    {
        std::ostringstream msg;
        msg << "server backlog must be a finite number >= 0 s, got " << observation.serverBacklogS;
        throw Error(msg.str());
    }

    const SplitPointProfile& profile = m_profiles[split];
    const double n = observation.nImages;
    SplitCost c;
    c.payloadBytes = observation.nImages * bytesPerImage;
    c.tComputeDeviceS = n * profile.headMacs / device->GetEffectiveFlopsPerSecond();
    c.tTxRequestS = m_protocolOverhead * BITS_PER_BYTE *
                    (double(c.payloadBytes) + double(m_requestHeaderBytes)) / rateBps;
    c.tTxS = c.tTxRequestS + m_protocolOverhead * BITS_PER_BYTE * double(m_replyBytes) / rateBps;
    c.tPropS = 2.0 * observation.propagationDelayS;
    c.tQueueS = observation.serverBacklogS;
    c.tComputeServerS = n * profile.tailMacs / m_server->GetEffectiveFlopsPerSecond();
    c.latencyS = c.tComputeDeviceS + c.tTxS + c.tPropS + c.tQueueS + c.tComputeServerS;
    c.energyComputeJ = device->GetBusyPowerW() * c.tComputeDeviceS;
    c.energyTxJ = m_txPowerW * c.tTxRequestS;
    c.energyServerJ = m_server->GetBusyPowerW() * c.tComputeServerS;
    c.energyJ = c.energyComputeJ + c.energyTxJ + c.energyServerJ;
    NS_LOG_DEBUG(observation.role << " node " << observation.node << " split " << split
                                  << ": latency " << c.latencyS << " s, energy " << c.energyJ
                                  << " J");
    return c;
}

} // namespace sagin
} // namespace ns3
