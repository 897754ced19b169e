// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_TORCH_AGENT_H
#define SAGIN_TORCH_AGENT_H

// The parts the LibTorch learners share: layers initialised from an agent's own generator,
// states as tensors, sampling, reward centering and parameter files. Private to libsagin-torch.

#include <ATen/CPUGeneratorImpl.h>
#include <cstdint>
#include <iosfwd>
#include <random>
#include <torch/torch.h>
#include <vector>

namespace ns3
{
namespace sagin
{
namespace torchagent
{

/**
 * @param seed a seed
 * @return a CPU generator seeded with it, for an agent's initial weights
 */
at::Generator MakeGenerator(uint64_t seed);

/**
 * @brief A linear layer with PyTorch's default initialisation, U(−1/√in, 1/√in) for the
 *        weights and the biases, drawn from an agent's own generator (same seed, same weights).
 * @param in inputs
 * @param out outputs
 * @param generator the agent's generator
 * @return the layer
 */
torch::nn::Linear MakeLinear(int64_t in, int64_t out, at::Generator& generator);

/**
 * @param states states of equal size
 * @return a float tensor of shape (states, size)
 */
torch::Tensor StateBatch(const std::vector<const std::vector<float>*>& states);

/**
 * @param state a state
 * @return a float tensor of shape (1, size)
 */
torch::Tensor StateRow(const std::vector<float>& state);

/**
 * @param rng a generator
 * @return a uniform double in [0, 1) from its next 53 bits
 */
double Uniform01(std::mt19937_64& rng);

/**
 * @param probabilities a 1-D float tensor of probabilities
 * @param rng the agent's generator
 * @return an index drawn with those probabilities
 */
uint32_t SampleIndex(const torch::Tensor& probabilities, std::mt19937_64& rng);

/**
 * @param values a 1-D tensor
 * @return the index of its largest value, the first of equal ones
 */
uint32_t ArgMax(const torch::Tensor& values);

/**
 * @brief Reward centering: an exponential average r̄ of the rewards, subtracted from each, so
 *        that discounted values stay small and an episode's end can be bootstrapped.
 */
class RewardCenter
{
  public:
    /// @param rate step size of the average (0: no centering)
    explicit RewardCenter(double rate);

    /**
     * @param reward a reward
     * @return reward − r̄, with r̄ updated by it first (the first reward starts r̄)
     */
    double Center(double reward);

    /// @return r̄ (0 without centering or before the first reward)
    double GetMean() const;

    /// @param out where to write r̄
    void Save(std::ostream& out) const;

    /// @param in r̄ as Save() wrote it @throws std::invalid_argument when cut short
    void Load(std::istream& in);

  private:
    double m_rate;  //!< step size
    double m_mean;  //!< r̄
    bool m_started; //!< whether a reward was seen
};

/**
 * @brief Write tensors: their number, then each one's shape and float values.
 * @param out the stream
 * @param tensors the tensors
 */
void WriteTensors(std::ostream& out, const std::vector<torch::Tensor>& tensors);

/**
 * @brief Read tensors written by WriteTensors() into tensors of the same shapes.
 * @param in the stream
 * @param tensors the destination (their shapes are checked; they are changed only when all fit)
 * @param what what the tensors are, for messages
 * @throws std::invalid_argument naming the first mismatch
 */
void ReadTensors(std::istream& in, const std::vector<torch::Tensor>& tensors, const char* what);

/**
 * @brief Write an agent: its parameters, then r̄.
 * @param out the stream
 * @param parameters the parameters
 * @param center the reward centering
 */
void SaveAgent(std::ostream& out,
               const std::vector<torch::Tensor>& parameters,
               const RewardCenter& center);

/**
 * @brief Read an agent written by SaveAgent(): nothing changes unless all of it fits.
 * @param in the stream
 * @param parameters the parameters, overwritten
 * @param center the reward centering, overwritten
 * @param what what the parameters are, for messages
 * @throws std::invalid_argument naming the first mismatch
 */
void LoadAgent(std::istream& in,
               const std::vector<torch::Tensor>& parameters,
               RewardCenter& center,
               const char* what);

/**
 * @param values a tensor
 * @return its values as doubles, in order
 */
std::vector<double> ToVector(const torch::Tensor& values);

/**
 * @param modules modules
 * @return all their parameters, in order
 */
std::vector<torch::Tensor> Parameters(const std::vector<torch::nn::Module*>& modules);

} // namespace torchagent
} // namespace sagin
} // namespace ns3

#endif // SAGIN_TORCH_AGENT_H
