// SPDX-License-Identifier: GPL-2.0-only

#include "feature-tensor-impl.h"
#include "sagin-test-utils.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/sagin-module.h"
#include "ns3/udp-socket-factory.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::test;

namespace
{

using Json = nlohmann::ordered_json;

/// A fresh temporary folder, removed with the object.
class TempDir
{
  public:
    TempDir()
    {
        char name[] = "/tmp/sagin-cvl-XXXXXX";
        m_path = mkdtemp(name);
    }

    ~TempDir()
    {
        std::filesystem::remove_all(m_path);
    }

    const std::string& Path() const
    {
        return m_path;
    }

  private:
    std::string m_path;
};

/**
 * A small scenario that runs in seconds: 64-pixel images on ResNet-50-USAM, a dense shell so
 * that satellites fill the gallery, one base station with the UAVs and vehicles near it.
 * @param traces the trace folder
 * @param patch changes to the scenario (a JSON merge patch)
 */
Json
SmallScenario(const std::string& traces, const Json& patch = Json::object())
{
    Json scenario = Json::parse(R"({
      "name": "small", "seed": 3, "duration_s": 12,
      "satellites": {"walker": {"satellites": 120, "planes": 12, "phasing": 1,
                                "altitude_km": 550, "inclination_deg": 53},
                     "imaging_interval_s": 2, "imaging_elevation_deg": 10},
      "uavs": {"count": 2, "altitude_m": 80, "patrol_half_side_m": 200},
      "vehicles": {"count": 2},
      "base_stations": {"sites_m": [[0, 0]]},
      "images": {"locations": 4, "drone_views": 3, "street_views": 3, "size": 64,
                 "spacing_m": 150},
      "queries": {"interval_s": 1.5, "timeout_s": 8},
      "traces": {"format": "csv"}
    })");
    scenario["traces"]["directory"] = traces;
    scenario.merge_patch(patch);
    return scenario;
}

/// The outcome of one scenario run.
struct Outcome
{
    std::vector<RequestRecord> requests;     //!< every request
    std::vector<DepletionRecord> depletions; //!< every depletion
    std::vector<SplitPointProfile> profiles; //!< the model's split profile
    uint32_t gallery{0};                     //!< gallery entries at the end
};

/// Runs a scenario; setup, if given, sees it built before it runs.
Outcome
RunScenario(const Json& scenario, const std::function<void(CvlScenario&)>& setup = nullptr)
{
    Outcome outcome;
    {
        CvlScenario run(CvlScenarioSpec::Parse(scenario.dump(), "small.json"));
        run.Build();
        if (setup)
        {
            setup(run);
        }
        run.GetMonitor()->TraceConnectWithoutContext(
            "Depletion",
            Callback<void, const DepletionRecord&>(
                [&outcome](const DepletionRecord& r) { outcome.depletions.push_back(r); }));
        run.Run();
        outcome.requests = run.GetRequests();
        outcome.profiles = run.GetContext()->GetProfiles();
        NodeContainer stations = run.GetNodes("base-station");
        for (uint32_t i = 0; i < stations.Get(0)->GetNApplications(); ++i)
        {
            Ptr<CvlServerApplication> server =
                DynamicCast<CvlServerApplication>(stations.Get(0)->GetApplication(i));
            if (server)
            {
                outcome.gallery = server->GetGallerySize();
            }
        }
    }
    Simulator::Destroy();
    return outcome;
}

/// Expects the records of a full and a profiled run to agree in every simulated figure.
void
ExpectSameRecords(const Outcome& full, const Outcome& profiled)
{
    ASSERT_EQ(full.requests.size(), profiled.requests.size());
    for (size_t i = 0; i < full.requests.size(); ++i)
    {
        const RequestRecord& f = full.requests[i];
        const RequestRecord& p = profiled.requests[i];
        const auto same = [](double x, double y) {
            return (std::isnan(x) && std::isnan(y)) || x == y;
        };
        EXPECT_EQ(f.node, p.node);
        EXPECT_EQ(f.request, p.request);
        EXPECT_EQ(f.split, p.split);
        EXPECT_EQ(f.status, p.status);
        EXPECT_EQ(f.payloadBytes, p.payloadBytes);
        EXPECT_EQ(f.trueLocation, p.trueLocation);
        EXPECT_TRUE(same(f.tRequestS, p.tRequestS)) << i;
        EXPECT_TRUE(same(f.tComputeDeviceS, p.tComputeDeviceS)) << i;
        EXPECT_TRUE(same(f.tTxS, p.tTxS)) << i;
        EXPECT_TRUE(same(f.tPropS, p.tPropS)) << i;
        EXPECT_TRUE(same(f.tQueueS, p.tQueueS)) << i;
        EXPECT_TRUE(same(f.tComputeServerS, p.tComputeServerS)) << i;
        EXPECT_TRUE(same(f.latencyS, p.latencyS)) << i;
        EXPECT_TRUE(same(f.energyComputeJ, p.energyComputeJ)) << i;
        EXPECT_TRUE(same(f.energyTxJ, p.energyTxJ)) << i;
        EXPECT_TRUE(same(f.energyServerJ, p.energyServerJ)) << i;
        EXPECT_TRUE(same(f.reward, p.reward)) << i;
        EXPECT_FALSE(p.matched);
    }
}

/// A prepared context of ResNet-50-USAM at 64 pixels on a synthetic world of 4 locations.
Ptr<CvlContext>
SmallContext()
{
    Ptr<CvlContext> context = CreateObject<CvlContext>();
    context->SetModel(
        CreateObjectWithAttributes<ResNet50UsamModel>("InputSize", UintegerValue(64)));
    context->SetImageSource(CreateObjectWithAttributes<SyntheticWorld>("Locations",
                                                                       UintegerValue(4),
                                                                       "ImageSize",
                                                                       UintegerValue(64)));
    context->Prepare();
    return context;
}

} // namespace

TEST(SaginCvlContext, HeadAndTailThroughTheCodecGiveTheForwardEmbedding)
{
    Ptr<CvlContext> context = SmallContext();
    ASSERT_EQ(context->GetNSplitPoints(), 7u);
    EXPECT_EQ(context->GetEmbeddingSize(), 512u);
    Ptr<SplitModel> model = context->GetModel();
    Ptr<ImageSource> images = context->GetImageSource();
    // The fused query of drone images 0 and 2 of location 1: the mean of their embeddings,
    // L2-normalised, whatever the split.
    at::Tensor expected =
        (UnwrapTensor(model->Forward(images->GetImage(1, ImageSource::DRONE, 0))) +
         UnwrapTensor(model->Forward(images->GetImage(1, ImageSource::DRONE, 2))))
            .reshape({-1}) /
        2;
    expected = expected / expected.norm();
    for (uint32_t split : {0u, 3u, 4u, 6u})
    {
        const std::vector<uint8_t> bytes =
            context->EncodeHead(1, ImageSource::DRONE, {0, 2}, split);
        // fp32: 36-byte header, 4 bytes per element of two images.
        EXPECT_EQ(bytes.size(), 36 + 2 * 4 * context->GetProfiles()[split].elements);
        EXPECT_EQ(bytes.size(), context->GetRequestPayloadBytes(split, 2));
        const std::vector<float> fused =
            context->DecodeAndFuse(bytes.data(), bytes.size(), split, 2);
        ASSERT_EQ(fused.size(), 512u);
        double worst = 0;
        for (size_t k = 0; k < fused.size(); ++k)
        {
            worst = std::max(worst, std::abs(double(fused[k]) - expected[k].item<double>()));
        }
        EXPECT_LT(worst, 1e-5) << "split " << split;
    }
    const std::vector<uint8_t> bytes = context->EncodeHead(1, ImageSource::DRONE, {0}, 5);
    EXPECT_EQ(
        InvalidArgumentMessage([&] { context->DecodeAndFuse(bytes.data(), bytes.size(), 4, 1); }),
        "features of shape 1x1024x4x4 where split 4 with 1 images has 1x512x8x8");
}

