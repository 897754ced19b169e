// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_RESNET50_USAM_MODEL_H
#define SAGIN_RESNET50_USAM_MODEL_H

#include "split-model.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief ResNet-50 with two USAM attention blocks and a 512-d bottleneck: the backbone of the
 *        split-inference cross-view localization experiment, with seven split points.
 *
 * Forward order (eval mode: BatchNorm uses its running statistics, no dropout):
 * conv1 (7×7, stride 2) → bn1 → ReLU → USAM1 → max pool (3×3, stride 2) → layer1 → USAM2 →
 * layer2 → layer3 → layer4 → global average pool → bottleneck (Linear 2048→512,
 * BatchNorm1d(512), Dropout) → 512-d embedding. The layers hold 3, 4, 6 and 3 bottleneck blocks
 * as torchvision's ResNet-50 (stride on the 3×3 convolution; the first block of each layer has a
 * downsample branch, a 1×1 convolution and a BatchNorm). USAM: see UsamImpl in usam.h. The
 * classifier (Linear 512→Classes) exists for training and weights files but does not run: the
 * retrieval embedding is the bottleneck's output.
 *
 * Split points (the features after the part): 0 `conv1`; 1 `usam1` (after bn1, ReLU and
 * USAM1); 2 `layer1` (after the max pool and layer1); 3 `usam2`; 4 `layer2`; 5 `layer3`;
 * 6 `layer4`. Head(images, i) returns N×C×H×W features, Tail(features, i) continues to the
 * N×512 embedding; Tail(Head(x, i), i) runs the same operations as Forward(x).
 *
 * With FlipAndSum, the embedding of an image is the sum of the embeddings of the image and of
 * its horizontal flip (before the normalisation), as in the published retrieval. The head then
 * runs both: the features at a split hold 2N images, the N images followed by their N flips, and
 * the tail sums the two halves' embeddings. The profile then counts both (its shape gets a
 * leading 2, its elements, bytes and costs double).
 *
 * Weights files: PyTorch's `torch.save(dict(model.state_dict()), path)` (see torch-weights.h),
 * with exactly these names (`*` = weight, bias, running_mean, running_var,
 * num_batches_tracked): `conv1.weight`, `bn1.*`, `usam1.bn.*`, `usam2.bn.*`,
 * `layer{1..4}.{j}.conv{1,2,3}.weight`, `layer{1..4}.{j}.bn{1,2,3}.*`,
 * `layer{1..4}.0.downsample.0.weight`, `layer{1..4}.0.downsample.1.*`, `bottleneck.0.weight`,
 * `bottleneck.0.bias`, `bottleneck.1.*`, `classifier.weight`, `classifier.bias`. The backbone's
 * names are torchvision's resnet50 names.
 *
 * Without a weights file the parameters come from Seed: convolutions He-normal (fan out, as
 * torchvision's ResNet), BatchNorm2d weight 1 and bias 0, the bottleneck's Linear He-normal
 * (fan out) with bias 0, its BatchNorm1d weight N(1, 0.02) and bias 0, the classifier N(0,
 * 0.001) with bias 0; running statistics mean 0 and variance 1.
 *
 * The network is built on first use; setting Classes, Seed or WeightsFile afterwards builds it
 * again (dropping weights loaded with LoadWeights()). A weights file whose classifier has
 * another number of outputs than Classes (a model trained on other classes, see
 * SplitModelTrainer) sets Classes to it: the classifier does not take part in retrieval.
 */
class ResNet50UsamModel : public SplitModel
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    ResNet50UsamModel();
    ~ResNet50UsamModel() override;

    /// Split point indices.
    enum Split : uint32_t
    {
        CONV1 = 0,
        USAM1 = 1,
        LAYER1 = 2,
        USAM2 = 3,
        LAYER2 = 4,
        LAYER3 = 5,
        LAYER4 = 6,
    };

    /// Number of split points.
    static constexpr uint32_t N_SPLIT_POINTS = 7;
    /// Dimension of the retrieval embedding.
    static constexpr int64_t EMBEDDING_DIM = 512;

    uint32_t GetNSplitPoints() const override;
    std::string GetSplitPointName(uint32_t split) const override;

    /**
     * @copydoc SplitModel::Head
     *
     * The images must be N×3×S×S with S = InputSize.
     */
    FeatureTensor Head(const FeatureTensor& images, uint32_t split) override;

    /**
     * @copydoc SplitModel::Tail
     *
     * The features must be 4-D with the split point's channels (64, 64, 256, 256, 512, 1024,
     * 2048), and an even batch with FlipAndSum.
     */
    FeatureTensor Tail(const FeatureTensor& features, uint32_t split) override;

    FeatureTensor Forward(const FeatureTensor& images) override;

    /**
     * @copydoc SplitModel::DoGetProfile
     *
     * Multiply-accumulates: those of the convolutions and linear layers (USAM's fixed 3×3
     * filter counted as a convolution, 9 per pixel); the classifier does not run and is not
     * counted. Element-wise operations: BatchNorm 2 per element, ReLU 1, residual add 1, max
     * pool 9 per output, average pool 1 per input element, USAM as in usam.h, the flip sum 1
     * and the L2 normalisation 3 per embedding element.
     *
     * @throws std::invalid_argument for an input size of 0 or above 2048
     */
    std::vector<SplitPointProfile> DoGetProfile(uint32_t inputSize) override;

    void LoadWeights(const std::string& path) override;
    void SaveWeights(const std::string& path) const override;

    /**
     * @copydoc SplitModel::GetTraining
     *
     * One representation: the bottleneck's output (before its dropout) and the classifier's
     * scores of it after the dropout (probability 0.5, masks from the given generator).
     * Classes must be the number of training classes.
     */
    SplitModelTraining* GetTraining() override;

    /// @return the state-dict names of the parameters and buffers, in the model's order
    std::vector<std::string> GetParameterNames() const;

    /**
     * @param split a split point
     * @return the channels of its features
     * @throws std::out_of_range for an index beyond the split points
     */
    static int64_t GetSplitChannels(uint32_t split);

  protected:
    void DoDispose() override;

  private:
    /// The LibTorch modules (defined in the .cc).
    struct Network;
    /// The training interface (defined in the .cc).
    struct Training;

    /// @return the network, built from the attributes if it is not
    Network& GetNetwork() const;

    /// Drop the network, so that the next use builds it from the attributes.
    void ResetNetwork();

    /**
     * @param split a split point
     * @param function the calling method, for messages
     * @throws std::invalid_argument for an index beyond the split points
     */
    void CheckSplit(uint32_t split, const char* function) const;

    /// @param classes the number of classes
    void SetClasses(uint32_t classes);
    /// @return the number of classes
    uint32_t GetClasses() const;
    /// @param seed the initialisation seed
    void SetSeed(uint64_t seed);
    /// @param path the weights file, empty for none
    void SetWeightsFile(std::string path);

    uint32_t m_inputSize;       //!< side of the input images, in pixels
    mutable uint32_t m_classes; //!< classifier outputs (training classes; a weights file's)
    bool m_flipAndSum;          //!< whether the embedding adds the horizontally flipped image's
    bool m_normalise;           //!< whether the embedding is L2-normalised
    uint64_t m_seed;            //!< seed of the deterministic initialisation
    std::string m_weightsFile;  //!< weights loaded when the network is built, empty for none
    mutable std::unique_ptr<Network> m_network; //!< the modules, built on first use
    std::unique_ptr<Training> m_training;       //!< the training interface, made on first use
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_RESNET50_USAM_MODEL_H
