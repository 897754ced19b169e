// SPDX-License-Identifier: GPL-2.0-only

#include "torch-script-model.h"

#include "feature-tensor-impl.h"
#include "layer-cost.h"

#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <ATen/record_function.h>
#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <torch/script.h>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginTorchScriptModel");

NS_OBJECT_ENSURE_REGISTERED(TorchScriptModel);

/// The loaded module, its top-level children and their outputs on the probe input.
struct TorchScriptModel::Archive
{
    std::string file;                              //!< the archive's path
    uint32_t inputSizePx{0};                       //!< side of the probe input it was checked with
    torch::jit::Module module;                     //!< the whole module
    std::vector<std::string> names;                //!< the children's names, in order
    std::vector<torch::jit::Module> children;      //!< the children, in order
    std::vector<std::vector<int64_t>> probeShapes; //!< each child's output on the probe, batch 1
};

namespace
{

/// Seed of the probe input's generator.
constexpr uint64_t PROBE_SEED = 0;

/// Tolerance of the probe check, relative to 1 + the largest absolute output.
constexpr double PROBE_TOLERANCE = 1e-4;

/**
 * @param e an exception, possibly LibTorch's
 * @return its message on one line, without LibTorch's backtrace: the first line, or for an
 *         error inside the TorchScript interpreter (whose first line only says so, followed by
 *         the code's call stack) the last one, which holds the operator's own message
 */
std::string
ErrorText(const std::exception& e)
{
    const auto* c10Error = dynamic_cast<const c10::Error*>(&e);
    const std::string text = c10Error ? c10Error->what_without_backtrace() : e.what();
    std::vector<std::string> lines;
    std::istringstream is(text);
    for (std::string line; std::getline(is, line);)
    {
        if (line.find_first_not_of(" \t\r") != std::string::npos)
        {
            lines.push_back(line);
        }
    }
    if (lines.empty())
    {
        return text;
    }
    if (lines.size() > 1 && lines.front().find("TorchScript interpreter") != std::string::npos)
    {
        return lines.back();
    }
    return lines.front();
}

/**
 * @param shape tensor sizes
 * @return e.g. "64x3x7x7"
 */
std::string
ShapeText(c10::IntArrayRef shape)
{
    std::ostringstream os;
    for (size_t i = 0; i < shape.size(); ++i)
    {
        os << (i ? "x" : "") << shape[i];
    }
    return os.str();
}

/**
 * @param path a file
 * @return the TorchScript module in it, in eval mode
 * @throws std::runtime_error naming the file when it cannot be read or is not TorchScript
 */
torch::jit::Module
ReadArchive(const std::string& path)
{
    if (!std::ifstream(path, std::ios::binary))
    {
        throw std::runtime_error("TorchScriptModel: cannot open '" + path + "'");
    }
    try
    {
        torch::jit::Module module = torch::jit::load(path, torch::kCPU);
        module.eval();
        return module;
    }
    catch (const std::exception& e)
    {
        throw std::runtime_error("TorchScriptModel: '" + path +
                                 "' is not a TorchScript archive: " + ErrorText(e));
    }
}

/**
 * @param child a top-level child
 * @param x its input
 * @return its output
 * @throws std::runtime_error when it returns something other than a tensor (LibTorch's errors
 *         pass through)
 */
at::Tensor
RunChild(torch::jit::Module& child, const at::Tensor& x)
{
    c10::IValue y = child.forward({x});
    if (!y.isTensor())
    {
        throw std::runtime_error(std::string("it returns a ") + y.tagKind() + ", not a tensor");
    }
    return y.toTensor();
}

// ---------------------------------------------------------------------------------------------
// Counting the operators of a forward pass: LibTorch calls an observer around every ATen
// operator; the outermost calls on this thread are counted.

/// What the observer adds to, while a count is in progress on this thread.
struct OperatorCount
{
    LayerCost cost; //!< the counts so far
    int depth{0};   //!< operators in progress (1 inside an outermost operator)
};

/// The count in progress on this thread, or null.
thread_local OperatorCount* t_count = nullptr;

/// What the start of an operator call tells its end.
struct OperatorContext : public at::ObserverContext
{
    bool outermost{false};          //!< whether the call is counted
    double macsPerOutput{0};        //!< multiply-accumulates per output element
    double macs{0};                 //!< multiply-accumulates fixed at the start
    double elementwisePerOutput{0}; //!< element-wise operations per output element
};

/// Convolution operators: the input first, the weight second.
const std::string CONVOLUTIONS[] = {
    "aten::conv1d",
    "aten::conv2d",
    "aten::conv3d",
    "aten::convolution",
    "aten::_convolution",
    "aten::conv_transpose1d",
    "aten::conv_transpose2d",
    "aten::conv_transpose3d",
};

/// Operators that compute no values (views, shapes, copies, dropout at inference).
const char* const FREE_OPERATORS[] = {
    "aten::alias",   "aten::clone",      "aten::contiguous",      "aten::detach",
    "aten::dropout", "aten::expand",     "aten::feature_dropout", "aten::flatten",
    "aten::narrow",  "aten::permute",    "aten::reshape",         "aten::select",
    "aten::size",    "aten::slice",      "aten::squeeze",         "aten::t",
    "aten::to",      "aten::transpose",  "aten::unsqueeze",       "aten::view",
    "aten::empty",   "aten::empty_like", "aten::zeros",           "aten::ones",
};

/**
 * @param name an operator's name
 * @param inputs its arguments
 * @param context where to write how it is counted
 */
void
ClassifyOperator(const std::string& name,
                 c10::ArrayRef<const c10::IValue> inputs,
                 OperatorContext& context)
{
    auto tensor = [&inputs](size_t i) {
        return i < inputs.size() && inputs[i].isTensor() ? inputs[i].toTensor() : at::Tensor();
    };
    const bool convolution =
        std::find(std::begin(CONVOLUTIONS), std::end(CONVOLUTIONS), name) != std::end(CONVOLUTIONS);
    if (convolution)
    {
        // Weight: C_out × C_in/groups × k... (transposed: C_in × C_out/groups × k...).
        const at::Tensor input = tensor(0);
        const at::Tensor weight = tensor(1);
        if (!input.defined() || !weight.defined() || weight.dim() < 3)
        {
            context.elementwisePerOutput = 1;
            return;
        }
        const double perElement = static_cast<double>(weight.numel()) / weight.size(0);
        bool transposed = name.find("transpose") != std::string::npos;
        if ((name == "aten::convolution" || name == "aten::_convolution") && inputs.size() > 6 &&
            inputs[6].isBool())
        {
            transposed = inputs[6].toBool();
        }
        if (transposed)
        {
            context.macs = static_cast<double>(input.numel()) * perElement;
        }
        else
        {
            context.macsPerOutput = perElement;
        }
        return;
    }
    if (name == "aten::linear" && tensor(1).defined())
    {
        context.macsPerOutput = static_cast<double>(tensor(1).size(-1)); // weight: out × in
        return;
    }
    if (name == "aten::addmm" && tensor(1).defined())
    {
        context.macsPerOutput = static_cast<double>(tensor(1).size(-1)); // bias, m×k, k×n
        return;
    }
    if ((name == "aten::mm" || name == "aten::matmul" || name == "aten::bmm") &&
        tensor(0).defined())
    {
        context.macsPerOutput = static_cast<double>(tensor(0).size(-1));
        return;
    }
    for (const char* free : FREE_OPERATORS)
    {
        if (name == free)
        {
            return;
        }
    }
    // Normalisations scale and shift every element.
    const bool normalisation = name == "aten::batch_norm" || name == "aten::instance_norm" ||
                               name == "aten::layer_norm" || name == "aten::group_norm";
    context.elementwisePerOutput = normalisation ? 2 : 1;
}

/// @copydoc at::RecordFunctionCallback::StartCallback
std::unique_ptr<at::ObserverContext>
OnOperatorStart(const at::RecordFunction& call)
{
    if (!t_count)
    {
        return nullptr;
    }
    auto context = std::make_unique<OperatorContext>();
    context->outermost = t_count->depth++ == 0;
    if (context->outermost)
    {
        ClassifyOperator(call.name(), call.inputs(), *context);
    }
    return context;
}

/// @copydoc at::RecordFunctionCallback::EndCallback
void
OnOperatorEnd(const at::RecordFunction& call, at::ObserverContext* base)
{
    auto* context = static_cast<OperatorContext*>(base);
    if (!t_count || !context)
    {
        return;
    }
    --t_count->depth;
    if (!context->outermost)
    {
        return;
    }
    double outputs = 0;
    for (const auto& output : call.outputs())
    {
        if (output.isTensor())
        {
            outputs = static_cast<double>(output.toTensor().numel());
            break;
        }
    }
    t_count->cost.macs += context->macs + context->macsPerOutput * outputs;
    t_count->cost.elementwise += context->elementwisePerOutput * outputs;
}

/// Counts the operators that run on this thread while it exists.
class OperatorCounter
{
  public:
    /// @param count where to add the counts
    explicit OperatorCounter(OperatorCount& count)
        : m_previous(t_count)
    {
        t_count = &count;
        m_handle =
            at::addThreadLocalCallback(at::RecordFunctionCallback(&OnOperatorStart, &OnOperatorEnd)
                                           .needsInputs(true)
                                           .needsOutputs(true)
                                           .scopes({at::RecordScope::FUNCTION}));
    }

