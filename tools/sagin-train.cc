// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * Train a split model for cross-view localization (SplitModelTrainer) on the synthetic world
 * or on a University-1652-style folder, and write its weights in the format the scenarios and
 * tools load (`"model": {"weights": FILE}`, `--weights=FILE`).
 *
 * The training and held-out locations are disjoint: with `--source=synthetic` the world holds
 * `--train-locations` + `--eval-locations` locations of seed `--world-seed`, the first ones for
 * training and the rest held out; with a folder, `--eval-source=DIR` is the held-out folder
 * (University-1652's test/), or else its last `--eval-locations` locations are held out.
 * After each epoch (every `--eval-every`) the held-out Recall@1 of the fused drone views and of
 * the fused street views against the satellite gallery is measured and printed.
 *
 * Options (defaults in brackets):
 *  - `--model=NAME` resnet50-usam or glqinet [resnet50-usam]; `--input=S` image side in pixels
 *    [64; GLQINet needs at least 32·Stripes = 128];
 *  - `--source=synthetic|DIR` [synthetic], `--eval-source=DIR`, `--train-locations=N` [64],
 *    `--eval-locations=N` [16], `--world-seed=N` [1000], `--drone-views=N` and
 *    `--street-views=N`, views per synthetic location [8] (the held-out queries fuse the
 *    first 4 of them);
 *  - `--epochs`, `--batch` (locations per step; 3 images each), `--lr`, `--optimiser=adamw|sgd`,
 *    `--momentum`, `--weight-decay`, `--schedule=cosine|step`, `--warmup` (epochs),
 *    `--lr-steps=E1,E2` and `--lr-decay` (step schedule), `--triplet-weight`, `--margin`,
 *    `--augment=true|false`, `--seed` (the trainer's and the model's initialisation):
 *    SplitModelTrainer's attributes, same defaults;
 *  - `--threads=N` LibTorch threads [0: its default]; same seed and threads, same weights;
 *  - `--out=FILE` the weights (required; written when training ends, through FILE.part);
 *  - `--log=FILE` the per-epoch log as CSV, with the header
 *    `epoch,steps,loss,class_loss,triplet_loss,train_accuracy,learning_rate,drone_recall_at_1,drone_recall_at_5,drone_recall_at_10,drone_ap,street_recall_at_1,street_recall_at_5,street_recall_at_10,street_ap,wall_s`
 *    (shares in [0, 1]; the recall and AP fields empty in an epoch without evaluation);
 *  - `--quiet`: no progress bar and no per-epoch lines.
 *
 * Bad options (an unknown model, a model that cannot be trained, an empty folder, an
 * unwritable output) print `sagin-train: error: MESSAGE` on standard error and exit with
 * status 2, before any training.
 *
 * Run it with `./sagin exec sagin-train --out=build/weights/mine.pt --epochs=5`.
 */

#include "ns3/command-line.h"
#include "ns3/core-module.h"
#include "ns3/sagin-module.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/// Largest image side, in pixels.
constexpr uint32_t MAX_INPUT_SIZE = 2048;

/// The weights file being made (FILE.part), once it exists: removed when training fails.
std::string g_partFile;

/**
 * @param value a share in [0, 1]
 * @return it in percent with one decimal
 */
std::string
Percent(double value)
{
    std::ostringstream text;
    text << std::fixed << std::setprecision(1) << 100.0 * value << " %";
    return text.str();
}

/**
 * @param root a University-1652-style folder
 * @param size the image side
 * @param option the option that named it, for messages
 * @return its images
 */
Ptr<ImageSource>
LoadFolder(const std::string& root, uint32_t size, const std::string& option)
{
    auto folder = CreateObjectWithAttributes<ImageFolderSource>("Root",
                                                                StringValue(root),
                                                                "ImageSize",
                                                                UintegerValue(size));
    try
    {
        folder->Load();
    }
    catch (const std::exception& e)
    {
        throw std::invalid_argument(option + ": " + e.what());
    }
    return folder;
}

/**
 * @param path a file to be written at the end
 * @param option the option that named it
 * @throws std::invalid_argument when it cannot be created now
 */
void
CheckWritable(const std::string& path, const std::string& option)
{
    std::ofstream probe(path, std::ios::app);
    if (!probe)
    {
        throw std::invalid_argument(option + ": cannot write " + path + ": " +
                                    std::strerror(errno));
    }
}

/// The terminal's progress bar and the per-epoch lines, on standard error.
class Progress
{
  public:
    /**
     * @param epochs the epochs
     * @param quiet whether to print nothing
     */
    Progress(uint32_t epochs, bool quiet)
        : m_epochs(epochs),
          m_quiet(quiet),
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
     * @param epoch the epoch
     * @param step the step
     * @param steps the epoch's steps
     * @param loss the step's loss
     */
    void Step(uint32_t epoch, uint32_t step, uint32_t steps, double loss)
    {
        if (!m_bar)
        {
            return;
        }
        constexpr int WIDTH = 30;
        const int done = static_cast<int>(WIDTH * static_cast<double>(step) / steps);
        std::cerr << "\repoch " << epoch << '/' << m_epochs << " [" << std::string(done, '#')
                  << std::string(WIDTH - done, '.') << "] " << step << '/' << steps << " loss "
                  << std::fixed << std::setprecision(3) << loss << std::defaultfloat << "   "
                  << std::flush;
    }

    /// @param record the epoch's record
    void Epoch(const TrainingEpoch& record)
    {
        if (m_quiet)
        {
            return;
        }
        std::ostringstream line;
        line << "epoch " << record.epoch << '/' << m_epochs << "  loss " << std::fixed
             << std::setprecision(3) << record.loss << " (ce " << record.classLoss << ", triplet "
             << record.tripletLoss << ")  train " << Percent(record.trainAccuracy);
        if (record.evaluated)
        {
            line << "  held-out R@1 drone " << Percent(record.heldOut.drone.recallAt1)
                 << ", street " << Percent(record.heldOut.street.recallAt1);
        }
        line << "  lr " << std::scientific << std::setprecision(2) << record.learningRate
             << std::fixed << std::setprecision(0) << "  " << Elapsed() << " s";
        std::cerr << (m_bar ? "\r\033[K" : "") << line.str() << std::endl;
    }

  private:
    uint32_t m_epochs;                             //!< the epochs
    bool m_quiet;                                  //!< print nothing
    bool m_bar;                                    //!< draw the bar (standard error is a terminal)
    std::chrono::steady_clock::time_point m_start; //!< when training began
};

} // namespace

