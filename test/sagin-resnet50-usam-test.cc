// SPDX-License-Identifier: GPL-2.0-only

#include "feature-tensor-impl.h"
#include "sagin-test-utils.h"
#include "torch-weights.h"
#include "usam.h"

#include "ns3/boolean.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <fstream>
#include <gtest/gtest.h>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::test;

namespace
{

/// Side of the small test images, in pixels.
constexpr uint32_t SMALL = 64;

/**
 * @param seed the initialisation seed
 * @param flipAndSum whether the embedding adds the flipped image's
 * @return a model for SMALL×SMALL images
 */
Ptr<ResNet50UsamModel>
SmallModel(uint64_t seed = 1, bool flipAndSum = false)
{
    return CreateObjectWithAttributes<ResNet50UsamModel>("InputSize",
                                                         UintegerValue(SMALL),
                                                         "Seed",
                                                         UintegerValue(seed),
                                                         "FlipAndSum",
                                                         BooleanValue(flipAndSum));
}

/// @return two SMALL×SMALL test images
FeatureTensor
SmallImages()
{
    return FeatureTensor::RandomNormal({2, 3, SMALL, SMALL}, 7);
}

/// @return whether the reference Python has torch and torchvision
bool
HavePythonTorch()
{
    return RunCommand(ShellQuote(Python()) + " -c 'import torch, torchvision'").exitStatus == 0;
}

/**
 * @param args the arguments
 * @return the result of test/resnet50-usam-reference.py with them
 */
ProgramResult
Reference(const std::string& args)
{
    return RunCommand(ShellQuote(Python()) + " " +
                      ShellQuote(SourcePath("test/resnet50-usam-reference.py")) + " " + args);
}

} // namespace

TEST(Usam, HandComputedTinyInput)
{
    // x: 1×2×3×3, channel 0 = [[1,0,0],[0,3,0],[0,0,0]], channel 1 = [[0,0,0],[0,1,0],[0,0,2]].
    // m = channel sum = [[1,0,0],[0,4,0],[0,0,2]]. At the centre, the 3×3 box sum of m is
    // 1 + 4 + 2 = 7, so c = 9·4 − 7 = 29. The BatchNorm is set to weight 2, bias −1, running
    // mean 1, running variance 4 (eps 1e-5): BN(29) = 2·(29 − 1)/√4.00001 − 1 = 26.9999650,
    // att = ReLU = 26.9999650. The border of att is 0 (there c would be e.g. 9·1 − 5 = 4 at the
    // corner, but it is cleared), so border pixels are unchanged and the centre is multiplied
    // by 1 + att = 27.9999650: channel 0: 3·27.999965 = 83.999895; channel 1: 27.999965.
    Usam usam;
    usam->eval();
    usam->bn->weight.data().fill_(2.0);
    usam->bn->bias.data().fill_(-1.0);
    usam->bn->running_mean.fill_(1.0);
    usam->bn->running_var.fill_(4.0);
    const at::Tensor x = torch::tensor({1.f,
                                        0.f,
                                        0.f,
                                        0.f,
                                        3.f,
                                        0.f,
                                        0.f,
                                        0.f,
                                        0.f, //
                                        0.f,
                                        0.f,
                                        0.f,
                                        0.f,
                                        1.f,
                                        0.f,
                                        0.f,
                                        0.f,
                                        2.f})
                             .reshape({1, 2, 3, 3});
    torch::NoGradGuard noGrad;
    LayerCost cost;
    const at::Tensor out = usam->Forward(x, &cost);
    const double scale = 1.0 + 2.0 * 28.0 / std::sqrt(4.00001) - 1.0;
    at::Tensor expected = x.clone();
    expected[0][0][1][1] = 3.0 * scale;
    expected[0][1][1][1] = 1.0 * scale;
    EXPECT_LT((out - expected).abs().max().item<double>(), 1e-5);
    EXPECT_NEAR(out[0][0][1][1].item<double>(), 83.999895, 1e-4);

    // A negative response: one channel, 0 at the centre, 1 around: c = 9·0 − 8 = −8. With the
    // default BatchNorm (weight 1, bias 0, mean 0, variance 1) att = ReLU(−8/√1.00001) = 0: the
    // output equals the input.
    Usam plain;
    plain->eval();
    at::Tensor ring = torch::ones({1, 1, 3, 3});
    ring[0][0][1][1] = 0.0;
    EXPECT_EQ((plain->Forward(ring, nullptr) - ring).abs().max().item<double>(), 0.0);

    // Counts for 1×2×3×3: 9 multiply-accumulates per pixel of the 3×3 filter = 81; element-wise
    // the channel sum 18 (one per element of x), BatchNorm + ReLU 3·9 = 27, att·x + x 2·18 = 36:
    // 81 in all.
    EXPECT_DOUBLE_EQ(cost.macs, 81.0);
    EXPECT_DOUBLE_EQ(cost.elementwise, 81.0);
}

