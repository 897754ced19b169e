// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * Google Benchmark measurements of sagin's models. Run with `./sagin exec sagin-bench`; any
 * Google Benchmark option works, e.g. `--benchmark_filter=TriCo`.
 */

#include "ns3/sagin-module.h"

#include <benchmark/benchmark.h>

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

} // namespace

BENCHMARK_MAIN();
