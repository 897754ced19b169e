// SPDX-License-Identifier: GPL-2.0-only

#include "split-controller.h"

#include "input-file.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/string.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>

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

/**
 * @param value a JSON value
 * @return its text, cut to 60 characters
 */
std::string
Short(const nlohmann::json& value)
{
    const std::string text = value.dump();
    return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

/**
 * @param path a confidentiality profile
 * @param names if not null, receives the split points' names
 * @param where the start of each error message, e.g. "p.json"
 * @return the cost of each split point
 * @throws std::invalid_argument "WHERE: $.json.path: what is wrong"
 */
std::vector<double>
ReadProfile(const std::string& path, std::vector<std::string>* names, const std::string& where)
{
    const auto fail = [&where](const std::string& what) {
        return std::invalid_argument(where + ": " + what);
    };
    struct stat info;
    if (stat(path.c_str(), &info) != 0)
    {
        throw fail(std::string("cannot read the file: ") + std::strerror(errno));
    }
    if (S_ISDIR(info.st_mode))
    {
        throw fail("is a folder, not a file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw fail(std::string("cannot read the file: ") + std::strerror(errno));
    }
    std::string text;
    if (!ReadAtMost(in, MAX_INPUT_FILE_BYTES, text))
    {
        throw fail("larger than 64 MiB, not a confidentiality profile");
    }
    if (in.bad())
    {
        throw fail("cannot read the file");
    }
    nlohmann::json doc;
    try
    {
        doc = json::Parse<nlohmann::json>(text);
    }
    catch (const std::invalid_argument& e)
    {
        throw fail(e.what());
    }
    if (!doc.is_object())
    {
        throw fail("$: must be an object, got " + Short(doc));
    }
    if (!doc.contains("splits"))
    {
        throw fail("$.splits: missing (an array of one object per split point, each with its "
                   "\"cost\")");
    }
    const nlohmann::json& splits = doc.at("splits");
    if (!splits.is_array())
    {
        throw fail("$.splits: must be an array of one object per split point, got " +
                   Short(splits));
    }
    if (splits.empty())
    {
        throw fail("$.splits: is empty (one object per split point)");
    }
    std::vector<double> costs;
    std::vector<std::string> found;
    std::map<std::string, size_t> seen; // name, index of its entry
    for (size_t i = 0; i < splits.size(); ++i)
    {
        const std::string at = "$.splits[" + std::to_string(i) + "]";
        const nlohmann::json& split = splits[i];
        if (!split.is_object())
        {
            throw fail(at + ": must be an object, got " + Short(split));
        }
        std::string name;
        if (split.contains("name"))
        {
            const nlohmann::json& value = split.at("name");
            if (!value.is_string() || value.get<std::string>().empty())
            {
                throw fail(at + ".name: must be a non-empty string, got " + Short(value));
            }
            name = value.get<std::string>();
            const auto [other, added] = seen.emplace(name, i);
            if (!added)
            {
                throw fail(at + ".name: " + Short(value) + " is also the name of $.splits[" +
                           std::to_string(other->second) + "]");
            }
        }
        if (!split.contains("cost"))
        {
            throw fail(at + ".cost: missing (a number in [0, 1])");
        }
        const nlohmann::json& cost = split.at("cost");
        if (!cost.is_number())
        {
            throw fail(at + ".cost: " + Short(cost) + " is not a number in [0, 1]");
        }
        const double value = cost.get<double>();
        if (!std::isfinite(value) || value < 0.0 || value > 1.0)
        {
            throw fail(at + ".cost: " + Short(cost) + " is not in [0, 1]");
        }
        costs.push_back(value);
        found.push_back(name);
    }
    if (names)
    {
        *names = std::move(found);
    }
    return costs;
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
            .AddAttribute("ConfidentialityFile",
                          "A confidentiality profile (JSON, as sagin-privacy writes it): the "
                          "\"cost\" of each entry of its \"splits\", in [0, 1], is the "
                          "confidentiality cost of that split point, instead of "
                          "Confidentiality's values (set at most one of the two); empty: none.",
                          StringValue(""),
                          MakeStringAccessor(&SplitController::m_confidentialityFile),
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

std::vector<double>
SplitController::ReadConfidentialityProfile(const std::string& path,
                                            std::vector<std::string>* names)
{
    return ReadProfile(path, names, path);
}

const std::vector<std::string>&
SplitController::GetConfidentialityNames() const
{
    return m_privacyNames;
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
    std::vector<std::string> names;
    if (!m_confidentialityFile.empty())
    {
        if (!privacy.empty())
        {
            throw Error("Confidentiality and ConfidentialityFile are both set: set one of them");
        }
        const std::string file =
            GetInstanceTypeId().GetName() + ": ConfidentialityFile '" + m_confidentialityFile + "'";
        privacy = ReadProfile(m_confidentialityFile, &names, file);
        if (privacy.size() != nSplits)
        {
            std::ostringstream msg;
            msg << file << ": $.splits has " << privacy.size()
                << " split points but the cost model has " << nSplits;
            throw std::invalid_argument(msg.str());
        }
    }
    else if (privacy.empty())
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
    m_privacyNames = std::move(names);
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
        m_privacyNames.clear();
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
