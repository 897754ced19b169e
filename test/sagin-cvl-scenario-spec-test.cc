// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-test-utils.h"

#include "ns3/sagin-module.h"

#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::test::InvalidArgumentMessage;
using ns3::sagin::test::SourcePath;

namespace
{

/// The one-line refusal of a scenario text read as "bad.json".
std::string
Refusal(const std::string& text)
{
    const std::string message =
        InvalidArgumentMessage([&] { CvlScenarioSpec::Parse(text, "dir/bad.json"); });
    EXPECT_FALSE(message.empty()) << "accepted: " << text;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    return message;
}

} // namespace

TEST(SaginCvlScenarioSpec, ReadsEveryKey)
{
    const std::string text = R"({
      "name": "full", "description": "every key", "seed": 7, "run": 3,
      "duration_s": 12.5, "epoch": "2026-03-01T12:00:00Z",
      "origin": {"latitude_deg": 10, "longitude_deg": -20, "altitude_m": 30},
      "satellites": {"walker": {"satellites": 12, "planes": 3, "phasing": 1,
                                "altitude_km": 600, "inclination_deg": 60},
                     "profile": "edge-server", "imaging_interval_s": 2,
                     "imaging_elevation_deg": 40},
      "uavs": {"count": 2, "altitude_m": 80, "speed_mps": 9, "hover_s": 1,
               "patrol_half_side_m": 300, "profile": "drive-agx-xavier", "images": 2,
               "battery_j": 1000},
      "vehicles": {"count": 1, "profile": "quadro-p400", "images": 4, "battery_j": 2000},
      "base_stations": {"count": 3, "spacing_m": 400, "antenna_height_m": 30,
                        "profile": "edge-server", "match_threshold": 0.25},
      "energy": {"source": "li-ion"},
      "images": {"source": "synthetic", "locations": 9, "drone_views": 2, "street_views": 3,
                 "seed": 5, "size": 128, "spacing_m": 100},
      "model": {"name": "glqinet"},
      "fidelity": "profiled", "codec": "int8", "compress": false,
      "queries": {"interval_s": 0.5, "timeout_s": 4},
      "controller": {"type": "fixed", "attributes": {"Split": 2, "LatencyWeight": 1}},
      "traces": {"format": "csv", "directory": "out/x", "sample_interval_s": 0.25},
      "defaults": {"ns3::sagin::SaginChannel::MinSnr": -3}
    })";
    const CvlScenarioSpec s = CvlScenarioSpec::Parse(text, "dir/full.json");
    EXPECT_EQ(s.name, "full");
    EXPECT_EQ(s.seed, 7u);
    EXPECT_EQ(s.run, 3u);
    EXPECT_EQ(s.durationS, 12.5);
    EXPECT_EQ(s.epoch, "2026-03-01T12:00:00Z");
    EXPECT_EQ(s.latitudeDeg, 10);
    EXPECT_EQ(s.longitudeDeg, -20);
    EXPECT_EQ(s.altitudeM, 30);
    EXPECT_EQ(s.walkerSatellites, 12u);
    EXPECT_EQ(s.walkerPlanes, 3u);
    EXPECT_EQ(s.walkerPhasing, 1u);
    EXPECT_EQ(s.walkerAltitudeKm, 600);
    EXPECT_EQ(s.walkerInclinationDeg, 60);
    EXPECT_EQ(s.satelliteProfile, "edge-server");
    EXPECT_EQ(s.imagingIntervalS, 2);
    EXPECT_EQ(s.imagingElevationDeg, 40);
    EXPECT_EQ(s.uavs, 2u);
    EXPECT_EQ(s.uavAltitudeM, 80);
    EXPECT_EQ(s.uavSpeedMps, 9);
    EXPECT_EQ(s.uavHoverS, 1);
    EXPECT_EQ(s.patrolHalfSideM, 300);
    EXPECT_EQ(s.uavProfile, "drive-agx-xavier");
    EXPECT_EQ(s.uavImages, 2u);
    EXPECT_EQ(s.uavBatteryJ, 1000);
    EXPECT_EQ(s.vehicles, 1u);
    EXPECT_EQ(s.vehicleProfile, "quadro-p400");
    EXPECT_EQ(s.vehicleImages, 4u);
    EXPECT_EQ(s.vehicleBatteryJ, 2000);
    // Three sites 400 m apart centred on the origin: x = (i − 1)·400.
    ASSERT_EQ(s.baseStationSites.size(), 3u);
    EXPECT_EQ(s.baseStationSites[0].x, -400);
    EXPECT_EQ(s.baseStationSites[2].x, 400);
    EXPECT_EQ(s.antennaHeightM, 30);
    EXPECT_EQ(s.matchThreshold, 0.25);
    EXPECT_EQ(s.energySource, "li-ion");
    EXPECT_EQ(s.locations, 9u);
    EXPECT_EQ(s.droneViews, 2u);
    EXPECT_EQ(s.streetViews, 3u);
    EXPECT_EQ(s.imageSeed, 5u);
    EXPECT_EQ(s.imageSize, 128u);
    EXPECT_EQ(s.locationSpacingM, 100);
    EXPECT_EQ(s.model, "glqinet");
    EXPECT_EQ(s.fidelity, "profiled");
    EXPECT_EQ(s.codec, "int8");
    EXPECT_EQ(s.queryIntervalS, 0.5);
    EXPECT_EQ(s.timeoutS, 4);
    EXPECT_EQ(s.controllerType, "ns3::sagin::FixedSplitController");
    ASSERT_EQ(s.controllerAttributes.size(), 2u);
    EXPECT_EQ(s.controllerAttributes[0].first, "Split");
    EXPECT_EQ(s.controllerAttributes[0].second, "2");
    EXPECT_EQ(s.traceFormat, "csv");
    EXPECT_EQ(s.traceDirectory, "out/x");
    EXPECT_EQ(s.sampleIntervalS, 0.25);
    ASSERT_EQ(s.defaults.size(), 1u);
    EXPECT_EQ(s.defaults[0].second, "-3");
    EXPECT_EQ(s.text, text);
}

