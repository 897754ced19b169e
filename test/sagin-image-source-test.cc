// SPDX-License-Identifier: GPL-2.0-only

#include "feature-tensor-impl.h"
#include "sagin-test-utils.h"

#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <stb/stb_image_write.h>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::test;

namespace
{

/// Side of the small test images, in pixels.
constexpr uint32_t SMALL = 64;

/**
 * @param seed the world's seed
 * @param size the image side
 * @param locations the number of locations
 * @return a synthetic world with 3 drone and 2 street views per location
 */
Ptr<SyntheticWorld>
World(uint64_t seed, uint32_t size = SMALL, uint32_t locations = 4)
{
    return CreateObjectWithAttributes<SyntheticWorld>("Seed",
                                                      UintegerValue(seed),
                                                      "ImageSize",
                                                      UintegerValue(size),
                                                      "Locations",
                                                      UintegerValue(locations),
                                                      "DroneViews",
                                                      UintegerValue(3),
                                                      "StreetViews",
                                                      UintegerValue(2));
}

/**
 * @param a an image
 * @param b an image of the same shape
 * @return the mean absolute difference of their elements
 */
double
MeanAbsDifference(const FeatureTensor& a, const FeatureTensor& b)
{
    return (UnwrapTensor(a) - UnwrapTensor(b)).abs().mean().item<double>();
}

/**
 * @param image a raw 1×3×S×S image in [0, 1]
 * @param fromRow the first row counted (a street view's ground: its lower half)
 * @return its colour histogram, 4 bins per channel (64 bins), as a feature
 */
std::vector<float>
ColourHistogram(const FeatureTensor& image, int64_t fromRow = 0)
{
    const auto rows = UnwrapTensor(image)[0].slice(1, fromRow);
    const auto bins = (rows * 3.999).floor().to(at::kLong);
    const auto index = (bins[0] * 16 + bins[1] * 4 + bins[2]).flatten();
    const auto histogram = at::bincount(index, {}, 64).to(at::kFloat);
    return WrapTensor(histogram).ToFloats();
}

/// A folder laid out as University-1652's, in a temporary directory, removed with the object.
class TestFolder
{
  public:
    TestFolder()
        : m_anchor("README", "test folder")
    {
        m_root = std::filesystem::path(m_anchor.Path()).parent_path().string();
    }

    /// @return the root folder
    const std::string& Root() const
    {
        return m_root;
    }

    /**
     * @param relative a file path below the root
     * @param width the image width
     * @param height the image height
     * @param channels 1 (grey), 3 (RGB) or 4 (RGBA)
     * @param pixels row-major pixels, channels interleaved
     * @return the file's path
     */
    std::string WritePng(const std::string& relative,
                         int width,
                         int height,
                         int channels,
                         const std::vector<uint8_t>& pixels) const
    {
        const std::string path = Make(relative);
        if (stbi_write_png(path.c_str(),
                           width,
                           height,
                           channels,
                           pixels.data(),
                           width * channels) == 0)
        {
            throw std::runtime_error("cannot write " + path);
        }
        return path;
    }

    /**
     * @param relative a file path below the root
     * @param width the image width
     * @param height the image height
     * @param rgb the colour of every pixel
     * @return the file's path
     */
    std::string WriteJpeg(const std::string& relative,
                          int width,
                          int height,
                          const std::array<uint8_t, 3>& rgb) const
    {
        const std::string path = Make(relative);
        std::vector<uint8_t> pixels;
        for (int i = 0; i < width * height; ++i)
        {
            pixels.insert(pixels.end(), rgb.begin(), rgb.end());
        }
        if (stbi_write_jpg(path.c_str(), width, height, 3, pixels.data(), 95) == 0)
        {
            throw std::runtime_error("cannot write " + path);
        }
        return path;
    }

    /**
     * @param relative a file path below the root
     * @param content the bytes
     * @return the file's path
     */
    std::string WriteText(const std::string& relative, const std::string& content) const
    {
        const std::string path = Make(relative);
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }

  private:
    /**
     * @param relative a path below the root
     * @return the absolute path, its folder created
     */
    std::string Make(const std::string& relative) const
    {
        const auto path = std::filesystem::path(m_root) / relative;
        std::filesystem::create_directories(path.parent_path());
        return path.string();
    }

