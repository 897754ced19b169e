// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_GLQI_NET_MODEL_H
#define SAGIN_GLQI_NET_MODEL_H

#include "feature-tensor.h"
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
 * @brief GLQINet (Global-Local Quadrant Interaction Network) for cross-view geo-localization,
 *        split at the stages of its ConvNeXt-Tiny backbone.
 *
 * The network (LibTorch, inference mode) is:
 *  - ConvNeXt-Tiny: a stem (4×4 stride-4 convolution, LayerNorm), four stages of 3, 3, 9 and 3
 *    blocks of width 96, 192, 384 and 768, a downsampling layer (LayerNorm, 2×2 stride-2
 *    convolution) before stages 2 to 4. A block is a 7×7 depthwise convolution, LayerNorm,
 *    Linear to 4× the width, GELU, Linear back, a per-channel layer scale and the residual add;
 *  - the Quadrant Insight Module: the final C×H×W map averaged into t stripes in each of four
 *    directions (QuadrantPool): 4t local C-vectors;
 *  - the Integrated Global-Local Attention Module, per stripe: the H·W global tokens of the map
 *    and the stripe's vector concatenated into H·W + 1 tokens, one single-head attention with
 *    linear query, key and value (softmax(QKᵀ/√C)·V), and the average over the tokens;
 *  - one classifier block per stripe (Linear C→EmbeddingDim, BatchNorm1d, ReLU, Dropout),
 *    giving 4t × EmbeddingDim features (16 × 512 by default).
 *
 * Split points (index: name, output at InputSize 256): 0: stem (96×64×64), 1: stage1
 * (96×64×64), 2: stage2 (192×32×32), 3: stage3 (384×16×16), 4: stage4 (768×8×8). The embedding
 * that Tail and Forward return is N × (4t·EmbeddingDim): the classifier outputs concatenated in
 * stripe order (horizontal 0..t-1, vertical, diagonal, anti-diagonal), not normalised.
 *
 * Parameter names follow PyTorch's state_dict: stem.{0,1}, downsamples.{0..2}.{0,1},
 * stages.{s}.{b}.{dwconv,norm,pwconv1,pwconv2,gamma}, iglam.{query,key,value},
 * classifiers.{k}.block.{0,1} and classifiers.{k}.fc (the training-time classifier to Classes,
 * unused by the embedding).
 *
 * The network is built at the first use, from the attributes then set; a later change of an
 * attribute rebuilds it (and reinitialises it from Seed, or loads WeightsFile).
 */
class GlqiNetModel : public SplitModel
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    GlqiNetModel();
    ~GlqiNetModel() override;

    uint32_t GetNSplitPoints() const override;
    std::string GetSplitPointName(uint32_t split) const override;
    FeatureTensor Head(const FeatureTensor& images, uint32_t split) override;
    FeatureTensor Tail(const FeatureTensor& features, uint32_t split) override;
    FeatureTensor Forward(const FeatureTensor& images) override;

    /**
     * @copydoc SplitModel::DoGetProfile
     * @throws std::invalid_argument when the final map of an image of that size is smaller
     *         than Stripes in a dimension (the side must be at least 32·Stripes)
     */
    std::vector<SplitPointProfile> DoGetProfile(uint32_t inputSize) override;

    void LoadWeights(const std::string& path) override;
    void SaveWeights(const std::string& path) const override;

    /**
     * @copydoc SplitModel::GetTraining
     *
     * 4·Stripes representations: each classifier block's output (after its ReLU, before its
     * dropout) and its training-time classifier's scores of it after the dropout (masks from
     * the given generator). Classes must be the number of training classes; a weights file
     * whose classifiers have another number of outputs builds them with the file's.
     */
    SplitModelTraining* GetTraining() override;

    /// @return the size D of the embedding: 4·Stripes·EmbeddingDim
    uint32_t GetEmbeddingSize() const;

    /**
     * @brief The Quadrant Insight Module's directional average pooling.
     *
     * A stripe of a direction is a band of lines of the map, the lines being rows (horizontal),
     * columns (vertical), wrapped diagonals {(i, (i + d) mod W)} (diagonal, d = 0 the main
     * diagonal) or wrapped anti-diagonals {(i, (W - 1 - i - a) mod W)} (anti-diagonal, a = 0 the
     * main anti-diagonal); stripe k of L lines holds lines floor(k·L/t) to ceil((k+1)·L/t) - 1,
     * as PyTorch's adaptive average pooling. Each stripe is averaged over its elements.
     *
     * @param map N×C×H×W features
     * @param stripes t, the stripes per direction, at most H and at most W
     * @return N×4t×C: the horizontal stripes top to bottom, the vertical left to right, then
     *         the diagonal and the anti-diagonal ones by increasing d and a
     * @throws std::invalid_argument for a map that is not 4-D or smaller than t, or t = 0
     */
    static FeatureTensor QuadrantPool(const FeatureTensor& map, uint32_t stripes);

  protected:
    void DoDispose() override;

  private:
    /// The LibTorch network and the attribute values it was built with.
    struct Impl;
    /// The training interface (defined in the .cc).
    struct Training;

    /**
     * @return the network, built (or rebuilt) for the current attribute values
     * @throws std::invalid_argument for inconsistent attributes
     * @throws std::runtime_error when WeightsFile cannot be loaded
     */
    Impl& Network() const;

    uint32_t m_inputSize;                 //!< side of the images the model is meant for, in pixels
    uint32_t m_stripes;                   //!< t, stripes per direction
    uint32_t m_classes;                   //!< classes of the training-time classifiers
    uint32_t m_embeddingDim;              //!< width of a classifier block's output
    uint64_t m_seed;                      //!< seed of the deterministic initialisation
    std::string m_weightsFile;            //!< weights loaded when the network is built, or empty
    mutable std::unique_ptr<Impl> m_impl; //!< the network, built at first use
    std::unique_ptr<Training> m_training; //!< the training interface, made on first use
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_GLQI_NET_MODEL_H
