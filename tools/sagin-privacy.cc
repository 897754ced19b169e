// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * Measure what the features of a split model reveal of its images: the open-box and the
 * closed-box model-inversion attacks (OpenBoxInversion, ClosedBoxInversion) at each split
 * point, scored with SSIM and KL divergence, and the confidentiality profile the controllers
 * read (SplitController's ConfidentialityFile, a scenario's `"controller": {"confidentiality":
 * FILE}`).
 *
 * The attacked images are view 0 of the first `--images` locations; the closed-box attacker's
 * inverse network trains on every view of the next locations (`--train-images` images in
 * all): the same distribution, disjoint images. Each reconstruction is compared with its
 * original by SSIM (Wang et al.'s setting and the seed code's variant, SsimOptions), by the
 * well-conditioned per-pixel KL divergence (PixelKl) and by the seed code's KL (SeedKl). The
 * guess an attacker makes without the features, the mid-grey image, is scored the same way:
 * its SSIM is the baseline, and its PixelKl normalises a reconstruction's into a leakage in
 * [0, 1] (KlLeakage; the seed KL is normalised by a uniform-noise image's, as the seed code
 * does). A split point's confidentiality cost is the mean leakage of the attacks run
 * (weighted by `--open-weight`).
 *
 * Options (defaults in brackets):
 *  - `--model=NAME` resnet50-usam or glqinet (open box), or a TorchScript `.pt` archive
 *    (closed box only) [resnet50-usam]; `--input=S` image side in pixels [64];
 *    `--weights=FILE|@NAME` a weights file, `@NAME` naming the weights `./sagin setup` trains
 *    (`@resnet50-usam-64`) [none: the model's seeded initialisation];
 *  - `--source=synthetic|DIR` [synthetic: `--world-seed` [2000], `--views` views per location
 *    [8], `--texture` the surfaces' fine grain (SyntheticWorld's Texture) [0.6]: textured
 *    images, so that a blank guess scores low], `--view=drone|street|satellite` the view
 *    attacked [drone];
 *  - `--images=N` images attacked [4], `--train-images=M` the closed-box training images [256];
 *  - `--splits=all|A,B,...` split points by name or index [all];
 *  - `--attack=open,closed` the attacks [both];
 *  - open box: `--iterations` [1000], `--open-lr` [0.05], `--tv-weight` [0.01],
 *    `--range-weight` [0.001]; closed box: `--epochs` [20], `--batch` [16], `--closed-lr`
 *    [0.001], `--width` [32]; `--seed` the inverse network's [1]; `--open-weight` [0.5];
 *  - `--threads=N` LibTorch threads [0: its default]; same options and threads, same results;
 *  - `--out=DIR` where to write (required, created): `privacy.csv` (per split point and
 *    attack, and the `grey` baseline: the mean and standard deviation over the images of
 *    `ssim`, `ssim_seed`, `kl`, `kl_seed`, and the `leakage`), `profile.json` (the
 *    confidentiality profile), `grid.png` (a row of originals, then per split point a row per
 *    attack, in the order of the CSV);
 *  - `--quiet`: no progress bar.
 *
 * `sagin-privacy --ssim A.png B.png [--variant=wang|seed]` prints the SSIM of two image files
 * of the same size (RGB in [0, 1]) and exits.
 *
 * Bad options print `sagin-privacy: error: MESSAGE` on standard error and exit with status 2,
 * before any attack.
 */

#include "ns3/command-line.h"
#include "ns3/core-module.h"
#include "ns3/sagin-module.h"

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/// The two attacks.
enum Attack
{
    OPEN,
    CLOSED
};

/// The scores of one set of reconstructions against the originals: mean and deviation.
struct Scores
{
    std::vector<double> ssim;     //!< SSIM, Wang et al.'s setting, per image
    std::vector<double> ssimSeed; //!< SSIM, the seed code's variant, per image
    std::vector<double> kl;       //!< PixelKl per image
    std::vector<double> klSeed;   //!< SeedKl per image
    std::vector<double> leakage;  //!< KlLeakage of PixelKl against the grey guess's, per image
};

/**
 * @param values samples
 * @return their mean
 */