    TempFile m_anchor;  //!< a file whose temporary directory is the root
    std::string m_root; //!< the root folder
};

/**
 * @param n the number of bytes
 * @param seed a seed
 * @return pseudo-random bytes (a linear congruential generator)
 */
std::vector<uint8_t>
Bytes(std::size_t n, uint32_t seed)
{
    std::vector<uint8_t> bytes(n);
    for (auto& b : bytes)
    {
        seed = seed * 1664525u + 1013904223u;
        b = static_cast<uint8_t>(seed >> 24);
    }
    return bytes;
}

/**
 * @param root a folder
 * @return a loaded ImageFolderSource of it with SMALL images, or the message of its error
 */
std::string
LoadError(const std::string& root)
{
    auto source = CreateObjectWithAttributes<ImageFolderSource>("Root",
                                                                StringValue(root),
                                                                "ImageSize",
                                                                UintegerValue(SMALL));
    return RuntimeErrorMessage([&] { source->Load(); });
}

} // namespace

TEST(SyntheticWorld, ShapesRangesAndCounts)
{
    auto world = World(1);
    EXPECT_EQ(world->GetNLocations(), 4u);
    EXPECT_EQ(world->GetImageSize(), SMALL);
    EXPECT_EQ(world->GetLocationName(3), "synthetic-0003");
    EXPECT_EQ(world->GetNViews(0, ImageSource::SATELLITE), 1u);
    EXPECT_EQ(world->GetNViews(0, ImageSource::DRONE), 3u);
    EXPECT_EQ(world->GetNViews(0, ImageSource::STREET), 2u);
    // The scene has twice the side.
    EXPECT_EQ(world->GetScene(1).GetShape(), (std::vector<int64_t>{1, 3, 2 * SMALL, 2 * SMALL}));
    for (auto view : {ImageSource::SATELLITE, ImageSource::DRONE, ImageSource::STREET})
    {
        const auto raw = UnwrapTensor(world->GetRawImage(1, view, 0));
        EXPECT_EQ(raw.sizes(), (at::IntArrayRef{1, 3, SMALL, SMALL}));
        EXPECT_GE(raw.min().item<float>(), 0.0f);
        EXPECT_LE(raw.max().item<float>(), 1.0f);
        // Not flat: some structure in every view.
        EXPECT_GT(raw.std().item<float>(), 0.03f) << ImageSource::ViewToString(view);
    }
    EXPECT_THROW(world->GetRawImage(4, ImageSource::SATELLITE, 0), std::out_of_range);
    EXPECT_THROW(world->GetRawImage(0, ImageSource::SATELLITE, 1), std::out_of_range);
    EXPECT_THROW(world->GetImage(0, ImageSource::DRONE, 3), std::out_of_range);
    EXPECT_THROW(world->GetLocationName(4), std::out_of_range);
}

TEST(SyntheticWorld, SatelliteViewIsTheSceneAveraged)
{
    // The satellite view is the scene, north up, averaged over 2×2 pixels: pixel (y, x) is the
    // mean of scene pixels (2y..2y+1, 2x..2x+1).
    auto world = World(5);
    const auto scene = UnwrapTensor(world->GetScene(2));
    const auto satellite = UnwrapTensor(world->GetRawImage(2, ImageSource::SATELLITE, 0));
    for (int64_t y : {0, 17, 63})
    {
        for (int64_t x : {0, 40, 63})
        {
            for (int64_t c = 0; c < 3; ++c)
            {
                const float mean = scene
                                       .index({0,
                                               c,
                                               at::indexing::Slice(2 * y, 2 * y + 2),
                                               at::indexing::Slice(2 * x, 2 * x + 2)})
                                       .mean()
                                       .item<float>();
                EXPECT_NEAR(satellite[0][c][y][x].item<float>(), mean, 1e-6);
            }
        }
    }
}

