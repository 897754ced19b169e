// SPDX-License-Identifier: GPL-2.0-only

#include "elevation-propagation-loss-model.h"

#include "ns3/log.h"

#include <limits>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginElevationPropagationLossModel");

NS_OBJECT_ENSURE_REGISTERED(ElevationPropagationLossModel);

TypeId
ElevationPropagationLossModel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::ElevationPropagationLossModel")
                            .SetParent<PropagationLossModel>()
                            .SetGroupName("Sagin");
    return tid;
}

ElevationPropagationLossModel::ElevationPropagationLossModel()
    : m_elevationMaskDeg(-90.0)
{
    NS_LOG_FUNCTION(this);
}

ElevationPropagationLossModel::~ElevationPropagationLossModel()
{
    NS_LOG_FUNCTION(this);
}

const GeoFrame&
ElevationPropagationLossModel::GetFrame() const
{
    return m_frame;
}

void
ElevationPropagationLossModel::SetFrame(const GeoFrame& frame)
{
    NS_LOG_FUNCTION(this << frame.GetLatitudeDeg() << frame.GetLongitudeDeg()
                         << frame.GetAltitudeM());
    m_frame = frame;
}

double
ElevationPropagationLossModel::GetElevationDeg(Ptr<MobilityModel> a, Ptr<MobilityModel> b) const
{
    const Vector pa = a->GetPosition();
    const Vector pb = b->GetPosition();
    return pa.z <= pb.z ? m_frame.GetElevationDeg(pa, pb) : m_frame.GetElevationDeg(pb, pa);
}

double
ElevationPropagationLossModel::GetElevationMaskDeg() const
{
    return m_elevationMaskDeg;
}

bool
ElevationPropagationLossModel::IsVisible(Ptr<MobilityModel> a, Ptr<MobilityModel> b) const
{
    return GetElevationDeg(a, b) >= m_elevationMaskDeg;
}

double
ElevationPropagationLossModel::DoCalcRxPower(double txPowerDbm,
                                             Ptr<MobilityModel> a,
                                             Ptr<MobilityModel> b) const
{
    NS_LOG_FUNCTION(this << txPowerDbm << a << b);
    const double elevationDeg = GetElevationDeg(a, b);
    if (elevationDeg < m_elevationMaskDeg)
    {
        return -std::numeric_limits<double>::infinity();
    }
    const double distanceM = a->GetDistanceFrom(b);
    if (distanceM <= 0.0)
    {
        return txPowerDbm;
    }
    return txPowerDbm - DoCalcLossDb(a, b, distanceM, elevationDeg);
}

void
ElevationPropagationLossModel::CheckElevationDeg(const char* function, double elevationDeg)
{
    if (!(elevationDeg >= -90.0 && elevationDeg <= 90.0))
    {
        std::ostringstream msg;
        msg << function << ": elevationDeg must be in [-90, 90], got " << elevationDeg;
        throw std::invalid_argument(msg.str());
    }
}

} // namespace sagin
} // namespace ns3
