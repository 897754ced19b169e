// SPDX-License-Identifier: GPL-2.0-only

#include "tri-co-cost-model.h"

#include "ns3/attribute-container.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginTriCoCostModel");

NS_OBJECT_ENSURE_REGISTERED(TriCoCostModel);

namespace
{

// Constant arrays, not vectors: GetTypeId() runs during static initialisation, possibly before
// dynamically initialised objects of this file exist.

/// Built-in profile of each device kind of the experiment.
constexpr const char* UAV_BUILTIN = "quadro-p400";
constexpr const char* VEHICLE_BUILTIN = "drive-agx-xavier";
constexpr const char* SERVER_BUILTIN = "edge-server";

/// Confidentiality cost per split point, from the experiment's open- and closed-box attacks.
constexpr double PUBLISHED_PRIVACY_COSTS[] =
    {0.96122, 0.608901, 0.57954889, 0.593044, 0.535525, 0.007155, 0.054303};

/// Exchanged feature elements per split point as the experiment lists them (split 4: typo kept).
constexpr uint64_t PUBLISHED_EXCHANGED_ELEMENTS[] =
    {2359296, 2359296, 2359296, 2359296, 1179628, 589824, 294912};

/// Cumulative head workload of ResNet-50 with USAM at 384×384 per split point, in G
/// multiply-accumulates, which the experiment used as FLOPs.
constexpr double PUBLISHED_HEAD_LOADS_GFLOP[] =
    {0.3468, 0.3519, 2.3408, 2.3409, 5.3791, 9.6951, 12.077};

/// Giga, for the workloads given in GFLOP.
constexpr double FLOP_PER_GFLOP = 1e9;

} // namespace

