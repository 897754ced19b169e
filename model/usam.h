// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_USAM_H
#define SAGIN_USAM_H

// The USAM block of ResNet50UsamModel (a private header of the LibTorch part: it includes
// LibTorch).

#include "layer-cost.h"

#include <torch/torch.h>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief USAM, a parameter-free spatial attention whose only learnable part is a
 *        BatchNorm2d(1) (state-dict names bn.weight, bn.bias, bn.running_mean, bn.running_var,
 *        bn.num_batches_tracked).
 *
 * For an input x (N×C×H×W):
 *  1. m = Σ_c x (N×1×H×W);
 *  2. c = 9·m − boxsum3×3(m), zero padding 1: the 3×3 convolution with the fixed kernel
 *     [[−1, −1, −1], [−1, 8, −1], [−1, −1, −1]];
 *  3. att = ReLU(BN(c)), then the one-pixel border of att is set to 0;
 *  4. out = x + att·x, the same weight for every channel.
 *
 * Counted: the fixed 3×3 convolution as 9 multiply-accumulates per pixel; element-wise the
 * channel sum (C per pixel), BatchNorm (2 per pixel), ReLU (1 per pixel) and att·x plus x
 * (2 per element of x).
 */
class UsamImpl : public torch::nn::Module
{
  public:
    UsamImpl()
        : bn(torch::nn::BatchNorm2dOptions(1)),
          m_kernel(torch::full({1, 1, 3, 3}, -1.0f))
    {
        register_module("bn", bn);
        m_kernel[0][0][1][1] = 8.0f; // not registered: a fixed kernel is no state
    }

    /**
     * @param x the input, N×C×H×W
     * @param cost where to count the operations, or null
     * @return the output, of x's shape
     */
    at::Tensor Forward(const at::Tensor& x, LayerCost* cost)
    {
        const at::Tensor m = x.sum(1, true);
        CountElementwise(cost, x, 1.0);
        const at::Tensor c = torch::conv2d(m, m_kernel, {}, 1, 1);
        if (cost)
        {
            cost->macs += static_cast<double>(c.numel()) * 9.0;
        }
        at::Tensor att = torch::relu(bn->forward(c));
        if (at::GradMode::is_enabled() && att.requires_grad())
        {
            att = att.clone(); // ReLU's backward needs its output as it was
        }
        CountElementwise(cost, att, 3.0);
        const int64_t h = att.size(2);
        const int64_t w = att.size(3);
        using torch::indexing::Slice;
        att.index_put_({Slice(), Slice(), 0, Slice()}, 0.0f);
        att.index_put_({Slice(), Slice(), h - 1, Slice()}, 0.0f);
        att.index_put_({Slice(), Slice(), Slice(), 0}, 0.0f);
        att.index_put_({Slice(), Slice(), Slice(), w - 1}, 0.0f);
        const at::Tensor out = torch::addcmul(x, att, x);
        CountElementwise(cost, out, 2.0);
        return out;
    }

    torch::nn::BatchNorm2d bn; //!< the learnable normalisation of the attention map

  private:
    at::Tensor m_kernel; //!< 8 at the centre, −1 around: 9·m − boxsum3×3(m)
};

/// The module holder of UsamImpl.
TORCH_MODULE(Usam);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_USAM_H