TEST(SyntheticWorld, DeterministicFromTheSeed)
{
    auto a = World(7);
    auto b = World(7);
    auto other = World(8);
    for (auto view : {ImageSource::SATELLITE, ImageSource::DRONE, ImageSource::STREET})
    {
        const auto image = a->GetImage(2, view, 0);
        // Same seed, another object: identical to the last bit.
        EXPECT_EQ(image.MaxAbsDifference(b->GetImage(2, view, 0)), 0.0);
        // Another seed: another world (mean difference of normalised values well above 0).
        EXPECT_GT(MeanAbsDifference(image, other->GetImage(2, view, 0)), 0.1);
    }
    // The same image again after other locations (the scene cache changed in between).
    const auto first = a->GetRawImage(1, ImageSource::STREET, 1);
    a->GetRawImage(3, ImageSource::DRONE, 2);
    EXPECT_EQ(first.MaxAbsDifference(a->GetRawImage(1, ImageSource::STREET, 1)), 0.0);
    // Another image size changes the scene with it, and back again gives the same image.
    a->SetAttribute("ImageSize", UintegerValue(32));
    EXPECT_EQ(a->GetRawImage(1, ImageSource::STREET, 1).GetShape()[3], 32);
    a->SetAttribute("ImageSize", UintegerValue(SMALL));
    EXPECT_EQ(first.MaxAbsDifference(a->GetRawImage(1, ImageSource::STREET, 1)), 0.0);
}

TEST(SyntheticWorld, SceneCacheKeepsImagesIdentical)
{
    // Worlds keeping no scene, one scene and the default 16 give the same images, bit for bit,
    // whatever the order the locations come in: a kept scene is the one a new render makes.
    auto none = World(11);
    none->SetAttribute("SceneCache", UintegerValue(0));
    auto one = World(11);
    one->SetAttribute("SceneCache", UintegerValue(1));
    auto all = World(11);
    const std::vector<std::pair<uint32_t, ImageSource::View>> order{{0, ImageSource::DRONE},
                                                                    {2, ImageSource::STREET},
                                                                    {0, ImageSource::STREET},
                                                                    {3, ImageSource::SATELLITE},
                                                                    {2, ImageSource::DRONE},
                                                                    {0, ImageSource::DRONE}};
    for (const auto& [location, view] : order)
    {
        const uint32_t index = 1 % none->GetNViews(0, view); // the satellite has one view
        const auto image = none->GetRawImage(location, view, index);
        EXPECT_EQ(image.MaxAbsDifference(one->GetRawImage(location, view, index)), 0.0);
        EXPECT_EQ(image.MaxAbsDifference(all->GetRawImage(location, view, index)), 0.0);
    }
    // A kept scene is that of the current seed: after a change of Seed the world is the other
    // seed's (mean difference well above 0 from before, none from a fresh world of that seed).
    const auto before = all->GetScene(2);
    all->SetAttribute("Seed", UintegerValue(12));
    EXPECT_GT(MeanAbsDifference(before, all->GetScene(2)), 0.03);
    EXPECT_EQ(World(12)->GetScene(2).MaxAbsDifference(all->GetScene(2)), 0.0);
}

TEST(SyntheticWorld, ViewsDiffer)
{
    auto world = World(3);
    const auto drone0 = world->GetRawImage(0, ImageSource::DRONE, 0);
    const auto drone1 = world->GetRawImage(0, ImageSource::DRONE, 1);
    const auto street0 = world->GetRawImage(0, ImageSource::STREET, 0);
    const auto street1 = world->GetRawImage(0, ImageSource::STREET, 1);
    const auto satellite = world->GetRawImage(0, ImageSource::SATELLITE, 0);
    // Raw values in [0, 1]: a mean difference of 0.03 is about 8 grey levels per pixel.
    EXPECT_GT(MeanAbsDifference(drone0, drone1), 0.03);
    EXPECT_GT(MeanAbsDifference(street0, street1), 0.03);
    EXPECT_GT(MeanAbsDifference(drone0, satellite), 0.03);
    EXPECT_GT(MeanAbsDifference(street0, satellite), 0.03);
    EXPECT_GT(MeanAbsDifference(street0, drone0), 0.03);
    // Street views have sky at the top (above the horizon at y = −0.35 or higher, i.e. the top
    // 32 % of the rows or more): the first row is one colour but for the noise (σ 0.05).
    const auto top = UnwrapTensor(street0)[0].select(1, 0);
    EXPECT_LT(top.std(1).max().item<float>(), 0.08f);
}

