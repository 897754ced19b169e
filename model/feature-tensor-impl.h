// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_FEATURE_TENSOR_IMPL_H
#define SAGIN_FEATURE_TENSOR_IMPL_H

// The LibTorch side of FeatureTensor. Only the files that run networks include this header (it
// includes LibTorch, whose headers take seconds to compile); it is not installed with the public
// headers.

#include "feature-tensor.h"

#include <torch/torch.h>

namespace ns3
{
namespace sagin
{

/// The at::Tensor behind a FeatureTensor.
struct FeatureTensor::Impl
{
    at::Tensor tensor; //!< float32, CPU, contiguous
};

/**
 * @param tensor a LibTorch tensor
 * @return a FeatureTensor sharing its data (made float32, CPU and contiguous if it is not)
 */
inline FeatureTensor
WrapTensor(const at::Tensor& tensor)
{
    auto impl = std::make_shared<FeatureTensor::Impl>();
    impl->tensor = tensor.to(torch::kCPU, torch::kFloat32).contiguous();
    return FeatureTensor(impl);
}

/**
 * @param tensor a FeatureTensor
 * @return its at::Tensor (undefined for an empty one)
 */
inline at::Tensor
UnwrapTensor(const FeatureTensor& tensor)
{
    return tensor.IsEmpty() ? at::Tensor() : tensor.GetImpl()->tensor;
}

} // namespace sagin
} // namespace ns3

#endif // SAGIN_FEATURE_TENSOR_IMPL_H
