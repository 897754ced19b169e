// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * Google Benchmark measurements of sagin's split models. Run with
 * `./sagin exec sagin-torch-bench`; any Google Benchmark option works, e.g.
 * `--benchmark_filter=ResNet50Usam`.
 *
 * ResNet50UsamForward runs the whole network on one 224×224 image; ResNet50UsamSplit/i runs the
 * head to split point i and then the tail from it on the same image. Splitting should cost no
 * more than the copy of the features between the two (a few percent at most).
 */

#include "ns3/core-module.h"
#include "ns3/sagin-module.h"

#include <benchmark/benchmark.h>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/// Side of the benchmark's images, in pixels.
constexpr uint32_t BENCH_INPUT_SIZE = 224;

/// @return a ResNet50UsamModel for one BENCH_INPUT_SIZE image, its network already built
Ptr<ResNet50UsamModel>
MakeBenchModel()
{
    auto model =
        CreateObjectWithAttributes<ResNet50UsamModel>("InputSize", UintegerValue(BENCH_INPUT_SIZE));
    model->GetParameterNames(); // builds the network outside the measurement
    return model;
}

/// One whole forward pass.
void
BM_ResNet50UsamForward(benchmark::State& state)
{
    auto model = MakeBenchModel();
    const auto image = FeatureTensor::RandomNormal({1, 3, BENCH_INPUT_SIZE, BENCH_INPUT_SIZE}, 1);
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(model->Forward(image));
    }
}

BENCHMARK(BM_ResNet50UsamForward)->Unit(benchmark::kMillisecond)->MinTime(1.0);

/// Head to split point state.range(0), then the tail from it.
void
BM_ResNet50UsamSplit(benchmark::State& state)
{
    auto model = MakeBenchModel();
    const auto split = static_cast<uint32_t>(state.range(0));
    const auto image = FeatureTensor::RandomNormal({1, 3, BENCH_INPUT_SIZE, BENCH_INPUT_SIZE}, 1);
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(model->Tail(model->Head(image, split), split));
    }
}

BENCHMARK(BM_ResNet50UsamSplit)
    ->DenseRange(0, ResNet50UsamModel::N_SPLIT_POINTS - 1)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(1.0);

} // namespace

BENCHMARK_MAIN();