    ~OperatorCounter()
    {
        at::removeCallback(m_handle);
        t_count = m_previous;
    }

    OperatorCounter(const OperatorCounter&) = delete;
    OperatorCounter& operator=(const OperatorCounter&) = delete;

  private:
    OperatorCount* m_previous;   //!< the count this one interrupts, if any
    at::CallbackHandle m_handle; //!< the observer
};

} // namespace

TypeId
TorchScriptModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::TorchScriptModel")
            .SetParent<SplitModel>()
            .SetGroupName("Sagin")
            .AddConstructor<TorchScriptModel>()
            .AddAttribute("File",
                          "Path of the TorchScript archive (torch.jit.save of a scripted or "
                          "traced module whose top-level children run in sequence).",
                          StringValue(""),
                          MakeStringAccessor(&TorchScriptModel::m_file),
                          MakeStringChecker())
            .AddAttribute("InputSize",
                          "Side of the 1x3xSxS probe input that checks the archive when it is "
                          "loaded, in pixels.",
                          UintegerValue(224),
                          MakeUintegerAccessor(&TorchScriptModel::m_inputSizePx),
                          MakeUintegerChecker<uint32_t>(1, 4096));
    return tid;
}

TorchScriptModel::TorchScriptModel()
    : m_inputSizePx(224)
{
    NS_LOG_FUNCTION(this);
}

