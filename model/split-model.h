// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SPLIT_MODEL_H
#define SAGIN_SPLIT_MODEL_H

#include "feature-tensor.h"

#include "ns3/object.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

class SplitModelTraining; // split-model-training.h, LibTorch

/**
 * @ingroup sagin
 * @brief What one split point of a model costs: measured from the model itself.
 */
struct SplitPointProfile
{
    uint32_t split{0};          //!< index of the split point
    std::string name;           //!< its name, e.g. "layer2"
    std::vector<int64_t> shape; //!< shape of the features at the split, one image, no batch
    int64_t elements{0};        //!< elements of the features of one image
    uint64_t bytesFp32{0};      //!< bytes of the features as float32 (no header)
    uint64_t encodedFp32{0};    //!< bytes of FeatureCodec's fp32 encoding (header included)
    uint64_t encodedFp16{0};    //!< bytes of FeatureCodec's fp16 encoding (header included)
    uint64_t encodedInt8{0};    //!< bytes of FeatureCodec's int8 encoding (header and scales)
    double headMacs{0};         //!< multiply-accumulates of the head, one image
    double tailMacs{0};         //!< multiply-accumulates of the tail, one image
    double headElementwise{0};  //!< element-wise operations of the head, one image
    double tailElementwise{0};  //!< element-wise operations of the tail, one image
};

/**
 * @ingroup sagin
 * @brief A neural network with named split points, run by LibTorch: the device runs the head
 *        up to a split point, the edge server runs the tail from it.
 *
 * Split point i is the output of the i-th named part of the network. Head(images, i) returns
 * the features there; Tail(features, i) continues from them to the retrieval embedding, so that
 * Tail(Head(x, i), i) equals Forward(x) at every split point (to float32 rounding). Images are
 * float32 tensors of shape N×3×H×W, normalised as the model expects.
 *
 * Subclasses: ResNet50UsamModel, GlqiNetModel, TorchScriptModel. Without a weights file a model
 * is initialised deterministically from its Seed attribute.
 */
class SplitModel : public Object
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    SplitModel();
    ~SplitModel() override;

    /**
     * @brief Make a model by the name programs take (their --model option).
     * @param name `resnet50-usam` (ResNet50UsamModel), `glqinet` (GlqiNetModel) or the path of
     *        a TorchScript archive ending in `.pt` (TorchScriptModel, loaded and checked at once)
     * @param inputSize the model's InputSize attribute, pixels, or 0 for its default
     * @return the model
     * @throws std::invalid_argument for an unknown name, listing the known ones
     * @throws std::runtime_error naming the file when an archive is unusable
     */
    static Ptr<SplitModel> CreateByName(const std::string& name, uint32_t inputSize);

    /// @return the number of split points
    virtual uint32_t GetNSplitPoints() const = 0;

    /**
     * @param split a split point
     * @return its name
     * @throws std::out_of_range for an index beyond the split points
     */
    virtual std::string GetSplitPointName(uint32_t split) const = 0;

    /**
     * @brief The device's part: run the network up to a split point.
     * @param images N×3×H×W float32 images
     * @param split the split point
     * @return the features at the split point
     * @throws std::invalid_argument for a bad shape or split point
     */
    virtual FeatureTensor Head(const FeatureTensor& images, uint32_t split) = 0;

    /**
     * @brief The edge server's part: run the network from a split point to the embedding.
     * @param features the features at the split point, as Head() returns them
     * @param split the split point
     * @return the retrieval embedding, N×D
     * @throws std::invalid_argument for a bad shape or split point
     */
    virtual FeatureTensor Tail(const FeatureTensor& features, uint32_t split) = 0;

    /**
     * @param images N×3×H×W float32 images
     * @return the retrieval embedding, N×D
     */
    virtual FeatureTensor Forward(const FeatureTensor& images) = 0;

    /**
     * @brief Measure every split point for one square image of a size, by walking the layers,
     *        with the sizes of the features in each of FeatureCodec's uncompressed encodings.
     * @param inputSize the image's side, in pixels
     * @return one profile per split point, in order
     */
    std::vector<SplitPointProfile> GetProfile(uint32_t inputSize);

    /**
     * @brief Replace the parameters and buffers with a file's.
     * @param path a weights file
     * @throws std::runtime_error naming the file and the first offending parameter when it is
     *         missing, truncated or does not match the model
     */
    virtual void LoadWeights(const std::string& path) = 0;

    /**
     * @param path where to write the parameters and buffers
     * @throws std::runtime_error when the file cannot be written
     */
    virtual void SaveWeights(const std::string& path) const = 0;

    /**
     * @brief The model's training interface, for SplitModelTrainer (split-model-training.h,
     *        private to the LibTorch part).
     * @return it, or null when the model cannot be trained (the default)
     */
    virtual SplitModelTraining* GetTraining();

  protected:
    /**
     * @brief Measure every split point (GetProfile() adds the encoded sizes).
     * @param inputSize the image's side, in pixels
     * @return one profile per split point, in order
     */
    virtual std::vector<SplitPointProfile> DoGetProfile(uint32_t inputSize) = 0;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SPLIT_MODEL_H
