// SPDX-License-Identifier: GPL-2.0-only

#include "closed-box-inversion.h"
#include "image-similarity.h"
#include "open-box-inversion.h"
#include "resnet50-usam-model.h"
#include "sagin-test-utils.h"
#include "synthetic-world.h"

#include "ns3/double.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::test;

namespace
{

/// Side of the attacked images, pixels.
constexpr int64_t SIDE = 32;

/**
 * @param first the first location
 * @param count locations
 * @param views drone views per location, all taken
 * @return their drone views, raw (values in [0, 1]), M×3×SIDE×SIDE
 */
FeatureTensor
RawImages(uint32_t first, uint32_t count, uint32_t views = 1)
{
    auto world = CreateObjectWithAttributes<SyntheticWorld>("ImageSize",
                                                            UintegerValue(SIDE),
                                                            "Locations",
                                                            UintegerValue(first + count),
                                                            "DroneViews",
                                                            UintegerValue(views),
                                                            "Seed",
                                                            UintegerValue(2000));
    std::vector<float> values;
    for (uint32_t l = first; l < first + count; ++l)
    {
        for (uint32_t v = 0; v < views; ++v)
        {
            const auto image = world->GetRawImage(l, ImageSource::DRONE, v).ToFloats();
            values.insert(values.end(), image.begin(), image.end());
        }
    }
    return FeatureTensor::FromFloats({int64_t(count * views), 3, SIDE, SIDE}, values);
}

/**
 * @param batch N×3×S×S values
 * @param i an image
 * @return it
 */
PlanarImage
Planar(const FeatureTensor& batch, int64_t i)
{
    const auto values = batch.ToFloats();
    const size_t n = 3 * SIDE * SIDE;
    return PlanarImage{3,
                       uint32_t(SIDE),
                       uint32_t(SIDE),
                       std::vector<float>(values.begin() + i * n, values.begin() + (i + 1) * n)};
}

/**
 * @param originals N images
 * @param reconstructions their reconstructions
 * @return the mean SSIM (Wang et al.'s setting)
 */
double
MeanSsim(const FeatureTensor& originals, const FeatureTensor& reconstructions)
{
    const int64_t n = originals.GetShape()[0];
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i)
    {
        sum += Ssim(Planar(originals, i), Planar(reconstructions, i), SsimOptions::Wang());
    }
    return sum / n;
}

/// @return a ResNet-50-USAM for SIDE-pixel images, seeded initial weights
Ptr<ResNet50UsamModel>
Model()
{
    return CreateObjectWithAttributes<ResNet50UsamModel>("InputSize", UintegerValue(SIDE));
}

} // namespace

TEST(Privacy, OpenBoxInvertsEarlyFeaturesNotDeepOnes)
{
    Ptr<ResNet50UsamModel> model = Model();
    const FeatureTensor raw = RawImages(0, 2);
    const FeatureTensor images = ImageSource::Normalise(raw);
    auto attack = CreateObjectWithAttributes<OpenBoxInversion>("Iterations", UintegerValue(200));
    uint32_t traced = 0;
    double firstLoss = 0.0;
    double lastLoss = 0.0;
    attack->TraceConnectWithoutContext(
        "Iteration",
        Callback<void, uint32_t, uint32_t, double, double>(
            [&](uint32_t it, uint32_t of, double featureLoss, double) {
                ++traced;
                EXPECT_EQ(of, 200u);
                (it == 1 ? firstLoss : lastLoss) = featureLoss;
            }));
    const FeatureTensor conv1 = attack->Reconstruct(model, 0, model->Head(images, 0));
    EXPECT_EQ(traced, 200u);
    EXPECT_LT(lastLoss, 0.1 * firstLoss);
    ASSERT_EQ(conv1.GetShapeText(), "2x3x32x32");
    for (float v : conv1.ToFloats())
    {
        ASSERT_TRUE(v >= 0.0f && v <= 1.0f) << v;
    }
    // conv1 is one linear convolution: 200 steps recover the images almost exactly.
    const double early = MeanSsim(raw, conv1);
    EXPECT_GT(early, 0.9);
    // layer3's features (8 spatial values of 1024 channels at 32 px) keep far less.
    const FeatureTensor layer3 = attack->Reconstruct(model, 5, model->Head(images, 5));
    const double deep = MeanSsim(raw, layer3);
    EXPECT_LT(deep, early - 0.3);
    // Deterministic: the same features give the same images.
    EXPECT_EQ(attack->Reconstruct(model, 5, model->Head(images, 5)).MaxAbsDifference(layer3), 0.0);
    // The mid-grey start scores low (0.13 here; the world's flat surfaces keep it above 0.1,
    // see SyntheticWorld's Texture): the attack, not the start, makes the similarity.
    const FeatureTensor grey =
        FeatureTensor::FromFloats({2, 3, SIDE, SIDE}, std::vector<float>(2 * 3 * 32 * 32, 0.5f));
    EXPECT_LT(MeanSsim(raw, grey), 0.2);
}