TEST(ResNet50Usam, SplitPointsAndShapes)
{
    auto model = SmallModel();
    ASSERT_EQ(model->GetNSplitPoints(), 7u);
    const std::vector<std::string> names =
        {"conv1", "usam1", "layer1", "usam2", "layer2", "layer3", "layer4"};
    // A 64×64 image: conv1 (stride 2) → 32×32; the max pool → 16×16; layer2..4 halve each:
    // 8, 4, 2. Channels 64, 64, 256, 256, 512, 1024, 2048 (4 × the widths 64..512).
    const std::vector<std::string> shapes = {"2x64x32x32",
                                             "2x64x32x32",
                                             "2x256x16x16",
                                             "2x256x16x16",
                                             "2x512x8x8",
                                             "2x1024x4x4",
                                             "2x2048x2x2"};
    const FeatureTensor images = SmallImages();
    for (uint32_t i = 0; i < 7; ++i)
    {
        EXPECT_EQ(model->GetSplitPointName(i), names[i]);
        EXPECT_EQ(model->Head(images, i).GetShapeText(), shapes[i]) << names[i];
    }
    EXPECT_THROW(model->GetSplitPointName(7), std::out_of_range);

    // The embedding: 2×512, unit L2 norm per row (Normalise).
    const FeatureTensor embedding = model->Forward(images);
    EXPECT_EQ(embedding.GetShapeText(), "2x512");
    const at::Tensor norms = UnwrapTensor(embedding).norm(2, {1});
    EXPECT_NEAR(norms[0].item<double>(), 1.0, 1e-6);
    EXPECT_NEAR(norms[1].item<double>(), 1.0, 1e-6);

    // With FlipAndSum the features hold the images and their flips: a batch of 4.
    auto flipped = SmallModel(1, true);
    EXPECT_EQ(flipped->Head(images, 4).GetShapeText(), "4x512x8x8");
    EXPECT_EQ(flipped->Forward(images).GetShapeText(), "2x512");
}

TEST(ResNet50Usam, TailOfHeadEqualsForwardAtEverySplit)
{
    // Without and with FlipAndSum; without normalisation too, where the values are not bounded.
    for (bool flip : {false, true})
    {
        for (bool normalise : {true, false})
        {
            auto model = SmallModel(1, flip);
            model->SetAttribute("Normalise", BooleanValue(normalise));
            const FeatureTensor images = SmallImages();
            const FeatureTensor full = model->Forward(images);
            const double scale = UnwrapTensor(full).abs().max().item<double>();
            for (uint32_t i = 0; i < model->GetNSplitPoints(); ++i)
            {
                const FeatureTensor split = model->Tail(model->Head(images, i), i);
                EXPECT_LE(split.MaxAbsDifference(full), 1e-5 * std::max(1.0, scale))
                    << "split " << i << " flip " << flip << " normalise " << normalise;
            }
        }
    }
}

