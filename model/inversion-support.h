// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_INVERSION_SUPPORT_H
#define SAGIN_INVERSION_SUPPORT_H

// What the two inversion attacks share (a private header of the LibTorch part).

#include "feature-tensor-impl.h"
#include "split-model.h"

#include "ns3/uinteger.h"

#include <stdexcept>
#include <string>
#include <torch/torch.h>

namespace ns3
{
namespace sagin
{
namespace inversion
{

/**
 * @param model a split model
 * @return its InputSize attribute, pixels
 */
inline int64_t
GetInputSize(const Ptr<SplitModel>& model)
{
    UintegerValue size;
    model->GetAttribute("InputSize", size);
    return static_cast<int64_t>(size.Get());
}

/**
 * @param images M×3×S×S values in [0, 1]
 * @return them normalised as ImageSource::GetImage() gives them (differentiable)
 */
inline at::Tensor
Normalise(const at::Tensor& images)
{
    const auto mean = torch::tensor({0.485f, 0.456f, 0.406f}).view({1, 3, 1, 1});
    const auto std = torch::tensor({0.229f, 0.224f, 0.225f}).view({1, 3, 1, 1});
    return (images - mean) / std;
}

/**
 * @brief How many feature maps the head gives per image (2 when it also runs the image's
 *        mirror, as ResNet50UsamModel's FlipAndSum does), and a check of the features.
 * @param model the model
 * @param split the split point
 * @param features the features attacked
 * @param who the attack's name, for messages
 * @return the number of feature maps per image
 * @throws std::invalid_argument when the features are not the head's at the split point
 */
inline int64_t
GetMapsPerImage(const Ptr<SplitModel>& model,
                uint32_t split,
                const at::Tensor& features,
                const std::string& who)
{
    if (split >= model->GetNSplitPoints())
    {
        throw std::invalid_argument(who + ": split point " + std::to_string(split) +
                                    " does not exist (0.." +
                                    std::to_string(model->GetNSplitPoints() - 1) + ")");
    }
    const int64_t side = GetInputSize(model);
    const at::Tensor probe =
        UnwrapTensor(model->Head(FeatureTensor::Zeros({1, 3, side, side}), split));
    const int64_t maps = probe.size(0);
    if (!features.defined() || features.dim() != probe.dim() || features.size(0) == 0 ||
        features.size(0) % maps != 0 || features.sizes().slice(1) != probe.sizes().slice(1))
    {
        std::string expected = "Nx";
        for (int64_t d = 1; d < probe.dim(); ++d)
        {
            expected += std::to_string(probe.size(d)) + (d + 1 < probe.dim() ? "x" : "");
        }
        const std::string shape =
            features.defined() ? WrapTensor(features).GetShapeText() : std::string("empty");
        throw std::invalid_argument(who + ": features of shape " + shape +
                                    " are not the head's at split point " +
                                    model->GetSplitPointName(split) + " (" + expected + ")");
    }
    return maps;
}

} // namespace inversion
} // namespace sagin
} // namespace ns3

#endif // SAGIN_INVERSION_SUPPORT_H
