// SPDX-License-Identifier: GPL-2.0-only

#include "split-model-trainer.h"

#include "feature-tensor-impl.h"
#include "split-model-training.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginSplitModelTrainer");

NS_OBJECT_ENSURE_REGISTERED(SplitModelTrainer);

namespace
{

/// Images embedded per Forward() call in evaluation.
constexpr int64_t EVAL_BATCH = 32;

/// A series of images of one kind, with the location of each.
struct ImageSet
{
    std::vector<at::Tensor> images;  //!< 3×S×S each, normalised
    std::vector<uint32_t> locations; //!< the location of each image
};

/// The rendered held-out images.
struct HeldOutImages
{
    std::vector<uint32_t> locations; //!< the locations, in order
    ImageSet satellite;              //!< every satellite view of each location
    ImageSet drone;                  //!< the first drone views of each location
    ImageSet street;                 //!< the first street views of each location
};

/// The rendered training images of one location.
struct TrainingLocation
{
    std::vector<at::Tensor> satellite; //!< its satellite views, 3×S×S, normalised
    std::vector<at::Tensor> drone;     //!< its drone views
    std::vector<at::Tensor> street;    //!< its street views
};

/**
 * @param source a source
 * @param locations locations of it
 * @param what the locations' role, for messages
 * @throws std::invalid_argument for a location beyond the source's
 */
void
CheckLocations(Ptr<ImageSource> source, const std::vector<uint32_t>& locations, const char* what)
{
    for (uint32_t location : locations)
    {
        if (location >= source->GetNLocations())
        {
            throw std::invalid_argument(std::string("SplitModelTrainer: ") + what + " location " +
                                        std::to_string(location) + " is beyond the source's " +
                                        std::to_string(source->GetNLocations()) + " locations");
        }
    }
}

/**
 * @param source the images
 * @param location a location
 * @param view a kind of view
 * @param count how many of its first views (at most what it has)
 * @return them, 3×S×S each
 */
std::vector<at::Tensor>
Render(Ptr<ImageSource> source, uint32_t location, ImageSource::View view, uint32_t count)
{
    std::vector<at::Tensor> images;
    const uint32_t n = std::min(count, source->GetNViews(location, view));
    for (uint32_t index = 0; index < n; ++index)
    {
        // A copy made outside inference mode: autograd may save it.
        images.push_back(UnwrapTensor(source->GetImage(location, view, index))[0].clone());
    }
    return images;
}

/**
 * @param source the images
 * @param locations the held-out locations
 * @param droneViews drone views per location
 * @param streetViews street views per location
 * @return their images
 */
HeldOutImages
RenderHeldOut(Ptr<ImageSource> source,
              const std::vector<uint32_t>& locations,
              uint32_t droneViews,
              uint32_t streetViews)
{
    HeldOutImages set;
    set.locations = locations;
    auto add = [&](ImageSet& images, uint32_t location, ImageSource::View view, uint32_t count) {
        for (auto& image : Render(source, location, view, count))
        {
            images.images.push_back(std::move(image));
            images.locations.push_back(location);
        }
    };
    for (uint32_t location : locations)
    {
        add(set.satellite, location, ImageSource::SATELLITE, UINT32_MAX);
        add(set.drone, location, ImageSource::DRONE, droneViews);
        add(set.street, location, ImageSource::STREET, streetViews);
    }
    return set;
}

/**
 * @param model the model
 * @param images images
 * @return their embeddings as the model gives them, L2-normalised: rows×D
 */
at::Tensor
EmbedAll(Ptr<SplitModel> model, const std::vector<at::Tensor>& images)
{
    std::vector<at::Tensor> rows;
    for (std::size_t first = 0; first < images.size(); first += EVAL_BATCH)
    {
        const std::size_t last = std::min(images.size(), first + EVAL_BATCH);
        const at::Tensor batch =
            at::stack(std::vector<at::Tensor>(images.begin() + first, images.begin() + last));
        rows.push_back(UnwrapTensor(model->Forward(WrapTensor(batch))));
    }
    at::Tensor embeddings = at::cat(rows, 0);
    return embeddings / embeddings.norm(2, {1}, true).clamp_min(1e-12);
}

/**
 * @param embeddings the embeddings of a query set, rows×D, normalised
 * @param images the set (the location of each row)
 * @param locations the locations, in order
 * @param[out] queries the fused query of each location that has images
 * @param[out] labels their locations
 */
void
FuseByLocation(const at::Tensor& embeddings,
               const ImageSet& images,
               const std::vector<uint32_t>& locations,
               std::vector<float>& queries,
               std::vector<int64_t>& labels)
{
    const auto dim = static_cast<uint32_t>(embeddings.size(1));
    const at::Tensor rows = embeddings.contiguous();
    const float* data = rows.data_ptr<float>();
    for (uint32_t location : locations)
    {
        std::vector<float> own;
        uint32_t n = 0;
        for (std::size_t r = 0; r < images.locations.size(); ++r)
        {
            if (images.locations[r] == location)
            {
                own.insert(own.end(), data + r * dim, data + (r + 1) * dim);
                ++n;
            }
        }
        if (n == 0)
        {
            continue;
        }
        const std::vector<float> fused = FuseViews({}, 0, own, n, dim);
        queries.insert(queries.end(), fused.begin(), fused.end());
        labels.push_back(location);
    }
}

/**
 * @param model the model, in evaluation mode
 * @param set the held-out images
 * @return the drone and street retrieval scores
 */
HeldOutScores
EvaluateImages(Ptr<SplitModel> model, const HeldOutImages& set)
{
    HeldOutScores scores;
    if (set.satellite.images.empty())
    {
        return scores;
    }
    const at::Tensor gallery = EmbedAll(model, set.satellite.images);
    const auto dim = static_cast<uint32_t>(gallery.size(1));
    const at::Tensor galleryRows = gallery.contiguous();
    const std::vector<float> galleryData(galleryRows.data_ptr<float>(),
                                         galleryRows.data_ptr<float>() + galleryRows.numel());
    const std::vector<int64_t> galleryLabels(set.satellite.locations.begin(),
                                             set.satellite.locations.end());
    auto score = [&](const ImageSet& images) {
        if (images.images.empty())
        {
            return RetrievalScores{};
        }
        std::vector<float> queries;
        std::vector<int64_t> labels;
        FuseByLocation(EmbedAll(model, images.images), images, set.locations, queries, labels);
        return EvaluateRetrieval(queries, labels, galleryData, galleryLabels, dim);
    };
    scores.drone = score(set.drone);
    scores.street = score(set.street);
    return scores;
}

/**
 * @param image 3×S×S
 * @param rng the augmentation generator
 * @param satellite whether it is a satellite view (also turned by k·90°)
 * @return the augmented image
 */
at::Tensor
Augment(const at::Tensor& image, std::mt19937_64& rng, bool satellite)
{
    at::Tensor y = image;
    if (satellite)
    {
        const int64_t turns = static_cast<int64_t>(rng() % 4);
        if (turns > 0)
        {
            y = at::rot90(y, turns, {1, 2});
        }
    }
    if (rng() % 2 == 1)
    {
        y = y.flip({2});
    }
    const int64_t side = y.size(2);
    const int64_t pad = side / 8;
    if (pad > 0)
    {
        const auto shift = [&]() { return static_cast<int64_t>(rng() % (2 * pad + 1)); };
        const int64_t dy = shift();
        const int64_t dx = shift();
        const at::Tensor padded =
            at::reflection_pad2d(y.unsqueeze(0), {pad, pad, pad, pad}).squeeze(0);
        y = padded.slice(1, dy, dy + side).slice(2, dx, dx + side);
    }
    return y.contiguous();
}

/**
 * @param features M×D features, L2-normalised
 * @param labels M labels
 * @param margin the margin
 * @return the batch-hard triplet loss: the mean over anchors with a positive and a negative of
 *         max(0, farthest positive − nearest negative + margin); 0 when there is none
 */
at::Tensor
BatchHardTriplet(const at::Tensor& features, const at::Tensor& labels, double margin)
{
    // Squared distances of unit vectors: 2 − 2·cos; the root of their clamp.
    const at::Tensor distances =
        (2.0 - 2.0 * at::matmul(features, features.t())).clamp_min(1e-12).sqrt();
    const at::Tensor same = labels.unsqueeze(0) == labels.unsqueeze(1);
    const at::Tensor self = at::eye(labels.size(0), labels.options().dtype(at::kBool));
    const at::Tensor positive = same & ~self;
    const at::Tensor negative = ~same;
    const at::Tensor valid = positive.any(1) & negative.any(1);
    if (!valid.any().item<bool>())
    {
        return at::zeros({}, features.options());
    }
    const at::Tensor farthest = at::where(positive, distances, at::zeros_like(distances)).amax(1);
    const at::Tensor nearest =
        at::where(negative, distances, at::full_like(distances, 1e9)).amin(1);
    const at::Tensor losses = at::relu(farthest - nearest + margin);
    return losses.masked_select(valid).mean();
}

} // namespace

