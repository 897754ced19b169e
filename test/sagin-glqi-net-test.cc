// SPDX-License-Identifier: GPL-2.0-only

#include "feature-tensor-impl.h"
#include "glqi-net-model.h"
#include "sagin-test-utils.h"

#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::test;

namespace
{

/**
 * @param seed the model's Seed
 * @return a GLQINet with the default attributes (t = 4, 512-wide embeddings, 701 classes)
 */
Ptr<GlqiNetModel>
MakeModel(uint64_t seed = 1)
{
    Ptr<GlqiNetModel> model = CreateObject<GlqiNetModel>();
    model->SetAttribute("Seed", UintegerValue(seed));
    return model;
}

/// A 1×3×128×128 image batch: the smallest side whose final 4×4 map holds t = 4 stripes.
FeatureTensor
SmallImages(int64_t batch = 1)
{
    return FeatureTensor::RandomNormal({batch, 3, 128, 128}, 7);
}

/// @return whether /usr/bin/python3 has PyTorch and torchvision
bool
HavePythonTorch()
{
    return RunCommand(ShellQuote(Python()) + " -c 'import torch, torchvision'").exitStatus == 0;
}

/// @return the path of the reference script
std::string
Reference()
{
    return ShellQuote(Python()) + " " + ShellQuote(SourcePath("test/glqi-net-reference.py"));
}

} // namespace

TEST(GlqiNet, SplitPointsAndShapes)
{
    Ptr<GlqiNetModel> model = MakeModel();
    ASSERT_EQ(model->GetNSplitPoints(), 5u);
    const std::vector<std::string> names{"stem", "stage1", "stage2", "stage3", "stage4"};
    for (uint32_t i = 0; i < 5; ++i)
    {
        EXPECT_EQ(model->GetSplitPointName(i), names[i]);
    }
    EXPECT_THROW(model->GetSplitPointName(5), std::out_of_range);

    // At 128×128: the stem divides by 4 (32×32), each downsampling by 2 (16, 8, 4), with the
    // widths 96, 96, 192, 384, 768.
    const FeatureTensor images = SmallImages(2);
    const std::vector<std::vector<int64_t>> shapes{{2, 96, 32, 32},
                                                   {2, 96, 32, 32},
                                                   {2, 192, 16, 16},
                                                   {2, 384, 8, 8},
                                                   {2, 768, 4, 4}};
    for (uint32_t i = 0; i < 5; ++i)
    {
        EXPECT_EQ(model->Head(images, i).GetShape(), shapes[i]) << names[i];
    }
    // 4 directions × 4 stripes × 512 = 8192 features per image.
    EXPECT_EQ(model->GetEmbeddingSize(), 8192u);
    EXPECT_EQ(model->Forward(images).GetShape(), (std::vector<int64_t>{2, 8192}));
    // t = 2 and 64-wide blocks: 4 × 2 × 64 = 512.
    Ptr<GlqiNetModel> small = MakeModel();
    small->SetAttribute("Stripes", UintegerValue(2));
    small->SetAttribute("EmbeddingDim", UintegerValue(64));
    EXPECT_EQ(small->GetEmbeddingSize(), 512u);
    EXPECT_EQ(small->Forward(FeatureTensor::RandomNormal({1, 3, 64, 64}, 3)).GetShape(),
              (std::vector<int64_t>{1, 512}));

    // Bad inputs: split points, image shapes, feature widths, maps too small for the stripes
    // (a 64×64 image leaves a 2×2 final map, t = 4 needs 4×4).
    EXPECT_THROW(model->Head(images, 5), std::invalid_argument);
    EXPECT_THROW(model->Tail(model->Head(images, 4), 5), std::invalid_argument);
    EXPECT_THROW(model->Head(FeatureTensor::Zeros({1, 1, 128, 128}), 0), std::invalid_argument);
    EXPECT_THROW(model->Head(FeatureTensor::Zeros({3, 128, 128}), 0), std::invalid_argument);
    EXPECT_THROW(model->Head(FeatureTensor::Zeros({1, 3, 16, 128}), 0), std::invalid_argument);
    EXPECT_THROW(model->Head(FeatureTensor(), 0), std::invalid_argument);
    EXPECT_THROW(model->Tail(model->Head(images, 1), 2), std::invalid_argument);
    const std::string small64 = InvalidArgumentMessage([&] {
        model->Forward(FeatureTensor::RandomNormal({1, 3, 64, 64}, 1));
    });
    EXPECT_NE(small64.find("Stripes"), std::string::npos) << small64;
    EXPECT_THROW(model->GetProfile(96), std::invalid_argument);
    // InputSize below 32·Stripes = 128 is refused when the network is built.
    Ptr<GlqiNetModel> tooSmall = MakeModel();
    tooSmall->SetAttribute("InputSize", UintegerValue(96));
    EXPECT_THROW(tooSmall->Forward(images), std::invalid_argument);
}

