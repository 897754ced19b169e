// SPDX-License-Identifier: GPL-2.0-only

// TorchScriptModel against PyTorch: torchvision's ResNet-50 exported by
// tools/export-torchvision-resnet50.py (random weights, 64×64 images), small archives written
// by test/torch-script-reference.py, and the archives the model must refuse.

#include "feature-tensor-impl.h"
#include "sagin-test-utils.h"
#include "torch-script-model.h"
#include "torch-weights.h"

#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <stdexcept>
#include <torch/script.h>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::test;

namespace
{

/**
 * @param path a file written by torch.save of a dict of tensors
 * @return its tensors, by name
 */
std::map<std::string, at::Tensor>
ReferenceTensors(const std::string& path)
{
    const NamedTensors named = ReadTensorFile(path);
    return std::map<std::string, at::Tensor>(named.begin(), named.end());
}

/// ResNet-50's top-level children after the export script's rewrapping.
const std::vector<std::string> RESNET50_CHILDREN = {"conv1",
                                                    "bn1",
                                                    "relu",
                                                    "maxpool",
                                                    "layer1",
                                                    "layer2",
                                                    "layer3",
                                                    "layer4",
                                                    "avgpool",
                                                    "flatten",
                                                    "fc"};

/**
 * @param file a TorchScript archive
 * @param inputSizePx the probe's side
 * @return a model of it, loaded
 */
Ptr<TorchScriptModel>
MakeModel(const std::string& file, uint32_t inputSizePx = 64)
{
    Ptr<TorchScriptModel> model =
        CreateObjectWithAttributes<TorchScriptModel>("File",
                                                     StringValue(file),
                                                     "InputSize",
                                                     UintegerValue(inputSizePx));
    model->Load();
    return model;
}

/**
 * The exported archives: resnet50.pt (scripted, seed 1) with resnet50-ref.pt,
 * resnet50-traced.pt (traced, seed 2) with resnet50-traced-ref.pt, and the small archives of
 * test/torch-script-reference.py. Exporting takes half a minute and CTest runs every test in a
 * process of its own, so the archives are kept in the build tree, in a folder named after a hash
 * of the scripts that write them (a changed script writes new ones); processes that export at
 * the same time each write a folder of their own and rename it into place.
 */
class TorchScriptModelTest : public ::testing::Test
{
  protected:
    static void SetUpTestSuite()
    {
        const auto check = RunCommand(ShellQuote(Python()) + " -c 'import torch, torchvision'");
        if (check.exitStatus != 0)
        {
            s_skip = "python3-torch or python3-torchvision is not installed (" + Python() +
                     " cannot import them): the TorchScript archives cannot be exported";
            return;
        }
        const std::string exporterScript = SourcePath("tools/export-torchvision-resnet50.py");
        const std::string referenceScript = SourcePath("test/torch-script-reference.py");
        const size_t hash =
            std::hash<std::string>()(ReadFile(exporterScript) + "\n" + ReadFile(referenceScript));
        const std::filesystem::path cache = std::filesystem::path(BuildDir()) / "test-data";
        s_dir = (cache / ("torch-script-" + std::to_string(hash))).string();
        s_scratch = MakeTempDir((std::filesystem::temp_directory_path() / "sagin-ts-").string());
        if (std::filesystem::exists(s_dir))
        {
            return;
        }
        std::filesystem::create_directories(cache);
        const std::string fresh = MakeTempDir((cache / "torch-script-new-").string());
        const std::string exporter = ShellQuote(Python()) + " " + ShellQuote(exporterScript);
        auto path = [&fresh](const std::string& name) { return ShellQuote(fresh + "/" + name); };
        const std::vector<std::string> commands = {
            exporter + " --seed 1 --input 64 --out " + path("resnet50.pt") + " --reference " +
                path("resnet50-ref.pt"),
            exporter + " --seed 2 --mode trace --input 64 --out " + path("resnet50-traced.pt") +
                " --reference " + path("resnet50-traced-ref.pt"),
            ShellQuote(Python()) + " " + ShellQuote(referenceScript) + " modules " +
                ShellQuote(fresh),
        };
        for (const auto& command : commands)
        {
            const auto result = RunCommand(command);
            if (result.exitStatus != 0)
            {
                std::filesystem::remove_all(fresh);
                FAIL() << command << "\n" << result.err;
            }
        }
        std::error_code error;
        std::filesystem::rename(fresh, s_dir, error);
        if (error) // another process was first
        {
            std::filesystem::remove_all(fresh);
        }
    }

