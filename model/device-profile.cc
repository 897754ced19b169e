// SPDX-License-Identifier: GPL-2.0-only

#include "device-profile.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/string.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginDeviceProfile");

NS_OBJECT_ENSURE_REGISTERED(DeviceProfile);

namespace
{

/// One row of the built-in profile table.
struct BuiltinProfile
{
    const char* name;          //!< profile name
    double peakFlopsPerSecond; //!< peak rate, FLOP/s
    double utilisation;        //!< achieved share of the peak
    double busyPowerW;         //!< power while computing, W
    double idlePowerW;         //!< power while idle, W
};

/// The published experiment's devices (REFERENCE.md, "Tri-Co cost model of the experiment"),
/// and a satellite's on-board computer (see the class documentation).
constexpr BuiltinProfile BUILTIN_PROFILES[] = {
    {"quadro-p400", 0.641e12, 0.1, 30.0, 0.0},
    {"drive-agx-xavier", 1.3e12, 0.1, 20.0, 0.0},
    {"edge-server", 330e12, 0.1, 450.0, 0.0},
    // Jetson TX2i: 256 CUDA cores × 2 FLOP × 1.26 GHz, 20 W maximum module power.
    {"satellite-payload", 645.12e9, 0.1, 20.0, 0.0},
};

} // namespace

TypeId
DeviceProfile::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::DeviceProfile")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<DeviceProfile>()
            .AddAttribute("Name",
                          "Name of the profile, used in traces and messages.",
                          StringValue("quadro-p400"),
                          MakeStringAccessor(&DeviceProfile::m_name),
                          MakeStringChecker())
            .AddAttribute("PeakFlopsPerSecond",
                          "Peak floating-point rate, in FLOP/s (default: Quadro P400, FP32).",
                          DoubleValue(0.641e12),
                          MakeDoubleAccessor(&DeviceProfile::m_peakFlopsPerSecond),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("Utilisation",
                          "Share of the peak rate that a workload achieves, in (0, 1].",
                          DoubleValue(0.1),
                          MakeDoubleAccessor(&DeviceProfile::m_utilisation),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("BusyPowerW",
                          "Power drawn while computing, in W.",
                          DoubleValue(30.0),
                          MakeDoubleAccessor(&DeviceProfile::m_busyPowerW),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("IdlePowerW",
                          "Power drawn while not computing, in W.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&DeviceProfile::m_idlePowerW),
                          MakeDoubleChecker<double>(0.0));
    return tid;
}

DeviceProfile::DeviceProfile()
{
    NS_LOG_FUNCTION(this);
}

DeviceProfile::~DeviceProfile()
{
    NS_LOG_FUNCTION(this);
}

Ptr<DeviceProfile>
DeviceProfile::GetBuiltin(const std::string& name)
{
    NS_LOG_FUNCTION(name);
    for (const auto& row : BUILTIN_PROFILES)
    {
        if (name == row.name)
        {
            return CreateObjectWithAttributes<DeviceProfile>("Name",
                                                             StringValue(row.name),
                                                             "PeakFlopsPerSecond",
                                                             DoubleValue(row.peakFlopsPerSecond),
                                                             "Utilisation",
                                                             DoubleValue(row.utilisation),
                                                             "BusyPowerW",
                                                             DoubleValue(row.busyPowerW),
                                                             "IdlePowerW",
                                                             DoubleValue(row.idlePowerW));
        }
    }
    std::ostringstream known;
    for (const auto& builtin : GetBuiltinNames())
    {
        known << (known.tellp() > 0 ? ", " : "") << builtin;
    }
    throw std::invalid_argument("unknown device profile '" + name + "' (built-in: " + known.str() +
                                ")");
}

std::vector<std::string>
DeviceProfile::GetBuiltinNames()
{
    std::vector<std::string> names;
    for (const auto& row : BUILTIN_PROFILES)
    {
        names.emplace_back(row.name);
    }
    return names;
}

std::string
DeviceProfile::GetName() const
{
    return m_name;
}

double
DeviceProfile::GetPeakFlopsPerSecond() const
{
    return m_peakFlopsPerSecond;
}

double
DeviceProfile::GetUtilisation() const
{
    return m_utilisation;
}

double
DeviceProfile::GetBusyPowerW() const
{
    return m_busyPowerW;
}

double
DeviceProfile::GetIdlePowerW() const
{
    return m_idlePowerW;
}

void
DeviceProfile::CheckComputable() const
{
    if (!(m_peakFlopsPerSecond > 0.0) || !std::isfinite(m_peakFlopsPerSecond))
    {
        std::ostringstream msg;
        msg << "device profile '" << m_name
            << "': PeakFlopsPerSecond must be positive and finite, got " << m_peakFlopsPerSecond;
        throw std::invalid_argument(msg.str());
    }
    if (!(m_utilisation > 0.0))
    {
        std::ostringstream msg;
        msg << "device profile '" << m_name << "': Utilisation must be in (0, 1], got "
            << m_utilisation;
        throw std::invalid_argument(msg.str());
    }
}

double
DeviceProfile::GetEffectiveFlopsPerSecond() const
{
    CheckComputable();
    return m_peakFlopsPerSecond * m_utilisation;
}

Time
DeviceProfile::GetComputeTime(double flop) const
{
    NS_LOG_FUNCTION(this << flop);
    if (!(flop >= 0.0) || !std::isfinite(flop))
    {
        std::ostringstream msg;
        msg << "device profile '" << m_name << "': workload must be a finite number >= 0 FLOP, got "
            << flop;
        throw std::invalid_argument(msg.str());
    }
    return Seconds(flop / GetEffectiveFlopsPerSecond());
}

double
DeviceProfile::GetComputeEnergyJ(double flop) const
{
    NS_LOG_FUNCTION(this << flop);
    return m_busyPowerW * GetComputeTime(flop).GetSeconds();
}

double
DeviceProfile::GetIdleEnergyJ(Time duration) const
{
    NS_LOG_FUNCTION(this << duration);
    if (duration.IsStrictlyNegative())
    {
        std::ostringstream msg;
        msg << "device profile '" << m_name << "': idle duration must be >= 0, got " << duration;
        throw std::invalid_argument(msg.str());
    }
    return m_idlePowerW * duration.GetSeconds();
}

} // namespace sagin
} // namespace ns3