TEST(SaginCvlScenarioSpec, MinimalFileTakesTheDocumentedDefaults)
{
    const CvlScenarioSpec s = CvlScenarioSpec::Parse(R"({"uavs": {"count": 1}})", "a/b/min.json");
    EXPECT_EQ(s.name, "min");
    EXPECT_EQ(s.durationS, 60);
    EXPECT_EQ(s.uavImages, 3u);
    EXPECT_EQ(s.vehicleImages, 1u);
    EXPECT_EQ(s.walkerSatellites, 0u);
    EXPECT_EQ(s.fidelity, "full");
    EXPECT_EQ(s.controllerType, "ns3::sagin::GreedyOracleSplitController");
    EXPECT_EQ(s.traceDirectory, "traces/min");
    // Two base stations 500 m apart.
    ASSERT_EQ(s.baseStationSites.size(), 2u);
    EXPECT_EQ(s.baseStationSites[0].x, -250);
    EXPECT_EQ(s.baseStationSites[1].x, 250);
}

TEST(SaginCvlScenarioSpec, RefusalsNameTheFileAndTheJsonPath)
{
    // A folder, and an endless input (which filled the memory), as the scenario file.
    EXPECT_EQ(InvalidArgumentMessage([] { CvlScenarioSpec::Load("/tmp"); }),
              "/tmp: is a folder, not a scenario file");
    EXPECT_EQ(InvalidArgumentMessage([] { CvlScenarioSpec::Load("/dev/zero"); }),
              "/dev/zero: larger than 64 MiB, not a scenario file");
    // Strict JSON (see json::Parse): a key twice, and nesting beyond 64 levels, which at 70,000
    // levels crashed the refusal's formatting of the value by overflowing the stack.
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1, "count": 2}})"),
              "dir/bad.json: invalid JSON: $.uavs: the key 'count' appears twice");
    const std::string deep = std::string(70000, '[') + std::string(70000, ']');
    EXPECT_EQ(Refusal("{\"uavs\": {\"count\": 1}, \"images\": " + deep + "}"),
              "dir/bad.json: invalid JSON: $.images: nested more than 64 levels deep");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": -1}})"),
              "dir/bad.json: $.uavs.count: must be an integer in 0..10000, got -1");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1.5}})"),
              "dir/bad.json: $.uavs.count: must be an integer in 0..10000, got 1.5");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1, "colour": "red"}})"),
              "dir/bad.json: $.uavs.colour: unknown key (known here: altitude_m, battery_j, "
              "count, hover_s, images, patrol_half_side_m, profile, speed_mps)");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1, "speed_mps": 0}})"),
              "dir/bad.json: $.uavs.speed_mps: must be a number > 0 and <= 1000, got 0");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1, "profile": "gpu"}})"),
              "dir/bad.json: $.uavs.profile: must be one of quadro-p400, drive-agx-xavier, "
              "edge-server, satellite-payload, got \"gpu\"");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "fidelity": "fast"})"),
              "dir/bad.json: $.fidelity: must be one of full, profiled, got \"fast\"");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "base_stations": {"sites_m": [[0, 0], [1]]}})"),
              "dir/bad.json: $.base_stations.sites_m[1]: must be [x, y] in m, got [1]");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "satellites": {"walker": {"satellites": 10,
                         "planes": 3}}})"),
              "dir/bad.json: $.satellites.walker.planes: 10 satellites do not divide into 3 "
              "planes");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "satellites": {"tle": "no-such.tle"}})"),
              "dir/bad.json: $.satellites.tle: no such file 'dir/no-such.tle'");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "controller": {"type": "clever"}})"),
              "dir/bad.json: $.controller.type: unknown controller 'clever' (known: fixed, "
              "random, greedy-oracle, q-learning, multi-q-learning, actor-critic, ppo, dqn, or the "
              "TypeId name of a SplitController)");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "controller": {"type": "fixed",
                         "policy": "trained.policy"}})"),
              "dir/bad.json: $.controller.policy: 'ns3::sagin::FixedSplitController' does not "
              "learn: only a LearningSplitController has a policy");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "controller": {"type": "q-learning",
                         "policy": "trained.policy"}})"),
              "dir/bad.json: $.controller.policy: no such file 'dir/trained.policy'");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "controller": {"type": "q-learning",
                         "save_policy": "/no/such/folder/out.policy"}})"),
              "dir/bad.json: $.controller.save_policy: no such folder '/no/such/folder/'");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "controller": {"type": "ns3::Node"}})"),
              "dir/bad.json: $.controller.type: 'ns3::Node' is not a "
              "ns3::sagin::SplitController");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "controller": {"type": "fixed",
                         "attributes": {"Colour": 1}}})"),
              "dir/bad.json: $.controller.attributes.Colour: "
              "'ns3::sagin::FixedSplitController' has no attribute 'Colour'");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "controller": {"type": "fixed",
                         "attributes": {"Split": "two"}}})")
                  .substr(0, 58),
              "dir/bad.json: $.controller.attributes.Split: invalid value");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1},
                         "defaults": {"ns3::sagin::SaginChannel::MinSnr": "loud"}})")
                  .substr(0, 66),
              "dir/bad.json: $.defaults[\"ns3::sagin::SaginChannel::MinSnr\"]: inva");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "fidelity": "profiled", "compress": true})"),
              "dir/bad.json: $.compress: compression needs \"fidelity\": \"full\" (in profiled "
              "fidelity the compressed size is unknown)");
    EXPECT_EQ(Refusal(R"({"vehicles": {"count": 0}})"),
              "dir/bad.json: $: a scenario needs at least one UAV or vehicle (\"uavs\".\"count\", "
              "\"vehicles\".\"count\")");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1},)"),
              "dir/bad.json: invalid JSON: parse error at line 1, column 23: syntax error while "
              "parsing object key - unexpected end of input; expected string literal");
    EXPECT_EQ(Refusal(R"([1])"), "dir/bad.json: $: must be an object, got [1]");
}

