// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SPLIT_MODEL_TRAINING_H
#define SAGIN_SPLIT_MODEL_TRAINING_H

// The training side of a SplitModel (a private header of the LibTorch part: it includes
// LibTorch). SplitModelTrainer drives it; the simulation never trains.

#include <stdexcept>
#include <string>
#include <torch/torch.h>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief What a trainer needs of a split model: its trainable tensors, a switch between
 *        training and evaluation behaviour, and a differentiable forward pass.
 *
 * A model returns one from SplitModel::GetTraining() (null when it cannot be trained). The
 * object belongs to the model and stays valid until the model is disposed or its network is
 * rebuilt (setting an attribute that rebuilds it).
 */
class SplitModelTraining
{
  public:
    /// The outputs of a forward pass in training mode.
    struct Output
    {
        /// Retrieval features, M×D per feature representation (not normalised), one per
        /// representation the model trains (ResNet-50-USAM: one, GLQINet: its 16 parts).
        std::vector<at::Tensor> embeddings;
        /// Class scores, M×Classes, one per representation.
        std::vector<at::Tensor> logits;
    };

    virtual ~SplitModelTraining() = default;

    /// @return the trainable parameters, in the model's order
    virtual std::vector<at::Tensor> GetParameters() = 0;

    /**
     * @param training true: BatchNorm uses and updates batch statistics and dropout is active;
     *        false: the evaluation behaviour that Head(), Tail() and Forward() assume
     */
    virtual void SetTraining(bool training) = 0;

    /**
     * @brief The whole network with autograd, in the behaviour SetTraining() chose.
     * @param images M×3×S×S normalised images (S = InputSize)
     * @param generator the source of the dropout masks (nothing global is drawn from)
     * @return the embeddings and class scores
     * @throws std::invalid_argument for images of another shape
     */
    virtual Output Forward(const at::Tensor& images, at::Generator& generator) = 0;

    /**
     * @brief The device's part with autograd: SplitModel::Head() on a tensor, in the behaviour
     *        SetTraining() chose, so that a gradient can flow back to the images (the open-box
     *        inversion attack optimises them).
     * @param images M×3×S×S normalised images (S = InputSize)
     * @param split the split point
     * @return the features at the split point, as SplitModel::Head() gives them
     * @throws std::invalid_argument for images of another shape or a bad split point
     */
    virtual at::Tensor Head(const at::Tensor& images, uint32_t split) = 0;

  protected:
    /**
     * @param images a batch given to Forward() or Head()
     * @param side the model's InputSize S
     * @param model the model's name, for the message
     * @throws std::invalid_argument "MODEL training: images are not Mx3xSxS" otherwise
     */
    static void CheckImages(const at::Tensor& images, int64_t side, const std::string& model)
    {
        if (!images.defined() || images.dim() != 4 || images.size(1) != 3 ||
            images.size(2) != side || images.size(3) != side)
        {
            throw std::invalid_argument(model + " training: images are not Mx3x" +
                                        std::to_string(side) + "x" + std::to_string(side));
        }
    }
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SPLIT_MODEL_TRAINING_H