TEST(ResNet50Usam, FlipAndSumAddsTheFlippedImage)
{
    // Unnormalised: embedding(x) with FlipAndSum = embedding(x) + embedding(flip(x)) without.
    auto plain = SmallModel();
    plain->SetAttribute("Normalise", BooleanValue(false));
    auto flip = SmallModel(1, true);
    flip->SetAttribute("Normalise", BooleanValue(false));
    const FeatureTensor images = SmallImages();
    const at::Tensor sum = UnwrapTensor(plain->Forward(images)) +
                           UnwrapTensor(plain->Forward(WrapTensor(UnwrapTensor(images).flip({3}))));
    const at::Tensor ours = UnwrapTensor(flip->Forward(images));
    EXPECT_LE((ours - sum).abs().max().item<double>(), 1e-5 * sum.abs().max().item<double>());
}

TEST(ResNet50Usam, RefusesBadInput)
{
    auto model = SmallModel();
    // Wrong size (InputSize 64), wrong channels, wrong rank; a split point beyond 6.
    EXPECT_NE(InvalidArgumentMessage([&] {
                  model->Head(FeatureTensor::Zeros({1, 3, 32, 32}), 0);
              }).find("Nx3x64x64"),
              std::string::npos);
    EXPECT_THROW(model->Head(FeatureTensor::Zeros({1, 1, 64, 64}), 0), std::invalid_argument);
    EXPECT_THROW(model->Head(FeatureTensor::Zeros({3, 64, 64}), 0), std::invalid_argument);
    EXPECT_THROW(model->Head(FeatureTensor(), 0), std::invalid_argument);
    EXPECT_THROW(model->Head(SmallImages(), 7), std::invalid_argument);
    // Tail: the features of split 2 have 256 channels, not 64.
    EXPECT_NE(InvalidArgumentMessage([&] {
                  model->Tail(FeatureTensor::Zeros({1, 64, 8, 8}), 2);
              }).find("split point 2"),
              std::string::npos);
    EXPECT_THROW(model->Tail(FeatureTensor::Zeros({1, 64, 8, 8}), 7), std::invalid_argument);
    // FlipAndSum needs an even batch (images followed by their flips).
    auto flip = SmallModel(1, true);
    EXPECT_THROW(flip->Tail(FeatureTensor::Zeros({3, 2048, 2, 2}), 6), std::invalid_argument);
    EXPECT_THROW(model->GetProfile(0), std::invalid_argument);
    EXPECT_THROW(model->GetProfile(2049), std::invalid_argument);
}

TEST(ResNet50Usam, ParameterNames)
{
    // The state-dict names of the Python twin. torchvision's ResNet-50 blocks: 3, 4, 6, 3. Each
    // BatchNorm has 5 entries, each block 3 convolutions + 3 BatchNorms = 18 entries, the first
    // block of a layer 2 + 5 more for the downsample branch. Total: conv1 1 + bn1 5 + USAMs 10
    // + 16 blocks · 18 + 4 · 6 downsample + bottleneck 2 + 5 + classifier 2 = 337.
    auto model = SmallModel();
    const auto names = model->GetParameterNames();
    EXPECT_EQ(names.size(), 337u);
    auto has = [&](const std::string& name) {
        return std::find(names.begin(), names.end(), name) != names.end();
    };
    for (const char* name : {"conv1.weight",
                             "bn1.num_batches_tracked",
                             "usam1.bn.weight",
                             "usam2.bn.running_var",
                             "layer1.0.downsample.0.weight",
                             "layer1.2.conv3.weight",
                             "layer3.5.bn2.running_mean",
                             "layer4.0.downsample.1.bias",
                             "bottleneck.0.weight",
                             "bottleneck.0.bias",
                             "bottleneck.1.running_var",
                             "classifier.weight",
                             "classifier.bias"})
    {
        EXPECT_TRUE(has(name)) << name;
    }
    EXPECT_FALSE(has("layer1.1.downsample.0.weight"));
    EXPECT_FALSE(has("layer3.6.conv1.weight"));
}

