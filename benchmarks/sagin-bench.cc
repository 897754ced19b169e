// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * Google Benchmark measurements of sagin's models. Run with `./sagin exec sagin-bench`; any
 * Google Benchmark option works, e.g. `--benchmark_filter=TriCo`.
 */

#include "ns3/basic-energy-source.h"
#include "ns3/boolean.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/core-module.h"
#include "ns3/double.h"
#include "ns3/node.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/sagin-module.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <benchmark/benchmark.h>
#include <filesystem>
#include <unistd.h>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/// One Tri-Co evaluation (a learning controller's reward), cycling over devices and splits.
void
BM_TriCoEvaluate(benchmark::State& state)
{
    auto model = CreateObject<TriCoCostModel>();
    uint32_t k = 0;
    for (auto _ : state)
    {
        const auto device = (k & 1) ? TriCoCostModel::VEHICLE : TriCoCostModel::UAV;
        benchmark::DoNotOptimize(model->Evaluate(device, (k >> 1) % 7));
        ++k;
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_TriCoEvaluate);

/// The brute-force optimum over all 7 × 7 pairs of split points.
void
BM_TriCoFindOptimum(benchmark::State& state)
{
    auto model = CreateObject<TriCoCostModel>();
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(model->FindOptimum());
    }
}

BENCHMARK(BM_TriCoFindOptimum);

/// A link's rate from its geometry: free-space loss, SNR, Shannon rate.
void
BM_ShannonRateFromDistance(benchmark::State& state)
{
    const double noiseDbm = ThermalNoisePowerDbm(20e6, 7.0);
    double distanceM = 1000.0;
    for (auto _ : state)
    {
        const double lossDb = FreeSpacePathLossDb(distanceM, 2e9);
        const double snrDb = SnrDb(23.0, 0.0, 0.0, lossDb, noiseDbm);
        benchmark::DoNotOptimize(ShannonRateBps(20e6, DbToRatio(snrDb)));
        distanceM = distanceM < 5e5 ? distanceM * 1.001 : 1000.0;
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_ShannonRateFromDistance);

/// Reading and checking the default scenario file.
void
BM_ScenarioParse(benchmark::State& state)
{
    const std::string text = R"({"name": "bench", "seed": 3, "defaults": {
        "ns3::sagin::TriCoCostModel::UavImages": 3,
        "ns3::sagin::TriCoCostModel::PrivacyCosts": "0.96122,0.608901,0.57954889,0.593044,0.535525,0.007155,0.054303",
        "ns3::sagin::TriCoCostModel::UavProfile": "ns3::sagin::DeviceProfile[PeakFlopsPerSecond=2e12|BusyPowerW=15]"}})";
    for (auto _ : state)
    {
        ScenarioHelper scenario;
        scenario.Parse(text, "bench.json");
        benchmark::DoNotOptimize(scenario.GetDefaults().size());
    }
}

BENCHMARK(BM_ScenarioParse);

/// A node with a role at a fixed position.
Ptr<Node>
FixedNode(NodeRole::Role role, const Vector& position)
{
    Ptr<Node> node = CreateObject<Node>();
    NodeRole::Install(node, role);
    Ptr<ConstantPositionMobilityModel> mobility = CreateObject<ConstantPositionMobilityModel>();
    mobility->SetPosition(position);
    node->AggregateObject(mobility);
    return node;
}

/**
 * One link evaluation of the channel, as every frame makes: roles, positions, elevation, the
 * class's loss model with the helper's defaults, noise, SNR and Shannon rate. The argument is
 * the link class (0 ground, 1 air-to-ground, 2 space-to-ground, 3 inter-satellite).
 */
void
BM_ChannelLinkState(benchmark::State& state)
{
    const auto linkClass = static_cast<SaginChannel::LinkClass>(state.range(0));
    const std::pair<NodeRole::Role, Vector> ends[4][2] = {
        {{NodeRole::VEHICLE, Vector(0, 0, 1.5)}, {NodeRole::BASE_STATION, Vector(400, 0, 25)}},
        {{NodeRole::UAV, Vector(300, 0, 100)}, {NodeRole::BASE_STATION, Vector(0, 0, 25)}},
        {{NodeRole::BASE_STATION, Vector(0, 0, 25)},
         {NodeRole::SATELLITE, Vector(200e3, 0, 550e3)}},
        {{NodeRole::SATELLITE, Vector(-1e6, 0, 550e3)},
         {NodeRole::SATELLITE, Vector(1e6, 0, 550e3)}},
    };
    NodeContainer nodes(FixedNode(ends[linkClass][0].first, ends[linkClass][0].second),
                        FixedNode(ends[linkClass][1].first, ends[linkClass][1].second));
    SaginNetDeviceHelper helper;
    NetDeviceContainer devices = helper.Install(nodes);
    Ptr<SaginChannel> channel = helper.GetChannel();
    auto a = DynamicCast<SaginNetDevice>(devices.Get(0));
    auto b = DynamicCast<SaginNetDevice>(devices.Get(1));
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(channel->GetLinkState(a, b).rateBps);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetLabel(SaginChannel::LinkClassName(linkClass));
    Simulator::Destroy();
}