TEST(GlqiNet, TailOfHeadIsForwardAtEverySplit)
{
    Ptr<GlqiNetModel> model = MakeModel();
    const FeatureTensor images = SmallImages(2);
    const FeatureTensor full = model->Forward(images);
    for (uint32_t i = 0; i < model->GetNSplitPoints(); ++i)
    {
        const FeatureTensor features = model->Head(images, i);
        EXPECT_LE(model->Tail(features, i).MaxAbsDifference(full), 1e-5)
            << model->GetSplitPointName(i);
    }
    // The two images give different embeddings, and an embedding is not all zero (ReLU outputs
    // of 8192 features from Kaiming-initialised blocks).
    const at::Tensor e = UnwrapTensor(full);
    EXPECT_GT((e[0] - e[1]).abs().max().item<double>(), 1e-3);
    EXPECT_GT(e[0].abs().sum().item<double>(), 0.0);
    EXPECT_GE(e.min().item<double>(), 0.0); // after the ReLU
}

TEST(GlqiNet, QuadrantPoolByHand)
{
    // A 4×4 map x[i][j] = 4i + j, t = 2 (two lines per stripe):
    //   horizontal: rows 0-1 hold 0..7, mean 3.5; rows 2-3 hold 8..15, mean 11.5;
    //   vertical: columns 0-1 hold 0,1,4,5,8,9,12,13, mean 52/8 = 6.5; columns 2-3 mean 8.5;
    //   diagonal and anti-diagonal: every wrapped (anti-)diagonal holds one element of each row
    //   i and of each column j, so it sums to Σ4i + Σj = 4·6 + 6 = 30: mean 30/4 = 7.5 for each
    //   of the four lines, and 7.5 for each stripe of two.
    std::vector<float> ramp(16);
    for (int i = 0; i < 16; ++i)
    {
        ramp[i] = static_cast<float>(i);
    }
    FeatureTensor pooled =
        GlqiNetModel::QuadrantPool(FeatureTensor::FromFloats({1, 1, 4, 4}, ramp), 2);
    EXPECT_EQ(pooled.GetShape(), (std::vector<int64_t>{1, 8, 1}));
    EXPECT_EQ(pooled.ToFloats(),
              (std::vector<float>{3.5f, 11.5f, 6.5f, 8.5f, 7.5f, 7.5f, 7.5f, 7.5f}));

    // Where each element goes, t = 4 (one line per stripe, each stripe a mean of 4 elements): a
    // single 1 gives 1/4 in its row's, column's, diagonal's and anti-diagonal's stripes.
    //   channel 0: a 1 at (i, j) = (0, 1): row 0, column 1, diagonal d = (j - i) mod 4 = 1,
    //              anti-diagonal a = (3 - i - j) mod 4 = 2;
    //   channel 1: a 1 at (2, 0): row 2, column 0, d = (0 - 2) mod 4 = 2, a = (3 - 2) mod 4 = 1.
    std::vector<float> ones(32, 0.0f);
    ones[0 * 16 + 0 * 4 + 1] = 1.0f;
    ones[1 * 16 + 2 * 4 + 0] = 1.0f;
    pooled = GlqiNetModel::QuadrantPool(FeatureTensor::FromFloats({1, 2, 4, 4}, ones), 4);
    ASSERT_EQ(pooled.GetShape(), (std::vector<int64_t>{1, 16, 2}));
    const std::vector<float> values = pooled.ToFloats(); // [stripe][channel]
    const std::vector<int> hot0{0, 4 + 1, 8 + 1, 12 + 2};
    const std::vector<int> hot1{2, 4 + 0, 8 + 2, 12 + 1};
    for (int s = 0; s < 16; ++s)
    {
        const bool is0 = std::find(hot0.begin(), hot0.end(), s) != hot0.end();
        const bool is1 = std::find(hot1.begin(), hot1.end(), s) != hot1.end();
        EXPECT_EQ(values[s * 2 + 0], is0 ? 0.25f : 0.0f) << "stripe " << s;
        EXPECT_EQ(values[s * 2 + 1], is1 ? 0.25f : 0.0f) << "stripe " << s;
    }

    // Uneven stripes overlap as in adaptive pooling: a 3×3 map x[i][j] = 3i + j, t = 2 has the
    // row stripes [0, 2) and [1, 3): means of 0..5 = 2.5 and of 3..8 = 5.5.
    pooled = GlqiNetModel::QuadrantPool(
        FeatureTensor::FromFloats({1, 1, 3, 3}, {0, 1, 2, 3, 4, 5, 6, 7, 8}),
        2);
    EXPECT_FLOAT_EQ(pooled.ToFloats()[0], 2.5f);
    EXPECT_FLOAT_EQ(pooled.ToFloats()[1], 5.5f);

    EXPECT_THROW(GlqiNetModel::QuadrantPool(FeatureTensor::Zeros({1, 1, 3, 3}), 4),
                 std::invalid_argument);
    EXPECT_THROW(GlqiNetModel::QuadrantPool(FeatureTensor::Zeros({1, 4, 4}), 2),
                 std::invalid_argument);
    EXPECT_THROW(GlqiNetModel::QuadrantPool(FeatureTensor::Zeros({1, 1, 4, 4}), 0),
                 std::invalid_argument);
}