TEST(SaginCvlScenarioSpec, QueriesTakeTcpOrUdp)
{
    EXPECT_EQ(CvlScenarioSpec::Parse(R"({"uavs": {"count": 1}})", "a.json").protocol, "tcp");
    EXPECT_EQ(CvlScenarioSpec::Parse(R"({"uavs": {"count": 1}, "queries": {"protocol": "udp"}})",
                                     "a.json")
                  .protocol,
              "udp");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "queries": {"protocol": "quic"}})"),
              "dir/bad.json: $.queries.protocol: must be one of tcp, udp, got \"quic\"");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "queries": {"protocol": 17}})"),
              "dir/bad.json: $.queries.protocol: must be a non-empty string, got 17");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "queries": {"port": 1}})"),
              "dir/bad.json: $.queries.port: unknown key (known here: interval_s, protocol, "
              "timeout_s)");
}

TEST(SaginCvlScenarioSpec, TransportIsPacketOrFlowWithItsOptions)
{
    const CvlScenarioSpec packet = CvlScenarioSpec::Parse(R"({"uavs": {"count": 1}})", "a.json");
    EXPECT_EQ(packet.transport, "packet");
    const CvlScenarioSpec flow = CvlScenarioSpec::Parse(
        R"({"uavs": {"count": 1}, "transport": "flow",
            "flow": {"geometry_step_s": 0.5, "min_geometry_step_s": 0.01,
                     "snr_threshold_db": 2}})",
        "a.json");
    EXPECT_EQ(flow.transport, "flow");
    EXPECT_EQ(flow.flowGeometryStepS, 0.5);
    EXPECT_EQ(flow.flowMinGeometryStepS, 0.01);
    EXPECT_EQ(flow.flowSnrThresholdDb, 2);
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "transport": "fluid"})"),
              "dir/bad.json: $.transport: must be one of packet, flow, got \"fluid\"");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "transport": "flow",
                         "flow": {"geometry_step_s": 0}})"),
              "dir/bad.json: $.flow.geometry_step_s: must be a number > 0 and <= 1e+06, "
              "got 0");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "transport": "flow",
                         "flow": {"geometry_step_s": -1}})"),
              "dir/bad.json: $.flow.geometry_step_s: must be a number > 0 and <= 1e+06, "
              "got -1");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "transport": "flow",
                         "flow": {"geometry_step_s": 0.1, "min_geometry_step_s": 0.2}})"),
              "dir/bad.json: $.flow.min_geometry_step_s: must not exceed geometry_step_s "
              "(0.1 s), got 0.2");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "flow": {"geometry_step_s": 0.1}})"),
              "dir/bad.json: $.flow: applies to \"transport\": \"flow\" only (this scenario's "
              "transport is \"packet\")");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "transport": "flow", "flow": {"step": 1}})"),
              "dir/bad.json: $.flow.step: unknown key (known here: geometry_step_s, "
              "min_geometry_step_s, snr_threshold_db)");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "association": {"interval_s": 0}})"),
              "dir/bad.json: $.association.interval_s: must be a number > 0 and <= 1e+06, "
              "got 0");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "base_stations": {"count": 4,
                         "layout": "ring"}})"),
              "dir/bad.json: $.base_stations.layout: must be one of line, grid, got \"ring\"");
}