TorchScriptModel::~TorchScriptModel()
{
    NS_LOG_FUNCTION(this);
}

void
TorchScriptModel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_archive.reset();
    SplitModel::DoDispose();
}

std::string
TorchScriptModel::GetFile() const
{
    return m_file;
}

void
TorchScriptModel::Load()
{
    NS_LOG_FUNCTION(this);
    GetArchive();
}

TorchScriptModel::Archive&
TorchScriptModel::GetArchive() const
{
    if (m_archive && m_archive->file == m_file && m_archive->inputSizePx == m_inputSizePx)
    {
        return *m_archive;
    }
    if (m_file.empty())
    {
        throw std::runtime_error("TorchScriptModel: the File attribute names no archive");
    }
    auto archive = std::make_unique<Archive>();
    archive->file = m_file;
    archive->inputSizePx = m_inputSizePx;
    archive->module = ReadArchive(m_file);
    const std::string where = "TorchScriptModel: '" + m_file + "': ";
    for (const auto& child : archive->module.named_children())
    {
        if (!child.value.find_method("forward"))
        {
            throw std::runtime_error(where + "top-level child '" + child.name +
                                     "' has no forward method");
        }
        archive->names.push_back(child.name);
        archive->children.push_back(child.value);
    }
    if (archive->children.empty())
    {
        throw std::runtime_error(where + "the module has no top-level children to split at");
    }

    // The probe: the children in sequence must reproduce the module's forward.
    const std::string rule = " (export the model as an nn.Sequential of its layers, each step "
                             "of its forward a child of its own, e.g. an nn.Flatten before a "
                             "Linear)";
    const int64_t side = m_inputSizePx;
    torch::NoGradGuard noGrad;
    const at::Tensor probe =
        UnwrapTensor(FeatureTensor::RandomNormal({1, 3, side, side}, PROBE_SEED));
    at::Tensor expected;
    try
    {
        c10::IValue y = archive->module.forward({probe});
        if (!y.isTensor())
        {
            throw std::runtime_error(std::string("it returns a ") + y.tagKind() + ", not a tensor");
        }
        expected = y.toTensor();
    }
    catch (const std::exception& e)
    {
        throw std::runtime_error(where + "its forward fails on the 1x3x" + std::to_string(side) +
                                 "x" + std::to_string(side) + " probe input: " + ErrorText(e));
    }
    at::Tensor x = probe;
    for (size_t i = 0; i < archive->children.size(); ++i)
    {
        try
        {
            x = RunChild(archive->children[i], x);
        }
        catch (const std::exception& e)
        {
            throw std::runtime_error(where +
                                     "its top-level children do not run in sequence: "
                                     "child '" +
                                     archive->names[i] +
                                     "' fails on the output of the ones "
                                     "before: " +
                                     ErrorText(e) + rule);
        }
        archive->probeShapes.push_back(x.sizes().slice(1).vec());
    }
    if (!x.sizes().equals(expected.sizes()))
    {
        throw std::runtime_error(where + "its top-level children in sequence give a " +
                                 ShapeText(x.sizes()) + " tensor, its forward a " +
                                 ShapeText(expected.sizes()) + " one" + rule);
    }
    const double scale = expected.numel() ? expected.abs().max().item<double>() : 0.0;
    const double difference = x.numel() ? (x - expected).abs().max().item<double>() : 0.0;
    if (!(difference <= PROBE_TOLERANCE * (1.0 + scale)))
    {
        std::ostringstream os;
        os << where << "its top-level children in sequence do not reproduce its forward (largest "
           << "difference " << difference << " for outputs up to " << scale << ")" << rule;
        throw std::runtime_error(os.str());
    }
    NS_LOG_INFO("loaded " << m_file << " with " << archive->children.size() << " split points");
    m_archive = std::move(archive);
    return *m_archive;
}