TEST(ResNet50Usam, ProfileAgreesWithReference)
{
    // REFERENCE.md at 384×384: shapes, elements and cumulative device G (MACs) per split.
    auto model = CreateObject<ResNet50UsamModel>();
    const auto profile = model->GetProfile(384);
    ASSERT_EQ(profile.size(), 7u);
    const std::vector<std::vector<int64_t>> shapes = {{64, 192, 192},
                                                      {64, 192, 192},
                                                      {256, 96, 96},
                                                      {256, 96, 96},
                                                      {512, 48, 48},
                                                      {1024, 24, 24},
                                                      {2048, 12, 12}};
    const std::vector<int64_t> elements =
        {2359296, 2359296, 2359296, 2359296, 1179648, 589824, 294912};
    const std::vector<double> referenceG = {0.3468, 0.3519, 2.3408, 2.3409, 5.3791, 9.6951, 12.077};
    for (uint32_t i = 0; i < 7; ++i)
    {
        EXPECT_EQ(profile[i].split, i);
        EXPECT_EQ(profile[i].name, model->GetSplitPointName(i));
        EXPECT_EQ(profile[i].shape, shapes[i]) << i;
        EXPECT_EQ(profile[i].elements, elements[i]) << i;
        EXPECT_EQ(profile[i].bytesFp32, 4u * elements[i]) << i;
        // FeatureCodec's encodings of 1×C×H×W: a 36-byte header (8 fixed, 4 per dimension, 8 of
        // payload length, 4 of CRC), then 4, 2 or 1 bytes per element; int8 adds one float32
        // scale per channel. E.g. conv1: 36 + 4·2,359,296 = 9,437,220 bytes as fp32.
        const uint64_t channels = shapes[i][0];
        EXPECT_EQ(profile[i].encodedFp32, 36 + 4u * elements[i]) << i;
        EXPECT_EQ(profile[i].encodedFp16, 36 + 2u * elements[i]) << i;
        EXPECT_EQ(profile[i].encodedInt8, 36 + 4 * channels + elements[i]) << i;
        EXPECT_NEAR(profile[i].headMacs / 1e9, referenceG[i], 0.02 * referenceG[i]) << i;
        // Head + tail = the whole model: 12.0789 G in REFERENCE.md (with the classifier's
        // 512·701 = 0.00036 G and 2 operations per BatchNorm element, which are not MACs here).
        EXPECT_NEAR((profile[i].headMacs + profile[i].tailMacs) / 1e9, 12.0789, 0.02 * 12.0789);
    }

    // Exact MACs. Convolution MACs of torchvision's resnet50 at 384×384, counted with forward
    // hooks (out.numel() · C_in · k_h · k_w per Conv2d): conv1 346,816,512; layer1
    // 1,962,934,272; layer2 3,019,898,880; layer3 4,303,355,904; layer4 2,378,170,368. USAM's
    // 3×3 filter: 9 per pixel, 9·192² = 331,776 and 9·96² = 82,944. Bottleneck Linear
    // 2048·512 = 1,048,576.
    const double conv1 = 346816512.0;
    const double usam1 = 331776.0;
    const double layer1 = 1962934272.0;
    const double usam2 = 82944.0;
    const double layer2 = 3019898880.0;
    const double layer3 = 4303355904.0;
    const double layer4 = 2378170368.0;
    const double bottleneck = 1048576.0;
    const std::vector<double> head = {conv1,
                                      conv1 + usam1,
                                      conv1 + usam1 + layer1,
                                      conv1 + usam1 + layer1 + usam2,
                                      conv1 + usam1 + layer1 + usam2 + layer2,
                                      conv1 + usam1 + layer1 + usam2 + layer2 + layer3,
                                      conv1 + usam1 + layer1 + usam2 + layer2 + layer3 + layer4};
    for (uint32_t i = 0; i < 7; ++i)
    {
        EXPECT_DOUBLE_EQ(profile[i].headMacs, head[i]) << i;
        EXPECT_DOUBLE_EQ(profile[i].tailMacs, head[6] + bottleneck - head[i]) << i;
    }
    // Element-wise at split 0: none (conv1 only). At split 1: bn1 2 + ReLU 1 per element of
    // 64×192×192 = 3·2,359,296, plus USAM1: channel sum 2,359,296, BN + ReLU 3·36,864, att·x + x
    // 2·2,359,296: 6·2,359,296 + 110,592 = 14,266,368.
    EXPECT_DOUBLE_EQ(profile[0].headElementwise, 0.0);
    EXPECT_DOUBLE_EQ(profile[1].headElementwise, 14266368.0);
    EXPECT_DOUBLE_EQ(profile[0].tailElementwise,
                     profile[6].headElementwise + profile[6].tailElementwise);
}

