// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-test-utils.h"

#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/sagin-module.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/**
 * @brief Parse and apply a scenario text, expecting a refusal.
 * @param text the scenario
 * @return the error message
 */
std::string
Refusal(const std::string& text)
{
    ScenarioHelper scenario;
    try
    {
        scenario.Parse(text, "bad.json");
        scenario.Apply();
    }
    catch (const std::runtime_error& e)
    {
        return e.what();
    }
    ADD_FAILURE() << "scenario accepted: " << text;
    return "";
}

} // namespace

TEST(ScenarioHelper, ReadsAndAppliesDefaults)
{
    ScenarioHelper scenario;
    scenario.Parse(R"({"name": "two-images", "seed": 7, "run": 3,
                       "defaults": {"ns3::sagin::TriCoCostModel::UavImages": 2,
                                    "ns3::sagin::TriCoCostModel::PrivacyCosts": "0.5,0.25",
                                    "ns3::sagin::DeviceProfile::IdlePowerW": 4.5}})",
                   "inline.json");
    EXPECT_EQ(scenario.GetName(), "two-images");
    EXPECT_EQ(scenario.GetSeed(), 7u);
    EXPECT_EQ(scenario.GetRun(), 3u);
    ASSERT_EQ(scenario.GetDefaults().size(), 3u);
    EXPECT_EQ(scenario.GetDefaults()[0].second, "2");
    scenario.Apply();
    EXPECT_EQ(RngSeedManager::GetSeed(), 7u);
    EXPECT_EQ(RngSeedManager::GetRun(), 3u);
    auto model = CreateObject<TriCoCostModel>();
    EXPECT_EQ(model->GetImages(TriCoCostModel::UAV), 2u);
    // Two images of 0.09 s of upload each: T_tx = 0.18 s.
    model->SetAttribute("PrivacyCosts",
                        StringValue("0.96122,0.608901,0.57954889,0.593044,0.535525,0.007155,"
                                    "0.054303"));
    EXPECT_NEAR(model->Evaluate(TriCoCostModel::UAV, 0).txTimeS, 0.18, 1e-15);
    EXPECT_DOUBLE_EQ(CreateObject<DeviceProfile>()->GetIdlePowerW(), 4.5);
}

TEST(ScenarioHelper, NameDefaultsToFileName)
{
    ScenarioHelper scenario;
    scenario.Parse("{}", "some/dir/low-rate.json");
    EXPECT_EQ(scenario.GetName(), "low-rate");
    EXPECT_EQ(scenario.GetSeed(), 1u);
    EXPECT_EQ(scenario.GetText(), "{}");
}

TEST(ScenarioHelper, ShippedScenariosLoadAndApply)
{
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(test::SourcePath("scenarios")))
    {
        // Cross-view localization scenarios (with UAVs or vehicles) are CvlScenarioSpec's.
        const std::string text = test::ReadFile(entry.path().string());
        if (entry.path().extension() != ".json" || text.find("\"uavs\"") != std::string::npos ||
            text.find("\"vehicles\"") != std::string::npos)
        {
            continue;
        }
        ScenarioHelper scenario;
        EXPECT_NO_THROW({
            scenario.Load(entry.path().string());
            scenario.Apply();
        }) << entry.path();
        ++count;
    }
    EXPECT_GE(count, 1);
}

