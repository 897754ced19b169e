// SPDX-License-Identifier: GPL-2.0-only

#include "split-controller-helper.h"

#include "attribute-check.h"

#include "ns3/log.h"
#include "ns3/string.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginSplitControllerHelper");

namespace
{

/// The start of every error message of the helper.
const std::string HELPER_NAME = "SplitControllerHelper: ";

/// The algorithm names and their TypeId names, in the order of GetAlgorithmNames().
const std::vector<std::pair<std::string, std::string>> ALGORITHMS = {
    {"actor-critic", "ns3::sagin::ActorCriticSplitController"},
    {"ppo", "ns3::sagin::PpoSplitController"},
    {"dqn", "ns3::sagin::DqnSplitController"},
    {"q-learning", "ns3::sagin::QLearningSplitController"},
    {"multi-q-learning", "ns3::sagin::MultiStepQLearningSplitController"},
    {"random", "ns3::sagin::RandomSplitController"},
    {"greedy-oracle", "ns3::sagin::GreedyOracleSplitController"},
};

/// The prefix of the fixed controllers' names.
const std::string FIXED_PREFIX = "fixed-";

} // namespace

SplitControllerHelper::SplitControllerHelper()
{
    m_factory.SetTypeId("ns3::sagin::FixedSplitController");
}

void
SplitControllerHelper::SetType(const std::string& type)
{
    NS_LOG_FUNCTION(this << type);
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(type, &tid))
    {
        throw std::invalid_argument(HELPER_NAME + "unknown TypeId '" + type + "'");
    }
    if (!tid.IsChildOf(SplitController::GetTypeId()) && tid != SplitController::GetTypeId())
    {
        throw std::invalid_argument(HELPER_NAME + "'" + type + "' is not a " +
                                    SplitController::GetTypeId().GetName());
    }
    if (!tid.HasConstructor())
    {
        throw std::invalid_argument(HELPER_NAME + "'" + type +
                                    "' cannot be created (an abstract type)");
    }
    m_factory = ObjectFactory(type);
}

std::vector<std::string>
SplitControllerHelper::GetAlgorithmNames()
{
    std::vector<std::string> names;
    for (const auto& algorithm : ALGORITHMS)
    {
        names.push_back(algorithm.first);
    }
    return names;
}

SplitControllerHelper::Algorithm
SplitControllerHelper::LookupAlgorithm(const std::string& name)
{
    for (const auto& [algorithm, typeName] : ALGORITHMS)
    {
        if (algorithm == name)
        {
            return Algorithm{name, typeName, {}};
        }
    }
    const std::string digits = name.substr(0, FIXED_PREFIX.size()) == FIXED_PREFIX
                                   ? name.substr(FIXED_PREFIX.size())
                                   : std::string();
    if (!digits.empty() && digits.size() <= 4 &&
        digits.find_first_not_of("0123456789") == std::string::npos)
    {
        return Algorithm{name,
                         "ns3::sagin::FixedSplitController",
                         {{"Split", std::to_string(std::stoul(digits))}}};
    }
    std::string known;
    for (const auto& algorithm : ALGORITHMS)
    {
        known += algorithm.first + ", ";
    }
    throw std::invalid_argument(HELPER_NAME + "unknown algorithm '" + name + "' (known: " + known +
                                "fixed-N)");
}

void
SplitControllerHelper::SetAlgorithm(const std::string& name)
{
    NS_LOG_FUNCTION(this << name);
    const Algorithm algorithm = LookupAlgorithm(name);
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(algorithm.typeName, &tid))
    {
        throw std::invalid_argument(HELPER_NAME + "algorithm '" + name + "' needs " +
                                    algorithm.typeName + ", which this build does not have");
    }
    SetType(algorithm.typeName);
    for (const auto& [attribute, value] : algorithm.attributes)
    {
        Set(attribute, StringValue(value));
    }
}

TypeId
SplitControllerHelper::GetType() const
{
    return m_factory.GetTypeId();
}

void
SplitControllerHelper::Set(const std::string& name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    try
    {
        SetFactoryAttribute(m_factory, name, value);
    }
    catch (const std::invalid_argument& e)
    {
        throw std::invalid_argument(HELPER_NAME + e.what());
    }
}

Ptr<SplitController>
SplitControllerHelper::Create() const
{
    NS_LOG_FUNCTION(this);
    return m_factory.Create<SplitController>();
}

Ptr<SplitController>
SplitControllerHelper::Create(Ptr<SplitCostModel> costModel) const
{
    NS_LOG_FUNCTION(this << costModel);
    Ptr<SplitController> controller = Create();
    controller->Configure(costModel);
    return controller;
}

} // namespace sagin
} // namespace ns3