TEST(ResNet50Usam, ProfileWithFlipCountsBothImages)
{
    // FlipAndSum sends the features of the image and its flip: a leading 2, twice the elements
    // and the head's MACs (2 · 346,816,512 at split 0 for 384×384).
    auto model = CreateObjectWithAttributes<ResNet50UsamModel>("FlipAndSum", BooleanValue(true));
    const auto profile = model->GetProfile(64);
    // 64×64: conv1 gives 64×32×32 = 65,536 per image; its MACs 65,536·147 per image.
    EXPECT_EQ(profile[0].shape, (std::vector<int64_t>{2, 64, 32, 32}));
    EXPECT_EQ(profile[0].elements, 2 * 65536);
    EXPECT_DOUBLE_EQ(profile[0].headMacs, 2.0 * 65536.0 * 147.0);
}

TEST(ResNet50Usam, DeterministicFromTheSeed)
{
    const FeatureTensor images = SmallImages();
    const FeatureTensor a = SmallModel(1)->Forward(images);
    const FeatureTensor b = SmallModel(1)->Forward(images);
    const FeatureTensor c = SmallModel(2)->Forward(images);
    EXPECT_EQ(a.MaxAbsDifference(b), 0.0);
    EXPECT_GT(a.MaxAbsDifference(c), 1e-3);
    // Setting the seed afterwards builds the network again.
    auto model = SmallModel(2);
    model->Forward(images);
    model->SetAttribute("Seed", UintegerValue(1));
    EXPECT_EQ(model->Forward(images).MaxAbsDifference(a), 0.0);
}

TEST(ResNet50Usam, WeightsRoundTrip)
{
    const TempFile file("weights.pt", "");
    const FeatureTensor images = SmallImages();
    auto source = SmallModel(3);
    source->SaveWeights(file.Path());
    const FeatureTensor expected = source->Forward(images);

    // Loaded by LoadWeights() and by the WeightsFile attribute: the same network.
    auto loaded = SmallModel(4);
    EXPECT_GT(loaded->Forward(images).MaxAbsDifference(expected), 1e-3);
    loaded->LoadWeights(file.Path());
    EXPECT_EQ(loaded->Forward(images).MaxAbsDifference(expected), 0.0);
    auto byAttribute = SmallModel(5);
    byAttribute->SetAttribute("WeightsFile", StringValue(file.Path()));
    EXPECT_EQ(byAttribute->Forward(images).MaxAbsDifference(expected), 0.0);

    // The file holds exactly the model's names, in its order.
    const NamedTensors entries = ReadTensorFile(file.Path());
    const auto names = source->GetParameterNames();
    ASSERT_EQ(entries.size(), names.size());
    for (size_t i = 0; i < names.size(); ++i)
    {
        EXPECT_EQ(entries[i].first, names[i]);
    }
}

