// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-test-utils.h"

#include "ns3/sagin-module.h"

#include <cmath>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <sstream>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::test;

namespace
{

/**
 * @param channels C
 * @param height H
 * @param width W
 * @param value every value
 * @return a constant image
 */
PlanarImage
Constant(uint32_t channels, uint32_t height, uint32_t width, float value)
{
    return PlanarImage{channels,
                       height,
                       width,
                       std::vector<float>(size_t(channels) * height * width, value)};
}

/**
 * @brief A textured image: a sum of random sinusoids per channel plus noise, clipped to
 *        [0, 1] (so that some values sit on the bounds).
 * @param channels C
 * @param height H
 * @param width W
 * @param rng the generator
 * @return the image
 */
PlanarImage
Texture(uint32_t channels, uint32_t height, uint32_t width, std::mt19937_64& rng)
{
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::normal_distribution<double> noise(0.0, 0.08);
    PlanarImage image = Constant(channels, height, width, 0.0f);
    for (uint32_t c = 0; c < channels; ++c)
    {
        const double fx = 0.05 + 0.5 * u(rng);
        const double fy = 0.05 + 0.5 * u(rng);
        const double phase = 6.28 * u(rng);
        for (uint32_t y = 0; y < height; ++y)
        {
            for (uint32_t x = 0; x < width; ++x)
            {
                const double v = 0.5 + 0.45 * std::sin(fx * x + fy * y + phase) + noise(rng);
                image.values[(size_t(c) * height + y) * width + x] = float(std::clamp(v, 0.0, 1.0));
            }
        }
    }
    return image;
}

/**
 * @param image an image
 * @return it as a C×H×W nested JSON list
 */
std::string
Json(const PlanarImage& image)
{
    std::ostringstream json;
    json.precision(9);
    json << '[';
    for (uint32_t c = 0; c < image.channels; ++c)
    {
        json << (c ? ",[" : "[");
        for (uint32_t y = 0; y < image.height; ++y)
        {
            json << (y ? ",[" : "[");
            for (uint32_t x = 0; x < image.width; ++x)
            {
                json << (x ? "," : "")
                     << image.values[(size_t(c) * image.height + y) * image.width + x];
            }
            json << ']';
        }
        json << ']';
    }
    return json.str() + ']';
}

} // namespace

TEST(ImageSimilarity, AgreesWithScikitImageAndTorch)
{
    // Pairs: a texture and a noisy copy; two unrelated textures; a non-square 1-channel
    // texture and its brightened copy; a texture and mid-grey.
    std::mt19937_64 rng(20261207);
    std::vector<std::pair<PlanarImage, PlanarImage>> pairs;
    {
        PlanarImage a = Texture(3, 32, 32, rng);
        PlanarImage b = a;
        std::normal_distribution<double> noise(0.0, 0.1);
        for (auto& v : b.values)
        {
            v = float(std::clamp(v + noise(rng), 0.0, 1.0));
        }
        pairs.emplace_back(a, b);
    }
    pairs.emplace_back(Texture(3, 24, 24, rng), Texture(3, 24, 24, rng));
    {
        PlanarImage a = Texture(1, 20, 33, rng);
        PlanarImage b = a;
        for (auto& v : b.values)
        {
            v = std::min(1.0f, 0.8f * v + 0.15f);
        }
        pairs.emplace_back(a, b);
    }
    pairs.emplace_back(Texture(3, 16, 16, rng), Constant(3, 16, 16, 0.5f));
    std::string json = "{\"pairs\":[";
    for (size_t i = 0; i < pairs.size(); ++i)
    {
        json += (i ? ",[" : "[") + Json(pairs[i].first) + "," + Json(pairs[i].second) + "]";
    }
    const TempFile input("pairs.json", json + "]}");
    const auto run = RunCommand(ShellQuote(Python()) + " " +
                                ShellQuote(SourcePath("test/image-similarity-reference.py")) + " " +
                                ShellQuote(input.Path()));
    ASSERT_EQ(run.exitStatus, 0) << run.err;
    const auto lines = SplitLines(run.out);
    ASSERT_EQ(lines.size(), pairs.size()) << run.out;
    SsimOptions uniform7;
    uniform7.window = SsimOptions::UNIFORM;
    uniform7.windowSize = 7;
    uniform7.sampleCovariance = true;
    SsimOptions gaussianSample = SsimOptions::Wang();
    gaussianSample.sampleCovariance = true;
    for (size_t i = 0; i < pairs.size(); ++i)
    {
        std::istringstream words(lines[i]);
        std::map<std::string, double> reference;
        std::string key;
        words >> key >> key; // "pair I"
        for (double value; words >> key >> value;)
        {
            reference[key] = value;
        }
        const auto& [a, b] = pairs[i];
        EXPECT_NEAR(Ssim(a, b, SsimOptions::Wang()), reference["wang"], 1e-5) << i;
        EXPECT_NEAR(Ssim(a, b, uniform7), reference["uniform7"], 1e-5) << i;
        EXPECT_NEAR(Ssim(a, b, gaussianSample), reference["gaussian_sample"], 1e-5) << i;
        EXPECT_NEAR(Ssim(a, b, SsimOptions::Seed()), reference["seed"], 1e-6) << i;
        // The seed KL is of the order of 1e-9 here: compare relatively.
        EXPECT_NEAR(SeedKl(a, b), reference["kl_seed"], 1e-5 * reference["kl_seed"] + 1e-15) << i;
        EXPECT_GT(reference["kl_seed"], 0.0) << i;
        EXPECT_NEAR(PixelKl(a, b), reference["kl_pixel"], 1e-7) << i;
    }
    // The pairs span the range: the noisy copy is similar, the unrelated textures are not.
    EXPECT_GT(Ssim(pairs[0].first, pairs[0].second, SsimOptions::Wang()), 0.3);
    EXPECT_LT(Ssim(pairs[1].first, pairs[1].second, SsimOptions::Wang()), 0.3);
}