double
Mean(const std::vector<double>& values)
{
    double sum = 0.0;
    for (double v : values)
    {
        sum += v;
    }
    return values.empty() ? 0.0 : sum / values.size();
}

/**
 * @param values samples
 * @return their standard deviation (population)
 */
double
Deviation(const std::vector<double>& values)
{
    const double mean = Mean(values);
    double sum = 0.0;
    for (double v : values)
    {
        sum += (v - mean) * (v - mean);
    }
    return values.empty() ? 0.0 : std::sqrt(sum / values.size());
}

/**
 * @param batch N×3×S×S image values
 * @param side S
 * @param i an image
 * @return it
 */
PlanarImage
GetPlanar(const std::vector<float>& batch, int64_t side, int64_t i)
{
    PlanarImage image;
    image.channels = 3;
    image.height = uint32_t(side);
    image.width = uint32_t(side);
    const size_t n = size_t(3 * side * side);
    image.values.assign(batch.begin() + i * n, batch.begin() + (i + 1) * n);
    return image;
}

/// The terminal's progress bar, on standard error.
class Progress
{
  public:
    /**
     * @param units the units of work in all (open-box iterations and closed-box epochs)
     * @param quiet whether to print nothing
     */
    Progress(uint64_t units, bool quiet)
        : m_units(units),
          m_bar(!quiet && isatty(STDERR_FILENO)),
          m_start(std::chrono::steady_clock::now())
    {
    }

    /// @return seconds since the start
    double Elapsed() const
    {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    }

    /**
     * @param what what is running, e.g. "layer2 open box"
     * @param done the units done so far in it
     * @param of its units
     */
    void Show(const std::string& what, uint64_t done, uint64_t of)
    {
        if (!m_bar)
        {
            return;
        }
        constexpr int WIDTH = 30;
        const double share = m_units ? double(m_done + done) / m_units : 1.0;
        const int filled = static_cast<int>(WIDTH * share);
        std::cerr << "\r[" << std::string(filled, '#') << std::string(WIDTH - filled, '.') << "] "
                  << std::setw(3) << int(100 * share) << " %  " << what << ' ' << done << '/' << of
                  << "  " << std::fixed << std::setprecision(0) << Elapsed() << " s"
                  << std::defaultfloat << "\033[K" << std::flush;
    }

    /// @param units units just completed
    void Complete(uint64_t units)
    {
        m_done += units;
    }

    /// Clear the bar's line.
    void Clear()
    {
        if (m_bar)
        {
            std::cerr << "\r\033[K" << std::flush;
        }
    }

  private:
    uint64_t m_units;                              //!< all the work
    uint64_t m_done{0};                            //!< the work completed
    bool m_bar;                                    //!< draw the bar (standard error is a terminal)
    std::chrono::steady_clock::time_point m_start; //!< when the attacks began
};

/**
 * @param text a comma-separated list
 * @return its items
 */
std::vector<std::string>
SplitList(const std::string& text)
{
    std::vector<std::string> items;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        items.push_back(item);
    }
    return items;
}

/**
 * @brief `--ssim A B [--variant=V]`.
 * @param argc the argument count
 * @param argv the arguments, argv[1] being --ssim
 * @return the exit status
 */
