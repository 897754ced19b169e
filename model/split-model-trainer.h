// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SPLIT_MODEL_TRAINER_H
#define SAGIN_SPLIT_MODEL_TRAINER_H

#include "image-source.h"
#include "retrieval-metrics.h"
#include "split-model.h"

#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The held-out retrieval of a model: each location's fused drone views and fused
 *        street views ranked against the satellite views of the same locations.
 */
struct HeldOutScores
{
    RetrievalScores drone;  //!< queries: each location's first drone views, fused
    RetrievalScores street; //!< queries: each location's first street views, fused
};

/**
 * @ingroup sagin
 * @brief What one epoch of SplitModelTrainer::Train() did.
 */
struct TrainingEpoch
{
    uint32_t epoch{0};       //!< epoch number, from 1
    uint32_t steps{0};       //!< optimiser steps in the epoch
    double loss{0};          //!< mean total loss over the steps
    double classLoss{0};     //!< mean cross-entropy (over the representations)
    double tripletLoss{0};   //!< mean batch-hard triplet loss (over the representations)
    double trainAccuracy{0}; //!< share of the training images classified as their location
    double learningRate{0};  //!< the learning rate of the epoch's last step
    bool evaluated{false};   //!< whether heldOut was measured after this epoch
    HeldOutScores heldOut;   //!< retrieval on the held-out locations, when evaluated
};

/**
 * @ingroup sagin
 * @brief Trains a SplitModel for cross-view retrieval, as the published experiments do: one
 *        classifier shared by the satellite, drone and street views with one class per
 *        training location, cross-entropy plus a triplet loss, evaluated by retrieval on
 *        locations that training never sees.
 *
 * An epoch visits every training location once, in an order shuffled per epoch; a step takes
 * LocationsPerBatch of them and, for each, one satellite, one drone and one street view (each
 * chosen at random among the location's views; a view kind the location lacks is left out).
 * With Augment, every image is flipped horizontally with probability 1/2 and shifted by up to
 * 1/8 of its side (reflection padding), and satellite images are also turned by a random
 * multiple of 90° (drones see the scene at any heading). The loss of a step is, for each of the
 * model's feature representations, the cross-entropy of its class scores plus TripletWeight
 * times the batch-hard triplet loss of its L2-normalised features (Euclidean distance, margin
 * TripletMargin: for each image, the farthest image of its location against the nearest of
 * another), averaged over the representations. The learning rate warms up linearly over
 * WarmupEpochs, then follows Schedule: `cosine` decays it to 0 at the last step, `step`
 * multiplies it by StepDecay at each epoch of StepEpochs.
 *
 * Deterministic: every random choice comes from generators seeded by Seed (std::mt19937_64
 * for the sampling and augmentation, an at::Generator for dropout), so a seed, a model
 * initialisation and LibTorch's thread count give the same weights.
 *
 * Evaluation (Evaluate(), and after every EvalInterval epochs and the last one in Train()):
 * the gallery holds the satellite views of the held-out locations; a location's drone query
 * fuses the embeddings of its first EvalDroneViews drone views, its street query those of its
 * first EvalStreetViews street views (FuseViews); both are ranked by cosine similarity
 * (EvaluateRetrieval). The model runs as the simulation runs it (Forward(), evaluation mode).
 */