TEST(SaginCvl, RecordsAddUpAndChargeTheProfiles)
{
    TempDir traces;
    const Outcome outcome = RunScenario(SmallScenario(traces.Path()));
    ASSERT_FALSE(outcome.requests.empty());
    EXPECT_GT(outcome.gallery, 0u) << "no satellite filled the gallery";
    uint32_t ok = 0;
    for (const RequestRecord& r : outcome.requests)
    {
        if (r.status != "ok")
        {
            continue;
        }
        ++ok;
        const SplitPointProfile& p = outcome.profiles[r.split];
        const bool uav = r.role == "uav";
        EXPECT_EQ(r.nImages, uav ? 3u : 1u);
        // The parts add up to the latency.
        EXPECT_NEAR(r.tComputeDeviceS + r.tTxS + r.tPropS + r.tQueueS + r.tComputeServerS,
                    r.latencyS,
                    1e-9);
        EXPECT_GT(r.tTxS, 0);
        EXPECT_GE(r.tQueueS, 0);
        // Head: n·headMacs at F·u = 0.641e12·0.1 FLOP/s and 30 W (Quadro P400) on a UAV,
        // 1.3e12·0.1 and 20 W (DRIVE AGX Xavier) on a vehicle; compute time rounded to ns.
        const double rate = uav ? 0.641e12 * 0.1 : 1.3e12 * 0.1;
        EXPECT_NEAR(r.tComputeDeviceS, r.nImages * p.headMacs / rate, 1e-9);
        EXPECT_NEAR(r.energyComputeJ, (uav ? 30.0 : 20.0) * r.nImages * p.headMacs / rate, 1e-7);
        // Tail: n·tailMacs + G·512 for a gallery of G ≤ 4 entries at 330e12·0.1 FLOP/s, 450 W;
        // rounded to ns (G·512 MACs take at most 62 ps).
        const double tail = r.nImages * p.tailMacs / (330e12 * 0.1);
        EXPECT_GE(r.tComputeServerS, tail - 0.5e-9);
        EXPECT_LE(r.tComputeServerS, tail + 4 * 512 / (330e12 * 0.1) + 0.5e-9);
        EXPECT_NEAR(r.energyServerJ, 450 * r.tComputeServerS, 1e-12);
        // The payload: fp32 features of n images (36-byte header).
        EXPECT_EQ(r.payloadBytes, 36 + 4 * r.nImages * p.elements);
        EXPECT_GT(r.energyTxJ, 0);
        // Reward with the default weights and REFERENCE.md's privacy profile.
        const double privacy[] =
            {0.96122, 0.608901, 0.57954889, 0.593044, 0.535525, 0.007155, 0.054303};
        EXPECT_EQ(r.privacy, privacy[r.split]);
        EXPECT_NEAR(r.reward,
                    -(0.4 * r.latencyS + 0.3 * (r.energyComputeJ + r.energyTxJ + r.energyServerJ) +
                      0.3 * privacy[r.split]),
                    1e-12);
        if (!std::isnan(r.score))
        {
            EXPECT_GE(r.score, -1.0 - 1e-6);
            EXPECT_LE(r.score, 1.0 + 1e-6);
            EXPECT_EQ(r.matched, r.score >= 0.5);
        }
    }
    EXPECT_GT(ok, 10u);
}

TEST(SaginCvl, FullAndProfiledFidelityGiveIdenticalLatencyAndEnergy)
{
    TempDir a;
    TempDir b;
    const Outcome full = RunScenario(SmallScenario(a.Path()));
    const Outcome profiled = RunScenario(SmallScenario(b.Path(), Json{{"fidelity", "profiled"}}));
    ExpectSameRecords(full, profiled);
}

TEST(SaginCvl, AMeasuredProfileSetsEachRequestsConfidentiality)
{
    // scenarios/measured-privacy.json's profile (what sagin-privacy measured): every completed
    // request carries the cost of its split point from the file, not the published one.
    const std::string profile = SourcePath("scenarios/privacy/resnet50-usam-64.json");
    std::vector<std::string> names;
    const std::vector<double> costs = SplitController::ReadConfidentialityProfile(profile, &names);
    ASSERT_EQ(costs.size(), 7u);
    EXPECT_EQ(names.front(), "conv1");
    EXPECT_EQ(names.back(), "layer4");
    TempDir traces;
    const Outcome outcome = RunScenario(SmallScenario(
        traces.Path(),
        Json{{"fidelity", "profiled"},
             {"controller", {{"type", "greedy-oracle"}, {"confidentiality", profile}}}}));
    uint32_t completed = 0;
    for (const RequestRecord& r : outcome.requests)
    {
        if (r.status == "ok")
        {
            ASSERT_LT(r.split, costs.size());
            EXPECT_EQ(r.privacy, costs[r.split]) << r.request;
            ++completed;
        }
    }
    EXPECT_GT(completed, 0u);

    // The shipped scenario is the default one with the measured costs: the same keys but its
    // name, description, controller and trace folder.
    Json measured = Json::parse(ReadFile(SourcePath("scenarios/measured-privacy.json")));
    Json standard = Json::parse(ReadFile(SourcePath("scenarios/default.json")));
    EXPECT_EQ(measured["controller"]["confidentiality"], "privacy/resnet50-usam-64.json");
    EXPECT_EQ(measured["controller"]["type"], standard["controller"]["type"]);
    for (const char* key : {"name", "description", "controller", "traces"})
    {
        measured.erase(key);
        standard.erase(key);
    }
    EXPECT_EQ(measured, standard);
}

TEST(SaginCvl, ADepletedBatteryStopsTheNodesQueries)
{
    // UAV batteries of 2 J. At 64 pixels the head to split 6 is about (64/384)²·12.08e9 ≈
    // 0.34e9 MACs per image: 3 images take ≈ 1e9/6.41e10 ≈ 16 ms at 30 W, ≈ 0.47 J a request
    // (the radio adds about a mJ). The source reports depletion at 90 % used (1.8 J), after
    // about 4 of the 8 queries of 12 s; the vehicles' 1.8 MJ last.
    TempDir traces;
    const Outcome outcome = RunScenario(
        SmallScenario(traces.Path(),
                      Json{{"uavs", {{"battery_j", 2}}},
                           {"controller", {{"type", "fixed"}, {"attributes", {{"Split", 6}}}}}}));
    std::map<uint32_t, double> depleted;
    for (const DepletionRecord& d : outcome.depletions)
    {
        EXPECT_EQ(d.role, "uav");
        depleted[d.node] = d.tS;
    }
    EXPECT_EQ(depleted.size(), 2u);
    std::map<uint32_t, uint32_t> before;
    double lastVehicleRequestS = 0;
    for (const RequestRecord& r : outcome.requests)
    {
        if (r.role == "uav")
        {
            ASSERT_TRUE(depleted.count(r.node));
            EXPECT_LE(r.tRequestS, depleted[r.node]) << "a query after the battery ran out";
            before[r.node] += r.status == "ok" ? 1 : 0;
        }
        else
        {
            EXPECT_NE(r.status, "depleted");
            lastVehicleRequestS = std::max(lastVehicleRequestS, r.tRequestS);
        }
    }
    for (const auto& [node, count] : before)
    {
        EXPECT_GE(count, 2u) << "node " << node;
        EXPECT_LE(count, 5u) << "node " << node;
    }
    // The vehicles go on querying (every 1.5 s) until the end.
    EXPECT_GT(lastVehicleRequestS, 12 - 1.5);
}

TEST(SaginCvlExample, SavesAndLoadsPoliciesFromTheCommandLine)
{
    // --save-policy writes the learning controller's policy after the run, --policy starts
    // from it; both are refused for a controller that does not learn. A bare --quiet silences
    // the progress lines (the command line is read twice, and a bare flag toggles).
    TempDir traces;
    const std::string policy = traces.Path() + "/q.policy";
    Json scenario =
        SmallScenario(traces.Path(), Json::parse(R"({"duration_s": 6, "fidelity": "profiled",
                        "controller": {"type": "q-learning"}})"));
    TempFile file("learning.json", scenario.dump(2));
    const std::string command = ShellQuote(ProgramPath("sagin-cvl")) +
                                " --scenario=" + ShellQuote(file.Path()) + " --quiet";
    const ProgramResult saved = RunCommand(command + " --save-policy=" + ShellQuote(policy));
    ASSERT_EQ(saved.exitStatus, 0) << saved.err;
    EXPECT_EQ(saved.err, "");
    ASSERT_TRUE(std::filesystem::exists(policy));
    const ProgramResult loaded = RunCommand(command + " --policy=" + ShellQuote(policy));
    EXPECT_EQ(loaded.exitStatus, 0) << loaded.err;

    scenario["controller"] = Json::parse(R"({"type": "fixed"})");
    TempFile fixed("fixed.json", scenario.dump(2));
    const ProgramResult refused =
        RunCommand(ShellQuote(ProgramPath("sagin-cvl")) +
                   " --scenario=" + ShellQuote(fixed.Path()) + " --policy=" + ShellQuote(policy));
    EXPECT_EQ(refused.exitStatus, 2);
    EXPECT_EQ(refused.err,
              "sagin-cvl: error: --policy: 'ns3::sagin::FixedSplitController' does not learn: only "
              "a LearningSplitController has a policy\n");
    EXPECT_EQ(refused.out, "");
}

