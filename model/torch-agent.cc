// SPDX-License-Identifier: GPL-2.0-only

#include "torch-agent.h"

#include <cmath>
#include <istream>
#include <ostream>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{
namespace torchagent
{

at::Generator
MakeGenerator(uint64_t seed)
{
    return at::make_generator<at::CPUGeneratorImpl>(seed);
}

torch::nn::Linear
MakeLinear(int64_t in, int64_t out, at::Generator& generator)
{
    torch::nn::Linear layer(in, out);
    const double bound = 1.0 / std::sqrt(static_cast<double>(in));
    torch::NoGradGuard noGrad;
    layer->weight.uniform_(-bound, bound, generator);
    layer->bias.uniform_(-bound, bound, generator);
    return layer;
}

torch::Tensor
StateBatch(const std::vector<const std::vector<float>*>& states)
{
    const int64_t rows = static_cast<int64_t>(states.size());
    const int64_t size = rows > 0 ? static_cast<int64_t>(states.front()->size()) : 0;
    torch::Tensor batch = torch::empty({rows, size}, torch::kFloat32);
    float* data = batch.data_ptr<float>();
    for (const auto* state : states)
    {
        data = std::copy(state->begin(), state->end(), data);
    }
    return batch;
}

torch::Tensor
StateRow(const std::vector<float>& state)
{
    return StateBatch({&state});
}

double
Uniform01(std::mt19937_64& rng)
{
    return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

uint32_t
SampleIndex(const torch::Tensor& probabilities, std::mt19937_64& rng)
{
    const torch::Tensor p = probabilities.to(torch::kFloat64).contiguous();
    const double* values = p.data_ptr<double>();
    const int64_t n = p.numel();
    double total = 0;
    for (int64_t i = 0; i < n; ++i)
    {
        total += values[i];
    }
    const double u = Uniform01(rng) * total;
    double sum = 0;
    for (int64_t i = 0; i < n; ++i)
    {
        sum += values[i];
        if (u < sum)
        {
            return static_cast<uint32_t>(i);
        }
    }
    return static_cast<uint32_t>(n - 1);
}

uint32_t
ArgMax(const torch::Tensor& values)
{
    const torch::Tensor v = values.to(torch::kFloat32).contiguous();
    const float* data = v.data_ptr<float>();
    uint32_t best = 0;
    for (int64_t i = 1; i < v.numel(); ++i)
    {
        if (data[i] > data[best])
        {
            best = static_cast<uint32_t>(i);
        }
    }
    return best;
}

RewardCenter::RewardCenter(double rate)
    : m_rate(rate),
      m_mean(0),
      m_started(false)
{
}

double
RewardCenter::Center(double reward)
{
    if (m_rate <= 0)
    {
        return reward;
    }
    m_mean = m_started ? m_mean + m_rate * (reward - m_mean) : reward;
    m_started = true;
    return reward - m_mean;
}

double
RewardCenter::GetMean() const
{
    return m_rate > 0 && m_started ? m_mean : 0.0;
}

void
RewardCenter::Save(std::ostream& out) const
{
    const uint8_t started = m_started ? 1 : 0;
    out.write(reinterpret_cast<const char*>(&m_mean), sizeof(m_mean));
    out.write(reinterpret_cast<const char*>(&started), sizeof(started));
}

void
RewardCenter::Load(std::istream& in)
{
    double mean = 0;
    uint8_t started = 0;
    in.read(reinterpret_cast<char*>(&mean), sizeof(mean));
    in.read(reinterpret_cast<char*>(&started), sizeof(started));
    if (!in || started > 1 || !std::isfinite(mean))
    {
        throw std::invalid_argument("the average reward is missing or not a number");
    }
    m_mean = mean;
    m_started = started == 1;
}

void
WriteTensors(std::ostream& out, const std::vector<torch::Tensor>& tensors)
{
    const uint32_t count = static_cast<uint32_t>(tensors.size());
    out.write(reinterpret_cast<const char*>(&count), sizeof(count));
    for (const auto& tensor : tensors)
    {
        const torch::Tensor values = tensor.detach().to(torch::kFloat32).contiguous();
        const uint32_t dims = static_cast<uint32_t>(values.dim());
        out.write(reinterpret_cast<const char*>(&dims), sizeof(dims));
        for (int64_t size : values.sizes())
        {
            out.write(reinterpret_cast<const char*>(&size), sizeof(size));
        }
        out.write(reinterpret_cast<const char*>(values.data_ptr<float>()),
                  static_cast<std::streamsize>(values.numel() * sizeof(float)));
    }
}

void
ReadTensors(std::istream& in, const std::vector<torch::Tensor>& tensors, const char* what)
{
    uint32_t count = 0;
    in.read(reinterpret_cast<char*>(&count), sizeof(count));
    if (!in || count != tensors.size())
    {
        throw std::invalid_argument(std::string(what) + " with " + std::to_string(count) +
                                    " tensors where " + std::to_string(tensors.size()) +
                                    " are needed");
    }
    std::vector<torch::Tensor> read;
    for (uint32_t i = 0; i < count; ++i)
    {
        uint32_t dims = 0;
        in.read(reinterpret_cast<char*>(&dims), sizeof(dims));
        std::vector<int64_t> sizes(dims > 8 ? 0 : dims);
        if (in && dims <= 8)
        {
            in.read(reinterpret_cast<char*>(sizes.data()),
                    static_cast<std::streamsize>(dims * sizeof(int64_t)));
        }
        if (!in || dims > 8 || sizes != tensors[i].sizes().vec())
        {
            throw std::invalid_argument(std::string(what) + ": tensor " + std::to_string(i) +
                                        " has another shape than the network's");
        }
        torch::Tensor values = torch::empty(sizes, torch::kFloat32);
        in.read(reinterpret_cast<char*>(values.data_ptr<float>()),
                static_cast<std::streamsize>(values.numel() * sizeof(float)));
        if (!in)
        {
            throw std::invalid_argument(std::string(what) + ": tensor " + std::to_string(i) +
                                        " is cut short");
        }
        if (!torch::isfinite(values).all().item<bool>())
        {
            throw std::invalid_argument(std::string(what) + ": tensor " + std::to_string(i) +
                                        " holds values that are not finite");
        }
        read.push_back(values);
    }
    torch::NoGradGuard noGrad;
    for (uint32_t i = 0; i < count; ++i)
    {
        tensors[i].copy_(read[i]);
    }
}

void
SaveAgent(std::ostream& out,
          const std::vector<torch::Tensor>& parameters,
          const RewardCenter& center)
{
    WriteTensors(out, parameters);
    center.Save(out);
}

void
LoadAgent(std::istream& in,
          const std::vector<torch::Tensor>& parameters,
          RewardCenter& center,
          const char* what)
{
    std::vector<torch::Tensor> copies;
    for (const auto& parameter : parameters)
    {
        copies.push_back(parameter.detach().clone());
    }
    ReadTensors(in, copies, what);
    RewardCenter loaded = center;
    loaded.Load(in);
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < parameters.size(); ++i)
    {
        parameters[i].copy_(copies[i]);
    }
    center = loaded;
}

std::vector<double>
ToVector(const torch::Tensor& values)
{
    const torch::Tensor v = values.detach().to(torch::kFloat64).contiguous();
    return std::vector<double>(v.data_ptr<double>(), v.data_ptr<double>() + v.numel());
}

std::vector<torch::Tensor>
Parameters(const std::vector<torch::nn::Module*>& modules)
{
    std::vector<torch::Tensor> parameters;
    for (auto* module : modules)
    {
        for (const auto& parameter : module->parameters())
        {
            parameters.push_back(parameter);
        }
    }
    return parameters;
}

} // namespace torchagent
} // namespace sagin
} // namespace ns3