class SplitModelTrainer : public Object
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    SplitModelTrainer();
    ~SplitModelTrainer() override;

    /// Optimisers.
    enum Optimiser
    {
        ADAMW, //!< AdamW (decoupled weight decay)
        SGD,   //!< SGD with (Nesterov) momentum and L2 weight decay
    };

    /// Learning-rate schedules after the warm-up.
    enum Schedule
    {
        COSINE, //!< half a cosine from the learning rate to 0 at the last step
        STEP,   //!< multiplied by StepDecay at each epoch of StepEpochs
    };

    /**
     * @brief Train a model.
     * @param model the model: its Classes must equal the number of training locations
     * @param source the training images
     * @param trainLocations the training locations of source (class i = trainLocations[i])
     * @param evalSource the held-out images (may be source itself)
     * @param evalLocations the held-out locations of evalSource, none of them a training
     *        location when evalSource is source; empty: no evaluation
     * @return one record per epoch
     * @throws std::invalid_argument for a model that cannot be trained, a class count that
     *         does not match, no training location, a location beyond a source's, a training
     *         location without a satellite view, or held-out locations shared with training
     */
    std::vector<TrainingEpoch> Train(Ptr<SplitModel> model,
                                     Ptr<ImageSource> source,
                                     const std::vector<uint32_t>& trainLocations,
                                     Ptr<ImageSource> evalSource,
                                     const std::vector<uint32_t>& evalLocations);

    /**
     * @brief The held-out retrieval of a model (see the class documentation).
     * @param model the model
     * @param source the images
     * @param locations the locations to rank among (each needs a satellite view)
     * @return the scores
     * @throws std::invalid_argument for no location or a location beyond the source's
     */
    HeldOutScores Evaluate(Ptr<SplitModel> model,
                           Ptr<ImageSource> source,
                           const std::vector<uint32_t>& locations) const;

    /**
     * @param threads LibTorch's intra-op threads for this process (training and inference);
     *        0 leaves its default (the cores)
     */
    static void SetThreads(uint32_t threads);

    /// @return LibTorch's intra-op threads
    static uint32_t GetThreads();

    /**
     * @brief TracedCallback signature of the Step trace source.
     * @param epoch the epoch, from 1
     * @param step the step in the epoch, from 1
     * @param steps the steps of the epoch
     * @param loss the step's total loss
     */
    typedef void (*StepTracedCallback)(uint32_t epoch, uint32_t step, uint32_t steps, double loss);

    /**
     * @brief TracedCallback signature of the Epoch trace source.
     * @param record what the epoch did
     */
    typedef void (*EpochTracedCallback)(const TrainingEpoch& record);

  private:
    /**
     * @brief Train() without the translation of LibTorch's errors.
     * @param model the model
     * @param source the training images
     * @param trainLocations the training locations
     * @param evalSource the held-out images
     * @param evalLocations the held-out locations
     * @return one record per epoch
     */
    std::vector<TrainingEpoch> DoTrain(Ptr<SplitModel> model,
                                       Ptr<ImageSource> source,
                                       const std::vector<uint32_t>& trainLocations,
                                       Ptr<ImageSource> evalSource,
                                       const std::vector<uint32_t>& evalLocations);

    /// @param text the StepEpochs attribute: epoch numbers separated by commas, or empty
    void SetStepEpochs(std::string text);

    /**
     * @param step the optimiser step, from 0
     * @param stepsPerEpoch steps of an epoch
     * @return the learning rate of that step
     */
    double GetLearningRate(uint64_t step, uint64_t stepsPerEpoch) const;

    uint32_t m_epochs;                  //!< epochs
    uint32_t m_locationsPerBatch;       //!< locations per step
    double m_learningRate;              //!< peak learning rate
    Optimiser m_optimiser;              //!< optimiser
    double m_momentum;                  //!< SGD momentum
    double m_weightDecay;               //!< weight decay
    Schedule m_schedule;                //!< learning-rate schedule
    uint32_t m_warmupEpochs;            //!< epochs of linear warm-up
    std::vector<uint32_t> m_stepEpochs; //!< epochs at which the step schedule decays
    std::string m_stepEpochsText;       //!< StepEpochs as given
    double m_stepDecay;                 //!< factor of each decay
    double m_tripletWeight;             //!< weight of the triplet loss
    double m_tripletMargin;             //!< triplet margin
    bool m_augment;                     //!< whether to augment
    uint64_t m_seed;                    //!< seed of every random choice
    uint32_t m_evalDroneViews;          //!< drone views fused per held-out query
    uint32_t m_evalStreetViews;         //!< street views fused per held-out query
    uint32_t m_evalInterval;            //!< epochs between held-out evaluations

    TracedCallback<uint32_t, uint32_t, uint32_t, double> m_stepTrace; //!< after each step
    TracedCallback<const TrainingEpoch&> m_epochTrace;                //!< after each epoch
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SPLIT_MODEL_TRAINER_H