TEST(SaginCvlExample, WritesHdf5TracesThatH5pyReads)
{
    TempDir traces;
    Json scenario = SmallScenario(traces.Path(), Json{{"duration_s", 6}});
    scenario["traces"]["format"] = "hdf5";
    TempFile file("small.json", scenario.dump(2));
    const ProgramResult run =
        RunCommand(ShellQuote(ProgramPath("sagin-cvl")) + " --scenario=" + ShellQuote(file.Path()) +
                   " --quiet=true");
    ASSERT_EQ(run.exitStatus, 0) << run.err;
    // "scenario small: N requests, ..." on the first line.
    const std::string first = SplitLines(run.out).at(0);
    const std::string count =
        first.substr(first.find(": ") + 2, first.find(" requests") - first.find(": ") - 2);
    const std::string script =
        "import h5py, sys\n"
        "f = h5py.File(sys.argv[1], 'r')\n"
        "r = f['requests']\n"
        "print(len(r))\n"
        "print(f.attrs['scenario'] == open(sys.argv[2]).read())\n"
        "ok = r[r['status'] == b'ok']\n"
        "parts = ok['t_compute_device_s'] + ok['t_tx_s'] + ok['t_prop_s'] + ok['t_queue_s'] + "
        "ok['t_compute_server_s']\n"
        "print(len(ok) > 0 and bool(abs(parts - ok['latency_s']).max() < 1e-9))\n"
        "print(len(f['node_states']) > 0)\n";
    TempFile python("read.py", script);
    const ProgramResult read =
        RunCommand(ShellQuote(Python()) + ' ' + ShellQuote(python.Path()) + ' ' +
                   ShellQuote(traces.Path() + "/traces.h5") + ' ' + ShellQuote(file.Path()));
    ASSERT_EQ(read.exitStatus, 0) << read.err;
    const std::vector<std::string> lines = SplitLines(read.out);
    ASSERT_EQ(lines.size(), 4u) << read.out;
    EXPECT_EQ(lines[0], count);
    EXPECT_EQ(lines[1], "True");
    EXPECT_EQ(lines[2], "True");
    EXPECT_EQ(lines[3], "True");
}

TEST(SaginCvlExample, RefusesAnInvalidScenarioBeforeStarting)
{
    TempFile file("bad.json", R"({"uavs": {"count": 2, "images": 0}})");
    const ProgramResult run =
        RunCommand(ShellQuote(ProgramPath("sagin-cvl")) + " --scenario=" + ShellQuote(file.Path()));
    EXPECT_EQ(run.exitStatus, 2);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err,
              "sagin-cvl: error: " + file.Path() +
                  ": $.uavs.images: must be an integer in 1..64, got 0\n");
    // The transport's options: one line with the JSON path, status 2.
    for (const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
             {R"({"uavs": {"count": 1}, "transport": "fluid"})",
              "$.transport: must be one of packet, flow, got \"fluid\""},
             {R"({"uavs": {"count": 1}, "transport": "flow", "flow": {"geometry_step_s": 0}})",
              "$.flow.geometry_step_s: must be a number > 0 and <= 1e+06, got 0"},
             {R"({"uavs": {"count": 1}, "flow": {"snr_threshold_db": 2}})",
              "$.flow: applies to \"transport\": \"flow\" only (this scenario's transport is "
              "\"packet\")"}})
    {
        TempFile bad("bad.json", text);
        const ProgramResult r = RunCommand(ShellQuote(ProgramPath("sagin-cvl")) +
                                           " --scenario=" + ShellQuote(bad.Path()));
        EXPECT_EQ(r.exitStatus, 2) << text;
        EXPECT_EQ(r.out, "") << text;
        EXPECT_EQ(r.err, "sagin-cvl: error: " + bad.Path() + ": " + expected + "\n") << text;
    }
}

namespace
{

/**
 * Runs a small profiled scenario in which, at 1 s, a vehicle also opens its own TCP connection
 * to the base station's server and sends @p bytes; returns the server's BadMessage reasons.
 */
std::vector<std::string>
SendToServer(const std::vector<uint8_t>& bytes, uint64_t* completed)
{
    TempDir traces;
    CvlScenario scenario(CvlScenarioSpec::Parse(
        SmallScenario(traces.Path(), Json{{"fidelity", "profiled"}, {"duration_s", 6}}).dump(),
        "small.json"));
    scenario.Build();
    Ptr<Node> station = scenario.GetNodes("base-station").Get(0);
    Ptr<Node> vehicle = scenario.GetNodes("vehicle").Get(0);
    std::vector<std::string> reasons;
    for (uint32_t i = 0; i < station->GetNApplications(); ++i)
    {
        station->GetApplication(i)->TraceConnectWithoutContext(
            "BadMessage",
            Callback<void, const std::string&>(
                [&reasons](const std::string& reason) { reasons.push_back(reason); }));
    }
    Ptr<Socket> socket = Socket::CreateSocket(vehicle, TcpSocketFactory::GetTypeId());
    const Ipv4Address address = station->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
    Simulator::Schedule(Seconds(1), [socket, address, bytes]() {
        socket->Bind();
        socket->Connect(InetSocketAddress(address, 9700));
        socket->Send(Create<Packet>(bytes.data(), bytes.size()));
    });
    scenario.Run();
    *completed = 0;
    for (const RequestRecord& r : scenario.GetRequests())
    {
        *completed += r.status == "ok" ? 1 : 0;
    }
    Simulator::Destroy();
    return reasons;
}

/// Splits a CSV line at its commas.
std::vector<std::string>
CsvFields(const std::string& line)
{
    std::vector<std::string> fields(1);
    for (char c : line)
    {
        if (c == ',')
        {
            fields.emplace_back();
        }
        else
        {
            fields.back() += c;
        }
    }
    return fields;
}

} // namespace

TEST(SaginCvlServer, ClosesAConnectionThatSendsJunkAndServesTheOthers)
{
    uint64_t completed = 0;
    const std::vector<std::string> reasons =
        SendToServer(std::vector<uint8_t>(100, 'A'), &completed);
    // Node ids in creation order: 120 satellites (0..119), the base station 120, the UAVs 121
    // and 122, the vehicles 123 and 124; addresses in the same order from 10.0.0.1, so the
    // first vehicle, which sends the junk, is 10.0.0.124.
    ASSERT_EQ(reasons.size(), 1u);
    EXPECT_EQ(reasons[0],
              "server on node 120, message from 10.0.0.124: message does not start with the "
              "magic SGCV (found 0x41414141)");
    EXPECT_GT(completed, 5u);
}

TEST(SaginCvlServer, RefusesFeaturesThatDoNotFitTheirSplit)
{
    // A request header announcing split 6 with 1 image but 1000 bytes of features: the
    // profile of split 6 at 64 pixels (2048×2×2 values) takes 36 + 4·8192 = 32,804 bytes.
    CvlHeader header;
    header.kind = CvlHeader::REQUEST;
    header.request = 7;
    header.node = 123;
    header.split = 6;
    header.nImages = 1;
    header.payloadBytes = 1000;
    Buffer buffer;
    buffer.AddAtStart(CvlHeader::SIZE);
    header.Serialize(buffer.Begin());
    std::vector<uint8_t> bytes(CvlHeader::SIZE + 1000, 0);
    buffer.CopyData(bytes.data(), CvlHeader::SIZE);
    uint64_t completed = 0;
    const std::vector<std::string> reasons = SendToServer(bytes, &completed);
    ASSERT_EQ(reasons.size(), 1u);
    EXPECT_EQ(reasons[0],
              "server on node 120, message from 10.0.0.124: request 7 of node 123 carries 1000 "
              "bytes where split 6 with 1 images takes 32804");
    EXPECT_GT(completed, 5u);
}