TEST(SyntheticWorld, Normalisation)
{
    // GetImage = (GetRawImage − mean)/std with the ImageNet statistics, per channel.
    auto world = World(2);
    const auto raw = UnwrapTensor(world->GetRawImage(1, ImageSource::DRONE, 2));
    const auto image = UnwrapTensor(world->GetImage(1, ImageSource::DRONE, 2));
    const double mean[3] = {0.485, 0.456, 0.406};
    const double std[3] = {0.229, 0.224, 0.225};
    for (int64_t c = 0; c < 3; ++c)
    {
        for (auto [y, x] : {std::pair<int64_t, int64_t>{0, 0}, {10, 33}, {63, 5}})
        {
            const double expected = (raw[0][c][y][x].item<double>() - mean[c]) / std[c];
            EXPECT_NEAR(image[0][c][y][x].item<double>(), expected, 1e-5);
        }
    }
    // Black (0) becomes −mean/std: −0.485/0.229 = −2.1179 for red.
    const auto black = ImageSource::Normalise(FeatureTensor::Zeros({1, 3, 2, 2}));
    EXPECT_NEAR(black.ToFloats()[0], -2.117904, 1e-5);
    EXPECT_NE(InvalidArgumentMessage([] {
                  ImageSource::Normalise(FeatureTensor::Zeros({3, 2}));
              }).find("Nx3xHxW"),
              std::string::npos);
}

TEST(SyntheticWorld, ViewsOfOneLocationMatchByColour)
{
    // Cross-view matching is meaningful: with 64-bin colour histograms as features (no
    // network; street views: the lower half, the ground), drone and street views find their
    // location's satellite view far more often than chance (1/16 = 6.25 % at Recall@1).
    // Measured at seed 1, 16 locations, 64 pixels: drone 100 %, street 18.75 %, fused (3 drone
    // + 2 street) 100 %; the bounds leave room for other platforms' rounding.
    auto world = World(1, SMALL, 16);
    std::vector<float> gallery;
    std::vector<float> drone;
    std::vector<float> street;
    std::vector<float> fused;
    std::vector<int64_t> labels;
    for (uint32_t location = 0; location < 16; ++location)
    {
        auto satellite = ColourHistogram(world->GetRawImage(location, ImageSource::SATELLITE, 0));
        gallery.insert(gallery.end(), satellite.begin(), satellite.end());
        std::vector<float> droneRows;
        std::vector<float> streetRows;
        for (uint32_t i = 0; i < 3; ++i)
        {
            auto h = ColourHistogram(world->GetRawImage(location, ImageSource::DRONE, i));
            droneRows.insert(droneRows.end(), h.begin(), h.end());
        }
        for (uint32_t i = 0; i < 2; ++i)
        {
            auto h =
                ColourHistogram(world->GetRawImage(location, ImageSource::STREET, i), SMALL / 2);
            streetRows.insert(streetRows.end(), h.begin(), h.end());
        }
        drone.insert(drone.end(), droneRows.begin(), droneRows.begin() + 64);
        street.insert(street.end(), streetRows.begin(), streetRows.begin() + 64);
        auto f = FuseViews(streetRows, 2, droneRows, 3, 64);
        fused.insert(fused.end(), f.begin(), f.end());
        labels.push_back(location);
    }
    const auto droneScores = EvaluateRetrieval(drone, labels, gallery, labels, 64);
    const auto streetScores = EvaluateRetrieval(street, labels, gallery, labels, 64);
    const auto fusedScores = EvaluateRetrieval(fused, labels, gallery, labels, 64);
    EXPECT_GE(droneScores.recallAt1, 0.75) << droneScores.recallAt1;
    EXPECT_GE(streetScores.recallAt1, 0.125) << streetScores.recallAt1;
    EXPECT_GE(fusedScores.recallAt1, 0.75) << fusedScores.recallAt1;
}