void
TorchScriptModel::CheckSplit(uint32_t split, const char* where) const
{
    const uint32_t n = GetNSplitPoints();
    if (split >= n)
    {
        throw std::invalid_argument(std::string("TorchScriptModel::") + where + ": split point " +
                                    std::to_string(split) + " is beyond the last one (" +
                                    std::to_string(n - 1) + ") of '" + m_file + "'");
    }
}

uint32_t
TorchScriptModel::GetNSplitPoints() const
{
    return static_cast<uint32_t>(GetArchive().children.size());
}

std::string
TorchScriptModel::GetSplitPointName(uint32_t split) const
{
    const Archive& archive = GetArchive();
    if (split >= archive.names.size())
    {
        throw std::out_of_range("TorchScriptModel::GetSplitPointName: split point " +
                                std::to_string(split) + " is beyond the last one (" +
                                std::to_string(archive.names.size() - 1) + ") of '" + m_file + "'");
    }
    return archive.names[split];
}

namespace
{

/**
 * @param images what a caller passed as images
 * @param where the method, for the message
 * @throws std::invalid_argument unless they are N×3×H×W
 */
void
CheckImages(const at::Tensor& images, const char* where)
{
    if (!images.defined() || images.dim() != 4 || images.size(1) != 3)
    {
        throw std::invalid_argument(std::string("TorchScriptModel::") + where +
                                    ": images must be Nx3xHxW, not " +
                                    (images.defined() ? ShapeText(images.sizes()) : "empty"));
    }
}

/**
 * @param children a module's top-level children
 * @param names their names
 * @param file the archive, for the message
 * @param x the input of child @p first
 * @param first the first child to run
 * @param end one past the last child to run
 * @param where the method, for the message
 * @return the output of child @p end - 1 (@p x when there is none)
 * @throws std::invalid_argument naming the child that fails
 */
at::Tensor
RunChildren(std::vector<torch::jit::Module>& children,
            const std::vector<std::string>& names,
            const std::string& file,
            at::Tensor x,
            size_t first,
            size_t end,
            const char* where)
{
    torch::NoGradGuard noGrad;
    for (size_t i = first; i < end; ++i)
    {
        try
        {
            x = RunChild(children[i], x);
        }
        catch (const std::exception& e)
        {
            throw std::invalid_argument(std::string("TorchScriptModel::") + where + ": child '" +
                                        names[i] + "' of '" + file + "' fails: " + ErrorText(e));
        }
    }
    return x;
}

} // namespace