TEST(SaginCvlHelper, RefusesNullArgumentsAndBadAttributesInOneLine)
{
    Ptr<CvlContext> context = SmallContext();
    Ptr<AssociationManager> association = CreateObject<AssociationManager>();
    EXPECT_EQ(InvalidArgumentMessage([&] { CvlHelper(nullptr, association); }),
              "CvlHelper: no context (a null CvlContext)");
    EXPECT_EQ(InvalidArgumentMessage([&] { CvlHelper(context, nullptr); }),
              "CvlHelper: no association manager (a null AssociationManager)");
    CvlHelper cvl(context, association);
    EXPECT_EQ(InvalidArgumentMessage([&] { cvl.SetQueryAttribute("Intervall", TimeValue()); }),
              "CvlHelper: ns3::sagin::CvlQueryApplication::Intervall: "
              "'ns3::sagin::CvlQueryApplication' has no attribute 'Intervall'");
    EXPECT_EQ(InvalidArgumentMessage([&] { cvl.SetServerAttribute("Interval", TimeValue()); }),
              "CvlHelper: ns3::sagin::CvlServerApplication::Interval: "
              "'ns3::sagin::CvlServerApplication' has no attribute 'Interval'");
    // Images is checked in 0..64.
    const std::string images =
        InvalidArgumentMessage([&] { cvl.SetQueryAttribute("Images", UintegerValue(65)); });
    EXPECT_EQ(images.rfind("CvlHelper: ns3::sagin::CvlQueryApplication::Images: invalid value "
                           "'65'",
                           0),
              0u)
        << images;
    EXPECT_EQ(images.find('\n'), std::string::npos);
    // ImagingElevationDeg is an angle: 91 is refused.
    EXPECT_NE(InvalidArgumentMessage([&] {
                  cvl.SetReferenceAttribute("ImagingElevationDeg", DoubleValue(91));
              }).rfind("CvlHelper: ns3::sagin::CvlReferenceApplication::ImagingElevationDeg: ", 0),
              std::string::npos);
    EXPECT_EQ(InvalidArgumentMessage([&] { cvl.SetCostModel(nullptr); }),
              "CvlHelper: no cost model (a null SplitCostModel)");
    EXPECT_EQ(InvalidArgumentMessage([&] {
                  cvl.SetDefaultCostModel(DeviceProfile::GetBuiltin("quadro-p400"),
                                          nullptr,
                                          DeviceProfile::GetBuiltin("edge-server"));
              }),
              "CvlHelper: no vehicle profile for the cost model (a null DeviceProfile)");
    // A fixed split of 9 where ResNet-50-USAM has 7 split points (0..6): refused before any
    // application is installed.
    SplitControllerHelper controllers;
    controllers.Set("Split", UintegerValue(9));
    cvl.SetController(controllers);
    NodeContainer nodes;
    nodes.Create(2);
    EXPECT_EQ(InvalidArgumentMessage([&] { cvl.InstallQueries(nodes); }),
              "CvlHelper: ns3::sagin::FixedSplitController: Split = 9 is out of range: the cost "
              "model has 7 split points (0..6)");
    EXPECT_EQ(nodes.Get(0)->GetNApplications(), 0u);
    EXPECT_EQ(nodes.Get(1)->GetNApplications(), 0u);
    Simulator::Destroy();
}

TEST(SaginCvlHelper, InstallsOneApplicationAndOneControllerPerNode)
{
    Ptr<CvlContext> context = SmallContext();
    Ptr<AssociationManager> association = CreateObject<AssociationManager>();
    CvlHelper cvl(context, association);
    SplitControllerHelper controllers;
    controllers.SetType("ns3::sagin::RandomSplitController");
    cvl.SetController(controllers);
    cvl.SetServerAttribute("MatchThreshold", DoubleValue(0.25));
    cvl.SetReferenceAttribute("ImagingElevationDeg", DoubleValue(30));
    cvl.SetQueryAttribute("Images", UintegerValue(2));
    NodeContainer stations;
    stations.Create(2);
    NodeContainer satellites;
    satellites.Create(1);
    NodeContainer devices;
    devices.Create(3);
    const ApplicationContainer servers = cvl.InstallServers(stations);
    const ApplicationContainer references = cvl.InstallReferences(satellites);
    EXPECT_FALSE(cvl.GetCostModel());
    const ApplicationContainer queries = cvl.InstallQueries(devices);
    ASSERT_EQ(servers.GetN(), 2u);
    ASSERT_EQ(references.GetN(), 1u);
    ASSERT_EQ(queries.GetN(), 3u);
    for (uint32_t i = 0; i < 2; ++i)
    {
        ASSERT_EQ(stations.Get(i)->GetNApplications(), 1u);
        EXPECT_EQ(stations.Get(i)->GetApplication(0), servers.Get(i));
        DoubleValue threshold;
        servers.Get(i)->GetAttribute("MatchThreshold", threshold);
        EXPECT_EQ(threshold.Get(), 0.25);
    }
    EXPECT_TRUE(DynamicCast<CvlReferenceApplication>(satellites.Get(0)->GetApplication(0)));
    DoubleValue elevation;
    references.Get(0)->GetAttribute("ImagingElevationDeg", elevation);
    EXPECT_EQ(elevation.Get(), 30);
    // Without SetCostModel(), InstallQueries() built the default one: the context's 7 split
    // points, Quadro P400 on UAVs, DRIVE AGX Xavier on vehicles, the edge server.
    Ptr<SplitCostModel> costs = cvl.GetCostModel();
    ASSERT_TRUE(costs);
    EXPECT_EQ(costs->GetNSplitPoints(), 7u);
    EXPECT_EQ(costs->GetDeviceProfile("uav")->GetName(), "quadro-p400");
    EXPECT_EQ(costs->GetDeviceProfile("vehicle")->GetName(), "drive-agx-xavier");
    EXPECT_EQ(costs->GetServerProfile()->GetName(), "edge-server");
    std::set<Ptr<SplitController>> distinct;
    for (uint32_t i = 0; i < 3; ++i)
    {
        ASSERT_EQ(devices.Get(i)->GetNApplications(), 1u);
        Ptr<CvlQueryApplication> query =
            DynamicCast<CvlQueryApplication>(devices.Get(i)->GetApplication(0));
        ASSERT_TRUE(query);
        EXPECT_EQ(query->GetImagesPerRequest(), 2u);
        Ptr<SplitController> controller = query->GetController();
        ASSERT_TRUE(controller);
        EXPECT_EQ(controller->GetInstanceTypeId().GetName(), "ns3::sagin::RandomSplitController");
        EXPECT_EQ(controller->GetCostModel(), costs);
        distinct.insert(controller);
    }
    EXPECT_EQ(distinct.size(), 3u);
    // A random controller and its query use one stream each: 3 queries take 6; the servers
    // draw nothing.
    ApplicationContainer all(servers);
    all.Add(queries);
    EXPECT_EQ(cvl.AssignStreams(all, 1000), 6);
    EXPECT_EQ(cvl.AssignStreams(servers, 1000), 0);
    Simulator::Destroy();
}

TEST(SaginCvlHelper, InstallsOneLearningControllerForAllNodes)
{
    // A learning controller tells nodes apart itself: one object serves the three queries, and
    // its one stream with the queries' three make 4.
    Ptr<CvlContext> context = SmallContext();
    CvlHelper cvl(context, CreateObject<AssociationManager>());
    SplitControllerHelper controllers;
    controllers.SetType("ns3::sagin::QLearningSplitController");
    cvl.SetController(controllers);
    NodeContainer devices;
    devices.Create(3);
    const ApplicationContainer queries = cvl.InstallQueries(devices);
    ASSERT_EQ(queries.GetN(), 3u);
    std::set<Ptr<SplitController>> distinct;
    for (uint32_t i = 0; i < 3; ++i)
    {
        distinct.insert(DynamicCast<CvlQueryApplication>(queries.Get(i))->GetController());
    }
    ASSERT_EQ(distinct.size(), 1u);
    EXPECT_TRUE((*distinct.begin())->IsShareable());
    EXPECT_EQ(cvl.AssignStreams(queries, 1000), 4);
    Simulator::Destroy();
}

namespace
{

/// What the recording controller's agents learnt from, in order.
std::vector<LearningSplitController::Experience> g_experiences;

/**
 * A learning controller whose agents keep every experience and take the split after the last
 * one (a cycle through the split points), to check what the queries give a learner.
 */
class RecordingSplitController : public LearningSplitController
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("RecordingSplitController")
                                .SetParent<LearningSplitController>()
                                .AddConstructor<RecordingSplitController>();
        return tid;
    }

  protected:
    /// The recording agent.
    class Agent : public LearningSplitController::Agent
    {
      public:
        explicit Agent(uint32_t splits)
            : m_splits(splits)
        {
        }

        uint32_t Act(const std::vector<float>&, uint32_t last, bool) override
        {
            return (last + 1) % m_splits;
        }

        uint32_t Greedy(const std::vector<float>&, uint32_t last) const override
        {
            return (last + 1) % m_splits;
        }

        void Update(const Experience& e) override
        {
            g_experiences.push_back(e);
        }

        void Save(std::ostream&) const override
        {
        }

        void Load(std::istream&) override
        {
        }

      private:
        uint32_t m_splits;
    };

    std::unique_ptr<LearningSplitController::Agent> CreateAgent(uint64_t) override
    {
        return std::make_unique<Agent>(GetNSplitPoints());
    }

    uint32_t GetDefaultEpisodeSteps() const override
    {
        return 5;
    }
};