TypeId
TriCoCostModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::TriCoCostModel")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<TriCoCostModel>()
            .AddAttribute("UavProfile",
                          "Compute profile of the UAV (default: the built-in quadro-p400).",
                          PointerValue(),
                          MakePointerAccessor(&TriCoCostModel::m_uavProfile),
                          MakePointerChecker<DeviceProfile>())
            .AddAttribute("VehicleProfile",
                          "Compute profile of the vehicle (default: the built-in "
                          "drive-agx-xavier).",
                          PointerValue(),
                          MakePointerAccessor(&TriCoCostModel::m_vehicleProfile),
                          MakePointerChecker<DeviceProfile>())
            .AddAttribute("ServerProfile",
                          "Compute profile of the edge server (default: the built-in "
                          "edge-server).",
                          PointerValue(),
                          MakePointerAccessor(&TriCoCostModel::m_serverProfile),
                          MakePointerChecker<DeviceProfile>())
            .AddAttribute("UavImages",
                          "Images per UAV decision, n_UAV.",
                          UintegerValue(3),
                          MakeUintegerAccessor(&TriCoCostModel::m_uavImages),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("VehicleImages",
                          "Images per vehicle decision, n_vehicle.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&TriCoCostModel::m_vehicleImages),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("UplinkRateElementsPerSecond",
                          "Uplink rate R, in feature-tensor elements per second "
                          "(the experiment's 100·1024·1024/4).",
                          DoubleValue(100.0 * 1024 * 1024 / 4),
                          MakeDoubleAccessor(&TriCoCostModel::m_uplinkRateElementsPerSecond),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("TxPowerW",
                          "Transmit power p of the device, in W.",
                          DoubleValue(0.1),
                          MakeDoubleAccessor(&TriCoCostModel::m_txPowerW),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("ServerRateGuardFlopsPerSecond",
                          "Guard g added to the server's effective rate, in FLOP/s.",
                          DoubleValue(1e-8),
                          MakeDoubleAccessor(&TriCoCostModel::m_serverRateGuardFlopsPerSecond),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("LatencyWeight",
                          "Weight w_T of the latency in the reward, per s.",
                          DoubleValue(0.4),
                          MakeDoubleAccessor(&TriCoCostModel::m_latencyWeight),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("EnergyWeight",
                          "Weight w_E of the energy in the reward, per J.",
                          DoubleValue(0.3),
                          MakeDoubleAccessor(&TriCoCostModel::m_energyWeight),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("PrivacyWeight",
                          "Weight w_P of the confidentiality cost in the reward.",
                          DoubleValue(0.3),
                          MakeDoubleAccessor(&TriCoCostModel::m_privacyWeight),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute(
                "PrivacyCosts",
                "Confidentiality cost per split point, comma-separated, in [0, 1].",
                AttributeContainerValue<DoubleValue>(std::begin(PUBLISHED_PRIVACY_COSTS),
                                                     std::end(PUBLISHED_PRIVACY_COSTS)),
                MakeAttributeContainerAccessor<DoubleValue, std::list>(
                    &TriCoCostModel::m_privacyCosts),
                MakeAttributeContainerChecker<DoubleValue>(MakeDoubleChecker<double>(0.0, 1.0)))
            .AddAttribute(
                "ExchangedElements",
                "Feature-tensor elements sent per image at each split point, "
                "comma-separated.",
                AttributeContainerValue<UintegerValue>(std::begin(PUBLISHED_EXCHANGED_ELEMENTS),
                                                       std::end(PUBLISHED_EXCHANGED_ELEMENTS)),
                MakeAttributeContainerAccessor<UintegerValue, std::list>(
                    &TriCoCostModel::m_exchangedElements),
                MakeAttributeContainerChecker<UintegerValue>(MakeUintegerChecker<uint64_t>()))
            .AddAttribute(
                "HeadLoadsGflop",
                "Cumulative workload of the head at each split point, in GFLOP "
                "(the experiment counted multiply-accumulates), comma-separated.",
                AttributeContainerValue<DoubleValue>(std::begin(PUBLISHED_HEAD_LOADS_GFLOP),
                                                     std::end(PUBLISHED_HEAD_LOADS_GFLOP)),
                MakeAttributeContainerAccessor<DoubleValue, std::list>(
                    &TriCoCostModel::m_headLoadsGflop),
                MakeAttributeContainerChecker<DoubleValue>(MakeDoubleChecker<double>(0.0)))
            .AddAttribute("ModelLoadGflop",
                          "Workload of the whole model, in GFLOP; the tail's is this minus "
                          "the head's.",
                          DoubleValue(12.0789),
                          MakeDoubleAccessor(&TriCoCostModel::m_modelLoadGflop),
                          MakeDoubleChecker<double>(0.0));
    return tid;
}

TriCoCostModel::TriCoCostModel()
    : m_uavProfile(DeviceProfile::GetBuiltin(UAV_BUILTIN)),
      m_vehicleProfile(DeviceProfile::GetBuiltin(VEHICLE_BUILTIN)),
      m_serverProfile(DeviceProfile::GetBuiltin(SERVER_BUILTIN))
{
    NS_LOG_FUNCTION(this);
}

TriCoCostModel::~TriCoCostModel()
{
    NS_LOG_FUNCTION(this);
}

Ptr<DeviceProfile>
TriCoCostModel::GetServerProfile() const
{
    return m_serverProfile;
}

Ptr<DeviceProfile>
TriCoCostModel::GetDeviceProfile(Device device) const
{
    return device == UAV ? m_uavProfile : m_vehicleProfile;
}

uint32_t
TriCoCostModel::GetImages(Device device) const
{
    return device == UAV ? m_uavImages : m_vehicleImages;
}

std::string
TriCoCostModel::GetDeviceName(Device device)
{
    return device == UAV ? "uav" : "vehicle";
}

uint32_t
TriCoCostModel::GetNSplits() const
{
    const auto n = m_headLoadsGflop.size();
    if (n == 0 || m_privacyCosts.size() != n || m_exchangedElements.size() != n)
    {
        std::ostringstream msg;
        msg << "ns3::sagin::TriCoCostModel: PrivacyCosts, ExchangedElements and HeadLoadsGflop "
            << "must list the same number (> 0) of split points, got " << m_privacyCosts.size()
            << ", " << m_exchangedElements.size() << " and " << n;
        throw std::invalid_argument(msg.str());
    }
    return static_cast<uint32_t>(n);
}

TriCoCost
TriCoCostModel::Evaluate(Device device, uint32_t split) const
{
    NS_LOG_FUNCTION(this << device << split);
    const uint32_t nSplits = GetNSplits();
    if (split >= nSplits)
    {
        std::ostringstream msg;
        msg << "ns3::sagin::TriCoCostModel: split point " << split << " out of range 0.."
            << nSplits - 1;
        throw std::invalid_argument(msg.str());
    }
    if (m_headLoadsGflop[split] > m_modelLoadGflop)
    {
        std::ostringstream msg;
        msg << "ns3::sagin::TriCoCostModel: HeadLoadsGflop[" << split
            << "] = " << m_headLoadsGflop[split]
            << " exceeds ModelLoadGflop = " << m_modelLoadGflop;
        throw std::invalid_argument(msg.str());
    }
    if (!(m_uplinkRateElementsPerSecond > 0.0))
    {
        throw std::invalid_argument(
            "ns3::sagin::TriCoCostModel: UplinkRateElementsPerSecond must be > 0");
    }

    const Ptr<const DeviceProfile> dev = GetDeviceProfile(device);
    const Ptr<const DeviceProfile> srv = m_serverProfile;
    const double n = GetImages(device);
    const double devLoad = m_headLoadsGflop[split] * FLOP_PER_GFLOP;
    const double srvLoad = (m_modelLoadGflop - m_headLoadsGflop[split]) * FLOP_PER_GFLOP;

    TriCoCost c;
    // Latency, with the operations in the experiment's order.
    c.deviceTimeS = devLoad * n / dev->GetEffectiveFlopsPerSecond();
    c.serverTimeS =
        srvLoad * n / (srv->GetEffectiveFlopsPerSecond() + m_serverRateGuardFlopsPerSecond);
    c.txTimeS = m_exchangedElements[split] / m_uplinkRateElementsPerSecond * n;
    c.latencyS = c.deviceTimeS + c.serverTimeS + c.txTimeS;
    // Energy: device at P/F without its utilisation, server at P·u/F, transmission n·p·T_tx.
    c.computeEnergyJ =
        (devLoad * dev->GetBusyPowerW() / dev->GetPeakFlopsPerSecond() +
         srvLoad * srv->GetBusyPowerW() * srv->GetUtilisation() / srv->GetPeakFlopsPerSecond()) *
        n;
    c.txEnergyJ = n * m_txPowerW * c.txTimeS;
    c.energyJ = c.computeEnergyJ + c.txEnergyJ;
    c.privacy = m_privacyCosts[split];
    c.reward =
        -m_latencyWeight * c.latencyS - m_energyWeight * c.energyJ - m_privacyWeight * c.privacy;
    NS_LOG_DEBUG(GetDeviceName(device) << " split " << split << ": T=" << c.latencyS
                                       << " s, E=" << c.energyJ << " J, reward " << c.reward);
    return c;
}

double
TriCoCostModel::GetEffect(uint32_t uavSplit, uint32_t vehicleSplit) const
{
    return std::abs(Evaluate(UAV, uavSplit).reward) +
           std::abs(Evaluate(VEHICLE, vehicleSplit).reward);
}

TriCoCostModel::Optimum
TriCoCostModel::FindOptimum() const
{
    NS_LOG_FUNCTION(this);
    const uint32_t nSplits = GetNSplits();
    Optimum best;
    best.effect = std::numeric_limits<double>::infinity();
    for (uint32_t u = 0; u < nSplits; ++u)
    {
        for (uint32_t v = 0; v < nSplits; ++v)
        {
            const double effect = GetEffect(u, v);
            if (effect < best.effect)
            {
                best = {u, v, effect};
            }
        }
    }
    return best;
}

} // namespace sagin
} // namespace ns3