TEST(ImageFolderSource, LayoutAndOrder)
{
    TestFolder folder;
    const auto pixels = Bytes(4 * 3 * 3, 1);
    folder.WritePng("satellite/0002/s.png", 4, 3, 3, pixels);
    folder.WritePng("satellite/0001/s.png", 4, 3, 3, pixels);
    folder.WritePng("drone/0001/b.png", 4, 3, 3, pixels);
    folder.WriteJpeg("drone/0001/a.jpeg", 8, 8, {10, 200, 30});
    folder.WritePng("drone/0002/a.png", 4, 3, 3, pixels);
    folder.WritePng("drone/9999/a.png", 4, 3, 3, pixels); // not in satellite/: ignored
    folder.WritePng("street/0001/x.png", 4, 3, 3, pixels);
    folder.WriteText("drone/0001/.hidden", "ignored");
    auto source = CreateObjectWithAttributes<ImageFolderSource>("Root",
                                                                StringValue(folder.Root()),
                                                                "ImageSize",
                                                                UintegerValue(SMALL));
    // Lazy: the first use scans.
    ASSERT_EQ(source->GetNLocations(), 2u);
    EXPECT_EQ(source->GetLocationName(0), "0001");
    EXPECT_EQ(source->GetLocationName(1), "0002");
    EXPECT_EQ(source->GetNViews(0, ImageSource::SATELLITE), 1u);
    EXPECT_EQ(source->GetNViews(0, ImageSource::DRONE), 2u);
    EXPECT_EQ(source->GetNViews(0, ImageSource::STREET), 1u);
    EXPECT_EQ(source->GetNViews(1, ImageSource::STREET), 0u); // no street/0002
    EXPECT_EQ(std::filesystem::path(source->GetImagePath(0, ImageSource::DRONE, 0)).filename(),
              "a.jpeg");
    EXPECT_EQ(std::filesystem::path(source->GetImagePath(0, ImageSource::DRONE, 1)).filename(),
              "b.png");
    EXPECT_THROW(source->GetImage(1, ImageSource::STREET, 0), std::out_of_range);
    EXPECT_THROW(source->GetNViews(2, ImageSource::DRONE), std::out_of_range);
    // The JPEG is one colour: every pixel decodes and resizes to it, within the JPEG error
    // (a few levels); normalised: (200/255 − 0.456)/0.224 = 1.4657 for green.
    const auto jpeg = UnwrapTensor(source->GetRawImage(0, ImageSource::DRONE, 0));
    EXPECT_EQ(jpeg.sizes(), (at::IntArrayRef{1, 3, SMALL, SMALL}));
    EXPECT_NEAR(jpeg[0][0].mean().item<double>(), 10 / 255.0, 4 / 255.0);
    EXPECT_NEAR(jpeg[0][1].mean().item<double>(), 200 / 255.0, 4 / 255.0);
    EXPECT_NEAR(jpeg[0][2].mean().item<double>(), 30 / 255.0, 4 / 255.0);
    const auto normalised = UnwrapTensor(source->GetImage(0, ImageSource::DRONE, 0));
    EXPECT_NEAR(normalised[0][1].mean().item<double>(), 1.4657, 4 / 255.0 / 0.224);
}

TEST(ImageFolderSource, GreyAndAlphaBecomeRgb)
{
    // A grey PNG repeats its value in R, G and B; an RGBA PNG drops its alpha. Read at their
    // own side, so that the bilinear resize is the identity (source position (i + 0.5)·1 − 0.5
    // = i): 2×2 grey (0, 51, 102, 255) → R = G = B = v/255.
    TestFolder folder;
    const auto grey = folder.WritePng("g.png", 2, 2, 1, {0, 51, 102, 255});
    const auto raw = UnwrapTensor(ImageFolderSource::ReadImage(grey, 2));
    for (int64_t c = 0; c < 3; ++c)
    {
        EXPECT_FLOAT_EQ(raw[0][c][0][1].item<float>(), 51 / 255.0f);
        EXPECT_FLOAT_EQ(raw[0][c][1][1].item<float>(), 1.0f);
    }
    const auto rgba = folder.WritePng("a.png", 1, 1, 4, {10, 20, 30, 0});
    EXPECT_EQ(ImageFolderSource::ReadImage(rgba, 1).ToFloats(),
              (std::vector<float>{10 / 255.0f, 20 / 255.0f, 30 / 255.0f}));
}