TypeId
SplitModelTrainer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::SplitModelTrainer")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<SplitModelTrainer>()
            .AddAttribute("Epochs",
                          "Epochs of training (each visits every training location once).",
                          UintegerValue(30),
                          MakeUintegerAccessor(&SplitModelTrainer::m_epochs),
                          MakeUintegerChecker<uint32_t>(1, 1000000))
            .AddAttribute("LocationsPerBatch",
                          "Training locations per optimiser step (a satellite, a drone and a "
                          "street view of each).",
                          UintegerValue(8),
                          MakeUintegerAccessor(&SplitModelTrainer::m_locationsPerBatch),
                          MakeUintegerChecker<uint32_t>(2, 4096))
            .AddAttribute("LearningRate",
                          "Peak learning rate (after the warm-up), dimensionless.",
                          DoubleValue(1e-3),
                          MakeDoubleAccessor(&SplitModelTrainer::m_learningRate),
                          MakeDoubleChecker<double>(1e-9, 10.0))
            .AddAttribute("Optimiser",
                          "The optimiser.",
                          EnumValue(ADAMW),
                          MakeEnumAccessor(&SplitModelTrainer::m_optimiser),
                          MakeEnumChecker(ADAMW, "adamw", SGD, "sgd"))
            .AddAttribute("Momentum",
                          "SGD's (Nesterov) momentum, dimensionless.",
                          DoubleValue(0.9),
                          MakeDoubleAccessor(&SplitModelTrainer::m_momentum),
                          MakeDoubleChecker<double>(0.0, 0.999))
            .AddAttribute("WeightDecay",
                          "Weight decay (AdamW: decoupled; SGD: L2), dimensionless.",
                          DoubleValue(5e-4),
                          MakeDoubleAccessor(&SplitModelTrainer::m_weightDecay),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("Schedule",
                          "The learning-rate schedule after the warm-up.",
                          EnumValue(COSINE),
                          MakeEnumAccessor(&SplitModelTrainer::m_schedule),
                          MakeEnumChecker(COSINE, "cosine", STEP, "step"))
            .AddAttribute("WarmupEpochs",
                          "Epochs over which the learning rate rises linearly from 0.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&SplitModelTrainer::m_warmupEpochs),
                          MakeUintegerChecker<uint32_t>(0, 1000000))
            .AddAttribute("StepEpochs",
                          "With the step schedule: the epochs after which the learning rate is "
                          "multiplied by StepDecay, separated by commas (e.g. \"80,120\").",
                          StringValue(""),
                          MakeStringAccessor(&SplitModelTrainer::SetStepEpochs),
                          MakeStringChecker())
            .AddAttribute("StepDecay",
                          "With the step schedule: the factor of each decay, dimensionless.",
                          DoubleValue(0.1),
                          MakeDoubleAccessor(&SplitModelTrainer::m_stepDecay),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("TripletWeight",
                          "Weight of the batch-hard triplet loss against the cross-entropy.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&SplitModelTrainer::m_tripletWeight),
                          MakeDoubleChecker<double>(0.0, 1000.0))
            .AddAttribute("TripletMargin",
                          "Margin of the triplet loss (distance of unit vectors).",
                          DoubleValue(0.3),
                          MakeDoubleAccessor(&SplitModelTrainer::m_tripletMargin),
                          MakeDoubleChecker<double>(0.0, 2.0))
            .AddAttribute("Augment",
                          "Whether to flip, shift and (satellite views) turn the images.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&SplitModelTrainer::m_augment),
                          MakeBooleanChecker())
            .AddAttribute("Seed",
                          "Seed of the sampling, the augmentation and the dropout.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&SplitModelTrainer::m_seed),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("EvalDroneViews",
                          "Drone views fused into a held-out location's drone query.",
                          UintegerValue(4),
                          MakeUintegerAccessor(&SplitModelTrainer::m_evalDroneViews),
                          MakeUintegerChecker<uint32_t>(0, 10000))
            .AddAttribute("EvalStreetViews",
                          "Street views fused into a held-out location's street query.",
                          UintegerValue(4),
                          MakeUintegerAccessor(&SplitModelTrainer::m_evalStreetViews),
                          MakeUintegerChecker<uint32_t>(0, 10000))
            .AddAttribute("EvalInterval",
                          "Epochs between held-out evaluations in Train() (the last epoch is "
                          "always evaluated).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&SplitModelTrainer::m_evalInterval),
                          MakeUintegerChecker<uint32_t>(1, 1000000))
            .AddTraceSource("Step",
                            "After each optimiser step: the epoch, the step, the epoch's steps "
                            "and the step's loss.",
                            MakeTraceSourceAccessor(&SplitModelTrainer::m_stepTrace),
                            "ns3::sagin::SplitModelTrainer::StepTracedCallback")
            .AddTraceSource("Epoch",
                            "After each epoch: what it did (TrainingEpoch).",
                            MakeTraceSourceAccessor(&SplitModelTrainer::m_epochTrace),
                            "ns3::sagin::SplitModelTrainer::EpochTracedCallback");
    return tid;
}

SplitModelTrainer::SplitModelTrainer()
    : m_epochs(30),
      m_locationsPerBatch(8),
      m_learningRate(1e-3),
      m_optimiser(ADAMW),
      m_momentum(0.9),
      m_weightDecay(5e-4),
      m_schedule(COSINE),
      m_warmupEpochs(1),
      m_stepDecay(0.1),
      m_tripletWeight(1.0),
      m_tripletMargin(0.3),
      m_augment(true),
      m_seed(1),
      m_evalDroneViews(4),
      m_evalStreetViews(4),
      m_evalInterval(1)
{
    NS_LOG_FUNCTION(this);
}

SplitModelTrainer::~SplitModelTrainer()
{
    NS_LOG_FUNCTION(this);
}

void
SplitModelTrainer::SetStepEpochs(std::string text)
{
    std::vector<uint32_t> epochs;
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        std::size_t used = 0;
        unsigned long value = 0;
        try
        {
            value = std::stoul(item, &used);
        }
        catch (const std::exception&)
        {
            used = 0;
        }
        if (used == 0 || item.find_first_not_of(" 0123456789") != std::string::npos || value == 0 ||
            value > UINT32_MAX)
        {
            throw std::invalid_argument("SplitModelTrainer::StepEpochs: \"" + item +
                                        "\" is not an epoch number >= 1 (in \"" + text + "\")");
        }
        epochs.push_back(static_cast<uint32_t>(value));
    }
    std::sort(epochs.begin(), epochs.end());
    m_stepEpochs = epochs;
    m_stepEpochsText = std::move(text);
}