TEST(SaginCvlScenarioSpec, RelativeFilesAreFoundBesideTheScenario)
{
    // test/data/leo.tle named relative to a scenario in test/.
    const CvlScenarioSpec s =
        CvlScenarioSpec::Parse(R"({"uavs": {"count": 1}, "satellites": {"tle": "data/leo.tle"}})",
                               SourcePath("test/x.json"));
    EXPECT_EQ(s.tleFile, SourcePath("test/data/leo.tle"));
}

TEST(SaginCvlScenarioSpec, ConfidentialityProfileBesideTheScenario)
{
    // "controller.confidentiality" is relative to the scenario's folder, like the policies; it
    // sets the controller's ConfidentialityFile.
    const ns3::sagin::test::TempFile profile(
        "profile.json",
        R"({"model": "resnet50-usam", "splits": [{"name": "conv1", "cost": 0.5}]})");
    const std::string folder = profile.Path().substr(0, profile.Path().rfind('/'));
    const CvlScenarioSpec s = CvlScenarioSpec::Parse(
        R"({"uavs": {"count": 1}, "controller": {"type": "fixed",
            "confidentiality": "profile.json"}})",
        folder + "/x.json");
    EXPECT_EQ(s.controllerConfidentiality, profile.Path());
    EXPECT_TRUE(s.controllerAttributes.empty());
    // An absolute name is kept, and a learning controller takes one too; none by default.
    const CvlScenarioSpec learning = CvlScenarioSpec::Parse(
        R"({"uavs": {"count": 1}, "controller": {"type": "q-learning",
            "confidentiality": ")" +
            profile.Path() + R"("}})",
        "dir/x.json");
    EXPECT_EQ(learning.controllerConfidentiality, profile.Path());
    EXPECT_EQ(
        CvlScenarioSpec::Parse(R"({"uavs": {"count": 1}})", "dir/x.json").controllerConfidentiality,
        "");

    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "controller": {"confidentiality": "p.json"}})"),
              "dir/bad.json: $.controller.confidentiality: no such file 'dir/p.json'");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "controller": {"confidentiality": 1}})"),
              "dir/bad.json: $.controller.confidentiality: must be a non-empty string, got 1");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "controller": {"confidentiality": ")" + folder +
                      R"("}})"),
              "dir/bad.json: $.controller.confidentiality: '" + folder +
                  "' is a folder, not a file");
    // The profile is read with the scenario: its refusal follows the scenario's JSON path.
    const ns3::sagin::test::TempFile bad("bad-profile.json", R"({"splits": [{"cost": 1.4}]})");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "controller": {"confidentiality": ")" + bad.Path() +
                      R"("}})"),
              "dir/bad.json: $.controller.confidentiality: " + bad.Path() +
                  ": $.splits[0].cost: 1.4 is not in [0, 1]");
    // One source of confidentiality costs at most.
    const std::string both = R"({"uavs": {"count": 1}, "controller": {"confidentiality": ")" +
                             profile.Path() + R"(", "attributes": {)";
    EXPECT_EQ(Refusal(both + R"("Confidentiality": "0.1"}}})"),
              "dir/bad.json: $.controller: give either \"confidentiality\" or "
              "\"attributes\".\"Confidentiality\", not both");
    EXPECT_EQ(Refusal(both + R"("ConfidentialityFile": "p.json"}}})"),
              "dir/bad.json: $.controller: give either \"confidentiality\" or "
              "\"attributes\".\"ConfidentialityFile\", not both");
    EXPECT_EQ(Refusal(R"({"uavs": {"count": 1}, "controller": {"attributes": {
                         "Confidentiality": "0.1", "ConfidentialityFile": "p.json"}}})"),
              "dir/bad.json: $.controller.attributes: give either \"Confidentiality\" or "
              "\"ConfidentialityFile\", not both");
}