TEST(ImageFolderSource, ResizeAgreesWithPyTorch)
{
    // A 7×5 random RGB PNG (lossless) decoded and resized to 4 (down) and 9 (up): equal to
    // torch.nn.functional.interpolate(bilinear, align_corners=False, antialias=False) of the
    // same bytes / 255.
    TestFolder folder;
    const int width = 7;
    const int height = 5;
    const auto pixels = Bytes(width * height * 3, 42);
    const auto png = folder.WritePng("r.png", width, height, 3, pixels);
    const std::string raw =
        folder.WriteText("r.bin",
                         std::string(reinterpret_cast<const char*>(pixels.data()), pixels.size()));
    for (int size : {4, 9})
    {
        const std::string script =
            "import sys, numpy as np, torch\n"
            "a = np.fromfile(sys.argv[1], dtype=np.uint8).reshape(" +
            std::to_string(height) + ", " + std::to_string(width) +
            ", 3)\n"
            "x = torch.from_numpy(a).permute(2, 0, 1).unsqueeze(0).float() / 255\n"
            "y = torch.nn.functional.interpolate(x, size=(" +
            std::to_string(size) + ", " + std::to_string(size) +
            "), mode='bilinear', align_corners=False, antialias=False)\n"
            "print(' '.join(repr(float(v)) for v in y.flatten()))\n";
        const TempFile scriptFile("resize.py", script);
        const auto run = RunCommand(ShellQuote(Python()) + " " + ShellQuote(scriptFile.Path()) +
                                    " " + ShellQuote(raw));
        ASSERT_EQ(run.exitStatus, 0) << run.err;
        std::istringstream words(run.out);
        std::vector<double> expected;
        for (double v; words >> v;)
        {
            expected.push_back(v);
        }
        const auto mine = ImageFolderSource::ReadImage(png, size).ToFloats();
        ASSERT_EQ(mine.size(), expected.size());
        for (std::size_t i = 0; i < mine.size(); ++i)
        {
            EXPECT_NEAR(mine[i], expected[i], 1e-6) << "size " << size << " element " << i;
        }
    }
}

TEST(ImageFolderSource, RefusesBadFolders)
{
    // Root empty, missing, a file; no satellite/; satellite/ without buildings.
    auto unset = CreateObject<ImageFolderSource>();
    EXPECT_NE(RuntimeErrorMessage([&] { unset->Load(); }).find("Root attribute is empty"),
              std::string::npos);
    EXPECT_NE(RuntimeErrorMessage([&] { unset->GetNLocations(); }).find("Root"), std::string::npos);
    EXPECT_EQ(LoadError("/nonexistent/u1652"),
              "ImageFolderSource: Root /nonexistent/u1652 does not exist");
    TestFolder folder;
    const std::string root = folder.Root();
    EXPECT_EQ(LoadError(root + "/README"),
              "ImageFolderSource: Root " + root + "/README is not a folder");
    EXPECT_EQ(LoadError(root), "ImageFolderSource: " + root + " has no satellite/ folder");
    std::filesystem::create_directories(root + "/satellite");
    EXPECT_EQ(LoadError(root), "ImageFolderSource: " + root + "/satellite has no building folders");
    folder.WriteText("satellite/stray.txt", "x");
    EXPECT_EQ(LoadError(root),
              "ImageFolderSource: " + root + "/satellite/stray.txt is not a building folder");
}

TEST(ImageFolderSource, RefusesBadFilesNamingThem)
{
    TestFolder folder;
    const std::string root = folder.Root();
    folder.WritePng("satellite/0001/s.png", 2, 2, 3, Bytes(12, 3));
    // A text file among the images: refused by its first bytes, whatever its name.
    const auto text = folder.WriteText("drone/0001/notes.jpg", "not an image at all");
    EXPECT_EQ(LoadError(root), "ImageFolderSource: " + text + " is not a JPEG or PNG image");
    std::filesystem::remove(text);
    // An empty file.
    const auto empty = folder.WriteText("drone/0001/empty.png", "");
    EXPECT_EQ(LoadError(root), "ImageFolderSource: " + empty + " is not a JPEG or PNG image");
    std::filesystem::remove(empty);
    // A folder among the images.
    std::filesystem::create_directories(root + "/street/0001/sub");
    EXPECT_EQ(LoadError(root),
              "ImageFolderSource: " + root + "/street/0001/sub is not an image file");
    std::filesystem::remove(root + "/street/0001/sub");
    // A PNG whose header is intact but whose data is cut: the scan accepts it (it reads the
    // header only); decoding it names the file.
    const std::string whole = ReadFile(root + "/satellite/0001/s.png");
    const auto cut = folder.WriteText("street/0001/cut.png", whole.substr(0, 40));
    auto source = CreateObjectWithAttributes<ImageFolderSource>("Root", StringValue(root));
    source->Load();
    ASSERT_EQ(source->GetNViews(0, ImageSource::STREET), 1u);
    const auto message = RuntimeErrorMessage([&] { source->GetImage(0, ImageSource::STREET, 0); });
    EXPECT_EQ(message.rfind("ImageFolderSource: cannot decode " + cut + " (", 0), 0u) << message;
}