int
SsimMain(int argc, char* argv[])
{
    std::vector<std::string> files;
    std::string variant = "wang";
    for (int i = 2; i < argc; ++i)
    {
        const std::string arg = argv[i];
        if (arg.rfind("--variant=", 0) == 0)
        {
            variant = arg.substr(10);
        }
        else if (arg.rfind("--", 0) == 0)
        {
            throw std::invalid_argument("--ssim: unknown option '" + arg +
                                        "' (only --variant=wang|seed)");
        }
        else
        {
            files.push_back(arg);
        }
    }
    if (files.size() != 2)
    {
        throw std::invalid_argument("--ssim: give two image files (got " +
                                    std::to_string(files.size()) + ")");
    }
    const SsimOptions options = SsimOptions::FromName(variant);
    const PlanarImage a = ReadImageFile(files[0]);
    const PlanarImage b = ReadImageFile(files[1]);
    if (a.height != b.height || a.width != b.width)
    {
        throw std::invalid_argument("--ssim: " + files[0] + " is " + std::to_string(a.width) + "x" +
                                    std::to_string(a.height) + " pixels but " + files[1] + " is " +
                                    std::to_string(b.width) + "x" + std::to_string(b.height));
    }
    std::cout << std::setprecision(9) << Ssim(a, b, options) << std::endl;
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    try
    {
        if (argc >= 2 && std::string(argv[1]) == "--ssim")
        {
            return SsimMain(argc, argv);
        }
        CommandLine cmd(__FILE__);
        ProgramOptions options(cmd);
        std::string modelName = "resnet50-usam";
        uint32_t inputSize = 64;
        std::string weights;
        std::string sourceName = "synthetic";
        uint32_t worldSeed = 2000;
        uint32_t views = 8;
        double texture = 0.6;
        std::string viewName = "drone";
        uint32_t images = 4;
        uint32_t trainImages = 256;
        std::string splitsText = "all";
        std::string attacksText = "open,closed";
        uint32_t iterations = 1000;
        double openLr = 0.05;
        double tvWeight = 0.01;
        double rangeWeight = 1e-3;
        uint32_t epochs = 20;
        uint32_t batch = 16;
        double closedLr = 1e-3;
        uint32_t width = 32;
        uint32_t seed = 1;
        double openWeight = 0.5;
        uint32_t threads = 0;
        std::string out;
        bool quiet = false;
        options.Add("model",
                    "resnet50-usam, glqinet or a TorchScript .pt",
                    modelName,
                    MakeStringChecker());
        options.Add("input",
                    "image side, pixels",
                    inputSize,
                    MakeUintegerChecker<uint32_t>(16, 2048));
        options.Add("weights",
                    "weights file, or @NAME of the trained weights",
                    weights,
                    MakeStringChecker());
        options.Add("source",
                    "synthetic or a University-1652-style folder",
                    sourceName,
                    MakeStringChecker());
        options.Add("world-seed",
                    "seed of the synthetic world",
                    worldSeed,
                    MakeUintegerChecker<uint32_t>());
        options.Add("texture",
                    "fine grain of the synthetic surfaces (SyntheticWorld Texture)",
                    texture,
                    MakeDoubleChecker<double>(0.0, 1.0));
        options.Add("views",
                    "views per synthetic location",
                    views,
                    MakeUintegerChecker<uint32_t>(1, 1000));
        options.Add("view",
                    "the view attacked: drone, street or satellite",
                    viewName,
                    MakeStringChecker());
        options.Add("images", "images attacked", images, MakeUintegerChecker<uint32_t>(1, 4096));
        options.Add("train-images",
                    "closed-box training images",
                    trainImages,
                    MakeUintegerChecker<uint32_t>(2, 1000000));
        options.Add("splits",
                    "split points: all, or names or indices separated by commas",
                    splitsText,
                    MakeStringChecker());
        options.Add("attack",
                    "attacks: open, closed or both separated by a comma",
                    attacksText,
                    MakeStringChecker());
        options.Add("iterations",
                    "open-box Adam steps",
                    iterations,
                    MakeUintegerChecker<uint32_t>(1, 10000000));
        options.Add("open-lr",
                    "open-box learning rate",
                    openLr,
                    MakeDoubleChecker<double>(1e-9, 10.0));
        options.Add("tv-weight",
                    "open-box total-variation weight",
                    tvWeight,
                    MakeDoubleChecker<double>(0.0, 1e6));
        options.Add("range-weight",
                    "open-box range-penalty weight",
                    rangeWeight,
                    MakeDoubleChecker<double>(0.0, 1e6));
        options.Add("epochs",
                    "closed-box training epochs",
                    epochs,
                    MakeUintegerChecker<uint32_t>(1, 1000000));
        options.Add("batch",
                    "closed-box minibatch",
                    batch,
                    MakeUintegerChecker<uint32_t>(2, 65536));
        options.Add("closed-lr",
                    "closed-box learning rate",
                    closedLr,
                    MakeDoubleChecker<double>(1e-9, 10.0));
        options.Add("width",
                    "closed-box channels at full resolution",
                    width,
                    MakeUintegerChecker<uint32_t>(1, 4096));
        options.Add("seed", "seed of the inverse network", seed, MakeUintegerChecker<uint32_t>());
        options.Add("open-weight",
                    "weight of the open box in the cost",
                    openWeight,
                    MakeDoubleChecker<double>(0.0, 1.0));
        options.Add("threads",
                    "LibTorch threads (0: its default)",
                    threads,
                    MakeUintegerChecker<uint32_t>(0, 1024));
        options.Add("out", "output folder", out, MakeStringChecker());
        options.Add("quiet", "no progress bar", quiet, MakeBooleanChecker());
        options.Check(argc, argv);
        cmd.Parse(argc, argv);

        if (out.empty())
        {
            throw std::invalid_argument("--out: the output folder is required");
        }
        bool attack[2] = {false, false};
        for (const auto& item : SplitList(attacksText))
        {
            if (item != "open" && item != "closed")
            {
                throw std::invalid_argument("--attack: '" + item +
                                            "' is not an attack (open, closed)");
            }
            attack[item == "open" ? OPEN : CLOSED] = true;
        }
        if (!attack[OPEN] && !attack[CLOSED])
        {
            throw std::invalid_argument("--attack: no attack given (open, closed)");
        }
        ImageSource::View view = ImageSource::DRONE;
        if (viewName == "street")
        {
            view = ImageSource::STREET;
        }
        else if (viewName == "satellite")
        {
            view = ImageSource::SATELLITE;
        }
        else if (viewName != "drone")
        {
            throw std::invalid_argument("--view: '" + viewName +
                                        "' is not a view (drone, street, satellite)");
        }

        // The model.
        Ptr<SplitModel> model;
        try
        {
            model = SplitModel::CreateByName(modelName, inputSize);
        }
        catch (const std::exception& e)
        {
            throw std::invalid_argument(std::string("--model: ") + e.what());
        }
        if (attack[OPEN] && !model->GetTraining())
        {
            throw std::invalid_argument("--model: " + modelName +
                                        " has no differentiable head: use --attack=closed");
        }
        std::string weightsFile = weights;
        if (!weights.empty() && weights[0] == '@')
        {
            weightsFile = CvlScenarioSpec::GetWeightsFolder() + "/" + weights.substr(1) + ".pt";
        }
        if (!weightsFile.empty())
        {
            try
            {
                model->LoadWeights(weightsFile);
            }
            catch (const std::exception& e)
            {
                throw std::invalid_argument(std::string("--weights: ") + e.what());
            }
        }
        std::vector<uint32_t> splits;
        const uint32_t nSplits = model->GetNSplitPoints();
        if (splitsText == "all")
        {
            for (uint32_t s = 0; s < nSplits; ++s)
            {
                splits.push_back(s);
            }
        }
        else
        {
            for (const auto& item : SplitList(splitsText))
            {
                bool found = false;
                for (uint32_t s = 0; s < nSplits && !found; ++s)
                {
                    if (item == model->GetSplitPointName(s) || item == std::to_string(s))
                    {
                        splits.push_back(s);
                        found = true;
                    }
                }
                if (!found)
                {
                    std::string names;
                    for (uint32_t s = 0; s < nSplits; ++s)
                    {
                        names += (s ? ", " : "") + model->GetSplitPointName(s);
                    }
                    throw std::invalid_argument(
                        "--splits: '" + item + "' is not a split point of " + modelName + " (" +
                        names + ", or 0.." + std::to_string(nSplits - 1) + ")");
                }
            }
        }

        // The images: the attacked ones, then the closed-box attacker's.
        Ptr<ImageSource> source;
        const uint32_t trainLocations = attack[CLOSED] ? (trainImages + views - 1) / views : 0;
        if (sourceName == "synthetic")
        {
            auto world = CreateObject<SyntheticWorld>();
            world->SetAttribute("ImageSize", UintegerValue(inputSize));
            world->SetAttribute("Locations", UintegerValue(images + trainLocations));
            world->SetAttribute("DroneViews", UintegerValue(views));
            world->SetAttribute("StreetViews", UintegerValue(views));
            world->SetAttribute("Seed", UintegerValue(worldSeed));
            world->SetAttribute("Texture", DoubleValue(texture));
            source = world;
        }
        else
        {
            auto folder = CreateObjectWithAttributes<ImageFolderSource>("Root",
                                                                        StringValue(sourceName),
                                                                        "ImageSize",
                                                                        UintegerValue(inputSize));
            try
            {
                folder->Load();
            }
            catch (const std::exception& e)
            {
                throw std::invalid_argument(std::string("--source: ") + e.what());
            }
            source = folder;
        }
        const int64_t side = inputSize;
        const size_t imageValues = size_t(3 * side * side);
        std::vector<float> attacked;
        std::vector<float> training;
        uint32_t trainCount = 0;
        for (uint32_t l = 0; l < source->GetNLocations(); ++l)
        {
            const uint32_t n = source->GetNViews(l, view);
            if (l < images)
            {
                if (n == 0)
                {
                    throw std::invalid_argument("--source: location " + std::to_string(l) +
                                                " has no " + viewName + " view");
                }
                const auto v = source->GetRawImage(l, view, 0).ToFloats();
                attacked.insert(attacked.end(), v.begin(), v.end());
                continue;
            }
            for (uint32_t i = 0; i < n && attack[CLOSED] && trainCount < trainImages; ++i)
            {
                const auto v = source->GetRawImage(l, view, i).ToFloats();
                training.insert(training.end(), v.begin(), v.end());
                ++trainCount;
            }
        }
        if (attacked.size() < images * imageValues)
        {
            throw std::invalid_argument("--images: the source has only " +
                                        std::to_string(attacked.size() / imageValues) +
                                        " locations");
        }
        if (attack[CLOSED] && trainCount < 2)
        {
            throw std::invalid_argument("--train-images: the source has no images left for the "
                                        "closed-box training after the attacked ones");
        }

        // The output folder.
        if (mkdir(out.c_str(), 0777) != 0 && errno != EEXIST)
        {
            throw std::invalid_argument("--out: cannot create " + out + ": " +
                                        std::strerror(errno));
        }
        std::ofstream csv(out + "/privacy.csv", std::ios::trunc);
        if (!csv)
        {
            throw std::invalid_argument("--out: cannot write " + out +
                                        "/privacy.csv: " + std::strerror(errno));
        }
        csv << "split,name,attack,ssim_mean,ssim_std,ssim_seed_mean,ssim_seed_std,kl_mean,kl_std,"
               "kl_seed_mean,kl_seed_std,leakage_mean,leakage_std,wall_s\n";

        SplitModelTrainer::SetThreads(threads);
        const SsimOptions wang = SsimOptions::Wang();
        const SsimOptions seedVariant = SsimOptions::Seed();
        std::vector<PlanarImage> originals;
        for (uint32_t i = 0; i < images; ++i)
        {
            originals.push_back(GetPlanar(attacked, side, i));
        }
        // The guesses made without the features: mid-grey, and uniform noise for the seed KL.
        PlanarImage grey = originals[0];
        std::fill(grey.values.begin(), grey.values.end(), 0.5f);
        std::mt19937_64 noiseGenerator(seed);
        std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
        std::vector<double> greyKl;
        std::vector<double> noiseKlSeed;
        for (const auto& original : originals)
        {
            PlanarImage noise = original;
            for (auto& v : noise.values)
            {
                v = uniform(noiseGenerator);
            }
            greyKl.push_back(PixelKl(original, grey));
            noiseKlSeed.push_back(SeedKl(original, noise));
        }
        auto score = [&](const std::vector<float>& batchValues) {
            Scores s;
            for (uint32_t i = 0; i < images; ++i)
            {
                const PlanarImage r = GetPlanar(batchValues, side, i);
                s.ssim.push_back(Ssim(originals[i], r, wang));
                s.ssimSeed.push_back(Ssim(originals[i], r, seedVariant));
                s.kl.push_back(PixelKl(originals[i], r));
                s.klSeed.push_back(SeedKl(originals[i], r));
                s.leakage.push_back(KlLeakage(s.kl.back(), greyKl[i]));
            }
            return s;
        };
        auto writeRow = [&](const std::string& split,
                            const std::string& name,
                            const std::string& attackName,
                            const Scores& s,
                            double wallS) {
            csv << split << ',' << name << ',' << attackName;
            for (const auto* v : {&s.ssim, &s.ssimSeed, &s.kl, &s.klSeed, &s.leakage})
            {
                csv << ',' << ShortestText(Mean(*v)) << ',' << ShortestText(Deviation(*v));
            }
            csv << ',' << ShortestText(wallS) << std::endl;
        };
        std::vector<float> greyBatch(images * imageValues, 0.5f);
        const Scores baseline = score(greyBatch);
        writeRow("", "", "grey", baseline, 0.0);

        const FeatureTensor attackedImages = ImageSource::Normalise(
            FeatureTensor::FromFloats({int64_t(images), 3, side, side}, attacked));
        const FeatureTensor trainingImages =
            attack[CLOSED]
                ? FeatureTensor::FromFloats({int64_t(trainCount), 3, side, side}, training)
                : FeatureTensor();
        if (!quiet)
        {
            std::cerr << "sagin-privacy: " << modelName << " at " << inputSize << " px"
                      << (weights.empty() ? ", untrained" : ", weights " + weights) << ", "
                      << images << " " << viewName << " images attacked"
                      << (attack[CLOSED] ? ", " + std::to_string(trainCount) + " for the closed box"
                                         : std::string())
                      << ", " << splits.size() << " split points, "
                      << SplitModelTrainer::GetThreads()
                      << (SplitModelTrainer::GetThreads() == 1 ? " thread" : " threads")
                      << std::endl;
        }
        Progress progress(uint64_t(splits.size()) *
                              ((attack[OPEN] ? iterations : 0) + (attack[CLOSED] ? epochs : 0)),
                          quiet);
        auto open = CreateObjectWithAttributes<OpenBoxInversion>("Iterations",
                                                                 UintegerValue(iterations),
                                                                 "LearningRate",
                                                                 DoubleValue(openLr),
                                                                 "TvWeight",
                                                                 DoubleValue(tvWeight),
                                                                 "RangeWeight",
                                                                 DoubleValue(rangeWeight));
        std::string running;
        open->TraceConnectWithoutContext("Iteration",
                                         Callback<void, uint32_t, uint32_t, double, double>(
                                             [&](uint32_t it, uint32_t of, double, double) {
                                                 if (it % 10 == 0 || it == of)
                                                 {
                                                     progress.Show(running, it, of);
                                                 }
                                             }));

        nlohmann::ordered_json profile;
        profile["model"] = modelName;
        profile["input"] = inputSize;
        profile["weights"] = weights;
        profile["view"] = viewName;
        profile["images"] = images;
        profile["baseline"] = {{"ssim", Mean(baseline.ssim)},
                               {"ssim_seed", Mean(baseline.ssimSeed)},
                               {"kl", Mean(baseline.kl)},
                               {"kl_seed", Mean(baseline.klSeed)},
                               {"noise_kl_seed", Mean(noiseKlSeed)}};
        profile["splits"] = nlohmann::ordered_json::array();
        std::vector<float> grid = attacked; // rows of images, in the CSV's order
        uint32_t rows = 1;
        std::ostringstream table;
        table << std::left << std::setw(8) << "split" << std::right;
        for (const char* a : {"open", "closed"})
        {
            if (attack[std::string(a) == "open" ? OPEN : CLOSED])
            {
                table << std::setw(13) << (std::string(a) + " SSIM") << std::setw(8) << "seed"
                      << std::setw(8) << "KL";
            }
        }
        table << std::setw(8) << "cost" << '\n';
        for (uint32_t split : splits)
        {
            const std::string name = model->GetSplitPointName(split);
            const FeatureTensor features = model->Head(attackedImages, split);
            nlohmann::ordered_json entry;
            entry["name"] = name;
            double costSum = 0.0;
            double weightSum = 0.0;
            table << std::left << std::setw(8) << name << std::right << std::fixed
                  << std::setprecision(3);
            for (Attack a : {OPEN, CLOSED})
            {
                if (!attack[a])
                {
                    continue;
                }
                const std::string attackName = a == OPEN ? "open" : "closed";
                running = name + " " + attackName + " box";
                FeatureTensor reconstruction;
                const double start = progress.Elapsed();
                if (a == OPEN)
                {
                    reconstruction = open->Reconstruct(model, split, features);
                    progress.Complete(iterations);
                }
                else
                {
                    auto closed =
                        CreateObjectWithAttributes<ClosedBoxInversion>("Epochs",
                                                                       UintegerValue(epochs),
                                                                       "BatchSize",
                                                                       UintegerValue(batch),
                                                                       "LearningRate",
                                                                       DoubleValue(closedLr),
                                                                       "Width",
                                                                       UintegerValue(width),
                                                                       "Seed",
                                                                       UintegerValue(seed));
                    closed->TraceConnectWithoutContext(
                        "Epoch",
                        Callback<void, uint32_t, uint32_t, double>(
                            [&](uint32_t epoch, uint32_t of, double) {
                                progress.Show(running, epoch, of);
                            }));
                    progress.Show(running, 0, epochs);
                    closed->Train(model, split, trainingImages);
                    reconstruction = closed->Reconstruct(features);
                    progress.Complete(epochs);
                }
                const std::vector<float> values = reconstruction.ToFloats();
                const Scores s = score(values);
                writeRow(std::to_string(split), name, attackName, s, progress.Elapsed() - start);
                grid.insert(grid.end(), values.begin(), values.end());
                ++rows;
                const double leakage = Mean(s.leakage);
                entry[attackName + "_ssim"] = Mean(s.ssim);
                entry[attackName + "_ssim_std"] = Deviation(s.ssim);
                entry[attackName + "_ssim_seed"] = Mean(s.ssimSeed);
                entry[attackName + "_kl"] = Mean(s.kl);
                entry[attackName + "_kl_seed"] = Mean(s.klSeed);
                entry[attackName + "_leakage"] = leakage;
                const double w = a == OPEN ? openWeight : 1.0 - openWeight;
                costSum += w * leakage;
                weightSum += w;
                table << std::setw(13) << Mean(s.ssim) << std::setw(8) << Mean(s.ssimSeed)
                      << std::setw(8) << Mean(s.kl);
            }
            const double cost = weightSum > 0 ? costSum / weightSum : 0.0;
            entry["cost"] = cost;
            table << std::setw(8) << cost << std::defaultfloat << '\n';
            profile["splits"].push_back(entry);
        }
        progress.Clear();
        csv.close();

        // The grid: `rows` rows of `images` images, 2 white pixels apart, each pixel doubled
        // for images of up to 128 pixels.
        const uint32_t scale = side <= 128 ? 2 : 1;
        const uint32_t gap = 2;
        PlanarImage picture;
        picture.channels = 3;
        picture.width = images * (side * scale + gap) + gap;
        picture.height = rows * (side * scale + gap) + gap;
        const size_t plane = size_t(picture.width) * picture.height;
        picture.values.assign(3 * plane, 1.0f);
        for (uint32_t r = 0; r < rows; ++r)
        {
            for (uint32_t i = 0; i < images; ++i)
            {
                const float* image = grid.data() + (size_t(r) * images + i) * imageValues;
                for (uint32_t c = 0; c < 3; ++c)
                {
                    for (uint32_t y = 0; y < side * scale; ++y)
                    {
                        for (uint32_t x = 0; x < side * scale; ++x)
                        {
                            const size_t py = gap + r * (side * scale + gap) + y;
                            const size_t px = gap + i * (side * scale + gap) + x;
                            picture.values[c * plane + py * picture.width + px] =
                                image[c * side * side + (y / scale) * side + x / scale];
                        }
                    }
                }
            }
        }
        WritePngFile(out + "/grid.png", picture);
        std::ofstream json(out + "/profile.json", std::ios::trunc);
        json << profile.dump(2) << '\n';
        if (!json)
        {
            throw std::runtime_error("cannot write " + out + "/profile.json");
        }
        json.close();
        std::cout << table.str() << std::fixed << std::setprecision(3) << "mid-grey guess: SSIM "
                  << Mean(baseline.ssim) << " (seed variant " << Mean(baseline.ssimSeed) << "), KL "
                  << Mean(baseline.kl) << '\n'
                  << std::setprecision(0) << progress.Elapsed() << " s; wrote " << out
                  << "/privacy.csv, profile.json and grid.png" << std::endl;
        return 0;
    }
    catch (const std::invalid_argument& e)
    {
        std::cerr << "sagin-privacy: error: " << e.what() << std::endl;
        return 2;
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-privacy: error: " << e.what() << std::endl;
        return 1;
    }
}