TEST(ScenarioHelper, RefusesBadScenariosWithOneLineNamingTheProblem)
{
    // Strict JSON: a key twice (the parser alone keeps the last value) and nesting deeper than
    // 64 levels (70,000 levels overflowed the stack of the error formatter), both in one line
    // naming where.
    EXPECT_EQ(Refusal(R"({"defaults": {"RngSeed": 0}})"),
              "bad.json: defaults: \"RngSeed\": invalid value '0': the seed must be in [1, "
              "4294967295]");
    EXPECT_EQ(Refusal(R"({"seed": 1, "seed": 2})"),
              "bad.json: invalid JSON: $: the key 'seed' appears twice");
    EXPECT_EQ(Refusal(R"({"defaults": {"a": {"b": 1, "b": 1}}})"),
              "bad.json: invalid JSON: $.defaults.a: the key 'b' appears twice");
    // 64 levels: the scenario object and 63 arrays are read (and refused as a bad value);
    // one more is refused while reading.
    const std::string deep63 = std::string(63, '[') + std::string(63, ']');
    EXPECT_EQ(Refusal("{\"seed\": " + deep63 + "}").find("invalid JSON"), std::string::npos);
    EXPECT_EQ(Refusal("{\"seed\": [" + deep63 + "]}"),
              "bad.json: invalid JSON: $.seed: nested more than 64 levels deep");
    const std::string deep = std::string(70000, '[') + std::string(70000, ']');
    EXPECT_EQ(Refusal("{\"defaults\": {\"x\": " + deep + "}}"),
              "bad.json: invalid JSON: $.defaults: nested more than 64 levels deep");
    EXPECT_EQ(Refusal("{\"seed\": 1,\n \"defaults\": {,}}"),
              "bad.json: invalid JSON: parse error at line 2, column 15: syntax error while "
              "parsing object key - unexpected ','; expected string literal");
    EXPECT_EQ(Refusal("[1, 2]"), "bad.json: a scenario must be a JSON object");
    EXPECT_EQ(Refusal(R"({"sed": 3})"),
              "bad.json: unknown key 'sed' (known: name, description, seed, run, defaults)");
    EXPECT_EQ(Refusal(R"({"seed": 0})"),
              "bad.json: \"seed\" must be an integer in 1..4294967295, got 0");
    EXPECT_EQ(Refusal(R"({"seed": "one"})"),
              "bad.json: \"seed\" must be an integer in 1..4294967295, got \"one\"");
    EXPECT_EQ(Refusal(R"({"run": -1})"), "bad.json: \"run\" must be an integer >= 0, got -1");
    EXPECT_EQ(Refusal(R"({"name": 5})"), "bad.json: \"name\" must be a non-empty string");
    EXPECT_EQ(Refusal(R"({"defaults": [1]})"),
              "bad.json: \"defaults\" must be an object of attribute names and values");
    EXPECT_EQ(Refusal(R"({"defaults": {"ns3::sagin::TriCoCostModel::UavImages": [3]}})"),
              "bad.json: defaults: \"ns3::sagin::TriCoCostModel::UavImages\" must be a string, a "
              "number or a boolean, got [3]");
    EXPECT_EQ(Refusal(R"({"defaults": {"ns3::sagin::NoSuchModel::X": 1}})"),
              "bad.json: defaults: \"ns3::sagin::NoSuchModel::X\": unknown TypeId "
              "'ns3::sagin::NoSuchModel'");
    EXPECT_EQ(Refusal(R"({"defaults": {"ns3::sagin::TriCoCostModel::UavImagez": 1}})"),
              "bad.json: defaults: \"ns3::sagin::TriCoCostModel::UavImagez\": "
              "'ns3::sagin::TriCoCostModel' has no attribute 'UavImagez'");
    EXPECT_EQ(Refusal(R"({"defaults": {"ns3::sagin::DeviceProfile::Utilisation": 2}})"),
              "bad.json: defaults: \"ns3::sagin::DeviceProfile::Utilisation\": invalid value '2' "
              "(expected ns3::DoubleValue, double 0:1)");
    EXPECT_EQ(Refusal(R"({"defaults": {"UavImages": 1}})"),
              "bad.json: defaults: \"UavImages\": neither TypeIdName::Attribute nor a global "
              "value");
    // Text that ns-3 itself would abort on is refused too.
    EXPECT_EQ(Refusal(R"({"defaults": {"ns3::sagin::TriCoCostModel::TxPowerW": "0.1 W"}})"),
              "bad.json: defaults: \"ns3::sagin::TriCoCostModel::TxPowerW\": invalid value '0.1 "
              "W' (expected ns3::DoubleValue, double 0:1.79769e+308)");
}

TEST(ScenarioHelper, RefusesMissingFile)
{
    ScenarioHelper scenario;
    try
    {
        scenario.Load("/nonexistent/scenario.json");
        FAIL() << "no exception";
    }
    catch (const std::runtime_error& e)
    {
        EXPECT_STREQ(e.what(), "/nonexistent/scenario.json: cannot open scenario file");
    }
    // A folder, and an endless input (which filled the memory): refused naming the file.
    for (const auto& [path, message] : std::vector<std::pair<std::string, std::string>>{
             {"/tmp", "/tmp: is a folder, not a scenario file"},
             {"/dev/zero", "/dev/zero: larger than 64 MiB, not a scenario file"}})
    {
        try
        {
            scenario.Load(path);
            ADD_FAILURE() << "accepted " << path;
        }
        catch (const std::runtime_error& e)
        {
            EXPECT_EQ(e.what(), message);
        }
    }
}