TEST(Privacy, ClosedBoxLearnsAnInverseOnOtherImages)
{
    Ptr<ResNet50UsamModel> model = Model();
    const FeatureTensor attacked = RawImages(0, 2);
    const FeatureTensor training = RawImages(2, 16, 4); // 64 images of other locations
    auto attack = CreateObjectWithAttributes<ClosedBoxInversion>("Epochs", UintegerValue(15));
    std::vector<double> losses;
    attack->TraceConnectWithoutContext(
        "Epoch",
        Callback<void, uint32_t, uint32_t, double>(
            [&](uint32_t, uint32_t, double loss) { losses.push_back(loss); }));
    attack->Train(model, 0, training);
    ASSERT_EQ(losses.size(), 15u);
    EXPECT_LT(losses.back(), 0.5 * losses.front());
    const FeatureTensor features = model->Head(ImageSource::Normalise(attacked), 0);
    const FeatureTensor reconstruction = attack->Reconstruct(features);
    ASSERT_EQ(reconstruction.GetShapeText(), "2x3x32x32");
    EXPECT_GT(MeanSsim(attacked, reconstruction), 0.4);
    // The same seed, the same inverse network.
    auto again = CreateObjectWithAttributes<ClosedBoxInversion>("Epochs", UintegerValue(15));
    again->Train(model, 0, training);
    EXPECT_EQ(again->Reconstruct(features).MaxAbsDifference(reconstruction), 0.0);
}

TEST(Privacy, AttackErrors)
{
    Ptr<ResNet50UsamModel> model = Model();
    auto open = CreateObject<OpenBoxInversion>();
    const FeatureTensor images = ImageSource::Normalise(RawImages(0, 1));
    EXPECT_EQ(InvalidArgumentMessage([&] {
                  open->Reconstruct(model, 0, FeatureTensor::Zeros({1, 3, 16, 16}));
              }),
              "OpenBoxInversion: features of shape 1x3x16x16 are not the head's at split point "
              "conv1 (Nx64x16x16)");
    EXPECT_EQ(InvalidArgumentMessage([&] { open->Reconstruct(model, 9, images); }),
              "OpenBoxInversion: split point 9 does not exist (0..6)");
    EXPECT_EQ(InvalidArgumentMessage([&] { open->Reconstruct(nullptr, 0, images); }),
              "OpenBoxInversion: no model (null pointer)");
    auto closed = CreateObject<ClosedBoxInversion>();
    try
    {
        closed->Reconstruct(images);
        ADD_FAILURE() << "no error before Train()";
    }
    catch (const std::logic_error& e)
    {
        EXPECT_STREQ(e.what(), "ClosedBoxInversion::Reconstruct: not trained (call Train())");
    }
    EXPECT_EQ(InvalidArgumentMessage([&] {
                  closed->Train(model, 0, FeatureTensor::Zeros({2, 3, 16, 16}));
              }),
              "ClosedBoxInversion: training images of shape 2x3x16x16 are not Mx3x32x32 (the "
              "model's InputSize)");
    closed->SetAttribute("Epochs", UintegerValue(1));
    closed->Train(model, 6, RawImages(1, 4));
    EXPECT_EQ(InvalidArgumentMessage([&] { closed->Reconstruct(model->Head(images, 0)); }),
              "ClosedBoxInversion::Reconstruct: features of shape 1x64x16x16 are not "
              "Nx2048x1x1 (those Train() saw)");
}