TEST(GlqiNet, DeterministicFromTheSeed)
{
    const FeatureTensor images = SmallImages();
    const FeatureTensor a = MakeModel(1)->Forward(images);
    const FeatureTensor b = MakeModel(1)->Forward(images);
    const FeatureTensor c = MakeModel(2)->Forward(images);
    EXPECT_EQ(a.MaxAbsDifference(b), 0.0);
    EXPECT_GT(a.MaxAbsDifference(c), 1e-3);

    // A changed Seed rebuilds the network.
    Ptr<GlqiNetModel> model = MakeModel(1);
    model->Forward(images);
    model->SetAttribute("Seed", UintegerValue(2));
    EXPECT_EQ(model->Forward(images).MaxAbsDifference(c), 0.0);
}

TEST(GlqiNet, ProfileAt256)
{
    Ptr<GlqiNetModel> model = MakeModel();
    const std::vector<SplitPointProfile> profile = model->GetProfile(256);
    ASSERT_EQ(profile.size(), 5u);
    // Shapes at 256: 256/4 = 64 after the stem and stage 1, then 32, 16, 8.
    const std::vector<std::vector<int64_t>> shapes{{96, 64, 64},
                                                   {96, 64, 64},
                                                   {192, 32, 32},
                                                   {384, 16, 16},
                                                   {768, 8, 8}};
    // Elements: 96·64·64 = 393216, 192·32·32 = 196608, 384·16·16 = 98304, 768·8·8 = 49152.
    const std::vector<int64_t> elements{393216, 393216, 196608, 98304, 49152};
    for (uint32_t i = 0; i < 5; ++i)
    {
        EXPECT_EQ(profile[i].split, i);
        EXPECT_EQ(profile[i].name, model->GetSplitPointName(i));
        EXPECT_EQ(profile[i].shape, shapes[i]);
        EXPECT_EQ(profile[i].elements, elements[i]);
        EXPECT_EQ(profile[i].bytesFp32, static_cast<uint64_t>(elements[i]) * 4);
        // Head and tail always add up to the whole network.
        EXPECT_DOUBLE_EQ(profile[i].headMacs + profile[i].tailMacs,
                         profile[0].headMacs + profile[0].tailMacs);
        EXPECT_DOUBLE_EQ(profile[i].headElementwise + profile[i].tailElementwise,
                         profile[0].headElementwise + profile[0].tailElementwise);
        EXPECT_GT(profile[i].headElementwise, 0.0);
    }
    // The stem: 64·64 outputs × 96 channels × 3·4·4 = 18,874,368 MACs.
    EXPECT_DOUBLE_EQ(profile[0].headMacs, 18874368.0);
    // The tail after stage 4 (8×8 map, HW = 64, C = 768, 16 stripes, L = HW + 1 = 65 tokens):
    //   Q, K, V of 64 + 16 tokens: 3·80·768² = 141,557,760;
    //   QKᵀ and AV per stripe: 2·16·65²·768 = 103,833,600;
    //   classifier blocks: 16·768·512 = 6,291,456; in all 251,682,816.
    EXPECT_DOUBLE_EQ(profile[4].tailMacs, 251682816.0);
    // The backbone: ConvNeXt-Tiny is published at 4.5 G multiply-accumulates at 224×224, so
    // 4.5e9·(256/224)² = 5.878e9 at 256 (within 2 %: the published figure has two digits).
    EXPECT_NEAR(profile[4].headMacs, 4.5e9 * (256.0 / 224) * (256.0 / 224), 0.02 * 5.878e9);
    EXPECT_NEAR(model->GetProfile(224)[4].headMacs, 4.5e9, 0.02 * 4.5e9);
}