NS_OBJECT_ENSURE_REGISTERED(RecordingSplitController);

} // namespace

TEST(SaginCvlLearning, EveryRequestTeachesItsNodesAgentWithLiveObservations)
{
    // Each request that ends (reply, timeout, failure) gives its node's agent one experience:
    // the state before it (5 values of the "network" state), its split and reward as recorded,
    // and the state after it, whose first value is the new last split over 6.
    TempDir traces;
    g_experiences.clear();
    const Outcome outcome =
        RunScenario(SmallScenario(traces.Path(), Json::parse(R"({"fidelity": "profiled",
                        "controller": {"type": "RecordingSplitController"}})")));
    // Requests decided and ended (a node without a base station in reach decides nothing).
    std::vector<RequestRecord> decided;
    for (const auto& record : outcome.requests)
    {
        if (record.status == "ok" || record.status == "timeout")
        {
            decided.push_back(record);
        }
    }
    ASSERT_GT(decided.size(), 10u);
    ASSERT_EQ(g_experiences.size(), decided.size());
    std::map<uint32_t, uint32_t> steps;
    std::map<uint32_t, uint32_t> last;
    for (size_t i = 0; i < decided.size(); ++i)
    {
        const RequestRecord& record = decided[i];
        const auto& e = g_experiences[i];
        EXPECT_EQ(e.node, record.node);
        EXPECT_EQ(e.split, record.split);
        EXPECT_EQ(e.reward, record.reward);
        // The agent cycles: the split after the node's previous one (0 before any).
        EXPECT_EQ(e.split, last.count(record.node) ? (last[record.node] + 1) % 7 : 1u) << i;
        EXPECT_EQ(e.lastSplit, last.count(record.node) ? last[record.node] : 0u) << i;
        last[record.node] = e.split;
        ASSERT_EQ(e.state.size(), 5u);
        ASSERT_EQ(e.next.size(), 5u);
        EXPECT_FLOAT_EQ(e.next[0], e.split / 6.0f) << i;
        for (float v : e.next)
        {
            EXPECT_TRUE(std::isfinite(v)) << i;
        }
        // Every node is near the base station: a rate (log10(1 + R/1 Mbit/s)/4 > 0), a
        // battery with charge in (0, 1], and a backlog of at least 0 s.
        EXPECT_GT(e.next[1], 0.0f) << i;
        EXPECT_GT(e.next[3], 0.0f) << i;
        EXPECT_LE(e.next[3], 1.0f) << i;
        EXPECT_GE(e.next[4], 0.0f) << i;
        // Episodes of 5 steps per node.
        EXPECT_EQ(e.episodeEnd, ++steps[record.node] % 5 == 0) << i;
    }
}

TEST(SaginCvlLearning, QLearningLearnsOnlineSavesAndRunsFromItsPolicy)
{
    // A Q-learning controller learns in the network, saves its policy at the end of the run
    // (save_policy), and a second run loads it (policy) with Training false: it neither
    // explores nor learns, so the policy it would save is the same file byte for byte. Two runs
    // with the same seed give the same requests.
    TempDir traces;
    const std::string trained = traces.Path() + "/trained.policy";
    const std::string again = traces.Path() + "/again.policy";
    Json patch = Json::parse(R"({"fidelity": "profiled", "duration_s": 20,
                                 "controller": {"type": "q-learning"}})");
    patch["controller"]["save_policy"] = trained;
    std::vector<Ptr<LearningSplitController>> learners;
    const Outcome first =
        RunScenario(SmallScenario(traces.Path(), patch),
                    [&learners](CvlScenario& run) { learners = run.GetLearningControllers(); });
    EXPECT_EQ(learners.size(), 1u); // one controller for UAVs and vehicles, 4 agents in it
    ASSERT_TRUE(std::filesystem::exists(trained));
    const Outcome second = RunScenario(SmallScenario(traces.Path(), patch));
    ASSERT_EQ(first.requests.size(), second.requests.size());
    for (size_t i = 0; i < first.requests.size(); ++i)
    {
        const RequestRecord& a = first.requests[i];
        const RequestRecord& b = second.requests[i];
        EXPECT_EQ(a.split, b.split) << i;
        EXPECT_EQ(a.status, b.status) << i;
        EXPECT_TRUE(a.reward == b.reward || (std::isnan(a.reward) && std::isnan(b.reward))) << i;
    }
    // The saved agents learnt: some Q-value of a requesting node is no longer 0.
    auto q = CreateObject<QLearningSplitController>();
    q->Configure(CreateObject<SeedSplitEnvironment>()->MakeSplitCostModel()); // 7 split points
    q->Load(trained);
    EXPECT_EQ(q->GetNAgents(), 4u);
    bool learnt = false;
    for (const auto& record : first.requests)
    {
        SplitObservation observation;
        observation.node = record.node;
        for (int32_t split = 0; split < 7; ++split)
        {
            observation.lastSplit = split;
            for (double v : q->GetActionValues(observation))
            {
                learnt = learnt || v != 0.0;
            }
        }
    }
    EXPECT_TRUE(learnt);

    Json evaluate = patch;
    evaluate["controller"]["policy"] = trained;
    evaluate["controller"]["save_policy"] = again;
    evaluate["controller"]["attributes"] = Json::parse(R"({"Training": false})");
    const Outcome evaluated = RunScenario(SmallScenario(traces.Path(), evaluate));
    EXPECT_FALSE(evaluated.requests.empty());
    EXPECT_EQ(ReadFile(again), ReadFile(trained));
}