int
main(int argc, char* argv[])
{
    try
    {
        std::string modelName = "resnet50-usam";
        uint32_t inputSize = 64;
        std::string sourceName = "synthetic";
        std::string evalSourceName;
        uint32_t trainLocations = 64;
        uint32_t evalLocations = 16;
        uint64_t worldSeed = 1000;
        uint32_t droneViews = 8;
        uint32_t streetViews = 8;
        uint32_t epochs = 30;
        uint32_t batch = 8;
        double lr = 1e-3;
        std::string optimiser = "adamw";
        double momentum = 0.9;
        double weightDecay = 5e-4;
        std::string schedule = "cosine";
        uint32_t warmup = 1;
        std::string lrSteps;
        double lrDecay = 0.1;
        double tripletWeight = 1.0;
        double margin = 0.3;
        bool augment = true;
        uint64_t seed = 1;
        uint32_t threads = 0;
        uint32_t evalEvery = 1;
        std::string out;
        std::string log;
        bool quiet = false;

        CommandLine cmd(__FILE__);
        cmd.Usage("Train a split model for cross-view localization and write its weights.");
        ProgramOptions options(cmd);
        options.Add("model", "the model: resnet50-usam or glqinet", modelName, MakeStringChecker());
        options.Add("input",
                    "image side in pixels",
                    inputSize,
                    MakeUintegerChecker<uint32_t>(16, MAX_INPUT_SIZE));
        options.Add("source",
                    "training images: synthetic, or a University-1652-style folder",
                    sourceName,
                    MakeStringChecker());
        options.Add("eval-source",
                    "held-out images: a University-1652-style folder (default: held-out "
                    "locations of --source)",
                    evalSourceName,
                    MakeStringChecker());
        options.Add("train-locations",
                    "training locations of the synthetic world",
                    trainLocations,
                    MakeUintegerChecker<uint32_t>(2, 100000));
        options.Add("eval-locations",
                    "held-out locations (0: no evaluation)",
                    evalLocations,
                    MakeUintegerChecker<uint32_t>(0, 100000));
        options.Add("world-seed",
                    "seed of the synthetic world",
                    worldSeed,
                    MakeUintegerChecker<uint64_t>());
        options.Add("drone-views",
                    "drone views per synthetic training location",
                    droneViews,
                    MakeUintegerChecker<uint32_t>(0, 1000));
        options.Add("street-views",
                    "street views per synthetic training location",
                    streetViews,
                    MakeUintegerChecker<uint32_t>(0, 1000));
        options.Add("epochs", "epochs", epochs, MakeUintegerChecker<uint32_t>(1, 1000000));
        options.Add("batch",
                    "locations per step (a satellite, a drone and a street view each)",
                    batch,
                    MakeUintegerChecker<uint32_t>(2, 4096));
        options.Add("lr", "peak learning rate", lr, MakeDoubleChecker<double>(1e-9, 10.0));
        options.Add("optimiser", "adamw or sgd", optimiser, MakeStringChecker());
        options.Add("momentum", "SGD momentum", momentum, MakeDoubleChecker<double>(0, 0.999));
        options.Add("weight-decay", "weight decay", weightDecay, MakeDoubleChecker<double>(0, 1));
        options.Add("schedule", "cosine or step", schedule, MakeStringChecker());
        options.Add("warmup",
                    "epochs of linear learning-rate warm-up",
                    warmup,
                    MakeUintegerChecker<uint32_t>(0, 1000000));
        options.Add("lr-steps",
                    "step schedule: epochs after which the rate decays, e.g. 80,120",
                    lrSteps,
                    MakeStringChecker());
        options.Add("lr-decay",
                    "step schedule: factor of each decay",
                    lrDecay,
                    MakeDoubleChecker<double>(0, 1));
        options.Add("triplet-weight",
                    "weight of the triplet loss",
                    tripletWeight,
                    MakeDoubleChecker<double>(0, 1000));
        options.Add("margin", "triplet margin", margin, MakeDoubleChecker<double>(0, 2));
        options.Add("augment", "flip, shift and turn the images", augment, MakeBooleanChecker());
        options.Add("seed",
                    "seed of the training and of the model's initialisation",
                    seed,
                    MakeUintegerChecker<uint64_t>());
        options.Add("threads",
                    "LibTorch threads (0: its default)",
                    threads,
                    MakeUintegerChecker<uint32_t>(0, 1024));
        options.Add("eval-every",
                    "epochs between held-out evaluations",
                    evalEvery,
                    MakeUintegerChecker<uint32_t>(1, 1000000));
        options.Add("out", "where to write the weights", out, MakeStringChecker());
        options.Add("log", "where to write the per-epoch CSV log", log, MakeStringChecker());
        options.Add("quiet", "no progress output", quiet, MakeBooleanChecker());
        options.Check(argc, argv);
        cmd.Parse(argc, argv);

        if (out.empty())
        {
            throw std::invalid_argument("--out: the weights file to write is required");
        }
        if (modelName != "resnet50-usam" && modelName != "glqinet")
        {
            throw std::invalid_argument("--model: " + modelName +
                                        " cannot be trained (trainable: resnet50-usam, glqinet)");
        }
        auto trainer = CreateObject<SplitModelTrainer>();
        auto set = [&trainer](const std::string& option,
                              const std::string& attribute,
                              const AttributeValue& value) {
            if (!trainer->SetAttributeFailSafe(attribute, value))
            {
                throw std::invalid_argument("--" + option + ": not a valid value");
            }
        };
        set("epochs", "Epochs", UintegerValue(epochs));
        set("batch", "LocationsPerBatch", UintegerValue(batch));
        set("lr", "LearningRate", DoubleValue(lr));
        set("optimiser", "Optimiser", StringValue(optimiser));
        set("momentum", "Momentum", DoubleValue(momentum));
        set("weight-decay", "WeightDecay", DoubleValue(weightDecay));
        set("schedule", "Schedule", StringValue(schedule));
        set("warmup", "WarmupEpochs", UintegerValue(warmup));
        try
        {
            trainer->SetAttribute("StepEpochs", StringValue(lrSteps));
        }
        catch (const std::exception& e)
        {
            throw std::invalid_argument(std::string("--lr-steps: ") + e.what());
        }
        set("lr-decay", "StepDecay", DoubleValue(lrDecay));
        set("triplet-weight", "TripletWeight", DoubleValue(tripletWeight));
        set("margin", "TripletMargin", DoubleValue(margin));
        set("augment", "Augment", BooleanValue(augment));
        set("seed", "Seed", UintegerValue(seed));
        set("eval-every", "EvalInterval", UintegerValue(evalEvery));

        // The images: training and held-out locations.
        Ptr<ImageSource> source;
        Ptr<ImageSource> evalSource;
        std::vector<uint32_t> train;
        std::vector<uint32_t> heldOut;
        if (sourceName == "synthetic")
        {
            if (!evalSourceName.empty())
            {
                throw std::invalid_argument("--eval-source: only with a folder as --source");
            }
            auto world = CreateObject<SyntheticWorld>();
            world->SetAttribute("ImageSize", UintegerValue(inputSize));
            world->SetAttribute("Locations", UintegerValue(trainLocations + evalLocations));
            world->SetAttribute("DroneViews", UintegerValue(droneViews));
            world->SetAttribute("StreetViews", UintegerValue(streetViews));
            world->SetAttribute("Seed", UintegerValue(worldSeed));
            source = world;
            evalSource = world;
            for (uint32_t l = 0; l < trainLocations + evalLocations; ++l)
            {
                (l < trainLocations ? train : heldOut).push_back(l);
            }
        }
        else
        {
            source = LoadFolder(sourceName, inputSize, "--source");
            const uint32_t n = source->GetNLocations();
            if (!evalSourceName.empty())
            {
                evalSource = LoadFolder(evalSourceName, inputSize, "--eval-source");
                for (uint32_t l = 0; l < n; ++l)
                {
                    train.push_back(l);
                }
                for (uint32_t l = 0; l < evalSource->GetNLocations() && evalLocations > 0; ++l)
                {
                    heldOut.push_back(l);
                }
            }
            else
            {
                if (evalLocations + 2 > n)
                {
                    throw std::invalid_argument(
                        "--source: " + sourceName + " has " + std::to_string(n) +
                        " locations, too few to hold out " + std::to_string(evalLocations) +
                        " and train on at least 2");
                }
                evalSource = source;
                for (uint32_t l = 0; l < n; ++l)
                {
                    (l + evalLocations < n ? train : heldOut).push_back(l);
                }
            }
        }

        Ptr<SplitModel> model = SplitModel::CreateByName(modelName, inputSize);
        model->SetAttribute("Classes", UintegerValue(train.size()));
        model->SetAttribute("Seed", UintegerValue(seed));

        CheckWritable(out + ".part", "--out");
        g_partFile = out + ".part";
        std::ofstream logFile;
        if (!log.empty())
        {
            logFile.open(log, std::ios::trunc);
            if (!logFile)
            {
                throw std::invalid_argument("--log: cannot write " + log + ": " +
                                            std::strerror(errno));
            }
            logFile << "epoch,steps,loss,class_loss,triplet_loss,train_accuracy,learning_rate,"
                       "drone_recall_at_1,drone_recall_at_5,drone_recall_at_10,drone_ap,"
                       "street_recall_at_1,street_recall_at_5,street_recall_at_10,street_ap,"
                       "wall_s\n"
                    << std::flush;
        }

        SplitModelTrainer::SetThreads(threads);
        if (!quiet)
        {
            std::cerr << "sagin-train: " << modelName << " at " << inputSize << " px, "
                      << train.size() << " training and " << heldOut.size()
                      << " held-out locations, " << epochs << " epochs, "
                      << SplitModelTrainer::GetThreads()
                      << (SplitModelTrainer::GetThreads() == 1 ? " thread" : " threads")
                      << std::endl;
        }
        Progress progress(epochs, quiet);
        trainer->TraceConnectWithoutContext("Step", MakeCallback(&Progress::Step, &progress));
        trainer->TraceConnectWithoutContext(
            "Epoch",
            Callback<void, const TrainingEpoch&>([&](const TrainingEpoch& record) {
                progress.Epoch(record);
                if (logFile.is_open())
                {
                    auto scores = [&](const RetrievalScores& s) {
                        if (!record.evaluated)
                        {
                            return std::string(",,,,");
                        }
                        return "," + ShortestText(s.recallAt1) + "," + ShortestText(s.recallAt5) +
                               "," + ShortestText(s.recallAt10) + "," + ShortestText(s.meanAp);
                    };
                    logFile << record.epoch << ',' << record.steps << ','
                            << ShortestText(record.loss) << ',' << ShortestText(record.classLoss)
                            << ',' << ShortestText(record.tripletLoss) << ','
                            << ShortestText(record.trainAccuracy) << ','
                            << ShortestText(record.learningRate) << scores(record.heldOut.drone)
                            << scores(record.heldOut.street) << ','
                            << ShortestText(progress.Elapsed()) << '\n'
                            << std::flush;
                }
            }));
        trainer->Train(model, source, train, evalSource, heldOut);
        model->SaveWeights(out + ".part");
        if (std::rename((out + ".part").c_str(), out.c_str()) != 0)
        {
            throw std::runtime_error("cannot move " + out + ".part to " + out + ": " +
                                     std::strerror(errno));
        }
        if (!quiet)
        {
            std::cerr << "sagin-train: wrote " << out << " in " << std::fixed
                      << std::setprecision(0) << progress.Elapsed() << " s" << std::endl;
        }
        return 0;
    }
    catch (const std::exception& e)
    {
        if (!g_partFile.empty())
        {
            std::remove(g_partFile.c_str()); // no half-made weights left behind
        }
        std::cerr << "sagin-train: error: " << e.what() << std::endl;
        return 2;
    }
}