TEST(GlqiNet, ProfileMatchesTorchvisionConvNextTiny)
{
    if (!HavePythonTorch())
    {
        GTEST_SKIP() << "python3-torch and python3-torchvision are not installed";
    }
    // torchvision's ConvNeXt-Tiny, counted with forward hooks on its convolutions and linear
    // layers, gives the cumulative backbone MACs after the stem and each stage.
    Ptr<GlqiNetModel> model = MakeModel();
    for (uint32_t size : {224u, 256u})
    {
        const auto reference = RunCommand(Reference() + " macs " + std::to_string(size));
        ASSERT_EQ(reference.exitStatus, 0) << reference.err;
        const std::vector<std::string> lines = SplitLines(reference.out);
        ASSERT_EQ(lines.size(), 5u);
        const std::vector<SplitPointProfile> profile = model->GetProfile(size);
        for (uint32_t i = 0; i < 5; ++i)
        {
            EXPECT_DOUBLE_EQ(profile[i].headMacs, std::stod(lines[i]))
                << size << " " << profile[i].name;
        }
    }
}

TEST(GlqiNet, WeightsRoundTripAndRefusals)
{
    const FeatureTensor images = SmallImages();
    Ptr<GlqiNetModel> source = MakeModel(1);
    TempFile weights("glqi.pt", "");
    source->SaveWeights(weights.Path());

    // Another seed, then the file: the same embedding as the source.
    Ptr<GlqiNetModel> target = MakeModel(2);
    const FeatureTensor before = target->Forward(images);
    target->LoadWeights(weights.Path());
    const FeatureTensor loaded = target->Forward(images);
    EXPECT_EQ(loaded.MaxAbsDifference(source->Forward(images)), 0.0);
    EXPECT_GT(loaded.MaxAbsDifference(before), 1e-3);
    // The WeightsFile attribute does the same when the network is built.
    Ptr<GlqiNetModel> fromAttribute = MakeModel(3);
    fromAttribute->SetAttribute("WeightsFile", StringValue(weights.Path()));
    EXPECT_EQ(fromAttribute->Forward(images).MaxAbsDifference(loaded), 0.0);

    // Files to refuse, made from the saved dictionary.
    const std::string bytes = ReadFile(weights.Path());
    c10::Dict<c10::IValue, c10::IValue> dict =
        torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end())).toGenericDict();
    auto write = [](const c10::Dict<c10::IValue, c10::IValue>& d) {
        const std::vector<char> out = torch::pickle_save(d);
        return std::string(out.begin(), out.end());
    };
    auto missing = dict.copy();
    ASSERT_EQ(missing.erase("stages.2.4.pwconv1.weight"), 1u);
    auto unknown = dict.copy();
    unknown.insert("head.weight", torch::zeros({2}));
    auto misshapen = dict.copy();
    misshapen.insert_or_assign("iglam.query.bias", torch::zeros({767}));
    TempFile missingFile("missing.pt", write(missing));
    TempFile unknownFile("unknown.pt", write(unknown));
    TempFile misshapenFile("misshapen.pt", write(misshapen));
    TempFile truncatedFile("truncated.pt", bytes.substr(0, bytes.size() / 2));
    TempFile textFile("text.pt", "not a weights file\n");
    const std::string absent = weights.Path() + ".absent";

    Ptr<GlqiNetModel> refusing = MakeModel(2);
    const std::vector<std::pair<std::string, std::string>> cases{
        {absent, "cannot open"},
        {"/dev/zero", "is not a regular file"}, // read without end, it filled the memory
        {"/tmp", "is a folder, not a file"},
        {truncatedFile.Path(), "truncated"},
        {textFile.Path(), "truncated"},
        {missingFile.Path(), "parameter 'stages.2.4.pwconv1.weight' is missing"},
        {unknownFile.Path(), "unknown parameter 'head.weight'"},
        {misshapenFile.Path(), "'iglam.query.bias' has the shape [767], the model's is [768]"}};
    for (const auto& [path, expected] : cases)
    {
        const std::string message = RuntimeErrorMessage([&] { refusing->LoadWeights(path); });
        EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << message;
        EXPECT_NE(message.find(expected), std::string::npos) << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        // Nothing changed.
        EXPECT_EQ(refusing->Forward(images).MaxAbsDifference(before), 0.0) << path;
    }
    // A bad WeightsFile is refused when the network is built.
    Ptr<GlqiNetModel> badAttribute = MakeModel();
    badAttribute->SetAttribute("WeightsFile", StringValue(missingFile.Path()));
    EXPECT_THROW(badAttribute->Forward(images), std::runtime_error);
    EXPECT_THROW(source->SaveWeights("/nonexistent-dir/glqi.pt"), std::runtime_error);
}