TEST(ResNet50Usam, RefusesBadWeightsFiles)
{
    const TempFile good("good.pt", "");
    auto source = SmallModel(3);
    source->SaveWeights(good.Path());
    const std::string bytes = ReadFile(good.Path());
    const NamedTensors entries = ReadTensorFile(good.Path());

    auto model = SmallModel(1);
    const FeatureTensor images = SmallImages();
    const FeatureTensor before = model->Forward(images);
    // Each refusal: one line naming the file and what is wrong; the model is unchanged.
    auto refused = [&](const std::string& path, const std::string& what) {
        const std::string message = RuntimeErrorMessage([&] { model->LoadWeights(path); });
        EXPECT_NE(message.find(path), std::string::npos) << message;
        EXPECT_NE(message.find(what), std::string::npos) << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        EXPECT_EQ(model->Forward(images).MaxAbsDifference(before), 0.0) << what;
    };

    refused(good.Path() + ".absent", "cannot be opened");
    // A device would be read without end (it filled the memory), a folder is named as one.
    refused("/dev/zero", "is not a regular file");
    refused("/tmp", "is a folder, not a file");
    const TempFile truncated("truncated.pt", bytes.substr(0, bytes.size() / 2));
    refused(truncated.Path(), "not a readable PyTorch zip archive");
    const TempFile corrupt("corrupt.pt", std::string(1000, 'x'));
    refused(corrupt.Path(), "not a readable PyTorch zip archive");

    // Missing: without layer2.1.bn2.running_var. Unknown: with an extra name. Wrong shape:
    // conv1.weight 64×3×3×3 instead of 64×3×7×7. Wrong type: a float num_batches_tracked.
    auto edited = [&](const std::string& name, auto edit) {
        NamedTensors copy = entries;
        edit(copy);
        auto file = std::make_unique<TempFile>(name, "");
        WriteTensorFile(file->Path(), copy);
        return file;
    };
    const auto missing = edited("missing.pt", [](NamedTensors& t) {
        t.erase(std::find_if(t.begin(), t.end(), [](const auto& e) {
            return e.first == "layer2.1.bn2.running_var";
        }));
    });
    refused(missing->Path(), "parameter 'layer2.1.bn2.running_var' is missing");
    const auto unknown = edited("unknown.pt", [](NamedTensors& t) {
        t.emplace_back("layer5.0.conv1.weight", torch::zeros({1}));
    });
    refused(unknown->Path(), "parameter 'layer5.0.conv1.weight' is unknown");
    const auto shape = edited("shape.pt", [](NamedTensors& t) {
        t[0].second = torch::zeros({64, 3, 3, 3});
    });
    refused(shape->Path(), "parameter 'conv1.weight' has shape [64, 3, 3, 3]");
    const auto type = edited("type.pt", [](NamedTensors& t) {
        for (auto& e : t)
        {
            if (e.first == "bn1.num_batches_tracked")
            {
                e.second = torch::zeros({}, torch::kFloat32);
            }
        }
    });
    refused(type->Path(), "parameter 'bn1.num_batches_tracked' has type Float");

    // A refused WeightsFile attribute: the error comes with the first use.
    auto byAttribute = SmallModel(1);
    byAttribute->SetAttribute("WeightsFile", StringValue(missing->Path()));
    EXPECT_NE(RuntimeErrorMessage([&] { byAttribute->Forward(images); }).find("is missing"),
              std::string::npos);
}

TEST(ResNet50Usam, AgreesWithPyTorchTwin)
{
    if (!HavePythonTorch())
    {
        GTEST_SKIP() << "python3-torch or python3-torchvision is not installed for " << Python();
    }
    // test/resnet50-usam-reference.py builds the same network from torchvision's resnet50 and
    // its own USAM, loads the weights strictly by name and writes its embedding.
    const TempFile weights("cpp.pt", "");
    const TempFile input("input.pt", "");
    const TempFile output("output.pt", "");
    const FeatureTensor images = SmallImages();
    WriteTensorFile(input.Path(), {{"input", UnwrapTensor(images)}});
    auto compare = [&](Ptr<ResNet50UsamModel> model, const std::string& weightsPath, bool flip) {
        model->SetAttribute("FlipAndSum", BooleanValue(flip));
        const auto run =
            Reference("forward " + ShellQuote(weightsPath) + " " + ShellQuote(input.Path()) + " " +
                      ShellQuote(output.Path()) + (flip ? " 1 1" : " 0 1"));
        ASSERT_EQ(run.exitStatus, 0) << run.err;
        const NamedTensors theirs = ReadTensorFile(output.Path());
        ASSERT_EQ(theirs.size(), 2u);
        ASSERT_EQ(theirs[0].first, "embedding");
        const at::Tensor ours = UnwrapTensor(model->Forward(images));
        // Unit vectors of 512 elements: float32 rounding in two implementations.
        EXPECT_LT((ours - theirs[0].second).abs().max().item<double>(), 1e-4);
    };
    // C++ writes, Python reads.
    auto model = SmallModel(3);
    model->SaveWeights(weights.Path());
    compare(model, weights.Path(), false);
    compare(model, weights.Path(), true);

    // Python writes (torch.save of dict(state_dict), with non-trivial BatchNorm statistics and
    // 10 classes), C++ reads.
    const TempFile exported("python.pt", "");
    const auto run = Reference("export " + ShellQuote(exported.Path()) + " 10 5");
    ASSERT_EQ(run.exitStatus, 0) << run.err;
    auto loaded = SmallModel(1);
    loaded->SetAttribute("Classes", UintegerValue(10));
    loaded->LoadWeights(exported.Path());
    compare(loaded, exported.Path(), false);

    // torch.save(model.state_dict()) (an OrderedDict with _metadata) is refused with the hint;
    // so is a dict of one entry (pickle's SETITEM, which LibTorch 1.13 cannot read).
    auto pythonSaved = [&](const std::string& expression, const std::string& hint) {
        const TempFile file("saved.pt", "");
        const auto save = RunCommand(ShellQuote(Python()) + " -c 'import sys, torch; torch.save(" +
                                     expression + ", sys.argv[1])' " + ShellQuote(file.Path()));
        ASSERT_EQ(save.exitStatus, 0) << save.err;
        const std::string message = RuntimeErrorMessage([&] { loaded->LoadWeights(file.Path()); });
        EXPECT_NE(message.find(hint), std::string::npos) << message;
    };
    pythonSaved("torch.nn.Linear(2, 2).state_dict()", "torch.save(dict(model.state_dict()), path)");
    pythonSaved("{\"a\": torch.zeros(2)}", "1 entry");
}

