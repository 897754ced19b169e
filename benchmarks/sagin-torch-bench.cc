// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * Google Benchmark measurements of sagin's LibTorch part: split models, the feature codec and
 * the image sources (`--benchmark_filter=SyntheticWorld|ImageFolder`), and the split-control
 * algorithms' steps in the seed environment (`--benchmark_filter=RlSteps`).
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
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <stb/stb_image_write.h>
#include <string>
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

// ---------------------------------------------------------------------------------------------
// Image sources
// ---------------------------------------------------------------------------------------------

/// The kinds of view, by argument.
constexpr ImageSource::View BENCH_VIEWS[3] = {ImageSource::SATELLITE,
                                              ImageSource::DRONE,
                                              ImageSource::STREET};

/// One raw view of SyntheticWorld at side state.range(0), kind state.range(1), its location's
/// scene already made (the views of one location in a row), a different view each time.
void
BM_SyntheticWorldView(benchmark::State& state)
{
    const auto size = static_cast<uint32_t>(state.range(0));
    const ImageSource::View view = BENCH_VIEWS[state.range(1)];
    auto world = CreateObjectWithAttributes<SyntheticWorld>("ImageSize",
                                                            UintegerValue(size),
                                                            "DroneViews",
                                                            UintegerValue(1000),
                                                            "StreetViews",
                                                            UintegerValue(1000));
    world->GetScene(0);
    const uint32_t nViews = world->GetNViews(0, view);
    uint32_t index = 0;
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(world->GetRawImage(0, view, index).GetImpl().get());
        index = (index + 1) % nViews;
    }
    state.SetLabel(ImageSource::ViewToString(view));
}

BENCHMARK(BM_SyntheticWorldView)
    ->ArgsProduct({{256, 384}, {0, 1, 2}})
    ->Unit(benchmark::kMillisecond);

/// A new location's scene (2S×2S) each time, at side state.range(0).
void
BM_SyntheticWorldScene(benchmark::State& state)
{
    const auto size = static_cast<uint32_t>(state.range(0));
    auto world = CreateObjectWithAttributes<SyntheticWorld>("ImageSize",
                                                            UintegerValue(size),
                                                            "Locations",
                                                            UintegerValue(1000));
    uint32_t location = 0;
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(world->GetScene(location).GetImpl().get());
        location = (location + 1) % 1000;
    }
}

BENCHMARK(BM_SyntheticWorldScene)->Arg(256)->Arg(384)->Unit(benchmark::kMillisecond);

/// Decoding a 512×512 image file (state.range(0): 0 PNG, 1 JPEG of quality 90, a synthetic
/// satellite view) and resizing it to 256×256, as ImageFolderSource does.
void
BM_ImageFolderRead(benchmark::State& state)
{
    const bool jpeg = state.range(0) == 1;
    auto world = CreateObjectWithAttributes<SyntheticWorld>("ImageSize", UintegerValue(512));
    const std::vector<float> values = world->GetRawImage(0, ImageSource::SATELLITE, 0).ToFloats();
    std::vector<uint8_t> pixels(values.size());
    const size_t plane = values.size() / 3;
    for (size_t p = 0; p < plane; ++p)
    {
        for (size_t c = 0; c < 3; ++c)
        {
            pixels[3 * p + c] = static_cast<uint8_t>(std::lround(values[c * plane + p] * 255.0f));
        }
    }
    const std::string path = (std::filesystem::temp_directory_path() /
                              (std::string("sagin-bench-image.") + (jpeg ? "jpg" : "png")))
                                 .string();
    const int written = jpeg ? stbi_write_jpg(path.c_str(), 512, 512, 3, pixels.data(), 90)
                             : stbi_write_png(path.c_str(), 512, 512, 3, pixels.data(), 512 * 3);
    if (written == 0)
    {
        state.SkipWithError(("cannot write " + path).c_str());
        return;
    }
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(ImageFolderSource::ReadImage(path, 256).GetImpl().get());
    }
    state.counters["file_bytes"] = static_cast<double>(std::filesystem::file_size(path));
    state.SetLabel(jpeg ? "jpeg" : "png");
    std::filesystem::remove(path);
}

BENCHMARK(BM_ImageFolderRead)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

} // namespace