TEST(SaginCvlScenarioSpec, TrainedWeightsByName)
{
    // "@NAME" is NAME.pt in the weights folder: SAGIN_WEIGHTS_DIR here.
    const ns3::sagin::test::TempFile weights("mine.pt", "not read here");
    const std::string folder = weights.Path().substr(0, weights.Path().rfind('/'));
    const char* before = std::getenv("SAGIN_WEIGHTS_DIR");
    const std::string saved = before ? before : "";
    setenv("SAGIN_WEIGHTS_DIR", folder.c_str(), 1);
    EXPECT_EQ(CvlScenarioSpec::GetWeightsFolder(), folder);
    const CvlScenarioSpec s = CvlScenarioSpec::Parse(
        R"({"uavs": {"count": 1}, "model": {"name": "resnet50-usam", "weights": "@mine"}})",
        "dir/x.json");
    EXPECT_EQ(s.weightsFile, weights.Path());
    EXPECT_EQ(Refusal(R"({"model": {"weights": "@other"}})"),
              "dir/bad.json: $.model.weights: no trained weights '@other' (no file " + folder +
                  "/other.pt; `./sagin setup` trains the default ones)");
    EXPECT_EQ(Refusal(R"({"model": {"weights": "@../mine"}})"),
              "dir/bad.json: $.model.weights: no trained weights '@../mine' (no file " + folder +
                  "/../mine.pt; `./sagin setup` trains the default ones)");
    if (before)
    {
        setenv("SAGIN_WEIGHTS_DIR", saved.c_str(), 1);
    }
    else
    {
        unsetenv("SAGIN_WEIGHTS_DIR");
    }
}

TEST(SaginCvlScenarioSpec, TheShippedScenariosAreValid)
{
    // Every scenario file with UAVs or vehicles (the others are ScenarioHelper's).
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(SourcePath("scenarios")))
    {
        const std::string text = ns3::sagin::test::ReadFile(entry.path().string());
        if (entry.path().extension() == ".json" && (text.find("\"uavs\"") != std::string::npos ||
                                                    text.find("\"vehicles\"") != std::string::npos))
        {
            EXPECT_NO_THROW(CvlScenarioSpec::Load(entry.path().string())) << entry.path();
            ++count;
        }
    }
    EXPECT_GE(count, 1);
}