double
SplitModelTrainer::GetLearningRate(uint64_t step, uint64_t stepsPerEpoch) const
{
    const uint64_t warmup = uint64_t{m_warmupEpochs} * stepsPerEpoch;
    const uint64_t total = uint64_t{m_epochs} * stepsPerEpoch;
    if (step < warmup)
    {
        return m_learningRate * static_cast<double>(step + 1) / static_cast<double>(warmup);
    }
    if (m_schedule == COSINE)
    {
        const double span = static_cast<double>(std::max<uint64_t>(1, total - warmup));
        const double t = static_cast<double>(step - warmup) / span;
        return 0.5 * m_learningRate * (1.0 + std::cos(M_PI * t));
    }
    const uint64_t epoch = step / stepsPerEpoch; // completed epochs
    double rate = m_learningRate;
    for (uint32_t at : m_stepEpochs)
    {
        if (epoch >= at)
        {
            rate *= m_stepDecay;
        }
    }
    return rate;
}

void
SplitModelTrainer::SetThreads(uint32_t threads)
{
    if (threads > 0)
    {
        at::set_num_threads(static_cast<int>(threads));
    }
}

uint32_t
SplitModelTrainer::GetThreads()
{
    return static_cast<uint32_t>(at::get_num_threads());
}

HeldOutScores
SplitModelTrainer::Evaluate(Ptr<SplitModel> model,
                            Ptr<ImageSource> source,
                            const std::vector<uint32_t>& locations) const
{
    NS_LOG_FUNCTION(this << model << source << locations.size());
    if (locations.empty())
    {
        throw std::invalid_argument("SplitModelTrainer::Evaluate: no location to rank among");
    }
    CheckLocations(source, locations, "held-out");
    return EvaluateImages(model,
                          RenderHeldOut(source, locations, m_evalDroneViews, m_evalStreetViews));
}

