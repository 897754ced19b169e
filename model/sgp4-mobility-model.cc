// SPDX-License-Identifier: GPL-2.0-only

#include "sgp4-mobility-model.h"

#include "ns3/log.h"
#include "ns3/string.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginSgp4MobilityModel");

NS_OBJECT_ENSURE_REGISTERED(Sgp4MobilityModel);

TypeId
Sgp4MobilityModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::Sgp4MobilityModel")
            .SetParent<OrbitMobilityModel>()
            .SetGroupName("Sagin")
            .AddConstructor<Sgp4MobilityModel>()
            .AddAttribute("ElementSet",
                          "The two-line element set to follow: its two lines, or a name line and "
                          "its two lines, separated by '\\n' (empty: none). Near-Earth orbits "
                          "only (period below 225 min).",
                          StringValue(""),
                          MakeStringAccessor(&Sgp4MobilityModel::SetElementSetText,
                                             &Sgp4MobilityModel::GetElementSetText),
                          MakeStringChecker());
    return tid;
}

Sgp4MobilityModel::Sgp4MobilityModel()
{
    NS_LOG_FUNCTION(this);
}

Sgp4MobilityModel::~Sgp4MobilityModel()
{
    NS_LOG_FUNCTION(this);
}

void
Sgp4MobilityModel::SetElementSet(const TwoLineElementSet& elements)
{
    NS_LOG_FUNCTION(this << elements.GetLabel());
    m_propagator.emplace(elements);
    InvalidateCache();
}

bool
Sgp4MobilityModel::HasElementSet() const
{
    return m_propagator.has_value();
}

const TwoLineElementSet&
Sgp4MobilityModel::GetElementSet() const
{
    if (!m_propagator)
    {
        throw std::runtime_error("Sgp4MobilityModel: no element set (set the ElementSet "
                                 "attribute or call SetElementSet)");
    }
    return m_propagator->GetElementSet();
}

void
Sgp4MobilityModel::SetElementSetText(const std::string& text)
{
    NS_LOG_FUNCTION(this << text);
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    {
        m_propagator.reset();
        InvalidateCache();
        return;
    }
    SetElementSet(TwoLineElementSet::ParseOne(text, "ns3::sagin::Sgp4MobilityModel::ElementSet"));
}

std::string
Sgp4MobilityModel::GetElementSetText() const
{
    return m_propagator ? m_propagator->GetElementSet().ToString() : "";
}

void
Sgp4MobilityModel::GetInertialState(double secondsSinceEpoch,
                                    Vector& positionM,
                                    Vector& velocityMps) const
{
    const TwoLineElementSet& elements = GetElementSet();
    const double minutes =
        (GetEpoch().SecondsSince(elements.GetEpoch()) + secondsSinceEpoch) / 60.0;
    Vector positionKm;
    Vector velocityKmPerS;
    m_propagator->Propagate(minutes, positionKm, velocityKmPerS);
    positionM = Vector(positionKm.x * 1e3, positionKm.y * 1e3, positionKm.z * 1e3);
    velocityMps = Vector(velocityKmPerS.x * 1e3, velocityKmPerS.y * 1e3, velocityKmPerS.z * 1e3);
}

} // namespace sagin
} // namespace ns3