FeatureTensor
TorchScriptModel::Head(const FeatureTensor& images, uint32_t split)
{
    NS_LOG_FUNCTION(this << split);
    Archive& archive = GetArchive();
    CheckSplit(split, "Head");
    at::Tensor x = UnwrapTensor(images);
    CheckImages(x, "Head");
    return WrapTensor(
        RunChildren(archive.children, archive.names, m_file, x, 0, split + 1, "Head"));
}

FeatureTensor
TorchScriptModel::Tail(const FeatureTensor& features, uint32_t split)
{
    NS_LOG_FUNCTION(this << split);
    Archive& archive = GetArchive();
    CheckSplit(split, "Tail");
    at::Tensor x = UnwrapTensor(features);
    const auto& probe = archive.probeShapes[split];
    // The rank and the channels (the second dimension of N×C×...) do not depend on the image
    // size; the other dimensions may.
    if (!x.defined() || x.dim() != static_cast<int64_t>(probe.size()) + 1 ||
        (probe.size() >= 3 && x.size(1) != probe[0]))
    {
        throw std::invalid_argument(
            "TorchScriptModel::Tail: features at split point " + std::to_string(split) + " ('" +
            archive.names[split] + "') must be Nx" + ShapeText(probe) + " (spatial sizes may " +
            "differ), not " + (x.defined() ? ShapeText(x.sizes()) : "empty"));
    }
    return WrapTensor(RunChildren(archive.children,
                                  archive.names,
                                  m_file,
                                  x,
                                  split + 1,
                                  archive.children.size(),
                                  "Tail"));
}

FeatureTensor
TorchScriptModel::Forward(const FeatureTensor& images)
{
    NS_LOG_FUNCTION(this);
    Archive& archive = GetArchive();
    at::Tensor x = UnwrapTensor(images);
    CheckImages(x, "Forward");
    torch::NoGradGuard noGrad;
    try
    {
        return WrapTensor(archive.module.forward({x}).toTensor());
    }
    catch (const std::exception& e)
    {
        throw std::invalid_argument("TorchScriptModel::Forward: '" + m_file +
                                    "' fails: " + ErrorText(e));
    }
}