    static void TearDownTestSuite()
    {
        if (!s_scratch.empty())
        {
            std::filesystem::remove_all(s_scratch);
        }
    }

    void SetUp() override
    {
        if (!s_skip.empty())
        {
            GTEST_SKIP() << s_skip;
        }
        ASSERT_TRUE(std::filesystem::exists(s_dir)) << s_dir;
    }

    /**
     * @param prefix the folder's path up to its random suffix
     * @return the path of a new folder
     */
    static std::string MakeTempDir(const std::string& prefix)
    {
        std::string pattern = prefix + "XXXXXX";
        if (!mkdtemp(pattern.data()))
        {
            throw std::runtime_error("cannot create a folder " + pattern);
        }
        return pattern;
    }

    /**
     * @param name a file name
     * @return its path among the exported archives
     */
    static std::string Path(const std::string& name)
    {
        return s_dir + "/" + name;
    }

    /**
     * @param name a file name
     * @return its path in this process's scratch folder
     */
    static std::string Scratch(const std::string& name)
    {
        return s_scratch + "/" + name;
    }

    static std::string s_dir;     //!< the exported archives
    static std::string s_scratch; //!< files the tests write
    static std::string s_skip;    //!< why the tests are skipped, or ""
};

std::string TorchScriptModelTest::s_dir;
std::string TorchScriptModelTest::s_scratch;
std::string TorchScriptModelTest::s_skip;

} // namespace

TEST_F(TorchScriptModelTest, SplitPointsAreTheTopLevelChildren)
{
    Ptr<TorchScriptModel> model = MakeModel(Path("resnet50.pt"));
    ASSERT_EQ(model->GetNSplitPoints(), RESNET50_CHILDREN.size());
    for (uint32_t i = 0; i < RESNET50_CHILDREN.size(); ++i)
    {
        EXPECT_EQ(model->GetSplitPointName(i), RESNET50_CHILDREN[i]);
    }
    EXPECT_THROW(model->GetSplitPointName(11), std::out_of_range);
    EXPECT_EQ(model->GetFile(), Path("resnet50.pt"));
}

TEST_F(TorchScriptModelTest, ForwardHeadAndTailMatchPyTorch)
{
    // Scripted (seed 1) and traced (seed 2) exports: the C++ forward equals PyTorch's output on
    // the same 2×3×64×64 input within 1e-4 (outputs are up to about 34 in size), and so does
    // Tail(Head(x, i), i) at every split point.
    for (const char* name : {"resnet50", "resnet50-traced"})
    {
        SCOPED_TRACE(name);
        Ptr<TorchScriptModel> model = MakeModel(Path(std::string(name) + ".pt"));
        auto reference = ReferenceTensors(Path(std::string(name) + "-ref.pt"));
        const FeatureTensor input = WrapTensor(reference.at("input"));
        const FeatureTensor expected = WrapTensor(reference.at("output"));
        ASSERT_EQ(expected.GetShape(), (std::vector<int64_t>{2, 1000}));
        const FeatureTensor output = model->Forward(input);
        EXPECT_LE(output.MaxAbsDifference(expected), 1e-4);
        EXPECT_GT(UnwrapTensor(expected).abs().max().item<double>(), 1.0); // not all zero
        for (uint32_t i = 0; i < model->GetNSplitPoints(); ++i)
        {
            const FeatureTensor head = model->Head(input, i);
            EXPECT_EQ(head.GetShape()[0], 2) << i;
            EXPECT_LE(model->Tail(head, i).MaxAbsDifference(expected), 1e-4)
                << model->GetSplitPointName(i);
        }
    }
}