/**
 * The default scenario (scenarios/default.json, or the file in the environment variable
 * SAGIN_SCENARIO; run from the source tree: `./sagin exec sagin-torch-bench
 * --benchmark_filter=Cvl`) from building to the end of the simulation, in full (0) and profiled
 * (1) fidelity, traces as CSV in a temporary folder. Counters: the requests; the host seconds
 * spent building the scenario (build_s) and running it (run_s); of these, the seconds in
 * LibTorch's networks and tensor operations (model_s, the profiling forward of the build
 * included), in the feature codec (codec_s) and making images (image_s); and the share of the
 * wall time outside LibTorch, 1 − model_s/wall.
 */
void
BM_CvlDefaultScenario(benchmark::State& state)
{
    const char* variable = std::getenv("SAGIN_SCENARIO");
    const std::string path = variable ? variable : "scenarios/default.json";
    if (!std::filesystem::exists(path))
    {
        state.SkipWithError(("no scenario file " + path + " (run from the source tree)").c_str());
        return;
    }
    const auto traces = std::filesystem::temp_directory_path() / "sagin-bench-cvl";
    for (auto _ : state)
    {
        CvlScenarioSpec spec = CvlScenarioSpec::Load(path);
        spec.fidelity = state.range(0) == 0 ? "full" : "profiled";
        spec.traceFormat = "csv";
        spec.traceDirectory = traces.string();
        const auto start = std::chrono::steady_clock::now();
        double modelSeconds = 0;
        double codecSeconds = 0;
        double imageSeconds = 0;
        double buildSeconds = 0;
        double runSeconds = 0;
        uint64_t requests = 0;
        {
            CvlScenario scenario(spec);
            scenario.Build();
            buildSeconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            const auto runStart = std::chrono::steady_clock::now();
            scenario.Run();
            runSeconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - runStart).count();
            modelSeconds = scenario.GetContext()->GetModelWallSeconds();
            codecSeconds = scenario.GetContext()->GetCodecWallSeconds();
            imageSeconds = scenario.GetContext()->GetImageWallSeconds();
            requests = scenario.GetRequests().size();
        }
        Simulator::Destroy();
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        state.SetIterationTime(wall);
        state.counters["requests"] = requests;
        state.counters["build_s"] = buildSeconds;
        state.counters["run_s"] = runSeconds;
        state.counters["model_s"] = modelSeconds;
        state.counters["codec_s"] = codecSeconds;
        state.counters["image_s"] = imageSeconds;
        state.counters["outside_share"] = 1 - modelSeconds / wall;
    }
    std::filesystem::remove_all(traces);
}

BENCHMARK(BM_CvlDefaultScenario)
    ->Arg(0)
    ->Arg(1)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);

// ---------------------------------------------------------------------------------------------
// Split-control algorithms in the seed environment (sagin-rl-compare's loop).

namespace
{

/**
 * One step of the seed environment (SeedSplitEnvironment::Step(): a decision of the UAV and
 * of the vehicle, learning included) and the greedy effect after it, as sagin-rl-compare does
 * per step; items processed = steps. The algorithm is resolved by name as sagin-rl-compare
 * does (SplitControllerHelper::SetAlgorithm(); greedy-oracle is GreedyOracleSplitController
 * itself here); an algorithm whose controller is not in the build is skipped with an error.
 */
void
BM_RlSteps(benchmark::State& state, const std::string& algorithm)
{
    SplitControllerHelper helper;
    try
    {
        helper.SetAlgorithm(algorithm);
    }
    catch (const std::invalid_argument& e)
    {
        state.SkipWithError(e.what());
        return;
    }
    if (helper.GetType().IsChildOf(LearningSplitController::GetTypeId()))
    {
        helper.Set("State", EnumValue(LearningSplitController::LAST_SPLIT));
    }
    auto environment = CreateObject<SeedSplitEnvironment>();
    const Ptr<SplitController> controller = helper.Create();
    environment->SetController(controller);
    controller->AssignStreams(0);
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(environment->Step());
        benchmark::DoNotOptimize(environment->GetGreedyEffect());
    }
    state.SetItemsProcessed(state.iterations());
}

/// Registers BM_RlSteps/NAME for every algorithm name.
const bool g_rlStepsRegistered = [] {
    for (const auto& name : SplitControllerHelper::GetAlgorithmNames())
    {
        benchmark::RegisterBenchmark(("BM_RlSteps/" + name).c_str(), BM_RlSteps, name);
    }
    return true;
}();

} // namespace

BENCHMARK_MAIN();