std::vector<SplitPointProfile>
TorchScriptModel::DoGetProfile(uint32_t inputSize)
{
    NS_LOG_FUNCTION(this << inputSize);
    Archive& archive = GetArchive();
    if (inputSize == 0)
    {
        throw std::invalid_argument("TorchScriptModel::GetProfile: the input size is 0");
    }
    const int64_t side = inputSize;
    at::Tensor x = UnwrapTensor(FeatureTensor::RandomNormal({1, 3, side, side}, PROBE_SEED));
    torch::NoGradGuard noGrad;
    std::vector<SplitPointProfile> profile;
    LayerCost total;
    for (size_t i = 0; i < archive.children.size(); ++i)
    {
        OperatorCount count;
        try
        {
            OperatorCounter counter(count);
            x = RunChild(archive.children[i], x);
        }
        catch (const std::exception& e)
        {
            throw std::invalid_argument("TorchScriptModel::GetProfile: child '" + archive.names[i] +
                                        "' of '" + m_file + "' fails on a 1x3x" +
                                        std::to_string(side) + "x" + std::to_string(side) +
                                        " input: " + ErrorText(e));
        }
        total = total + count.cost;
        SplitPointProfile point;
        point.split = static_cast<uint32_t>(i);
        point.name = archive.names[i];
        point.shape = x.sizes().slice(1).vec();
        point.elements = x.numel();
        point.bytesFp32 = static_cast<uint64_t>(x.numel()) * sizeof(float);
        point.headMacs = total.macs;
        point.headElementwise = total.elementwise;
        profile.push_back(point);
    }
    for (auto& point : profile)
    {
        point.tailMacs = total.macs - point.headMacs;
        point.tailElementwise = total.elementwise - point.headElementwise;
    }
    return profile;
}

void
TorchScriptModel::LoadWeights(const std::string& path)
{
    NS_LOG_FUNCTION(this << path);
    Archive& archive = GetArchive();
    torch::jit::Module other = ReadArchive(path);
    const std::string where = "TorchScriptModel::LoadWeights: '" + path + "'";

    // Every parameter and buffer by name, with what it is.
    struct Entry
    {
        const char* kind;
        at::Tensor value;
    };

    auto collect = [](const torch::jit::Module& module) {
        std::vector<std::pair<std::string, Entry>> entries;
        for (const auto& p : module.named_parameters())
        {
            entries.push_back({p.name, Entry{"parameter", p.value}});
        }
        for (const auto& b : module.named_buffers())
        {
            entries.push_back({b.name, Entry{"buffer", b.value}});
        }
        return entries;
    };
    const auto ours = collect(archive.module);
    const auto theirsList = collect(other);
    const std::map<std::string, Entry> theirs(theirsList.begin(), theirsList.end());
    std::map<std::string, bool> known;
    for (const auto& [name, entry] : ours)
    {
        known[name] = true;
        const auto it = theirs.find(name);
        if (it == theirs.end())
        {
            throw std::runtime_error(where + " has no " + entry.kind + " '" + name + "'");
        }
        if (!it->second.value.sizes().equals(entry.value.sizes()))
        {
            throw std::runtime_error(where + ": " + entry.kind + " '" + name + "' is " +
                                     ShapeText(it->second.value.sizes()) + " there but " +
                                     ShapeText(entry.value.sizes()) + " in '" + m_file + "'");
        }
    }
    for (const auto& [name, entry] : theirsList)
    {
        if (!known.count(name))
        {
            throw std::runtime_error(where + " has a " + entry.kind + " '" + name + "' that '" +
                                     m_file + "' lacks");
        }
    }
    torch::NoGradGuard noGrad;
    for (const auto& [name, entry] : ours)
    {
        entry.value.copy_(theirs.at(name).value);
    }
}

void
TorchScriptModel::SaveWeights(const std::string& path) const
{
    NS_LOG_FUNCTION(this << path);
    const Archive& archive = GetArchive();
    if (!std::ofstream(path, std::ios::binary))
    {
        throw std::runtime_error("TorchScriptModel::SaveWeights: cannot write '" + path + "'");
    }
    try
    {
        archive.module.save(path);
    }
    catch (const std::exception& e)
    {
        throw std::runtime_error("TorchScriptModel::SaveWeights: cannot write '" + path +
                                 "': " + ErrorText(e));
    }
}

} // namespace sagin
} // namespace ns3