TEST(SaginCvlLearning, AMismatchedPolicyIsRefusedNamingTheScenario)
{
    // A policy written by Q-learning does not load into actor-critic: the one-line error names
    // the scenario, the key and the mismatch, before anything runs.
    TempDir traces;
    const std::string path = traces.Path() + "/q.policy";
    auto q = CreateObject<QLearningSplitController>();
    q->Configure(CreateObject<SeedSplitEnvironment>()->MakeSplitCostModel());
    q->Save(path);
    Json patch = Json::parse(R"({"fidelity": "profiled", "controller": {"type": "actor-critic"}})");
    patch["controller"]["policy"] = path;
    const std::string message = InvalidArgumentMessage([&] {
        CvlScenario run(
            CvlScenarioSpec::Parse(SmallScenario(traces.Path(), patch).dump(), "small.json"));
        run.Build();
    });
    Simulator::Destroy();
    EXPECT_NE(message.find("small.json: $.controller.policy: policy file '" + path + "'"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("written by ns3::sagin::QLearningSplitController"), std::string::npos)
        << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST(SaginCvlScriptExample, PrintsOneCsvLinePerRequestWhosePartsAddUp)
{
    const ProgramResult run = RunCommand(ShellQuote(ProgramPath("sagin-cvl-script")) +
                                         " --controller=fixed --split=6 --duration=8");
    ASSERT_EQ(run.exitStatus, 0) << run.err;
    const std::vector<std::string> lines = SplitLines(run.out);
    ASSERT_GT(lines.size(), 1u);
    ASSERT_EQ(lines[0],
              "t_request_s,node,role,base_station,split,n_images,payload_bytes,"
              "t_compute_device_s,t_tx_s,t_prop_s,t_queue_s,t_compute_server_s,latency_s,"
              "energy_j,matched,true_location,matched_location,status");
    // Split 6 at 64 pixels: fp32 features of n images and a 36-byte codec header.
    Ptr<ResNet50UsamModel> model =
        CreateObjectWithAttributes<ResNet50UsamModel>("InputSize", UintegerValue(64));
    const auto elements = static_cast<uint64_t>(model->GetProfile(64).at(6).elements);
    std::map<std::string, uint32_t> ok;
    for (size_t i = 1; i < lines.size(); ++i)
    {
        const std::vector<std::string> f = CsvFields(lines[i]);
        ASSERT_EQ(f.size(), 18u) << lines[i];
        // Every request that reached the controller (all but those without a base station)
        // has split 6.
        if (f[17] != "no-base-station")
        {
            EXPECT_EQ(f[4], "6") << lines[i];
        }
        const std::string& role = f[2];
        ASSERT_TRUE(role == "uav" || role == "vehicle") << lines[i];
        // Images per request: 3 on a UAV, 1 on a vehicle (the query application's default).
        const uint32_t n = role == "uav" ? 3 : 1;
        EXPECT_EQ(f[5], std::to_string(n)) << lines[i];
        if (f[17] != "ok")
        {
            continue;
        }
        ++ok[role];
        EXPECT_EQ(std::stoull(f[6]), 36 + 4 * n * elements) << lines[i];
        // latency = t_compute_device + t_tx + t_prop + t_queue + t_compute_server.
        double parts = 0;
        for (int k = 7; k <= 11; ++k)
        {
            parts += std::stod(f[k]);
        }
        EXPECT_NEAR(parts, std::stod(f[12]), 1e-9) << lines[i];
        EXPECT_GT(std::stod(f[13]), 0) << lines[i];
    }
    // Two UAVs and two vehicles within 200 m of the base station query every 1.5 s for 8 s.
    EXPECT_GT(ok["uav"], 0u);
    EXPECT_GT(ok["vehicle"], 0u);
}

TEST(SaginCvlScriptExample, RefusesBadOptionsInOneLineWithStatus2)
{
    const std::string program = ShellQuote(ProgramPath("sagin-cvl-script"));
    const ProgramResult unknown = RunCommand(program + " --controller=bogus");
    EXPECT_EQ(unknown.exitStatus, 2);
    EXPECT_EQ(unknown.out, "");
    EXPECT_EQ(unknown.err.rfind("sagin-cvl-script: error: --controller=bogus: ", 0), 0u)
        << unknown.err;
    EXPECT_EQ(SplitLines(unknown.err).size(), 1u) << unknown.err;
    const ProgramResult split = RunCommand(program + " --split=3");
    EXPECT_EQ(split.exitStatus, 2);
    EXPECT_EQ(split.out, "");
    EXPECT_EQ(split.err, "sagin-cvl-script: error: --split: only with --controller=fixed\n");
    // ResNet-50-USAM has split points 0..6.
    const ProgramResult range = RunCommand(program + " --controller=fixed --split=7");
    EXPECT_EQ(range.exitStatus, 2);
    EXPECT_EQ(range.out, "");
    EXPECT_EQ(range.err,
              "sagin-cvl-script: error: CvlHelper: ns3::sagin::FixedSplitController: Split = 7 "
              "is out of range: the cost model has 7 split points (0..6)\n");
}

namespace
{

/// The SaginNetDevice of a node.
Ptr<SaginNetDevice>
RadioOf(Ptr<Node> node)
{
    for (uint32_t i = 0; i < node->GetNDevices(); ++i)
    {
        Ptr<SaginNetDevice> device = DynamicCast<SaginNetDevice>(node->GetDevice(i));
        if (device)
        {
            return device;
        }
    }
    return nullptr;
}

/// One UAV and one base station, nothing else on the air: requests over UDP, profiled.
Json
SingleLinkUdp(const std::string& traces)
{
    return SmallScenario(traces, Json::parse(R"({"satellites": null, "uavs": {"count": 1},
                                         "vehicles": {"count": 0}, "fidelity": "profiled",
                                         "queries": {"protocol": "udp"},
                                         "controller": {"type": "fixed",
                                                        "attributes": {"Split": 0}}})"));
}

/// A frame on the air: when it started, its size and the rate it went at.
struct Frame
{
    double tS;      //!< start, s
    uint32_t bytes; //!< frame size, bytes
    double rateBps; //!< rate, bit/s
};

} // namespace

TEST(SaginCvlUdp, RequestsCompleteAndTheirPartsAddUp)
{
    TempDir traces;
    const Outcome outcome =
        RunScenario(SmallScenario(traces.Path(), Json{{"queries", {{"protocol", "udp"}}}}));
    uint32_t ok = 0;
    for (const RequestRecord& r : outcome.requests)
    {
        if (r.status != "ok")
        {
            continue;
        }
        ++ok;
        // The same decomposition as over TCP: the parts add up to the latency.
        EXPECT_NEAR(r.tComputeDeviceS + r.tTxS + r.tPropS + r.tQueueS + r.tComputeServerS,
                    r.latencyS,
                    1e-9);
        EXPECT_GT(r.tTxS, 0);
        EXPECT_GT(r.tPropS, 0);
        EXPECT_GE(r.tQueueS, 0);
        EXPECT_GT(r.energyTxJ, 0);
        // fp32 features of n images behind a 36-byte codec header.
        const SplitPointProfile& p = outcome.profiles[r.split];
        EXPECT_EQ(r.payloadBytes, 36 + 4 * r.nImages * p.elements);
    }
    // 12 s of queries every 1.5 s from 4 nodes (the TCP run of the same scenario has more than
    // 10 replies).
    EXPECT_GT(ok, 10u);
}

TEST(SaginCvlUdp, UploadTakesTheFramesAirtimeAtTheShannonRate)
{
    TempDir traces;
    std::vector<Frame> up;
    std::vector<Frame> down;
    uint32_t notShannon = 0;
    const Outcome outcome = RunScenario(SingleLinkUdp(traces.Path()), [&](CvlScenario& run) {
        Ptr<SaginNetDevice> uav = RadioOf(run.GetNodes("uav").Get(0));
        Ptr<SaginNetDevice> station = RadioOf(run.GetNodes("base-station").Get(0));
        Ptr<SaginChannel> channel = run.GetChannel();
        const auto watch = [&notShannon, channel](Ptr<SaginNetDevice> from,
                                                  Ptr<SaginNetDevice> to,
                                                  std::vector<Frame>* frames) {
            from->TraceConnectWithoutContext(
                "PhyTxBegin",
                Callback<void, Ptr<const Packet>, double>([=, &notShannon](Ptr<const Packet> packet,
                                                                           double rateBps) {
                    frames->push_back({Simulator::Now().GetSeconds(), packet->GetSize(), rateBps});
                    // The rate is B·log2(1 + SNR) of the link now (one sender, the whole
                    // band): the traced rate is bits / airtime with the airtime rounded to
                    // 1 ns, so the airtimes agree within 0.5 ns (plus double rounding).
                    const SaginChannel::LinkState state = channel->GetLinkState(from, to);
                    const double shannon =
                        state.bandwidthHz * std::log2(1 + std::pow(10, state.snrDb / 10));
                    const double bits = packet->GetSize() * 8.0;
                    notShannon += std::abs(bits / rateBps - bits / shannon) > 0.501e-9 ? 1 : 0;
                }));
        };
        watch(uav, station, &up);
        watch(station, uav, &down);
    });
    EXPECT_EQ(notShannon, 0u);
    uint32_t ok = 0;
    for (const RequestRecord& r : outcome.requests)
    {
        if (r.status != "ok")
        {
            continue;
        }
        ++ok;
        // The message: the 88-byte CvlHeader and the payload, in chunks of 8900 bytes; each
        // frame adds the chunk header (32), UDP (8), IPv4 (20) and the MAC header (14).
        const uint64_t message = 88 + r.payloadBytes;
        const uint64_t chunks = (message + 8899) / 8900;
        const double sentS = r.tRequestS + r.tComputeDeviceS;
        const double endS = r.tRequestS + r.latencyS;
        uint64_t bytes = 0;
        uint64_t frames = 0;
        double airtimeS = 0;
        for (const Frame& f : up)
        {
            if (f.tS >= sentS - 1e-12 && f.tS <= endS)
            {
                bytes += f.bytes;
                airtimeS += f.bytes * 8.0 / f.rateBps;
                ++frames;
            }
        }
        EXPECT_EQ(frames, chunks);
        EXPECT_EQ(bytes, message + chunks * (32 + 8 + 20 + 14));
        // The reply: one frame of 88 + 8 + 20 + 14 = 130 bytes.
        double replyS = 0;
        for (const Frame& f : down)
        {
            if (f.tS >= sentS && f.tS <= endS)
            {
                EXPECT_EQ(f.bytes, 130u);
                replyS += f.bytes * 8.0 / f.rateBps;
            }
        }
        // UdpWindow keeps frames waiting in the queue, so the frames go back to back from the
        // send: the upload is their airtime plus the propagation delay, the reply its frame's
        // airtime plus the propagation delay. tPropS takes the delays at the send and at the
        // reply; the UAV (15 m/s) moves less than 15·latency m in between, which changes the
        // delays by at most 2·15·latency/c (< 1 ns for latencies below 10 s). The airtimes
        // are exact sums of the traced (ns-rounded) airtimes up to double rounding.
        const double margin = 2 * 15 * r.latencyS / 299792458.0 + 1e-9;
        EXPECT_NEAR(r.tTxS, airtimeS + replyS, margin) << "request " << r.request;
        EXPECT_GT(frames, 1u);
    }
    EXPECT_GT(ok, 5u);
}

TEST(SaginCvlUdp, FullAndProfiledFidelityGiveIdenticalRecords)
{
    TempDir a;
    TempDir b;
    const Json udp = Json{{"queries", {{"protocol", "udp"}}}};
    Json profiled = udp;
    profiled["fidelity"] = "profiled";
    const Outcome full = RunScenario(SmallScenario(a.Path(), udp));
    const Outcome zeros = RunScenario(SmallScenario(b.Path(), profiled));
    ExpectSameRecords(full, zeros);
    EXPECT_GT(full.requests.size(), 10u);
}

TEST(SaginCvlUdp, ARequestThatLosesADatagramTimesOut)
{
    // The third frame of the UAV raises the channel's MinSnr to 100 dB until 1 ns after its
    // airtime: the frames dequeued at its end are lost to an outage, so request 0 misses
    // datagrams and is never answered. The later requests go through.
    TempDir traces;
    uint32_t outages = 0;
    const Outcome outcome = RunScenario(SingleLinkUdp(traces.Path()), [&](CvlScenario& run) {
        Ptr<SaginNetDevice> uav = RadioOf(run.GetNodes("uav").Get(0));
        Ptr<SaginChannel> channel = run.GetChannel();
        auto frames = std::make_shared<uint32_t>(0);
        uav->TraceConnectWithoutContext(
            "PhyTxBegin",
            Callback<void, Ptr<const Packet>, double>(
                [frames, channel](Ptr<const Packet> packet, double rateBps) {
                    if (++*frames != 3)
                    {
                        return;
                    }
                    channel->SetAttribute("MinSnr", DoubleValue(100));
                    Simulator::Schedule(
                        Seconds(packet->GetSize() * 8.0 / rateBps) + NanoSeconds(1),
                        [channel] { channel->SetAttribute("MinSnr", DoubleValue(-5)); });
                }));
        channel->TraceConnectWithoutContext("Outage",
                                            Callback<void,
                                                     Ptr<const Packet>,
                                                     Ptr<const SaginNetDevice>,
                                                     Ptr<const SaginNetDevice>,
                                                     const std::string&,
                                                     double>([&outages](Ptr<const Packet>,
                                                                        Ptr<const SaginNetDevice>,
                                                                        Ptr<const SaginNetDevice>,
                                                                        const std::string&,
                                                                        double) { ++outages; }));
    });
    EXPECT_GT(outages, 0u);
    ASSERT_FALSE(outcome.requests.empty());
    const RequestRecord& first = outcome.requests[0];
    EXPECT_EQ(first.request, 0u);
    EXPECT_EQ(first.status, "timeout");
    EXPECT_TRUE(std::isnan(first.latencyS));
    uint32_t ok = 0;
    for (size_t i = 1; i < outcome.requests.size(); ++i)
    {
        ok += outcome.requests[i].status == "ok" ? 1 : 0;
    }
    // Request 0 waits its 8 s timeout; the queries that came due meanwhile start after it.
    EXPECT_GT(ok, 0u);
}

TEST(SaginCvlUdp, TheServerDropsBadDatagramsAndSaysWhy)
{
    TempDir traces;
    std::vector<std::string> reasons;
    uint32_t station = 0;
    std::string sender;
    const Outcome outcome = RunScenario(SingleLinkUdp(traces.Path()), [&](CvlScenario& run) {
        Ptr<Node> uav = run.GetNodes("uav").Get(0);
        Ptr<Node> bs = run.GetNodes("base-station").Get(0);
        station = bs->GetId();
        std::ostringstream address;
        address << uav->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
        sender = address.str();
        for (uint32_t i = 0; i < bs->GetNApplications(); ++i)
        {
            bs->GetApplication(i)->TraceConnectWithoutContext(
                "BadMessage",
                Callback<void, const std::string&>(
                    [&reasons](const std::string& reason) { reasons.push_back(reason); }));
        }
        Ptr<Ipv4> ipv4 = bs->GetObject<Ipv4>();
        const InetSocketAddress to(ipv4->GetAddress(1, 0).GetLocal(), 9700);
        Ptr<Socket> socket = Socket::CreateSocket(uav, UdpSocketFactory::GetTypeId());
        socket->Bind();
        const auto chunk = [](uint32_t magic, uint64_t request) {
            CvlChunkHeader header;
            header.magic = magic;
            header.node = 77;
            header.request = request;
            return header;
        };
        std::vector<Ptr<Packet>> datagrams;
        // 1. Shorter than a chunk header.
        datagrams.push_back(Create<Packet>(10));
        // 2. A chunk header with a bad magic.
        datagrams.push_back(Create<Packet>(40));
        datagrams.back()->AddHeader(chunk(0x12345678, 4));
        // 3. A one-chunk message of 88 zeros: not a CvlHeader.
        datagrams.push_back(Create<Packet>(88));
        datagrams.back()->AddHeader(chunk(CvlChunkHeader::MAGIC, 5));
        // 4. A one-chunk request announcing split point 99 of a 7-split model.
        CvlHeader request;
        request.kind = CvlHeader::REQUEST;
        request.node = 77;
        request.request = 6;
        request.split = 99;
        request.nImages = 1;
        datagrams.push_back(Create<Packet>());
        datagrams.back()->AddHeader(request);
        datagrams.back()->AddHeader(chunk(CvlChunkHeader::MAGIC, 6));
        for (size_t k = 0; k < datagrams.size(); ++k)
        {
            Simulator::Schedule(Seconds(0.5 + 0.01 * k), [socket, datagrams, k, to] {
                socket->SendTo(datagrams[k], 0, to);
            });
        }
    });
    const std::string prefix =
        "server on node " + std::to_string(station) + ", datagrams from " + sender + ": ";
    ASSERT_EQ(reasons.size(), 4u);
    EXPECT_EQ(reasons[0],
              prefix + "bad chunk header: datagram of 10 bytes where the chunk header takes 32");
    EXPECT_EQ(reasons[1],
              prefix + "bad chunk header: magic 0x12345678 where 0x5347434b was expected");
    EXPECT_EQ(reasons[2],
              prefix + "request 5 of node 77: message does not start with the magic SGCV "
                       "(found 0x0)");
    EXPECT_EQ(reasons[3],
              prefix + "request 6 of node 77: request 6 of node 77 announces split point 99 "
                       "of a model with 7");
    // The server goes on serving the UAV's own requests.
    uint32_t ok = 0;
    for (const RequestRecord& r : outcome.requests)
    {
        ok += r.status == "ok" ? 1 : 0;
    }
    EXPECT_GT(ok, 0u);
}

TEST(SaginCvlUdp, AnIncompleteMessageIsDroppedAfterTheReassemblyTimeout)
{
    // At 0.5 s the UAV sends chunk 0 of a 2-chunk message (node 77, request 9) and never the
    // other: the server holds it until 0.5 s + ReassemblyTimeout (10 s) = 10.5 s.
    TempDir traces;
    Json scenario = SingleLinkUdp(traces.Path());
    // The UAV's first query comes at a random offset in [0, 1e6 s): almost surely (and for this
    // seed) after the 12 s run, so the probe's message is the only one.
    scenario["queries"]["interval_s"] = 1e6;
    std::vector<std::pair<double, uint32_t>> counts;
    const Outcome outcome = RunScenario(scenario, [&](CvlScenario& run) {
        Ptr<Node> uav = run.GetNodes("uav").Get(0);
        Ptr<Node> bs = run.GetNodes("base-station").Get(0);
        Ptr<CvlServerApplication> server;
        for (uint32_t i = 0; i < bs->GetNApplications(); ++i)
        {
            server = server ? server : DynamicCast<CvlServerApplication>(bs->GetApplication(i));
        }
        const InetSocketAddress to(bs->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal(), 9700);
        Ptr<Socket> socket = Socket::CreateSocket(uav, UdpSocketFactory::GetTypeId());
        socket->Bind();
        CvlChunkHeader chunk;
        chunk.node = 77;
        chunk.request = 9;
        chunk.index = 0;
        chunk.count = 2;
        Ptr<Packet> datagram = Create<Packet>(100);
        datagram->AddHeader(chunk);
        Simulator::Schedule(Seconds(0.5),
                            [socket, datagram, to] { socket->SendTo(datagram, 0, to); });
        for (double t : {0.4, 1.0, 10.4, 10.6})
        {
            Simulator::Schedule(Seconds(t), [&counts, server, t] {
                counts.emplace_back(t, server->GetReassemblyCount());
            });
        }
    });
    ASSERT_EQ(counts.size(), 4u);
    EXPECT_EQ(counts[0].second, 0u); // before the datagram
    EXPECT_EQ(counts[1].second, 1u); // waiting for chunk 1
    EXPECT_EQ(counts[2].second, 1u); // 0.1 s before the timeout
    EXPECT_EQ(counts[3].second, 0u); // 0.1 s after: dropped
    EXPECT_TRUE(outcome.requests.empty());
}

TEST(SaginRlScenarioExample, PrintsOneRowPerAlgorithmAndTheOracleLeads)
{
    // 60 s of scenarios/rl-channel.json (3 UAVs, a request every 2 s: 90 requests) with the
    // greedy oracle, three fixed splits and Q-learning.
    TempDir out;
    const std::string csv = out.Path() + "/table.csv";
    const auto result = RunCommand(
        "cd " + ShellQuote(SourcePath("")) + " && " + ShellQuote(ProgramPath("sagin-rl-scenario")) +
        " --duration=60 --algorithms=greedy-oracle,fixed-1,fixed-5,fixed-6,q-learning --out=" +
        ShellQuote(out.Path()) + " --csv=" + ShellQuote(csv));
    ASSERT_EQ(result.exitStatus, 0) << result.err;
    const auto lines = SplitLines(ReadFile(csv));
    ASSERT_EQ(lines.size(), 6u) << ReadFile(csv);
    EXPECT_EQ(lines[0],
              "algorithm,decided,completed,latency_ms,energy_j,privacy,reward,reward_second_half");
    std::map<std::string, std::vector<double>> rows;
    for (size_t i = 1; i < lines.size(); ++i)
    {
        std::istringstream in(lines[i]);
        std::string name;
        std::getline(in, name, ',');
        std::string field;
        while (std::getline(in, field, ','))
        {
            rows[name].push_back(std::stod(field));
        }
        ASSERT_EQ(rows[name].size(), 7u) << lines[i];
        EXPECT_GE(rows[name][0], 80) << name; // about 90 decisions, a few out of reach
        EXPECT_NE(result.out.find(name), std::string::npos);
    }
    // A fixed split's confidentiality cost is its split point's, for every request.
    Ptr<SplitController> costs = CreateObject<FixedSplitController>();
    costs->Configure(CreateObject<SeedSplitEnvironment>()->MakeSplitCostModel()); // 7 points
    for (uint32_t split : {1u, 5u, 6u})
    {
        EXPECT_NEAR(rows["fixed-" + std::to_string(split)][4], costs->GetPrivacy(split), 1e-12);
    }
    // The oracle takes, for each request, the split of the best reward predicted from what the
    // UAV observes (rate, delay, backlog), so over the same flights its mean reward is at least
    // that of any one split.
    for (const char* fixed : {"fixed-1", "fixed-5", "fixed-6"})
    {
        EXPECT_GE(rows["greedy-oracle"][5], rows[fixed][5]) << fixed;
    }
    // The traces of each run.
    EXPECT_TRUE(std::filesystem::exists(out.Path() + "/q-learning/requests.csv"));

    const auto refused =
        RunCommand(ShellQuote(ProgramPath("sagin-rl-scenario")) + " --algorithms=clever");
    EXPECT_EQ(refused.exitStatus, 2);
    EXPECT_EQ(SplitLines(refused.err).size(), 1u) << refused.err;
    EXPECT_NE(refused.err.find("clever"), std::string::npos) << refused.err;
}

namespace
{

/// How a flow-level run of a scenario agrees with its packet-level run, in the figures of
/// tools/sagin-compare-transports.py.
struct Agreement
{
    double p50{0};       //!< relative difference of the completed requests' median latency
    double p95{0};       //!< the same of their 95th percentile
    double energy{0};    //!< relative difference of the mean energy per completed request
    double sameSplit{0}; //!< share of requests completed in both runs (paired by node and
                         //!< index) with the same split
    size_t completed{0}; //!< completed requests of the packet-level run
};

/// The @p q quantile of @p values, interpolated linearly between order statistics (numpy's
/// default).
double
Quantile(std::vector<double> values, double q)
{
    std::sort(values.begin(), values.end());
    const double at = q * (values.size() - 1);
    const size_t below = static_cast<size_t>(std::floor(at));
    const size_t above = std::min(below + 1, values.size() - 1);
    return values[below] + (at - below) * (values[above] - values[below]);
}

/// Runs @p scenario with packet-level and with flow-level transport and compares the records.
Agreement
CompareTransports(Json scenario)
{
    scenario["transport"] = "packet";
    const Outcome packet = RunScenario(scenario);
    scenario["transport"] = "flow";
    const Outcome flow = RunScenario(scenario);
    std::map<std::pair<uint32_t, uint64_t>, const RequestRecord*> flowRequests;
    for (const RequestRecord& r : flow.requests)
    {
        flowRequests[{r.node, r.request}] = &r;
    }
    const auto figures = [](const Outcome& outcome) {
        std::vector<double> latency;
        double energy = 0;
        for (const RequestRecord& r : outcome.requests)
        {
            if (r.status == "ok")
            {
                latency.push_back(r.latencyS);
                energy += r.energyComputeJ + r.energyTxJ + r.energyServerJ;
            }
        }
        return std::make_tuple(latency, energy / latency.size());
    };
    const auto [packetLatency, packetEnergy] = figures(packet);
    const auto [flowLatency, flowEnergy] = figures(flow);
    Agreement a;
    a.completed = packetLatency.size();
    if (packetLatency.empty() || flowLatency.empty())
    {
        return a;
    }
    const auto relative = [](double p, double f) { return std::abs(f - p) / p; };
    a.p50 = relative(Quantile(packetLatency, 0.5), Quantile(flowLatency, 0.5));
    a.p95 = relative(Quantile(packetLatency, 0.95), Quantile(flowLatency, 0.95));
    a.energy = relative(packetEnergy, flowEnergy);
    size_t paired = 0;
    size_t same = 0;
    for (const RequestRecord& r : packet.requests)
    {
        auto found = flowRequests.find({r.node, r.request});
        if (r.status == "ok" && found != flowRequests.end() && found->second->status == "ok")
        {
            ++paired;
            same += found->second->split == r.split;
        }
    }
    a.sameSplit = paired ? double(same) / paired : 0.0;
    return a;
}

/// Four UAVs and four vehicles within 300 m of one base station while the satellites fill its
/// gallery, profiled, with the greedy oracle choosing the splits.
Json
TransportScenario(const std::string& traces, const std::string& protocol)
{
    Json patch = Json::parse(R"({"duration_s": 20, "fidelity": "profiled",
                                 "uavs": {"count": 4},
                                 "vehicles": {"count": 4, "area_half_side_m": 200},
                                 "controller": {"type": "greedy-oracle"}})");
    patch["queries"] = {{"protocol", protocol}};
    return SmallScenario(traces, patch);
}

/// The targets of flow level against packet level on the transport scenario over @p protocol:
/// median latency within 5 %, 95th percentile within 10 %, energy per request within 2 %, the
/// same split in 95 % of requests.
void
ExpectFlowAgreesWithPacket(const std::string& protocol)
{
    TempDir traces;
    const Agreement a = CompareTransports(TransportScenario(traces.Path(), protocol));
    EXPECT_GT(a.completed, 60u); // 8 nodes, a query every 1.5 s for 20 s: 8 × 14 = 112
    EXPECT_LE(a.p50, 0.05);
    EXPECT_LE(a.p95, 0.10);
    EXPECT_LE(a.energy, 0.02);
    EXPECT_GE(a.sameSplit, 0.95);
}

} // namespace

TEST(SaginCvlTransport, FlowLevelAgreesWithPacketLevelOverTcp)
{
    ExpectFlowAgreesWithPacket("tcp");
}

TEST(SaginCvlTransport, FlowLevelAgreesWithPacketLevelOverUdp)
{
    ExpectFlowAgreesWithPacket("udp");
}

TEST(SaginCvlTransport, FullFidelityOverFlowsMatchesRealFeatures)
{
    // Full fidelity with flow transport: real tensors and matching, the network at flow level.
    // The records agree with the profiled run's in every simulated figure.
    TempDir a;
    TempDir b;
    const Outcome profiled =
        RunScenario(SmallScenario(b.Path(), Json{{"transport", "flow"}, {"fidelity", "profiled"}}));
    const Outcome full = RunScenario(SmallScenario(a.Path(), Json{{"transport", "flow"}}));
    ExpectSameRecords(full, profiled);
    uint32_t matched = 0;
    for (const RequestRecord& r : full.requests)
    {
        matched += r.matched;
    }
    EXPECT_GT(matched, 0u);
    EXPECT_GT(full.gallery, 0u);
    EXPECT_EQ(full.gallery, profiled.gallery);
}