TEST(RetrievalEvalTool, SmallSyntheticWorld)
{
    const std::string tool = ShellQuote(ProgramPath("sagin-retrieval-eval"));
    const std::string args = " --model=resnet50-usam --input=64 --locations=3 --drone-views=2 "
                             "--street-views=1 --seed=4";
    const auto run = RunCommand(tool + args);
    ASSERT_EQ(run.exitStatus, 0) << run.err;
    const auto lines = SplitLines(run.out);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0],
              "locations,queries,unmatched,gallery,drone_images,street_images,recall_at_1,"
              "recall_at_5,recall_at_10,recall_at_top1,top1_rank,ap");
    std::vector<std::string> fields;
    std::istringstream row(lines[1]);
    for (std::string field; std::getline(row, field, ',');)
    {
        fields.push_back(field);
    }
    ASSERT_EQ(fields.size(), 12u);
    // 3 locations, each a query and a gallery image; 3·2 drone and 3·1 street images fused.
    EXPECT_EQ(lines[1].substr(0, 12), "3,3,0,3,6,3,");
    // With 3 gallery images every first match is within the top 5 and 10: 100 %; the top 1 %
    // is rank round(0.03) + 1 = 1, so Recall@top1 = Recall@1, a multiple of 1/3.
    const double r1 = std::stod(fields[6]);
    EXPECT_EQ(fields[7], "100");
    EXPECT_EQ(fields[8], "100");
    EXPECT_EQ(fields[9], fields[6]);
    EXPECT_EQ(fields[10], "1");
    EXPECT_NEAR(std::fmod(r1 * 3 / 100 + 1e-9, 1.0), 0.0, 1e-6) << r1;
    // AP of a single match at rank r: 1 for r = 0, (0 + 1/(r+1))/2 otherwise, so it lies
    // between R@1 (with every miss scoring 0) and R@1 + (1 − R@1)/4 (misses at rank 1).
    const double ap = std::stod(fields[11]);
    EXPECT_GE(ap, r1 - 1e-9);
    EXPECT_LE(ap, r1 + (100 - r1) / 4 + 1e-9);
    // Deterministic: the same run prints the same.
    EXPECT_EQ(RunCommand(tool + args).out, run.out);

    const auto none = RunCommand(tool + " --drone-views=0 --street-views=0");
    EXPECT_EQ(none.exitStatus, 2);
    EXPECT_EQ(none.err,
              "sagin-retrieval-eval: error: --drone-views and --street-views are both 0: no "
              "query\n");
    const auto missing = RunCommand(tool + " --input=64 --source=/nonexistent/u1652");
    EXPECT_EQ(missing.exitStatus, 2);
    EXPECT_EQ(missing.err,
              "sagin-retrieval-eval: error: ImageFolderSource: Root /nonexistent/u1652 does not "
              "exist\n");
    const auto tiny = RunCommand(tool + " --input=8");
    EXPECT_EQ(tiny.exitStatus, 2);
    EXPECT_NE(tiny.err.find("--input"), std::string::npos) << tiny.err;
    const auto unknown = RunCommand(tool + " --model=vgg16");
    EXPECT_EQ(unknown.exitStatus, 2);
    EXPECT_NE(unknown.err.find("--model: unknown model 'vgg16'"), std::string::npos);
    const auto negative = RunCommand(tool + " --locations=-1");
    EXPECT_EQ(negative.exitStatus, 2);
}

TEST(RetrievalEvalTool, FolderSource)
{
    // Two buildings: 0001 with a drone and a street image, 0002 with a drone image only, and
    // 0003 with a satellite image but no query (a distractor in the gallery).
    TestFolder folder;
    uint32_t seed = 0;
    for (const char* path : {"satellite/0001/s.png",
                             "satellite/0002/s.png",
                             "satellite/0003/s.png",
                             "drone/0001/d.png",
                             "street/0001/t.png",
                             "drone/0002/d.png"})
    {
        folder.WritePng(path, 16, 16, 3, Bytes(16 * 16 * 3, ++seed));
    }
    const auto run = RunCommand(ShellQuote(ProgramPath("sagin-retrieval-eval")) +
                                " --input=64 --source=" + ShellQuote(folder.Root()));
    ASSERT_EQ(run.exitStatus, 0) << run.err;
    const auto lines = SplitLines(run.out);
    ASSERT_EQ(lines.size(), 2u);
    // 3 locations, 2 queries, 3 gallery images, 2 drone and 1 street image.
    EXPECT_EQ(lines[1].substr(0, 12), "3,2,0,3,2,1,") << lines[1];
}
