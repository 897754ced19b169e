// SPDX-License-Identifier: GPL-2.0-only

#include "feature-tensor.h"

#include "feature-tensor-impl.h"

#include <cstdlib>
#include <dlfcn.h>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{

/// @throws std::invalid_argument unless every size is positive
void
CheckShape(const char* function, const std::vector<int64_t>& shape)
{
    for (int64_t size : shape)
    {
        if (size <= 0)
        {
            std::ostringstream os;
            os << "FeatureTensor::" << function << ": dimension size " << size
               << " is not positive";
            throw std::invalid_argument(os.str());
        }
    }
}

/**
 * LibTorch runs its operators on its own OpenMP threads (at::set_num_threads). Debian's
 * LibTorch calls OpenBLAS for matrix products, and OpenBLAS's pthread build keeps a pool of
 * its own, one thread per core, which each of LibTorch's threads wakes: twice as many busy
 * threads as cores. On 2 cores that made the closed-box attack 2.4 times and a simulation
 * 1.2 times slower. When the library loads, OpenBLAS is kept to the thread that calls it,
 * unless OPENBLAS_NUM_THREADS says otherwise; LibTorch's threads still divide the work.
 */
struct SingleThreadedBlas
{
    SingleThreadedBlas()
    {
        if (std::getenv("OPENBLAS_NUM_THREADS") != nullptr)
        {
            return;
        }
        if (void* symbol = dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))
        {
            reinterpret_cast<void (*)(int)>(symbol)(1);
        }
    }
};

const SingleThreadedBlas g_singleThreadedBlas;

} // namespace

FeatureTensor::FeatureTensor() = default;

FeatureTensor::FeatureTensor(std::shared_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}

FeatureTensor
FeatureTensor::Zeros(const std::vector<int64_t>& shape)
{
    CheckShape("Zeros", shape);
    return WrapTensor(torch::zeros(shape, torch::kFloat32));
}

FeatureTensor
FeatureTensor::FromFloats(const std::vector<int64_t>& shape, const std::vector<float>& values)
{
    CheckShape("FromFloats", shape);
    int64_t count = 1;
    for (int64_t size : shape)
    {
        count *= size;
    }
    if (count != static_cast<int64_t>(values.size()))
    {
        throw std::invalid_argument("FeatureTensor::FromFloats: the shape holds " +
                                    std::to_string(count) + " elements, got " +
                                    std::to_string(values.size()) + " values");
    }
    return WrapTensor(torch::tensor(values, torch::kFloat32).reshape(shape).clone());
}

FeatureTensor
FeatureTensor::RandomNormal(const std::vector<int64_t>& shape, uint64_t seed)
{
    CheckShape("RandomNormal", shape);
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    return WrapTensor(at::normal(0.0, 1.0, shape, generator));
}

bool
FeatureTensor::IsEmpty() const
{
    return !m_impl || !m_impl->tensor.defined();
}

std::vector<int64_t>
FeatureTensor::GetShape() const
{
    if (IsEmpty())
    {
        return {};
    }
    auto sizes = m_impl->tensor.sizes();
    return std::vector<int64_t>(sizes.begin(), sizes.end());
}

int64_t
FeatureTensor::GetElementCount() const
{
    return IsEmpty() ? 0 : m_impl->tensor.numel();
}

std::string
FeatureTensor::GetShapeText() const
{
    std::string text;
    for (int64_t size : GetShape())
    {
        text += (text.empty() ? "" : "x") + std::to_string(size);
    }
    return text;
}

std::vector<float>
FeatureTensor::ToFloats() const
{
    if (IsEmpty())
    {
        return {};
    }
    const at::Tensor t = m_impl->tensor.contiguous();
    const float* data = t.data_ptr<float>();
    return std::vector<float>(data, data + t.numel());
}

double
FeatureTensor::MaxAbsDifference(const FeatureTensor& other) const
{
    if (GetShape() != other.GetShape())
    {
        throw std::invalid_argument("FeatureTensor::MaxAbsDifference: shapes " + GetShapeText() +
                                    " and " + other.GetShapeText() + " differ");
    }
    if (IsEmpty())
    {
        return 0.0;
    }
    return (m_impl->tensor - other.m_impl->tensor).abs().max().item<double>();
}

const std::shared_ptr<FeatureTensor::Impl>&
FeatureTensor::GetImpl() const
{
    return m_impl;
}

} // namespace sagin
} // namespace ns3
