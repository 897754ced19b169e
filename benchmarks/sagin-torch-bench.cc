// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * Google Benchmark measurements of sagin's LibTorch part. Run with
 * `./sagin exec sagin-torch-bench`; any Google Benchmark option works, e.g.
 * `--benchmark_filter=FeatureCodec`.
 */

#include "ns3/sagin-module.h"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

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
