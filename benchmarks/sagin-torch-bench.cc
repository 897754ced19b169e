// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * Google Benchmark measurements of sagin's LibTorch part: split models and the feature codec.
 * Run with `./sagin exec sagin-torch-bench`; any Google Benchmark option works, e.g.
 * `--benchmark_filter=ResNet50Usam` or `--benchmark_filter=FeatureCodec`.
 *
 * ResNet50UsamForward runs the whole network on one 224×224 image; ResNet50UsamSplit/i runs the
 * head to split point i and then the tail from it on the same image. Splitting should cost no
 * more than the copy of the features between the two (a few percent at most).
 */

#include "ns3/core-module.h"
#include "ns3/sagin-module.h"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <vector>

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

// ---------------------------------------------------------------------------------------------
// FeatureCodec
// ---------------------------------------------------------------------------------------------

/// The formats of the codec benchmarks, by argument: fp32, fp16, int8, then the same with zstd.
FeatureCodec::Format
BenchFormat(int64_t index)
{
    static const FeatureCodec::Codec codecs[3] = {FeatureCodec::Codec::FP32,
                                                  FeatureCodec::Codec::FP16,
                                                  FeatureCodec::Codec::INT8};
    return FeatureCodec::Format{codecs[index % 3], index >= 3};
}

/**
 * @return a 64×96×96 float32 feature map with the statistics of a convolution's output after
 *         batch normalisation and ReLU: max(0, z) of standard normal z (half the elements zero)
 */
FeatureTensor
BenchFeatureMap()
{
    const std::vector<int64_t> shape{64, 96, 96};
    std::vector<float> values = FeatureTensor::RandomNormal(shape, 1).ToFloats();
    for (float& v : values)
    {
        v = std::max(v, 0.0f);
    }
    return FeatureTensor::FromFloats(shape, values);
}

/// Encoding the feature map; bytes per second count the float32 input (2,359,296 bytes).
void
BM_FeatureCodecEncode(benchmark::State& state)
{
    const FeatureCodec::Format format = BenchFormat(state.range(0));
    const FeatureTensor features = BenchFeatureMap();
    size_t encodedBytes = 0;
    for (auto _ : state)
    {
        const std::vector<uint8_t> bytes = FeatureCodec::Encode(features, format);
        encodedBytes = bytes.size();
        benchmark::DoNotOptimize(bytes.data());
    }
    state.SetBytesProcessed(state.iterations() * features.GetElementCount() * 4);
    state.counters["encoded_bytes"] = encodedBytes;
    state.SetLabel(FeatureCodec::GetFormatName(format));
}

BENCHMARK(BM_FeatureCodecEncode)->DenseRange(0, 5)->Unit(benchmark::kMillisecond);

/// Decoding the feature map (checks, checksum, decompression, conversion to float32); bytes
/// per second count the float32 output.
void
BM_FeatureCodecDecode(benchmark::State& state)
{
    const FeatureCodec::Format format = BenchFormat(state.range(0));
    const FeatureTensor features = BenchFeatureMap();
    const std::vector<uint8_t> bytes = FeatureCodec::Encode(features, format);
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(FeatureCodec::Decode(bytes).GetImpl().get());
    }
    state.SetBytesProcessed(state.iterations() * features.GetElementCount() * 4);
    state.counters["encoded_bytes"] = bytes.size();
    state.SetLabel(FeatureCodec::GetFormatName(format));
}

BENCHMARK(BM_FeatureCodecDecode)->DenseRange(0, 5)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