TEST(Privacy, ToolWritesTheProfile)
{
    // Two 32-pixel images, two split points, tiny budgets: the files and their layout.
    const TempFile marker("marker", "");
    const std::string out = marker.Path().substr(0, marker.Path().rfind('/')) + "/privacy";
    const std::string tool = ShellQuote(ProgramPath("sagin-privacy"));
    const auto run = RunCommand(tool +
                                " --input=32 --images=2 --train-images=16 --views=4 "
                                "--iterations=20 --epochs=2 --splits=conv1,layer4 --threads=1 "
                                "--quiet --out=" +
                                ShellQuote(out));
    ASSERT_EQ(run.exitStatus, 0) << run.err;
    const auto profile = nlohmann::json::parse(ReadFile(out + "/profile.json"));
    EXPECT_EQ(profile["model"], "resnet50-usam");
    EXPECT_EQ(profile["input"], 32);
    ASSERT_EQ(profile["splits"].size(), 2u);
    EXPECT_EQ(profile["splits"][0]["name"], "conv1");
    EXPECT_EQ(profile["splits"][1]["name"], "layer4");
    for (const auto& split : profile["splits"])
    {
        for (const char* key : {"open_ssim", "closed_ssim", "open_kl", "closed_kl", "cost"})
        {
            ASSERT_TRUE(split.contains(key)) << key;
        }
        const double cost = split["cost"];
        EXPECT_TRUE(cost >= 0.0 && cost <= 1.0) << cost;
        // The cost is the mean of the two attacks' leakages (--open-weight 0.5).
        EXPECT_NEAR(cost,
                    0.5 * (double(split["open_leakage"]) + double(split["closed_leakage"])),
                    1e-12);
    }
    // privacy.csv: the header, the grey baseline, then 2 split points × 2 attacks.
    const auto lines = SplitLines(ReadFile(out + "/privacy.csv"));
    ASSERT_EQ(lines.size(), 6u);
    EXPECT_EQ(lines[1].substr(0, 7), ",,grey,");
    EXPECT_EQ(lines[2].substr(0, 13), "0,conv1,open,");
    EXPECT_EQ(lines[5].substr(0, 16), "6,layer4,closed,");
    // grid.png: 5 rows (originals, 2 × 2 attacks) of 2 images of 64 pixels (doubled), 2-pixel
    // gaps: 2·(64 + 2) + 2 = 134 wide, 5·(64 + 2) + 2 = 332 high.
    const PlanarImage grid = ReadImageFile(out + "/grid.png");
    EXPECT_EQ(grid.width, 134u);
    EXPECT_EQ(grid.height, 332u);

    // One attack: the other's fields are absent.
    const auto open = RunCommand(tool +
                                 " --input=32 --images=1 --iterations=5 --splits=usam1 "
                                 "--attack=open --quiet --out=" +
                                 ShellQuote(out + "-open"));
    ASSERT_EQ(open.exitStatus, 0) << open.err;
    const auto openProfile = nlohmann::json::parse(ReadFile(out + "-open/profile.json"));
    ASSERT_EQ(openProfile["splits"].size(), 1u);
    EXPECT_TRUE(openProfile["splits"][0].contains("open_ssim"));
    EXPECT_FALSE(openProfile["splits"][0].contains("closed_ssim"));
    EXPECT_DOUBLE_EQ(double(openProfile["splits"][0]["cost"]),
                     double(openProfile["splits"][0]["open_leakage"]));

    // --ssim of two image files is Ssim() of what ReadImageFile() reads.
    const std::string a = out + "/grid.png";
    const std::string b = out + "-open/grid.png";
    const auto same = RunCommand(tool + " --ssim " + ShellQuote(a) + " " + ShellQuote(a));
    ASSERT_EQ(same.exitStatus, 0) << same.err;
    EXPECT_NEAR(std::stod(same.out), 1.0, 1e-9);
    const auto differ = RunCommand(tool + " --ssim " + ShellQuote(a) + " " + ShellQuote(b));
    EXPECT_EQ(differ.exitStatus, 2);
    EXPECT_EQ(differ.err,
              "sagin-privacy: error: --ssim: " + a + " is 134x332 pixels but " + b +
                  " is 68x134\n");
    for (const auto& [arguments, message] : std::vector<std::pair<std::string, std::string>>{
             {"--splits=layer9 --out=x",
              "--splits: 'layer9' is not a split point of "
              "resnet50-usam (conv1, usam1, layer1, usam2, layer2, "
              "layer3, layer4, or 0..6)"},
             {"--attack=open,side --out=x", "--attack: 'side' is not an attack (open, closed)"},
             {"--images=2", "--out: the output folder is required"},
             {"--view=sky --out=x", "--view: 'sky' is not a view (drone, street, satellite)"},
         })
    {
        const auto bad = RunCommand(tool + " " + arguments);
        EXPECT_EQ(bad.exitStatus, 2) << arguments;
        EXPECT_EQ(bad.err, "sagin-privacy: error: " + message + "\n") << arguments;
    }
}
