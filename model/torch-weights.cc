// SPDX-License-Identifier: GPL-2.0-only

#include "torch-weights.h"

#include "input-file.h"

#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{

/// What a file that is not a plain dict gets told.
const std::string NOT_A_DICT = "not a plain dict from names to tensors (save it from Python with "
                               "torch.save(dict(model.state_dict()), path))";

/**
 * @param module a module
 * @param prefix the names' prefix ("" or "name.")
 * @param out where to append the named tensors
 */
void
CollectStateDict(const torch::nn::Module& module, const std::string& prefix, NamedTensors& out)
{
    for (const auto& item : module.named_parameters(false))
    {
        out.emplace_back(prefix + item.key(), item.value());
    }
    for (const auto& item : module.named_buffers(false))
    {
        out.emplace_back(prefix + item.key(), item.value());
    }
    for (const auto& child : module.named_children())
    {
        CollectStateDict(*child.value(), prefix + child.key() + ".", out);
    }
}

/**
 * @param path a file
 * @param what what is wrong
 * @return the error "weights file 'PATH': WHAT"
 */
std::runtime_error
FileError(const std::string& path, const std::string& what)
{
    return std::runtime_error("weights file '" + path + "': " + what);
}

/**
 * @param sizes a tensor's sizes
 * @return them as text, e.g. "[64, 3, 7, 7]"
 */
std::string
SizesText(at::IntArrayRef sizes)
{
    std::ostringstream os;
    os << sizes;
    return os.str();
}

} // namespace

NamedTensors
GetStateDict(const torch::nn::Module& module)
{
    NamedTensors out;
    CollectStateDict(module, "", out);
    return out;
}

NamedTensors
ReadTensorFile(const std::string& path)
{
    if (const std::string why = ExplainNotRegularFile(path); !why.empty())
    {
        throw FileError(path, why);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw FileError(path, "cannot be opened");
    }
    const std::vector<char> data((std::istreambuf_iterator<char>(in)),
                                 std::istreambuf_iterator<char>());
    if (in.bad())
    {
        throw FileError(path, "cannot be read");
    }
    c10::IValue value;
    try
    {
        value = torch::pickle_load(data);
    }
    catch (const std::exception& e)
    {
        // LibTorch's messages run over many lines (with a stack trace): keep the first.
        std::string message = e.what();
        message = message.substr(0, message.find('\n'));
        if (message.find("Unknown opcode for unpickling at 0x73") != std::string::npos)
        {
            // Python pickles the item of a one-entry dict with SETITEM, which LibTorch
            // 1.13's unpickler does not know (it knows SETITEMS, used for more entries).
            throw FileError(path,
                            "holds a dict of 1 entry, which LibTorch 1.13 cannot read (pickle's "
                            "SETITEM): save at least 2 entries");
        }
        if (message.find("Expected GenericDict but got None") != std::string::npos)
        {
            // The OrderedDict of state_dict(), with its _metadata attribute.
            throw FileError(path, NOT_A_DICT);
        }
        throw FileError(path,
                        "not a readable PyTorch zip archive (truncated or corrupt?): " + message);
    }
    if (!value.isGenericDict())
    {
        throw FileError(path, "holds a " + value.tagKind() + ", " + NOT_A_DICT);
    }
    NamedTensors out;
    for (const auto& entry : value.toGenericDict())
    {
        if (!entry.key().isString())
        {
            throw FileError(path, "a key is a " + entry.key().tagKind() + ", not a string");
        }
        const std::string& name = entry.key().toStringRef();
        if (!entry.value().isTensor())
        {
            throw FileError(path,
                            "'" + name + "' is a " + entry.value().tagKind() + ", not a tensor");
        }
        out.emplace_back(name, entry.value().toTensor());
    }
    return out;
}

void
WriteTensorFile(const std::string& path, const NamedTensors& tensors)
{
    c10::Dict<std::string, at::Tensor> dict;
    for (const auto& [name, tensor] : tensors)
    {
        dict.insert(name, tensor.detach().to(torch::kCPU).contiguous());
    }
    const std::vector<char> data = torch::pickle_save(c10::IValue(dict));
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.close();
    if (!out)
    {
        throw FileError(path, "cannot be written");
    }
}

void
SaveStateDict(const torch::nn::Module& module, const std::string& path)
{
    WriteTensorFile(path, GetStateDict(module));
}

void
LoadStateDict(torch::nn::Module& module, const std::string& path)
{
    LoadStateDict(module, ReadTensorFile(path), path);
}

void
LoadStateDict(torch::nn::Module& module, const NamedTensors& file, const std::string& path)
{
    std::map<std::string, at::Tensor> byName;
    for (const auto& [name, tensor] : file)
    {
        byName.emplace(name, tensor);
    }
    const NamedTensors own = GetStateDict(module);
    std::map<std::string, bool> ownNames;
    for (const auto& [name, tensor] : own)
    {
        ownNames.emplace(name, true);
        const auto found = byName.find(name);
        if (found == byName.end())
        {
            throw FileError(path, "parameter '" + name + "' is missing");
        }
        const at::Tensor& value = found->second;
        if (value.sizes() != tensor.sizes())
        {
            throw FileError(path,
                            "parameter '" + name + "' has shape " + SizesText(value.sizes()) +
                                ", the model's is " + SizesText(tensor.sizes()));
        }
        if (value.is_floating_point() != tensor.is_floating_point() || value.is_complex() ||
            value.scalar_type() == torch::kBool)
        {
            throw FileError(path,
                            "parameter '" + name + "' has type " +
                                std::string(c10::toString(value.scalar_type())) +
                                ", the model's is " +
                                std::string(c10::toString(tensor.scalar_type())));
        }
    }
    for (const auto& [name, tensor] : file)
    {
        if (ownNames.count(name) == 0)
        {
            throw FileError(path, "parameter '" + name + "' is unknown to the model");
        }
    }
    // Every entry checked: now copy.
    torch::NoGradGuard noGrad;
    for (auto& [name, tensor] : own)
    {
        tensor.copy_(byName.at(name));
    }
}

} // namespace sagin
} // namespace ns3
