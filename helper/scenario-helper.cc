// SPDX-License-Identifier: GPL-2.0-only

#include "scenario-helper.h"

#include "attribute-check.h"
#include "input-file.h"

#include "ns3/config.h"
#include "ns3/log.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/string.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginScenarioHelper");

namespace
{

/// The keys a scenario file may have.
const std::vector<std::string> KNOWN_KEYS = {"name", "description", "seed", "run", "defaults"};

} // namespace

ScenarioHelper::ScenarioHelper()
    : m_seed(1),
      m_run(1)
{
}

void
ScenarioHelper::Fail(const std::string& what) const
{
    throw std::runtime_error(m_origin + ": " + what);
}

void
ScenarioHelper::Load(const std::string& path)
{
    NS_LOG_FUNCTION(this << path);
    struct stat info;
    if (stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
    {
        throw std::runtime_error(path + ": is a folder, not a scenario file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw std::runtime_error(path + ": cannot open scenario file");
    }
    std::string text;
    if (!ReadAtMost(in, MAX_INPUT_FILE_BYTES, text))
    {
        throw std::runtime_error(path + ": larger than 64 MiB, not a scenario file");
    }
    if (in.bad())
    {
        throw std::runtime_error(path + ": cannot read scenario file");
    }
    Parse(text, path);
}

void
ScenarioHelper::Parse(const std::string& text, const std::string& origin)
{
    NS_LOG_FUNCTION(this << origin);
    m_origin = origin;
    m_text = text;
    const auto slash = origin.find_last_of('/');
    m_name = origin.substr(slash == std::string::npos ? 0 : slash + 1);
    if (m_name.size() > 5 && m_name.compare(m_name.size() - 5, 5, ".json") == 0)
    {
        m_name.resize(m_name.size() - 5);
    }
    m_seed = 1;
    m_run = 1;
    m_defaults.clear();

    nlohmann::ordered_json doc;
    try
    {
        doc = json::Parse<nlohmann::ordered_json>(text);
    }
    catch (const std::invalid_argument& e)
    {
        Fail(e.what());
    }
    if (!doc.is_object())
    {
        Fail("a scenario must be a JSON object");
    }
    for (const auto& item : doc.items())
    {
        if (std::find(KNOWN_KEYS.begin(), KNOWN_KEYS.end(), item.key()) == KNOWN_KEYS.end())
        {
            std::string known;
            for (const auto& key : KNOWN_KEYS)
            {
                known += (known.empty() ? "" : ", ") + key;
            }
            Fail("unknown key '" + item.key() + "' (known: " + known + ")");
        }
    }
    if (doc.contains("name"))
    {
        if (!doc["name"].is_string() || doc["name"].get<std::string>().empty())
        {
            Fail("\"name\" must be a non-empty string");
        }
        m_name = doc["name"].get<std::string>();
    }
    if (doc.contains("description") && !doc["description"].is_string())
    {
        Fail("\"description\" must be a string");
    }
    if (doc.contains("seed"))
    {
        const auto& seed = doc["seed"];
        if (!seed.is_number_unsigned() || seed.get<uint64_t>() < 1 ||
            seed.get<uint64_t>() > UINT32_MAX)
        {
            Fail("\"seed\" must be an integer in 1.." + std::to_string(UINT32_MAX) + ", got " +
                 seed.dump());
        }
        m_seed = seed.get<uint32_t>();
    }
    if (doc.contains("run"))
    {
        const auto& run = doc["run"];
        if (!run.is_number_unsigned())
        {
            Fail("\"run\" must be an integer >= 0, got " + run.dump());
        }
        m_run = run.get<uint64_t>();
    }
    if (doc.contains("defaults"))
    {
        const auto& defaults = doc["defaults"];
        if (!defaults.is_object())
        {
            Fail("\"defaults\" must be an object of attribute names and values");
        }
        for (const auto& item : defaults.items())
        {
            const auto& value = item.value();
            std::string valueText;
            if (value.is_string())
            {
                valueText = value.get<std::string>();
            }
            else if (value.is_number() || value.is_boolean())
            {
                valueText = value.dump();
            }
            else
            {
                Fail("defaults: \"" + item.key() +
                     "\" must be a string, a number or a boolean, got " + value.dump());
            }
            const std::string why = ExplainInvalidSetting(item.key(), valueText);
            if (!why.empty())
            {
                Fail("defaults: \"" + item.key() + "\": " + why);
            }
            m_defaults.emplace_back(item.key(), valueText);
        }
    }
}

void
ScenarioHelper::Apply() const
{
    NS_LOG_FUNCTION(this);
    RngSeedManager::SetSeed(m_seed);
    RngSeedManager::SetRun(m_run);
    for (const auto& [name, value] : m_defaults)
    {
        if (!Config::SetDefaultFailSafe(name, StringValue(value)) &&
            !Config::SetGlobalFailSafe(name, StringValue(value)))
        {
            Fail("defaults: \"" + name + "\": cannot be set to '" + value + "'");
        }
    }
}

std::string
ScenarioHelper::GetName() const
{
    return m_name;
}

std::string
ScenarioHelper::GetOrigin() const
{
    return m_origin;
}

std::string
ScenarioHelper::GetText() const
{
    return m_text;
}

uint32_t
ScenarioHelper::GetSeed() const
{
    return m_seed;
}

uint64_t
ScenarioHelper::GetRun() const
{
    return m_run;
}

const std::vector<std::pair<std::string, std::string>>&
ScenarioHelper::GetDefaults() const
{
    return m_defaults;
}

} // namespace sagin
} // namespace ns3