TEST(ImageSimilarity, IdentitySymmetryAndHandValues)
{
    std::mt19937_64 rng(7);
    const PlanarImage a = Texture(3, 24, 24, rng);
    const PlanarImage b = Texture(3, 24, 24, rng);
    for (const auto& options : {SsimOptions::Wang(), SsimOptions::Seed()})
    {
        EXPECT_NEAR(Ssim(a, a, options), 1.0, 1e-12);
        EXPECT_DOUBLE_EQ(Ssim(a, b, options), Ssim(b, a, options));
        EXPECT_LT(Ssim(a, b, options), 0.99);
    }
    EXPECT_NEAR(SeedKl(a, a), 0.0, 1e-18);
    EXPECT_NEAR(PixelKl(a, a), 0.0, 1e-15);

    // Constant images 0.2 and 0.6, map cropped: every window has μx = 0.2, μy = 0.6 and no
    // variance, so SSIM = (2·0.2·0.6 + 0.01²)·0.03² / ((0.2² + 0.6² + 0.01²)·0.03²)
    // = 0.2401 / 0.4001 = 0.600099975.
    const PlanarImage low = Constant(1, 16, 16, 0.2f);
    const PlanarImage high = Constant(1, 16, 16, 0.6f);
    EXPECT_NEAR(Ssim(low, high, SsimOptions::Wang()), 0.2401 / 0.4001, 1e-6);
    // Zero padding lowers the means near the border, so the seed variant differs there.
    EXPECT_GT(std::abs(Ssim(low, high, SsimOptions::Seed()) - 0.2401 / 0.4001), 1e-3);
    // PixelKl: 0.2·ln(0.2/0.6) + 0.8·ln(0.8/0.4) = −0.21972246 + 0.55451774 = 0.33479528.
    EXPECT_NEAR(PixelKl(low, high), 0.33479528, 1e-6);
    // Values beyond [ε, 1 − ε] are clamped: 0 vs 1 gives ln(0.999/0.001)·(0.999 − 0.001)
    // = 6.906755 · 0.998 = 6.89294.
    EXPECT_NEAR(PixelKl(Constant(1, 4, 4, 0.0f), Constant(1, 4, 4, 1.0f)), 6.89294, 1e-4);
    // The seed KL of constant images: each channel normalised to 1/256 everywhere, so both
    // softmaxes are uniform and the divergence is 0 whatever the constants.
    EXPECT_NEAR(SeedKl(low, high), 0.0, 1e-18);

    // Leakage: 1 − kl/reference, clamped.
    EXPECT_DOUBLE_EQ(KlLeakage(0.1, 0.4), 0.75);
    EXPECT_DOUBLE_EQ(KlLeakage(0.0, 0.4), 1.0);
    EXPECT_DOUBLE_EQ(KlLeakage(0.5, 0.4), 0.0);
    EXPECT_DOUBLE_EQ(KlLeakage(0.1, 0.0), 0.0);

    // Windows: 11 taps for σ = 1.5 (2·⌊3.5·1.5 + ½⌋ + 1), 7 for the uniform default.
    EXPECT_EQ(SsimOptions::Wang().GetWindowSize(), 11u);
    EXPECT_EQ(SsimOptions::Seed().GetWindowSize(), 11u);
    SsimOptions uniform;
    uniform.window = SsimOptions::UNIFORM;
    EXPECT_EQ(uniform.GetWindowSize(), 7u);
    const auto weights = SsimOptions::Seed().GetWeights();
    // Seed: exp(−x²/8) normalised; the centre over the edge is exp(25/8) = 22.7599.
    EXPECT_NEAR(weights[5] / weights[0], std::exp(25.0 / 8.0), 1e-9);
}