BENCHMARK(BM_ChannelLinkState)->DenseRange(0, 3);
/// The element set of the SGP4 benchmarks: an ISS-like orbit (test/data/leo.tle).
const char* const BENCH_ELEMENT_SET =
    "ISS-LIKE (ZARYA)\n"
    "1 99901U 98067A   24045.54791667  .00016717  00000-0  10270-3 0  9993\n"
    "2 99901  51.6416 247.4627 0006703 130.5360 325.0288 15.50103472439023\n";

/// One SGP4 propagation of a near-Earth element set, each to a new time since its epoch.
void
BM_Sgp4Propagate(benchmark::State& state)
{
    const Sgp4Propagator propagator(TwoLineElementSet::ParseOne(BENCH_ELEMENT_SET, "bench"));
    Vector positionKm;
    Vector velocityKmPerS;
    double minutes = 0.0;
    for (auto _ : state)
    {
        propagator.Propagate(minutes, positionKm, velocityKmPerS);
        benchmark::DoNotOptimize(positionKm);
        benchmark::DoNotOptimize(velocityKmPerS);
        minutes = minutes < 1440.0 ? minutes + 0.37 : 0.0;
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_Sgp4Propagate);

/// A satellite's position in the scenario's local frame (SGP4, Earth rotation, local frame),
/// each query at a new simulation time.
void
BM_Sgp4MobilityPosition(benchmark::State& state)
{
    auto model = CreateObject<Sgp4MobilityModel>();
    model->SetFrame(GeoFrame(48.137, 11.575, 520.0));
    model->SetAttribute("Epoch", StringValue("2024-02-14T18:00:00Z"));
    model->SetElementSet(TwoLineElementSet::ParseOne(BENCH_ELEMENT_SET, "bench"));
    int64_t milliseconds = 0;
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(model->GetPositionAt(MilliSeconds(milliseconds)));
        milliseconds = milliseconds < 86400000 ? milliseconds + 100 : 0;
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_Sgp4MobilityPosition);

/// A circular-orbit satellite's local position, at a new simulation time each query (inertial
/// state, GMST rotation, local frame; no cached state is reused).
void
BM_CircularOrbitPosition(benchmark::State& state)
{
    auto model = CreateObject<CircularOrbitMobilityModel>();
    model->SetFrame(GeoFrame(48.137, 11.575, 520.0));
    int64_t step = 0;
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(model->GetPositionAt(MilliSeconds(100 * step)));
        ++step;
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_CircularOrbitPosition);

/**
 * @brief One link-rate evaluation as a channel does it: CalcRxPower of a path-loss model, SNR
 *        and Shannon rate (20 MHz, 23 dBm, noise figure 7 dB). The far node moves a little at
 *        every evaluation, so that nothing is evaluated twice at the same place.
 * @param state the benchmark state
 * @param model the path-loss model
 * @param near the near node's mobility model
 * @param far the far node's mobility model, moved along x
 */
void
LinkRateLoop(benchmark::State& state,
             Ptr<PropagationLossModel> model,
             Ptr<MobilityModel> near,
             Ptr<ConstantPositionMobilityModel> far)
{
    const double noiseDbm = ThermalNoisePowerDbm(20e6, 7.0);
    const Vector start = far->GetPosition();
    uint32_t k = 0;
    for (auto _ : state)
    {
        far->SetPosition(Vector(start.x + (k % 1000), start.y, start.z));
        const double rxDbm = model->CalcRxPower(23.0, near, far);
        const double snrDb = SnrDb(rxDbm, 0.0, 0.0, 0.0, noiseDbm);
        benchmark::DoNotOptimize(ShannonRateBps(20e6, DbToRatio(snrDb)));
        ++k;
    }
    state.SetItemsProcessed(state.iterations());
}

/**
 * @param position a position in the local frame
 * @return a node with a constant-position mobility model there
 */
Ptr<ConstantPositionMobilityModel>
NodeAt(const Vector& position)
{
    return FixedNode(NodeRole::VEHICLE, position)->GetObject<ConstantPositionMobilityModel>();
}

/// Inter-satellite link: ns-3's Friis model, two satellites 1000 km apart at 550 km.
void
BM_LinkRateInterSatellite(benchmark::State& state)
{
    auto friis = CreateObject<FriisPropagationLossModel>();
    friis->SetAttribute("Frequency", DoubleValue(26e9));
    LinkRateLoop(state, friis, NodeAt(Vector(0, 0, 550e3)), NodeAt(Vector(1000e3, 0, 550e3)));
}

BENCHMARK(BM_LinkRateInterSatellite);

/// Space to ground: TR 38.811 with shadowing (a pair keeps its draw for 1 s), 1000 km at 30°.
void
BM_LinkRateSpaceToGround(benchmark::State& state)
{
    auto ntn = CreateObject<NtnPropagationLossModel>();
    LinkRateLoop(state, ntn, NodeAt(Vector(0, 0, 0)), NodeAt(Vector(866e3, 0, 500e3)));
}

BENCHMARK(BM_LinkRateSpaceToGround);

/// Space to ground, mean loss (ShadowingEnabled false), 1000 km at 30°.
void
BM_LinkRateSpaceToGroundMean(benchmark::State& state)
{
    auto ntn = CreateObject<NtnPropagationLossModel>();
    ntn->SetAttribute("ShadowingEnabled", BooleanValue(false));
    LinkRateLoop(state, ntn, NodeAt(Vector(0, 0, 0)), NodeAt(Vector(866e3, 0, 500e3)));
}

BENCHMARK(BM_LinkRateSpaceToGroundMean);

/// Air to ground: Al-Hourani, a base station at 25 m and a UAV 500 m away at 15°.
void
BM_LinkRateAirToGround(benchmark::State& state)
{
    auto alHourani = CreateObject<AlHouraniPropagationLossModel>();
    LinkRateLoop(state, alHourani, NodeAt(Vector(0, 0, 25)), NodeAt(Vector(483, 0, 154.4)));
}

BENCHMARK(BM_LinkRateAirToGround);

/// Ground: ns-3's 3GPP UMa model with its random LOS state and shadowing, 200 m.
void
BM_LinkRateGround(benchmark::State& state)
{
    auto uma = CreateGroundLossModel(GroundScenario::UMA, 3.5e9);
    LinkRateLoop(state, uma, NodeAt(Vector(0, 0, 1.5)), NodeAt(Vector(200, 0, 25)));
}

BENCHMARK(BM_LinkRateGround);

/**
 * @brief One greedy-oracle decision over the 7 split points of ResNet-50 with USAM at 384×384
 *        (REFERENCE.md's workloads and feature sizes), a UAV of 3 images: 7 cost predictions
 *        and rewards. The rate changes at every decision.
 */
void
BM_GreedyOracleDecide(benchmark::State& state)
{
    const int64_t channels[] = {64, 64, 256, 256, 512, 1024, 2048};
    const int64_t sides[] = {192, 192, 96, 96, 48, 24, 12};
    const double headGmacs[] = {0.3468, 0.3519, 2.3408, 2.3409, 5.3791, 9.6951, 12.077};
    std::vector<SplitPointProfile> profiles(7);
    for (uint32_t i = 0; i < 7; ++i)
    {
        profiles[i].split = i;
        profiles[i].elements = channels[i] * sides[i] * sides[i];
        profiles[i].encodedFp32 = 36 + 4 * profiles[i].elements;
        profiles[i].headMacs = headGmacs[i] * 1e9;
        profiles[i].tailMacs = (12.0789 - headGmacs[i]) * 1e9;
    }
    auto costModel = CreateObject<SplitCostModel>();
    costModel->SetProfiles(profiles);
    auto controller = CreateObject<GreedyOracleSplitController>();
    controller->Configure(costModel);
    SplitObservation observation;
    observation.role = "uav";
    observation.nImages = 3;
    uint32_t k = 0;
    for (auto _ : state)
    {
        observation.rateBps = 1e6 * (1 + (k % 10000));
        benchmark::DoNotOptimize(controller->Decide(observation));
        ++k;
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_GreedyOracleDecide);

/**
 * Request records written to an HDF5 trace (default attributes: 4096 rows buffered, chunks of
 * 1024 rows, shuffle and deflate level 4), the buffered rows' writing and compression included.
 * The argument is the deflate level. The file is in the temporary folder, removed at the end.
 */
void
BM_TraceSinkHdf5Requests(benchmark::State& state)
{
    const auto path = std::filesystem::temp_directory_path() /
                      ("sagin-bench-traces-" + std::to_string(getpid()) + ".h5");
    auto sink = CreateObject<TraceSink>();
    sink->SetAttribute("Compression", UintegerValue(state.range(0)));
    sink->Open(path.string(), TraceMetadata{});
    RequestRecord record;
    record.role = "uav";
    record.status = "ok";
    uint64_t k = 0;
    for (auto _ : state)
    {
        record.tRequestS = 0.25 * k;
        record.node = k % 16;
        record.request = k;
        record.split = k % 7;
        record.payloadBytes = 2359588 >> (k % 3);
        record.latencyS = 0.1 + 1e-6 * (k % 1000);
        record.energyComputeJ = 0.3 + 1e-5 * (k % 777);
        record.reward = -record.latencyS - record.energyComputeJ;
        record.matched = k % 3 != 0;
        sink->Write(record);
        ++k;
    }
    sink->Close();
    state.SetItemsProcessed(state.iterations());
    state.counters["bytes_per_row"] =
        static_cast<double>(std::filesystem::file_size(path)) / std::max<uint64_t>(k, 1);
    std::filesystem::remove(path);
}

BENCHMARK(BM_TraceSinkHdf5Requests)->Arg(0)->Arg(4);

/// A ComputeEnergyModel state change (IDLE <-> BUSY) with its BasicEnergySource update.
void
BM_ComputeEnergyStateChange(benchmark::State& state)
{
    Ptr<Node> node = CreateObject<Node>();
    Ptr<BasicEnergySource> source = CreateObject<BasicEnergySource>();
    source->SetNode(node);
    source->SetInitialEnergy(1e12);
    auto model = CreateObject<ComputeEnergyModel>();
    model->SetProfile(DeviceProfile::GetBuiltin("quadro-p400"));
    model->SetEnergySource(source);
    source->AppendDeviceEnergyModel(model);
    int next = ComputeEnergyModel::BUSY;
    for (auto _ : state)
    {
        model->ChangeState(next);
        next = ComputeEnergyModel::BUSY - next;
    }
    benchmark::DoNotOptimize(model->GetTotalEnergyConsumption());
    state.SetItemsProcessed(state.iterations());
    Simulator::Destroy();
}

BENCHMARK(BM_ComputeEnergyStateChange);

/**
 * The R-tree query of association: the 8 nearest of a grid of base stations (the argument:
 * how many, on a 600 m grid) to a point.
 */
void
BM_SpatialIndexNearest(benchmark::State& state)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto side = static_cast<std::size_t>(std::ceil(std::sqrt(double(n))));
    std::vector<Vector> points;
    for (std::size_t i = 0; i < n; ++i)
    {
        points.emplace_back(600.0 * (i % side), 600.0 * (i / side), 25);
    }
    SpatialIndex index;
    index.Build(points);
    double x = 0;
    for (auto _ : state)
    {
        x = std::fmod(x + 137.0, 600.0 * side);
        benchmark::DoNotOptimize(index.Nearest(Vector(x, x / 2, 1.5), 8));
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_SpatialIndexNearest)->Arg(50)->Arg(1584)->Arg(50000);

/**
 * A flow's start and end while a base station sends to as many vehicles at once (the
 * argument): both re-share the sender's airtime among all its flows.
 */
void
BM_FlowTransportStartAndEnd(benchmark::State& state)
{
    const auto n = static_cast<uint32_t>(state.range(0));
    NodeContainer nodes(FixedNode(NodeRole::BASE_STATION, Vector(0, 0, 25)));
    for (uint32_t i = 0; i <= n; ++i)
    {
        nodes.Add(FixedNode(NodeRole::VEHICLE, Vector(100.0 + 2.0 * i, 50, 1.5)));
    }
    SaginNetDeviceHelper helper;
    NetDeviceContainer devices = helper.Install(nodes);
    Ptr<FlowTransport> transport = FlowTransport::Get(helper.GetChannel());
    auto bs = DynamicCast<SaginNetDevice>(devices.Get(0));
    for (uint32_t i = 1; i <= n; ++i)
    {
        transport->StartFlow(bs, DynamicCast<SaginNetDevice>(devices.Get(i)), 1 << 30, true, {}, {});
    }
    auto extra = DynamicCast<SaginNetDevice>(devices.Get(n + 1));
    FlowTransport::Message message;
    message.bytes = 1 << 30;
    for (auto _ : state)
    {
        transport->CancelMessage(transport->SendMessage(bs, extra, message, {}, {}));
    }
    benchmark::DoNotOptimize(transport->GetRateChanges());
    state.SetItemsProcessed(state.iterations());
    Simulator::Destroy();
}

BENCHMARK(BM_FlowTransportStartAndEnd)->Arg(1)->Arg(50)->Arg(1000);

} // namespace

BENCHMARK_MAIN();