TEST(GlqiNet, WeightsFilesAreTorchSaveFiles)
{
    if (!HavePythonTorch())
    {
        GTEST_SKIP() << "python3-torch and python3-torchvision are not installed";
    }
    // Python's torch.load reads SaveWeights' file; what torch.save writes back as a dict loads
    // here, with stem.0.weight doubled. An OrderedDict (what module.state_dict() returns), which
    // LibTorch 1.13 cannot unpickle, is refused with a line that says what to do.
    Ptr<GlqiNetModel> model = MakeModel(1);
    TempFile weights("glqi.pt", "");
    TempFile rescaled("rescaled.pt", "");
    TempFile ordered("ordered.pt", "");
    model->SaveWeights(weights.Path());
    const auto result = RunCommand(Reference() + " rescale " + ShellQuote(weights.Path()) + " " +
                                   ShellQuote(rescaled.Path()) + " " + ShellQuote(ordered.Path()));
    ASSERT_EQ(result.exitStatus, 0) << result.err;
    const std::vector<std::string> lines = SplitLines(result.out);
    ASSERT_EQ(lines.size(), 2u);
    // Entries: per block 2+2+2+2+1 = 9 → 18·9 = 162; stem 4; downsampling 3·4 = 12; attention
    // 6; per classifier block Linear 2, BatchNorm 5 (weight, bias, running mean and variance,
    // batches tracked), fc 2 = 9 → 16·9 = 144; in all 328.
    EXPECT_EQ(lines[0], "328");
    EXPECT_EQ(lines[1], "[96, 3, 4, 4]");
    const std::string refusal = RuntimeErrorMessage([&] { model->LoadWeights(ordered.Path()); });
    EXPECT_EQ(refusal,
              ordered.Path() + ": holds a Python OrderedDict, which LibTorch cannot read; save "
                               "dict(module.state_dict()) instead");
    model->LoadWeights(rescaled.Path());
    TempFile again("again.pt", "");
    model->SaveWeights(again.Path());
    const std::string bytes = ReadFile(again.Path());
    const auto dict =
        torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end())).toGenericDict();
    const std::string originalBytes = ReadFile(weights.Path());
    const auto originalDict =
        torch::pickle_load(std::vector<char>(originalBytes.begin(), originalBytes.end()))
            .toGenericDict();
    const at::Tensor doubled = dict.at("stem.0.weight").toTensor();
    const at::Tensor single = originalDict.at("stem.0.weight").toTensor();
    EXPECT_TRUE(torch::equal(doubled, single * 2));
    EXPECT_TRUE(torch::equal(dict.at("iglam.key.weight").toTensor(),
                             originalDict.at("iglam.key.weight").toTensor()));
}
