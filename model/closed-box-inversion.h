// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_CLOSED_BOX_INVERSION_H
#define SAGIN_CLOSED_BOX_INVERSION_H

#include "feature-tensor.h"
#include "split-model.h"

#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <memory>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The closed-box model-inversion attack on split inference: an attacker who sees only
 *        features, and can query the head on images of the same distribution, trains an
 *        inverse network on (head(x), x) pairs (He, Zhang and Lee, ACSAC 2019).
 *
 * The inverse network is built for the split point's feature shape C×h×w and the image side
 * S: a 1×1 convolution to min(512, max(64, C)) channels, then one 3×3 transposed convolution
 * of stride 2 (with batch normalisation and ReLU) for each halving between S and h, the one
 * that reaches S/2^k giving Width·2^k channels (at most as many as it takes), then a 3×3
 * convolution to Width channels with ReLU and a 3×3 convolution to 3 channels with a sigmoid.
 * Train() fits it by Adam (LearningRate) on the mean squared error over Epochs passes of
 * minibatches of BatchSize (order drawn from Seed); Reconstruct() runs it in evaluation behaviour.
 * A model with FlipAndSum gives two maps per image: the network is trained on both (the mirror's
 * target is the mirrored image) and Reconstruct() returns the first map's reconstruction.
 */
class ClosedBoxInversion : public Object
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    ClosedBoxInversion();
    ~ClosedBoxInversion() override;

    /**
     * @brief Build and train the inverse network of a split point.
     * @param model the model whose head gives the features (any SplitModel)
     * @param split the split point
     * @param images the training images, M×3×S×S values in [0, 1] (not normalised), disjoint
     *        from the images whose features will be attacked
     * @return the mean squared error of the last epoch
     * @throws std::invalid_argument for a bad split point or images of another shape
     */
    double Train(Ptr<SplitModel> model, uint32_t split, const FeatureTensor& images);

    /**
     * @param features the head's features of N images at the split point Train() used
     * @return the reconstructions, N×3×S×S, values in [0, 1]
     * @throws std::logic_error before Train()
     * @throws std::invalid_argument for features of another shape
     */
    FeatureTensor Reconstruct(const FeatureTensor& features);

    /**
     * @brief TracedCallback signature of the Epoch trace source.
     * @param epoch the epoch, from 1
     * @param epochs the epochs of the training
     * @param loss the epoch's mean squared error
     */
    typedef void (*EpochTracedCallback)(uint32_t epoch, uint32_t epochs, double loss);

  protected:
    void DoDispose() override;

  private:
    struct Impl;

    uint32_t m_epochs;     //!< passes over the training images
    uint32_t m_batchSize;  //!< images per step
    double m_learningRate; //!< Adam's learning rate
    uint32_t m_width;      //!< channels at the image's resolution
    uint64_t m_seed;       //!< seed of the initialisation and the minibatch order

    std::shared_ptr<Impl> m_impl; //!< the trained network, or null

    /// Fired after each epoch.
    TracedCallback<uint32_t, uint32_t, double> m_epochTrace;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CLOSED_BOX_INVERSION_H