std::vector<TrainingEpoch>
SplitModelTrainer::Train(Ptr<SplitModel> model,
                         Ptr<ImageSource> source,
                         const std::vector<uint32_t>& trainLocations,
                         Ptr<ImageSource> evalSource,
                         const std::vector<uint32_t>& evalLocations)
{
    try
    {
        return DoTrain(model, source, trainLocations, evalSource, evalLocations);
    }
    catch (const c10::Error& e)
    {
        // LibTorch's messages carry a backtrace: one line is enough.
        throw std::runtime_error(std::string("SplitModelTrainer: ") + e.what_without_backtrace());
    }
}

std::vector<TrainingEpoch>
SplitModelTrainer::DoTrain(Ptr<SplitModel> model,
                           Ptr<ImageSource> source,
                           const std::vector<uint32_t>& trainLocations,
                           Ptr<ImageSource> evalSource,
                           const std::vector<uint32_t>& evalLocations)
{
    NS_LOG_FUNCTION(this << model << source << trainLocations.size() << evalLocations.size());
    SplitModelTraining* training = model->GetTraining();
    if (!training)
    {
        throw std::invalid_argument("SplitModelTrainer: the model " +
                                    model->GetInstanceTypeId().GetName() + " cannot be trained");
    }
    if (trainLocations.empty())
    {
        throw std::invalid_argument("SplitModelTrainer: no training location");
    }
    CheckLocations(source, trainLocations, "training");
    CheckLocations(evalSource, evalLocations, "held-out");
    if (evalSource == source)
    {
        const std::set<uint32_t> trained(trainLocations.begin(), trainLocations.end());
        for (uint32_t location : evalLocations)
        {
            if (trained.count(location))
            {
                throw std::invalid_argument("SplitModelTrainer: location " +
                                            std::to_string(location) +
                                            " is both a training and a held-out location");
            }
        }
    }
    UintegerValue classes;
    if (model->GetAttributeFailSafe("Classes", classes) && classes.Get() != trainLocations.size())
    {
        throw std::invalid_argument("SplitModelTrainer: the model has " +
                                    std::to_string(classes.Get()) + " classes for " +
                                    std::to_string(trainLocations.size()) + " training locations");
    }

    // The network first (a model with bad attributes fails here, before any rendering).
    std::vector<at::Tensor> parameters = training->GetParameters();

    // Every image rendered once: the augmentation makes each use of it different.
    std::vector<TrainingLocation> data(trainLocations.size());
    for (std::size_t c = 0; c < trainLocations.size(); ++c)
    {
        const uint32_t location = trainLocations[c];
        data[c].satellite = Render(source, location, ImageSource::SATELLITE, UINT32_MAX);
        data[c].drone = Render(source, location, ImageSource::DRONE, UINT32_MAX);
        data[c].street = Render(source, location, ImageSource::STREET, UINT32_MAX);
        if (data[c].satellite.empty())
        {
            throw std::invalid_argument(
                "SplitModelTrainer: training location " + std::to_string(location) + " (" +
                source->GetLocationName(location) + ") has no satellite view");
        }
    }
    const HeldOutImages heldOut =
        RenderHeldOut(evalSource, evalLocations, m_evalDroneViews, m_evalStreetViews);

    std::mt19937_64 rng(m_seed);
    auto generator = at::make_generator<at::CPUGeneratorImpl>(m_seed ^ 0x5deece66dULL);
    std::unique_ptr<torch::optim::Optimizer> optimiser;
    if (m_optimiser == ADAMW)
    {
        optimiser = std::make_unique<torch::optim::AdamW>(
            parameters,
            torch::optim::AdamWOptions(m_learningRate).weight_decay(m_weightDecay));
    }
    else
    {
        optimiser = std::make_unique<torch::optim::SGD>(parameters,
                                                        torch::optim::SGDOptions(m_learningRate)
                                                            .momentum(m_momentum)
                                                            .nesterov(m_momentum > 0)
                                                            .weight_decay(m_weightDecay));
    }

    const uint64_t nClasses = trainLocations.size();
    const uint64_t stepsPerEpoch = (nClasses + m_locationsPerBatch - 1) / m_locationsPerBatch;
    std::vector<uint32_t> order(nClasses);
    std::iota(order.begin(), order.end(), 0);
    auto pick = [&rng](const std::vector<at::Tensor>& views) {
        return views[rng() % views.size()];
    };

    std::vector<TrainingEpoch> records;
    uint64_t step = 0;
    for (uint32_t epoch = 1; epoch <= m_epochs; ++epoch)
    {
        std::shuffle(order.begin(), order.end(), rng);
        TrainingEpoch record;
        record.epoch = epoch;
        uint64_t seen = 0;
        uint64_t right = 0;
        training->SetTraining(true);
        for (uint64_t first = 0; first < nClasses; first += m_locationsPerBatch, ++step)
        {
            std::vector<at::Tensor> images;
            std::vector<int64_t> labels;
            const uint64_t last = std::min<uint64_t>(nClasses, first + m_locationsPerBatch);
            for (uint64_t k = first; k < last; ++k)
            {
                const TrainingLocation& location = data[order[k]];
                const at::Tensor satellite = pick(location.satellite);
                images.push_back(m_augment ? Augment(satellite, rng, true) : satellite);
                for (const auto* views : {&location.drone, &location.street})
                {
                    if (!views->empty())
                    {
                        const at::Tensor image = pick(*views);
                        images.push_back(m_augment ? Augment(image, rng, false) : image);
                    }
                }
                labels.insert(labels.end(), images.size() - labels.size(), order[k]);
            }
            const at::Tensor batch = at::stack(images);
            const at::Tensor target = at::tensor(labels, at::kLong);
            const double rate = GetLearningRate(step, stepsPerEpoch);
            for (auto& group : optimiser->param_groups())
            {
                group.options().set_lr(rate);
            }

            const SplitModelTraining::Output output = training->Forward(batch, generator);
            at::Tensor classLoss = at::zeros({});
            at::Tensor tripletLoss = at::zeros({});
            for (std::size_t r = 0; r < output.logits.size(); ++r)
            {
                classLoss = classLoss + at::cross_entropy_loss(output.logits[r], target);
                const at::Tensor& features = output.embeddings[r];
                tripletLoss =
                    tripletLoss +
                    BatchHardTriplet(features / features.norm(2, {1}, true).clamp_min(1e-12),
                                     target,
                                     m_tripletMargin);
            }
            const double n = static_cast<double>(output.logits.size());
            classLoss = classLoss / n;
            tripletLoss = tripletLoss / n;
            const at::Tensor loss = classLoss + m_tripletWeight * tripletLoss;
            optimiser->zero_grad();
            loss.backward();
            optimiser->step();

            const double lossValue = loss.item<double>();
            if (!std::isfinite(lossValue))
            {
                throw std::runtime_error("SplitModelTrainer: the loss is " +
                                         std::to_string(lossValue) + " at epoch " +
                                         std::to_string(epoch) + " (lower the learning rate)");
            }
            {
                at::NoGradGuard noGrad;
                right += (output.logits.front().argmax(1) == target).sum().item<int64_t>();
            }
            seen += labels.size();
            record.loss += lossValue;
            record.classLoss += classLoss.item<double>();
            record.tripletLoss += tripletLoss.item<double>();
            record.learningRate = rate;
            ++record.steps;
            m_stepTrace(epoch, record.steps, static_cast<uint32_t>(stepsPerEpoch), lossValue);
        }
        training->SetTraining(false);
        record.loss /= record.steps;
        record.classLoss /= record.steps;
        record.tripletLoss /= record.steps;
        record.trainAccuracy = static_cast<double>(right) / static_cast<double>(seen);
        if (!evalLocations.empty() && (epoch % m_evalInterval == 0 || epoch == m_epochs))
        {
            record.heldOut = EvaluateImages(model, heldOut);
            record.evaluated = true;
        }
        records.push_back(record);
        m_epochTrace(record);
    }
    return records;
}

} // namespace sagin
} // namespace ns3