TEST(ImageSimilarity, Errors)
{
    const PlanarImage a = Constant(3, 16, 16, 0.5f);
    EXPECT_EQ(InvalidArgumentMessage([&] { Ssim(a, Constant(3, 16, 15, 0.5f), SsimOptions()); }),
              "SSIM: the images differ in shape (3x16x16 and 3x16x15)");
    EXPECT_EQ(InvalidArgumentMessage(
                  [&] { Ssim(Constant(1, 8, 8, 0.f), Constant(1, 8, 8, 0.f), SsimOptions()); }),
              "SSIM: images of 1x8x8 are smaller than the 11x11 window");
    SsimOptions even;
    even.windowSize = 6;
    EXPECT_EQ(InvalidArgumentMessage([&] { Ssim(a, a, even); }),
              "SSIM: the window size 6 is not an odd number of taps");
    EXPECT_EQ(InvalidArgumentMessage([] { SsimOptions::FromName("ms"); }),
              "SSIM variant 'ms' is unknown (known: wang, seed)");
    EXPECT_EQ(InvalidArgumentMessage([&] { PixelKl(a, PlanarImage{}); }),
              "KL: the images differ in shape (3x16x16 and 0x0x0)");
    EXPECT_EQ(InvalidArgumentMessage([&] { SeedKl(PlanarImage{}, a); }),
              "KL: the first image (0x0x0, 0 values) is empty or inconsistent");
}

TEST(ImageSimilarity, ImageFiles)
{
    std::mt19937_64 rng(3);
    const PlanarImage a = Texture(3, 20, 30, rng);
    const TempFile file("a.png", "");
    WritePngFile(file.Path(), a);
    const PlanarImage back = ReadImageFile(file.Path());
    ASSERT_EQ(back.GetShapeText(), "3x20x30");
    for (size_t i = 0; i < a.values.size(); ++i)
    {
        // 8-bit rounding: within half a step, 1/510.
        ASSERT_NEAR(back.values[i], a.values[i], 0.5 / 255 + 1e-6) << i;
    }
    EXPECT_NEAR(Ssim(a, back, SsimOptions::Wang()), 1.0, 1e-3);
    EXPECT_EQ(RuntimeErrorMessage([] { ReadImageFile("/nonexistent/x.png"); }),
              "cannot read the image '/nonexistent/x.png': No such file or directory");
    EXPECT_EQ(RuntimeErrorMessage([] { ReadImageFile("/tmp"); }),
              "cannot read the image '/tmp': not a regular file");
    const TempFile text("b.png", "not an image");
    EXPECT_NE(RuntimeErrorMessage([&] {
                  ReadImageFile(text.Path());
              }).find("cannot decode the image '" + text.Path() + "'"),
              std::string::npos);
    EXPECT_EQ(RuntimeErrorMessage([&] { WritePngFile("/nonexistent/x.png", a); }),
              "cannot write the PNG file '/nonexistent/x.png'");
}