TEST(ResNet50Usam, SplitProfileTool)
{
    const auto run = RunCommand(ShellQuote(ProgramPath("sagin-split-profile")) +
                                " --model=resnet50-usam " + "--input=384");
    ASSERT_EQ(run.exitStatus, 0) << run.err;
    const auto lines = SplitLines(run.out);
    ASSERT_EQ(lines.size(), 8u);
    EXPECT_EQ(lines[0], "split,name,shape,elements,bytes_fp32,head_gmac,tail_gmac");
    // Split 0: conv1's 346,816,512 MACs; the tail the rest of the whole 12,011,590,656
    // (the sum of the head's parts in ProfileAgreesWithReference) + 1,048,576 = 12,012,639,232:
    // 11,665,822,720.
    EXPECT_EQ(lines[1], "0,conv1,64x192x192,2359296,9437184,0.346816512,11.66582272");
    EXPECT_EQ(lines[7].substr(0, 38), "6,layer4,2048x12x12,294912,1179648,12.");

    const auto unknown =
        RunCommand(ShellQuote(ProgramPath("sagin-split-profile")) + " --model=vgg16 --input=384");
    EXPECT_EQ(unknown.exitStatus, 2);
    EXPECT_EQ(unknown.err,
              "sagin-split-profile: error: --model: unknown model 'vgg16' (known: "
              "resnet50-usam, glqinet, or a TorchScript file FILE.pt)\n");
    // GLQINet at 256: five split points; after the 4×4 stride-4 stem, 96×64×64 = 393,216
    // elements, 1,572,864 bytes, 96·3·4·4·64·64 = 18,874,368 MACs (0.018874368 G).
    const auto glqinet =
        RunCommand(ShellQuote(ProgramPath("sagin-split-profile")) + " --model=glqinet --input=256");
    EXPECT_EQ(glqinet.exitStatus, 0) << glqinet.err;
    const auto glqiLines = SplitLines(glqinet.out);
    ASSERT_EQ(glqiLines.size(), 6u);
    EXPECT_EQ(glqiLines[1].rfind("0,stem,96x64x64,393216,1572864,0.018874368,", 0), 0u)
        << glqiLines[1];
    const auto missing = RunCommand(ShellQuote(ProgramPath("sagin-split-profile")) +
                                    " --model=/nonexistent/model.pt --input=64");
    EXPECT_EQ(missing.exitStatus, 2);
    EXPECT_NE(missing.err.find("/nonexistent/model.pt"), std::string::npos) << missing.err;
    const auto zero = RunCommand(ShellQuote(ProgramPath("sagin-split-profile")) + " --input=0");
    EXPECT_EQ(zero.exitStatus, 2);
    EXPECT_NE(zero.err.find("--input"), std::string::npos);
}