TEST_F(TorchScriptModelTest, HeadAndTailCheckTheirArguments)
{
    Ptr<TorchScriptModel> model = MakeModel(Path("resnet50.pt"));
    const FeatureTensor images = FeatureTensor::RandomNormal({1, 3, 64, 64}, 5);
    // 11 split points: 11 is beyond the last (10).
    EXPECT_NE(InvalidArgumentMessage([&] { model->Head(images, 11); }).find("beyond"),
              std::string::npos);
    EXPECT_THROW(model->Tail(images, 11), std::invalid_argument);
    // Images must be N×3×H×W.
    EXPECT_THROW(model->Head(FeatureTensor::Zeros({3, 64, 64}), 0), std::invalid_argument);
    EXPECT_THROW(model->Forward(FeatureTensor::Zeros({1, 1, 64, 64})), std::invalid_argument);
    // After layer1 (split 4) the features are N×256×H×W: 64 channels are refused.
    EXPECT_NE(InvalidArgumentMessage([&] {
                  model->Tail(FeatureTensor::Zeros({1, 64, 16, 16}), 4);
              }).find("Nx256x16x16"),
              std::string::npos);

    // small.pt's linear layer takes 4×8×8 = 256 features: a 7×7 image gives 196, and LibTorch's
    // error becomes a one-line std::invalid_argument naming the child.
    Ptr<TorchScriptModel> small = MakeModel(Path("small.pt"), 8);
    const FeatureTensor seven = FeatureTensor::Zeros({1, 3, 7, 7});
    const std::string message = InvalidArgumentMessage([&] { small->Head(seven, 4); });
    EXPECT_NE(message.find("child '4'"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_THROW(small->Forward(seven), std::invalid_argument);
    EXPECT_THROW(small->Tail(small->Head(seven, 3), 3), std::invalid_argument);
    EXPECT_NO_THROW(small->Head(seven, 3)); // the layers before the linear one take any size
}

TEST_F(TorchScriptModelTest, ProfileOfResNet50)
{
    Ptr<TorchScriptModel> model = MakeModel(Path("resnet50.pt"));

    // Shapes at 64×64: conv1 and maxpool halve the side (32, 16), layer2..4 halve it again
    // (8, 4, 2), the adaptive pool gives 1×1; fc has 1000 outputs.
    const std::vector<std::vector<int64_t>> shapes = {{64, 32, 32},
                                                      {64, 32, 32},
                                                      {64, 32, 32},
                                                      {64, 16, 16},
                                                      {256, 16, 16},
                                                      {512, 8, 8},
                                                      {1024, 4, 4},
                                                      {2048, 2, 2},
                                                      {2048, 1, 1},
                                                      {2048},
                                                      {1000}};
    const auto profile = model->GetProfile(64);
    ASSERT_EQ(profile.size(), shapes.size());
    for (size_t i = 0; i < shapes.size(); ++i)
    {
        SCOPED_TRACE(RESNET50_CHILDREN[i]);
        EXPECT_EQ(profile[i].split, i);
        EXPECT_EQ(profile[i].name, RESNET50_CHILDREN[i]);
        EXPECT_EQ(profile[i].shape, shapes[i]);
        int64_t elements = 1;
        for (int64_t size : shapes[i])
        {
            elements *= size;
        }
        EXPECT_EQ(profile[i].elements, elements);
        EXPECT_EQ(profile[i].bytesFp32, 4u * elements);
        // Head and tail add up to the whole, which the head grows to.
        EXPECT_DOUBLE_EQ(profile[i].headMacs + profile[i].tailMacs, profile.back().headMacs);
        if (i > 0)
        {
            EXPECT_GE(profile[i].headMacs, profile[i - 1].headMacs);
        }
    }
    // conv1 at 64: 64×32×32 outputs × 3×7×7 = 9,633,792 MACs, nothing element-wise.
    EXPECT_DOUBLE_EQ(profile[0].headMacs, 9633792.0);
    EXPECT_DOUBLE_EQ(profile[0].headElementwise, 0.0);
    // bn1: 2 per element of 64×32×32 = 131,072; relu: 1 per element, 65,536 more (196,608).
    EXPECT_DOUBLE_EQ(profile[1].headElementwise, 131072.0);
    EXPECT_DOUBLE_EQ(profile[2].headElementwise, 196608.0);
    // flatten computes nothing; fc: 1000 × 2048 = 2,048,000 MACs.
    EXPECT_DOUBLE_EQ(profile[9].headElementwise, profile[8].headElementwise);
    EXPECT_DOUBLE_EQ(profile[10].headMacs - profile[9].headMacs, 2048000.0);
    EXPECT_DOUBLE_EQ(profile.back().tailMacs, 0.0);

    // The whole network's MACs equal forward hooks on torchvision's own ResNet-50 in PyTorch
    // (test/torch-script-reference.py), at 64×64 and at 224×224, where the published figure of
    // ResNet-50 is about 4.1 GMACs (4,089,184,256).
    for (uint32_t size : {64u, 224u})
    {
        const auto result = RunCommand(ShellQuote(Python()) + " " +
                                       ShellQuote(SourcePath("test/torch-script-reference.py")) +
                                       " macs " + std::to_string(size));
        ASSERT_EQ(result.exitStatus, 0) << result.err;
        const double expected = std::stod(result.out);
        const double counted =
            size == 64 ? profile.back().headMacs : model->GetProfile(size).back().headMacs;
        EXPECT_DOUBLE_EQ(counted, expected) << size;
        if (size == 224)
        {
            EXPECT_NEAR(counted / 1e9, 4.09, 0.01);
        }
    }
    EXPECT_THROW(model->GetProfile(0), std::invalid_argument);
}

TEST_F(TorchScriptModelTest, ProfileCountingRules)
{
    // small.pt: conv 3→4 (3×3, padding 1), batch norm, ReLU, flatten, linear 256→5; at 8×8:
    //   conv:    4×8×8 = 256 outputs × 3×3×3 = 6,912 MACs (its bias is part of the operator)
    //   bn:      2 × 256 = 512 element-wise
    //   relu:    256 element-wise (768 in all)
    //   flatten: nothing
    //   linear:  5 outputs × 256 inputs = 1,280 MACs (8,192 in all)
    Ptr<TorchScriptModel> model = MakeModel(Path("small.pt"), 8);
    const auto profile = model->GetProfile(8);
    ASSERT_EQ(profile.size(), 5u);
    const std::vector<std::string> names = {"0", "1", "2", "3", "4"};
    const std::vector<double> headMacs = {6912, 6912, 6912, 6912, 8192};
    const std::vector<double> headElementwise = {0, 512, 768, 768, 768};
    for (size_t i = 0; i < profile.size(); ++i)
    {
        EXPECT_EQ(profile[i].name, names[i]);
        EXPECT_DOUBLE_EQ(profile[i].headMacs, headMacs[i]) << i;
        EXPECT_DOUBLE_EQ(profile[i].tailMacs, 8192 - headMacs[i]) << i;
        EXPECT_DOUBLE_EQ(profile[i].headElementwise, headElementwise[i]) << i;
        EXPECT_DOUBLE_EQ(profile[i].tailElementwise, 768 - headElementwise[i]) << i;
    }
    EXPECT_EQ(profile[3].shape, (std::vector<int64_t>{256}));
    EXPECT_EQ(profile[4].shape, (std::vector<int64_t>{5}));
    EXPECT_EQ(profile[4].bytesFp32, 20u);
}

TEST_F(TorchScriptModelTest, RefusesBadArchives)
{
    // Each refusal is one line naming the file.
    auto refusal = [](const std::string& file) {
        const std::string message = RuntimeErrorMessage([&] { MakeModel(file, 8); });
        EXPECT_NE(message.find(file), std::string::npos) << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        return message;
    };
    EXPECT_NE(refusal(Scratch("missing.pt")).find("cannot open"), std::string::npos);

    // The first half of a valid archive, a text file, a state dict saved with torch.save.
    const std::string whole = ReadFile(Path("small.pt"));
    std::ofstream(Scratch("truncated.pt"), std::ios::binary) << whole.substr(0, whole.size() / 2);
    std::ofstream(Scratch("text.pt")) << "not an archive\n";
    for (const auto& file : {Scratch("truncated.pt"), Scratch("text.pt"), Path("small-state.pt")})
    {
        EXPECT_NE(refusal(file).find("is not a TorchScript archive"), std::string::npos) << file;
    }

    // Forward flattens between pool and fc: fc gets the pool's 1×8×1×1 output and fails.
    const std::string flatten = refusal(Path("flatten-inside.pt"));
    EXPECT_NE(flatten.find("child 'fc' fails"), std::string::npos) << flatten;
    EXPECT_NE(flatten.find("mat1 and mat2 shapes cannot be multiplied"), std::string::npos)
        << flatten;
    EXPECT_NE(flatten.find("nn.Flatten"), std::string::npos) << flatten;
    // relu(conv(x)) + x: the sequence runs but gives other values.
    EXPECT_NE(refusal(Path("residual.pt")).find("do not reproduce its forward"), std::string::npos);
    EXPECT_NE(refusal(Path("no-children.pt")).find("no top-level children"), std::string::npos);

    // No File at all.
    Ptr<TorchScriptModel> empty = CreateObject<TorchScriptModel>();
    EXPECT_NE(RuntimeErrorMessage([&] { empty->GetNSplitPoints(); }).find("File"),
              std::string::npos);
}

TEST_F(TorchScriptModelTest, LoadsAndSavesWeights)
{
    // The scripted seed-1 model takes the traced seed-2 archive's weights by name and then
    // gives the seed-2 reference output.
    Ptr<TorchScriptModel> model = MakeModel(Path("resnet50.pt"));
    auto reference = ReferenceTensors(Path("resnet50-traced-ref.pt"));
    const FeatureTensor input = WrapTensor(reference.at("input"));
    const FeatureTensor expected = WrapTensor(reference.at("output"));
    EXPECT_GT(model->Forward(input).MaxAbsDifference(expected), 1e-2); // other weights
    model->LoadWeights(Path("resnet50-traced.pt"));
    const FeatureTensor loaded = model->Forward(input);
    EXPECT_LE(loaded.MaxAbsDifference(expected), 1e-4);

    // Saved and reloaded, the model gives the same output.
    model->SaveWeights(Scratch("saved.pt"));
    EXPECT_LE(MakeModel(Scratch("saved.pt"))->Forward(input).MaxAbsDifference(loaded), 1e-6);
    EXPECT_THROW(model->SaveWeights(Scratch("no-such-folder/saved.pt")), std::runtime_error);

    // Mismatches name the file and the first offending parameter, and change nothing.
    Ptr<TorchScriptModel> small = MakeModel(Path("small.pt"), 8);
    const FeatureTensor images = FeatureTensor::RandomNormal({1, 3, 8, 8}, 7);
    const FeatureTensor before = small->Forward(images);
    // small-wide.pt has 8 convolution channels where small.pt has 4.
    const std::string wide =
        RuntimeErrorMessage([&] { small->LoadWeights(Path("small-wide.pt")); });
    EXPECT_NE(wide.find(Path("small-wide.pt")), std::string::npos) << wide;
    EXPECT_NE(wide.find("parameter '0.weight' is 8x3x3x3 there but 4x3x3x3"), std::string::npos)
        << wide;
    EXPECT_EQ(small->Forward(images).MaxAbsDifference(before), 0.0);
    // ResNet-50 has none of small.pt's names.
    const std::string other = RuntimeErrorMessage([&] { model->LoadWeights(Path("small.pt")); });
    EXPECT_NE(other.find("has no parameter 'conv1.weight'"), std::string::npos) << other;
    EXPECT_NE(
        RuntimeErrorMessage([&] { small->LoadWeights(Scratch("missing.pt")); }).find("cannot open"),
        std::string::npos);
}
