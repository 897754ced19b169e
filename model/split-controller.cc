// SPDX-License-Identifier: GPL-2.0-only

#include "split-controller.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/string.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginSplitController");

NS_OBJECT_ENSURE_REGISTERED(SplitController);

namespace
{

/// Confidentiality cost per split point of ResNet-50 with USAM, from the experiment's open- and
/// closed-box inversion attacks (REFERENCE.md).
constexpr double PUBLISHED_CONFIDENTIALITY[] =
    {0.96122, 0.608901, 0.57954889, 0.593044, 0.535525, 0.007155, 0.054303};

/**
 * @param text values separated by commas and/or white space
 * @param where the start of an error message, e.g. "ns3::sagin::X: Confidentiality"
 * @return the values, each checked to be a number in [0, 1]
 * @throws std::invalid_argument naming the first bad item
 */
std::vector<double>
ParseConfidentiality(const std::string& text, const std::string& where)
{
    std::string spaced = text;
    for (auto& c : spaced)
    {
        c = (c == ',') ? ' ' : c;
    }
    std::istringstream in(spaced);
    std::vector<double> values;
    std::string item;
    while (in >> item)
    {
        double value = 0.0;
        size_t used = 0;
        try
        {
            value = std::stod(item, &used);
        }
        catch (const std::exception&)
        {
            used = 0;
        }
        if (used != item.size() || !(value >= 0.0 && value <= 1.0))
        {
            throw std::invalid_argument(where + ": item " + std::to_string(values.size()) + " '" +
                                        item + "' is not a number in [0, 1]");
        }
        values.push_back(value);
    }
    return values;
}

} // namespace

TypeId
SplitController::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::SplitController")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddAttribute("LatencyWeight",
                          "Weight w_T of the latency in the reward, per s.",
                          DoubleValue(0.4),
                          MakeDoubleAccessor(&SplitController::m_latencyWeight),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("EnergyWeight",
                          "Weight w_E of the energy in the reward, per J.",
                          DoubleValue(0.3),
                          MakeDoubleAccessor(&SplitController::m_energyWeight),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("PrivacyWeight",
                          "Weight w_P of the confidentiality cost in the reward (unitless).",
                          DoubleValue(0.3),
                          MakeDoubleAccessor(&SplitController::m_privacyWeight),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("Confidentiality",
                          "Confidentiality cost of each split point, in [0, 1], separated by "
                          "commas or spaces; empty: the published costs of the 7 split points "
                          "of ResNet-50 with USAM (0.96122, 0.608901, 0.57954889, 0.593044, "
                          "0.535525, 0.007155, 0.054303).",
                          StringValue(""),
                          MakeStringAccessor(&SplitController::m_confidentialityText),
                          MakeStringChecker())
            .AddTraceSource("Decision",
                            "A split decision: the observation and the split point chosen.",
                            MakeTraceSourceAccessor(&SplitController::m_decisionTrace),
                            "ns3::sagin::SplitController::DecisionTracedCallback");
    return tid;
}

SplitController::SplitController()
    : m_latencyWeight(0.4),
      m_energyWeight(0.3),
      m_privacyWeight(0.3),
      m_nSplitPoints(0)
{
    NS_LOG_FUNCTION(this);
}

SplitController::~SplitController()
{
    NS_LOG_FUNCTION(this);
}

void
SplitController::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_costModel = nullptr;
    Object::DoDispose();
}

std::invalid_argument
SplitController::Error(const std::string& what) const
{
    return std::invalid_argument(GetInstanceTypeId().GetName() + ": " + what);
}

std::vector<double>
SplitController::GetPublishedConfidentiality()
{
    return {std::begin(PUBLISHED_CONFIDENTIALITY), std::end(PUBLISHED_CONFIDENTIALITY)};
}

void
SplitController::Configure(Ptr<SplitCostModel> costModel)
{
    NS_LOG_FUNCTION(this << costModel);
    if (!costModel)
    {
        throw Error("Configure: no cost model (null pointer)");
    }
    const uint32_t nSplits = costModel->GetNSplitPoints();
    const std::string where = GetInstanceTypeId().GetName() + ": Confidentiality";
    std::vector<double> privacy = ParseConfidentiality(m_confidentialityText, where);
    if (privacy.empty())
    {
        privacy = GetPublishedConfidentiality();
        if (privacy.size() != nSplits)
        {
            std::ostringstream msg;
            msg << where << " is empty, and its default is for " << privacy.size()
                << " split points while the cost model has " << nSplits
                << ": set one value per split point";
            throw std::invalid_argument(msg.str());
        }
    }
    else if (privacy.size() != nSplits)
    {
        std::ostringstream msg;
        msg << where << " has " << privacy.size() << " values but the cost model has " << nSplits
            << " split points";
        throw std::invalid_argument(msg.str());
    }
    m_privacy = std::move(privacy);
    m_costModel = costModel;
    m_nSplitPoints = nSplits;
    try
    {
        DoConfigure();
    }
    catch (...)
    {
        // Not configured: Decide() keeps refusing rather than using a refused setting.
        m_privacy.clear();
        m_costModel = nullptr;
        m_nSplitPoints = 0;
        throw;
    }
}

void
SplitController::DoConfigure()
{
}

void
SplitController::Learn(const SplitTransition& transition)
{
    NS_LOG_FUNCTION(this << transition.split << transition.reward);
}

uint32_t
SplitController::GetNSplitPoints() const
{
    if (m_nSplitPoints == 0)
    {
        throw std::logic_error(GetInstanceTypeId().GetName() +
                               ": Configure() was not called before use");
    }
    return m_nSplitPoints;
}

Ptr<SplitCostModel>
SplitController::GetCostModel() const
{
    GetNSplitPoints();
    return m_costModel;
}

double
SplitController::GetPrivacy(uint32_t split) const
{
    const uint32_t nSplits = GetNSplitPoints();
    if (split >= nSplits)
    {
        throw Error("split point " + std::to_string(split) + " out of range 0.." +
                    std::to_string(nSplits - 1));
    }
    return m_privacy[split];
}

double
SplitController::GetReward(double latencyS, double energyJ, uint32_t split) const
{
    return -(m_latencyWeight * latencyS + m_energyWeight * energyJ +
             m_privacyWeight * GetPrivacy(split));
}

bool
SplitController::IsShareable() const
{
    return false;
}

int64_t
SplitController::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    return 0;
}

uint32_t
SplitController::NotifyDecision(const SplitObservation& observation, uint32_t split)
{
    NS_LOG_FUNCTION(this << observation.node << split);
    if (split >= GetNSplitPoints())
    {
        throw std::logic_error(GetInstanceTypeId().GetName() + ": decided split point " +
                               std::to_string(split) + " out of range 0.." +
                               std::to_string(m_nSplitPoints - 1));
    }
    m_decisionTrace(observation, split);
    return split;
}

} // namespace sagin
} // namespace ns3
