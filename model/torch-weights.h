// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_TORCH_WEIGHTS_H
#define SAGIN_TORCH_WEIGHTS_H

// Weights files of the split models (a private header of the LibTorch part: it includes
// LibTorch).
//
// A weights file is what PyTorch writes with
//
//     torch.save(dict(model.state_dict()), path)
//
// a zip archive holding a pickled plain dict from parameter name (str) to tensor. Names are the
// dotted state-dict keys ("layer1.0.conv1.weight"); tensors are CPU tensors: floating point for
// parameters and running statistics (converted to the model's float32 on loading), int64 for
// BatchNorm's num_batches_tracked. LibTorch 1.13's torch::pickle_load reads such a dict, and
// Python's torch.load reads what WriteTensorFile writes (a c10::Dict<std::string, at::Tensor>
// through torch::pickle_save). The plain dict matters: torch.save(model.state_dict()) pickles an
// OrderedDict carrying a _metadata attribute, which torch::pickle_load of LibTorch 1.13 cannot
// read (it unpickles it as None); ReadTensorFile refuses it with a message that says to save
// dict(state_dict).
// A dict of a single entry cannot be read either (Python pickles it with the SETITEM opcode,
// which LibTorch 1.13's unpickler lacks); dicts of 2 or more entries (tested up to 1002) can.

#include <string>
#include <torch/torch.h>
#include <utility>
#include <vector>

namespace ns3
{
namespace sagin
{

/// Named tensors in order, as in a state dict.
using NamedTensors = std::vector<std::pair<std::string, at::Tensor>>;

/**
 * @param module a module
 * @return its parameters and buffers, named as PyTorch's state_dict() names them (a module's
 *         own parameters, then its own buffers, then its submodules' in registration order,
 *         joined with dots); the tensors are the module's own (not copies)
 */
NamedTensors GetStateDict(const torch::nn::Module& module);

/**
 * @param path a weights file
 * @return its named tensors, in the file's order
 * @throws std::runtime_error naming the file when it is missing, unreadable, truncated or
 *         corrupt, or not a dict from names to tensors
 */
NamedTensors ReadTensorFile(const std::string& path);

/**
 * @param path where to write
 * @param tensors the named tensors (copied to CPU)
 * @throws std::runtime_error naming the file when it cannot be written
 */
void WriteTensorFile(const std::string& path, const NamedTensors& tensors);

/**
 * @brief Write a module's state dict to a weights file.
 * @param module the module
 * @param path where to write
 * @throws std::runtime_error naming the file when it cannot be written
 */
void SaveStateDict(const torch::nn::Module& module, const std::string& path);

/**
 * @brief Replace a module's parameters and buffers with a weights file's.
 *
 * The file must name exactly the module's state-dict entries, each with the same shape, floating
 * point where the module's is floating point and integral where it is integral. Everything is
 * checked before anything is copied, so that the module is unchanged after a refusal.
 *
 * @param module the module
 * @param path the weights file
 * @throws std::runtime_error with one line naming the file and the first offending parameter
 *         (missing, unknown, wrong shape or wrong type), or the file's own problem
 */
void LoadStateDict(torch::nn::Module& module, const std::string& path);

/**
 * @brief LoadStateDict() from tensors already read (ReadTensorFile()).
 * @param module the module
 * @param file the file's named tensors
 * @param path the file, for messages
 * @throws std::runtime_error as LoadStateDict()
 */
void LoadStateDict(torch::nn::Module& module, const NamedTensors& file, const std::string& path);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_TORCH_WEIGHTS_H
