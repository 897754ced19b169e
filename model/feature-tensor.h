// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_FEATURE_TENSOR_H
#define SAGIN_FEATURE_TENSOR_H

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
 * @brief A real LibTorch tensor (float32, CPU) behind a header that does not include LibTorch.
 *
 * Images, intermediate features and embeddings travel through sagin's public interfaces as
 * FeatureTensor: a cheap handle (copies share the data, like at::Tensor) to an at::Tensor. Code
 * that runs networks reaches the at::Tensor through feature-tensor-impl.h (the only headers that
 * include LibTorch), so that the rest of sagin compiles without LibTorch's headers.
 */
class FeatureTensor
{
  public:
    /// The LibTorch side of a tensor (defined in feature-tensor-impl.h).
    struct Impl;

    /// An empty tensor (no data).
    FeatureTensor();

    /**
     * @param impl the LibTorch side
     */
    explicit FeatureTensor(std::shared_ptr<Impl> impl);

    /**
     * @param shape the sizes of the dimensions, each > 0
     * @return a float32 tensor of zeros
     * @throws std::invalid_argument for a size that is not positive
     */
    static FeatureTensor Zeros(const std::vector<int64_t>& shape);

    /**
     * @param shape the sizes of the dimensions, each > 0
     * @param values the elements in row-major order, as many as the shape holds
     * @return a float32 tensor with a copy of the values
     * @throws std::invalid_argument when the shape and the number of values disagree
     */
    static FeatureTensor FromFloats(const std::vector<int64_t>& shape,
                                    const std::vector<float>& values);

    /**
     * @param shape the sizes of the dimensions, each > 0
     * @param seed the seed of the generator
     * @return a float32 tensor of standard normal values, the same for the same seed
     */
    static FeatureTensor RandomNormal(const std::vector<int64_t>& shape, uint64_t seed);

    /// @return whether the tensor has no data
    bool IsEmpty() const;
    /// @return the sizes of the dimensions (empty for an empty tensor)
    std::vector<int64_t> GetShape() const;
    /// @return the number of elements (0 for an empty tensor)
    int64_t GetElementCount() const;
    /// @return the shape as text, e.g. "64x192x192" (the batch dimension included if any)
    std::string GetShapeText() const;
    /// @return a copy of the elements in row-major order, as float32
    std::vector<float> ToFloats() const;

    /**
     * @param other a tensor of the same shape
     * @return the largest absolute difference between corresponding elements
     * @throws std::invalid_argument when the shapes differ
     */
    double MaxAbsDifference(const FeatureTensor& other) const;

    /// @return the LibTorch side (null for an empty tensor)
    const std::shared_ptr<Impl>& GetImpl() const;

  private:
    std::shared_ptr<Impl> m_impl; //!< the LibTorch side
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_FEATURE_TENSOR_H
