// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_LAYER_COST_H
#define SAGIN_LAYER_COST_H

// Counting what a network's layers cost while they run (a private header of the LibTorch part:
// it includes LibTorch). A model's forward pass calls these functions for its layers with a
// LayerCost, or with null when it does not count; the counts of one forward pass on a batch of
// one image give the split profile.

#include <torch/torch.h>

namespace ns3
{
namespace sagin
{

/// Operations counted for one forward pass (or part of one).
struct LayerCost
{
    double macs{0};        //!< multiply-accumulates of convolutions and linear layers
    double elementwise{0}; //!< element-wise operations (normalisation, activation, adds, pools)

    /// @return the sum of two counts
    LayerCost operator+(const LayerCost& other) const
    {
        return LayerCost{macs + other.macs, elementwise + other.elementwise};
    }
};

/**
 * @param conv a 2D convolution
 * @param x its input, N×C×H×W
 * @param cost where to add its multiply-accumulates (N·C_out·H_out·W_out·(C_in/groups)·k_h·k_w),
 *        or null
 * @return its output
 */
inline at::Tensor
CountedConv2d(torch::nn::Conv2d& conv, const at::Tensor& x, LayerCost* cost)
{
    at::Tensor y = conv->forward(x);
    if (cost)
    {
        const auto& w = conv->weight; // C_out × C_in/groups × k_h × k_w
        cost->macs += static_cast<double>(y.numel()) * w.size(1) * w.size(2) * w.size(3);
    }
    return y;
}

/**
 * @param linear a linear layer
 * @param x its input, N×in
 * @param cost where to add its multiply-accumulates (N·out·in), or null
 * @return its output
 */
inline at::Tensor
CountedLinear(torch::nn::Linear& linear, const at::Tensor& x, LayerCost* cost)
{
    at::Tensor y = linear->forward(x);
    if (cost)
    {
        cost->macs += static_cast<double>(y.numel()) * linear->weight.size(1);
    }
    return y;
}

/**
 * @brief Count element-wise operations on a tensor.
 * @param cost where to add them, or null
 * @param tensor the tensor the operations produce
 * @param perElement operations per element of @p tensor (e.g. 2 for an inference batch
 *        normalisation: a scale and a shift; 1 for a ReLU or an add)
 */
inline void
CountElementwise(LayerCost* cost, const at::Tensor& tensor, double perElement)
{
    if (cost)
    {
        cost->elementwise += static_cast<double>(tensor.numel()) * perElement;
    }
}

} // namespace sagin
} // namespace ns3

#endif // SAGIN_LAYER_COST_H
