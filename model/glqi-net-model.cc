// SPDX-License-Identifier: GPL-2.0-only

#include "glqi-net-model.h"

#include "feature-tensor-impl.h"
#include "input-file.h"
#include "layer-cost.h"
#include "split-model-training.h"

#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginGlqiNetModel");

NS_OBJECT_ENSURE_REGISTERED(GlqiNetModel);

namespace
{

/// Blocks per ConvNeXt-Tiny stage.
constexpr int64_t STAGE_DEPTHS[] = {3, 3, 9, 3};
/// Channels per ConvNeXt-Tiny stage.
constexpr int64_t STAGE_DIMS[] = {96, 192, 384, 768};
/// Stages of the backbone.
constexpr uint32_t N_STAGES = 4;
/// Split points: after the stem and after each stage.
constexpr const char* SPLIT_NAMES[] = {"stem", "stage1", "stage2", "stage3", "stage4"};
/// Number of split points.
constexpr uint32_t N_SPLITS = 5;
/// Segments of a forward pass: the stem, the four stages, the QIM/IGLAM/classifier tail.
constexpr uint32_t N_SEGMENTS = N_SPLITS + 1;
/// Overall down-sampling of the backbone: stem 4, three downsampling layers 2 each.
constexpr uint32_t BACKBONE_STRIDE = 32;
/// Directions of the Quadrant Insight Module.
constexpr int64_t N_DIRECTIONS = 4;
/// Epsilon of ConvNeXt's LayerNorms.
constexpr double LAYER_NORM_EPS = 1e-6;
/// Initial value of the layer scale.
constexpr double LAYER_SCALE_INIT = 1e-6;
/// Standard deviation of the truncated normal initialisation of the backbone and attention.
constexpr double INIT_STD = 0.02;
/// Standard deviation of the training-time classifier's initialisation.
constexpr double FC_INIT_STD = 0.001;
/// Dropout of the classifier blocks (training only).
constexpr double DROPOUT = 0.5;
/// Element-wise operations per element of a LayerNorm: mean and variance, normalise, scale,
/// shift.
constexpr double LAYER_NORM_OPS = 5;
/// Element-wise operations per element of a softmax: exponential, sum, division.
constexpr double SOFTMAX_OPS = 3;
/// Element-wise operations per element of an inference BatchNorm: scale and shift.
constexpr double BATCH_NORM_OPS = 2;

/**
 * @param a a matrix (batch)
 * @param b another
 * @param cost where to add the multiply-accumulates (elements of the product × inner size),
 *        or null
 * @return a·b
 */
at::Tensor
CountedMatmul(const at::Tensor& a, const at::Tensor& b, LayerCost* cost)
{
    at::Tensor y = torch::matmul(a, b);
    if (cost)
    {
        cost->macs += static_cast<double>(y.numel()) * a.size(-1);
    }
    return y;
}

/**
 * @param norm a LayerNorm over the last dimension
 * @param x its input
 * @param cost where to add its element-wise operations, or null
 * @return its output
 */
at::Tensor
CountedLayerNorm(torch::nn::LayerNorm& norm, const at::Tensor& x, LayerCost* cost)
{
    at::Tensor y = norm->forward(x);
    CountElementwise(cost, y, LAYER_NORM_OPS);
    return y;
}

/**
 * @param norm a LayerNorm over the channels
 * @param x N×C×H×W
 * @param cost where to add its element-wise operations, or null
 * @return the normalised N×C×H×W
 */
at::Tensor
ChannelsFirstLayerNorm(torch::nn::LayerNorm& norm, const at::Tensor& x, LayerCost* cost)
{
    return CountedLayerNorm(norm, x.permute({0, 2, 3, 1}), cost).permute({0, 3, 1, 2});
}

/**
 * @param generator the generator to draw from
 * @param tensor filled in place with normal values of standard deviation @p std, values beyond
 *        two standard deviations drawn again
 * @param std the standard deviation
 */
void
FillTruncatedNormal(at::Generator& generator, at::Tensor& tensor, double std)
{
    at::Tensor values = at::normal(0.0, std, tensor.sizes(), generator);
    at::Tensor outside = values.abs() > 2 * std;
    while (outside.any().item<bool>())
    {
        const int64_t count = outside.sum().item<int64_t>();
        values.masked_scatter_(outside, at::normal(0.0, std, {count}, generator));
        outside = values.abs() > 2 * std;
    }
    tensor.copy_(values);
}

/// One ConvNeXt block.
struct ConvNextBlock : torch::nn::Module
{
    /// @param dim the channels
    explicit ConvNextBlock(int64_t dim)
        : dwconv(register_module(
              "dwconv",
              torch::nn::Conv2d(torch::nn::Conv2dOptions(dim, dim, 7).padding(3).groups(dim)))),
          norm(register_module(
              "norm",
              torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(LAYER_NORM_EPS)))),
          pwconv1(register_module("pwconv1", torch::nn::Linear(dim, 4 * dim))),
          pwconv2(register_module("pwconv2", torch::nn::Linear(4 * dim, dim))),
          gamma(register_parameter("gamma", torch::full({dim}, LAYER_SCALE_INIT)))
    {
    }

    /**
     * @param x N×C×H×W
     * @param cost where to count, or null
     * @return N×C×H×W
     */
    at::Tensor Run(const at::Tensor& x, LayerCost* cost)
    {
        at::Tensor y = CountedConv2d(dwconv, x, cost).permute({0, 2, 3, 1});
        y = CountedLayerNorm(norm, y, cost);
        y = CountedLinear(pwconv1, y, cost);
        y = torch::gelu(y);
        CountElementwise(cost, y, 1);
        y = CountedLinear(pwconv2, y, cost);
        y = y * gamma;
        CountElementwise(cost, y, 1);
        y = x + y.permute({0, 3, 1, 2});
        CountElementwise(cost, y, 1);
        return y;
    }

    torch::nn::Conv2d dwconv;  //!< 7×7 depthwise convolution
    torch::nn::LayerNorm norm; //!< LayerNorm over the channels
    torch::nn::Linear pwconv1; //!< pointwise expansion to 4× the channels
    torch::nn::Linear pwconv2; //!< pointwise projection back
    at::Tensor gamma;          //!< layer scale
};

/// One classifier block, with the training-time classifier.
struct ClassBlock : torch::nn::Module
{
    /**
     * @param in the input width
     * @param embedding the output width
     * @param classes the classes of the training-time classifier
     */
    ClassBlock(int64_t in, int64_t embedding, int64_t classes)
        : linear(torch::nn::Linear(in, embedding)),
          norm(torch::nn::BatchNorm1d(embedding)),
          dropout(torch::nn::Dropout(DROPOUT)),
          fc(torch::nn::Linear(embedding, classes))
    {
        auto block = torch::nn::ModuleList();
        block->push_back(linear);
        block->push_back(norm);
        block->push_back(torch::nn::ReLU());
        block->push_back(dropout);
        register_module("block", block);
        register_module("fc", fc);
    }

    /**
     * @param x N×in
     * @param cost where to count, or null
     * @return N×embedding
     */
    at::Tensor Run(const at::Tensor& x, LayerCost* cost)
    {
        at::Tensor y = CountedLinear(linear, x, cost);
        y = norm->forward(y);
        CountElementwise(cost, y, BATCH_NORM_OPS);
        y = torch::relu(y);
        CountElementwise(cost, y, 1);
        return dropout->forward(y);
    }

    torch::nn::Linear linear;    //!< block.0
    torch::nn::BatchNorm1d norm; //!< block.1
    torch::nn::Dropout dropout;  //!< block.3 (block.2 is the ReLU)
    torch::nn::Linear fc;        //!< training-time classifier
};

/// The whole network.
struct GlqiNet : torch::nn::Module
{
    /**
     * @param stripes t
     * @param embedding the width of the classifier blocks' outputs
     * @param classes the classes of the training-time classifiers
     */
    GlqiNet(int64_t stripes, int64_t embedding, int64_t classes)
        : stripes(stripes)
    {
        stemConv = torch::nn::Conv2d(torch::nn::Conv2dOptions(3, STAGE_DIMS[0], 4).stride(4));
        stemNorm =
            torch::nn::LayerNorm(torch::nn::LayerNormOptions({STAGE_DIMS[0]}).eps(LAYER_NORM_EPS));
        auto stem = torch::nn::ModuleList();
        stem->push_back(stemConv);
        stem->push_back(stemNorm);
        register_module("stem", stem);

        auto downsamples = torch::nn::ModuleList();
        for (uint32_t s = 1; s < N_STAGES; ++s)
        {
            downNorms.emplace_back(
                torch::nn::LayerNormOptions({STAGE_DIMS[s - 1]}).eps(LAYER_NORM_EPS));
            downConvs.emplace_back(
                torch::nn::Conv2dOptions(STAGE_DIMS[s - 1], STAGE_DIMS[s], 2).stride(2));
            auto layer = torch::nn::ModuleList();
            layer->push_back(downNorms.back());
            layer->push_back(downConvs.back());
            downsamples->push_back(layer);
        }
        register_module("downsamples", downsamples);

        auto stages = torch::nn::ModuleList();
        for (uint32_t s = 0; s < N_STAGES; ++s)
        {
            auto stage = torch::nn::ModuleList();
            blocks.emplace_back();
            for (int64_t b = 0; b < STAGE_DEPTHS[s]; ++b)
            {
                blocks.back().push_back(std::make_shared<ConvNextBlock>(STAGE_DIMS[s]));
                stage->push_back(blocks.back().back());
            }
            stages->push_back(stage);
        }
        register_module("stages", stages);

        const int64_t channels = STAGE_DIMS[N_STAGES - 1];
        auto iglam = std::make_shared<torch::nn::Module>();
        query = iglam->register_module("query", torch::nn::Linear(channels, channels));
        key = iglam->register_module("key", torch::nn::Linear(channels, channels));
        value = iglam->register_module("value", torch::nn::Linear(channels, channels));
        register_module("iglam", iglam);

        auto classifierList = torch::nn::ModuleList();
        for (int64_t k = 0; k < N_DIRECTIONS * stripes; ++k)
        {
            classifiers.push_back(std::make_shared<ClassBlock>(channels, embedding, classes));
            classifierList->push_back(classifiers.back());
        }
        register_module("classifiers", classifierList);
    }

    /**
     * @brief Draw the parameters from a seed: truncated normal (σ = 0.02, cut at 2σ) for the
     *        backbone's and the attention's weights, Kaiming normal (fan-out) for the classifier
     *        blocks' linear layers, normal (σ = 0.001) for the training-time classifiers; zero
     *        biases, unit LayerNorm and BatchNorm scales, layer scales 1e-6.
     * @param seed the seed
     */
    void Initialise(uint64_t seed)
    {
        torch::NoGradGuard noGrad;
        at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
        auto truncated = [&generator](auto& layer) {
            FillTruncatedNormal(generator, layer->weight, INIT_STD);
            layer->bias.zero_();
        };
        truncated(stemConv);
        for (uint32_t s = 0; s < N_STAGES; ++s)
        {
            if (s > 0)
            {
                truncated(downConvs[s - 1]);
            }
            for (auto& block : blocks[s])
            {
                truncated(block->dwconv);
                truncated(block->pwconv1);
                truncated(block->pwconv2);
            }
        }
        truncated(query);
        truncated(key);
        truncated(value);
        for (auto& classifier : classifiers)
        {
            auto& w = classifier->linear->weight; // out × in: fan-out = out
            w.copy_(at::normal(0.0, std::sqrt(2.0 / w.size(0)), w.sizes(), generator));
            classifier->linear->bias.zero_();
            auto& fcWeight = classifier->fc->weight;
            fcWeight.copy_(at::normal(0.0, FC_INIT_STD, fcWeight.sizes(), generator));
            classifier->fc->bias.zero_();
        }
    }

    /**
     * @param segment 0: the stem, 1..4: stage 1..4 (with its downsampling), 5: QIM, IGLAM and
     *        the classifier blocks
     * @param x its input
     * @param cost where to count, or null
     * @return its output
     */
    at::Tensor RunSegment(uint32_t segment, const at::Tensor& x, LayerCost* cost)
    {
        if (segment == 0)
        {
            return ChannelsFirstLayerNorm(stemNorm, CountedConv2d(stemConv, x, cost), cost);
        }
        if (segment <= N_STAGES)
        {
            const uint32_t s = segment - 1;
            at::Tensor y = x;
            if (s > 0)
            {
                y = ChannelsFirstLayerNorm(downNorms[s - 1], y, cost);
                y = CountedConv2d(downConvs[s - 1], y, cost);
            }
            for (auto& block : blocks[s])
            {
                y = block->Run(y, cost);
            }
            return y;
        }
        return RunTail(x, cost);
    }

    /**
     * @param map N×C×H×W, the backbone's output
     * @param cost where to count, or null
     * @return N×(4t·embedding)
     */
    at::Tensor RunTail(const at::Tensor& map, LayerCost* cost);

    /**
     * @param map N×C×H×W, the backbone's output
     * @param cost where to count, or null
     * @return N×4t×C: QIM's stripes after IGLAM, what the classifier blocks take
     */
    at::Tensor RunAttention(const at::Tensor& map, LayerCost* cost);

    int64_t stripes;                                                 //!< t
    torch::nn::Conv2d stemConv{nullptr};                             //!< stem.0
    torch::nn::LayerNorm stemNorm{nullptr};                          //!< stem.1
    std::vector<torch::nn::LayerNorm> downNorms;                     //!< downsamples.i.0
    std::vector<torch::nn::Conv2d> downConvs;                        //!< downsamples.i.1
    std::vector<std::vector<std::shared_ptr<ConvNextBlock>>> blocks; //!< stages.s.b
    torch::nn::Linear query{nullptr};                                //!< iglam.query
    torch::nn::Linear key{nullptr};                                  //!< iglam.key
    torch::nn::Linear value{nullptr};                                //!< iglam.value
    std::vector<std::shared_ptr<ClassBlock>> classifiers;            //!< classifiers.k
};

/**
 * @param map N×C×H×W
 * @param stripes t
 * @param cost where to count (one addition per element read), or null
 * @return N×4t×C, see GlqiNetModel::QuadrantPool
 */
at::Tensor
QuadrantPooling(const at::Tensor& map, int64_t stripes, LayerCost* cost)
{
    if (map.dim() != 4 || stripes <= 0 || map.size(2) < stripes || map.size(3) < stripes)
    {
        std::ostringstream os;
        os << "GlqiNetModel: the quadrant pooling needs an N×C×H×W map with H and W at least "
           << stripes << " (Stripes), got " << map.sizes();
        throw std::invalid_argument(os.str());
    }
    const int64_t h = map.size(2);
    const int64_t w = map.size(3);
    const at::Tensor rows = torch::arange(h, torch::kLong).unsqueeze(1);    // i
    const at::Tensor offsets = torch::arange(w, torch::kLong).unsqueeze(0); // d or a
    // Column of the element of row i on wrapped diagonal d, and on wrapped anti-diagonal a.
    const at::Tensor diagonal = (rows + offsets).remainder(w);
    const at::Tensor antiDiagonal = (w - 1 - rows - offsets).remainder(w);
    // Sheared maps whose column d (a) is the wrapped (anti-)diagonal d (a).
    const at::Tensor diagonals = map.gather(3, diagonal.expand(map.sizes()));
    const at::Tensor antiDiagonals = map.gather(3, antiDiagonal.expand(map.sizes()));
    std::vector<at::Tensor> parts{
        torch::adaptive_avg_pool2d(map, {stripes, 1}).flatten(2),
        torch::adaptive_avg_pool2d(map, {1, stripes}).flatten(2),
        torch::adaptive_avg_pool2d(diagonals, {1, stripes}).flatten(2),
        torch::adaptive_avg_pool2d(antiDiagonals, {1, stripes}).flatten(2)};
    CountElementwise(cost, map, N_DIRECTIONS);
    return torch::cat(parts, 2).transpose(1, 2).contiguous();
}

at::Tensor
GlqiNet::RunTail(const at::Tensor& map, LayerCost* cost)
{
    const at::Tensor pooled = RunAttention(map, cost);
    std::vector<at::Tensor> outputs;
    for (int64_t i = 0; i < pooled.size(1); ++i)
    {
        outputs.push_back(classifiers[i]->Run(pooled.select(1, i), cost));
    }
    return torch::stack(outputs, 1).flatten(1);
}

at::Tensor
GlqiNet::RunAttention(const at::Tensor& map, LayerCost* cost)
{
    const at::Tensor parts = QuadrantPooling(map, stripes, cost); // N×S×C
    const int64_t n = map.size(0);
    const int64_t c = map.size(1);
    const int64_t hw = map.size(2) * map.size(3);
    const int64_t s = parts.size(1);

    // Q, K and V of the global tokens (once) and of the stripe vectors.
    const at::Tensor tokens = torch::cat({map.flatten(2).transpose(1, 2), parts}, 1);
    auto perStripe = [&](const at::Tensor& projected) {
        // N×S×(HW+1)×C: the global tokens followed by the stripe's token, for each stripe.
        return torch::cat({projected.narrow(1, 0, hw).unsqueeze(1).expand({n, s, hw, c}),
                           projected.narrow(1, hw, s).unsqueeze(2)},
                          2);
    };
    const at::Tensor q = perStripe(CountedLinear(query, tokens, cost));
    const at::Tensor k = perStripe(CountedLinear(key, tokens, cost));
    const at::Tensor v = perStripe(CountedLinear(value, tokens, cost));

    at::Tensor scores = CountedMatmul(q, k.transpose(-2, -1), cost) / std::sqrt(double(c));
    CountElementwise(cost, scores, 1);
    const at::Tensor attention = torch::softmax(scores, -1);
    CountElementwise(cost, attention, SOFTMAX_OPS);
    const at::Tensor merged = CountedMatmul(attention, v, cost); // N×S×(HW+1)×C
    const at::Tensor pooled = merged.mean(2);                    // N×S×C
    CountElementwise(cost, merged, 1);
    return pooled;
}

/**
 * @param module a module
 * @param prefix the module's name and a dot, or "" for the root
 * @return its parameters and buffers with their state_dict names, in PyTorch's order (a
 *         module's own parameters, its own buffers, then its children's, recursively)
 */
std::vector<std::pair<std::string, at::Tensor>>
StateEntries(const torch::nn::Module& module, const std::string& prefix = "")
{
    std::vector<std::pair<std::string, at::Tensor>> entries;
    for (const auto& item : module.named_parameters(false))
    {
        entries.emplace_back(prefix + item.key(), item.value());
    }
    for (const auto& item : module.named_buffers(false))
    {
        entries.emplace_back(prefix + item.key(), item.value());
    }
    for (const auto& child : module.named_children())
    {
        auto more = StateEntries(*child.value(), prefix + child.key() + ".");
        entries.insert(entries.end(), more.begin(), more.end());
    }
    return entries;
}

/**
 * @param sizes a shape
 * @return it as text, e.g. "[96, 3, 4, 4]"
 */
std::string
ShapeText(at::IntArrayRef sizes)
{
    std::ostringstream os;
    os << sizes;
    return os.str();
}

/**
 * @brief Write a module's state as PyTorch's torch.save(state_dict) does (a pickled dictionary
 *        from names to tensors in a zip archive; Python's torch.load reads it).
 * @param module the module
 * @param path the file
 * @throws std::runtime_error naming the file when it cannot be written
 */
void
SaveStateDict(const torch::nn::Module& module, const std::string& path)
{
    c10::Dict<std::string, at::Tensor> dict;
    for (const auto& [name, tensor] : StateEntries(module))
    {
        dict.insert(name, tensor);
    }
    const std::vector<char> bytes = torch::pickle_save(dict);
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out)
    {
        throw std::runtime_error(path + ": cannot write the weights file");
    }
}

/**
 * @brief Replace a module's state with a file's written by torch.save(state_dict) (or
 *        SaveStateDict). The file must hold exactly the module's names with the module's shapes;
 *        otherwise nothing changes.
 * @param module the module
 * @param path the file
 * @throws std::runtime_error with one line naming the file and the first offending parameter
 *         (the module's first missing or misshapen one, else the file's first unknown one), or
 *         the reason the file cannot be read
 */
void
LoadStateDict(torch::nn::Module& module, const std::string& path)
{
    if (const std::string why = ExplainNotRegularFile(path); !why.empty())
    {
        throw std::runtime_error(path + ": " + why);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw std::runtime_error(path + ": cannot open the weights file");
    }
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in),
                                  std::istreambuf_iterator<char>()};
    c10::IValue state;
    try
    {
        state = torch::pickle_load(bytes);
    }
    catch (const std::exception& e)
    {
        // LibTorch 1.13's unpickler cannot rebuild a Python OrderedDict, which is what
        // torch.save(module.state_dict()) writes (the zip archive stores the pickle uncompressed).
        const std::string orderedDict = "collections\nOrderedDict";
        if (std::search(bytes.begin(), bytes.end(), orderedDict.begin(), orderedDict.end()) !=
            bytes.end())
        {
            throw std::runtime_error(path + ": holds a Python OrderedDict, which LibTorch cannot "
                                            "read; save dict(module.state_dict()) instead");
        }
        const std::string what = e.what();
        throw std::runtime_error(path +
                                 ": not a readable torch.save file (truncated or "
                                 "damaged?): " +
                                 what.substr(0, what.find('\n')));
    }
    if (!state.isGenericDict())
    {
        throw std::runtime_error(path + ": not a state dict (a dictionary of tensors)");
    }
    std::map<std::string, at::Tensor> file;
    for (const auto& item : state.toGenericDict())
    {
        if (!item.key().isString() || !item.value().isTensor())
        {
            throw std::runtime_error(path + ": not a state dict (an entry is not a name and a "
                                            "tensor)");
        }
        file.emplace(item.key().toStringRef(), item.value().toTensor());
    }
    const auto entries = StateEntries(module);
    std::map<std::string, bool> known;
    for (const auto& [name, tensor] : entries)
    {
        known[name] = true;
        auto found = file.find(name);
        if (found == file.end())
        {
            throw std::runtime_error(path + ": parameter '" + name + "' is missing");
        }
        if (!found->second.sizes().equals(tensor.sizes()))
        {
            throw std::runtime_error(path + ": parameter '" + name + "' has the shape " +
                                     ShapeText(found->second.sizes()) + ", the model's is " +
                                     ShapeText(tensor.sizes()));
        }
    }
    for (const auto& item : state.toGenericDict())
    {
        if (!known.count(item.key().toStringRef()))
        {
            throw std::runtime_error(path + ": unknown parameter '" + item.key().toStringRef() +
                                     "'");
        }
    }
    torch::NoGradGuard noGrad;
    for (auto& [name, tensor] : entries)
    {
        tensor.copy_(file.at(name));
    }
}

/**
 * @param path a weights file
 * @return the outputs of its training-time classifiers (the rows of a 2-D
 *         `classifiers.0.fc.weight`), or 0 when it has none or cannot be read (LoadStateDict()
 *         then says what is wrong)
 */
uint32_t
PeekClasses(const std::string& path)
{
    if (!ExplainNotRegularFile(path).empty())
    {
        return 0;
    }
    try
    {
        std::ifstream in(path, std::ios::binary);
        const std::vector<char> bytes{std::istreambuf_iterator<char>(in),
                                      std::istreambuf_iterator<char>()};
        const c10::IValue state = torch::pickle_load(bytes);
        if (!state.isGenericDict())
        {
            return 0;
        }
        for (const auto& item : state.toGenericDict())
        {
            if (item.key().isString() && item.key().toStringRef() == "classifiers.0.fc.weight" &&
                item.value().isTensor())
            {
                const at::Tensor weight = item.value().toTensor();
                if (weight.dim() == 2 && weight.size(0) >= 1 && weight.size(0) <= UINT32_MAX)
                {
                    return static_cast<uint32_t>(weight.size(0));
                }
            }
        }
    }
    catch (const std::exception&)
    {
    }
    return 0;
}
} // namespace

/// The network and the attribute values it was built with.
struct GlqiNetModel::Impl
{
    std::shared_ptr<GlqiNet> net; //!< the network, in inference mode
    uint32_t stripes{0};          //!< Stripes when built
    uint32_t classes{0};          //!< Classes when built
    uint32_t netClasses{0};   //!< the classifiers' outputs (a weights file's when it has others)
    uint32_t embeddingDim{0}; //!< EmbeddingDim when built
    uint64_t seed{0};         //!< Seed when built
    std::string weightsFile;  //!< WeightsFile when built
    uint32_t inputSize{0};    //!< InputSize when built (checked against Stripes)
};

TypeId
GlqiNetModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::GlqiNetModel")
            .SetParent<SplitModel>()
            .SetGroupName("Sagin")
            .AddConstructor<GlqiNetModel>()
            .AddAttribute("InputSize",
                          "Side of the square images the model is meant for, in pixels (images "
                          "are resized to it before the head); at least 32·Stripes.",
                          UintegerValue(256),
                          MakeUintegerAccessor(&GlqiNetModel::m_inputSize),
                          MakeUintegerChecker<uint32_t>(BACKBONE_STRIDE))
            .AddAttribute("Stripes",
                          "Stripes t per direction of the Quadrant Insight Module (the embedding "
                          "has 4t parts).",
                          UintegerValue(4),
                          MakeUintegerAccessor(&GlqiNetModel::m_stripes),
                          MakeUintegerChecker<uint32_t>(1, 64))
            .AddAttribute("Classes",
                          "Classes of the training-time classifiers (locations of the training "
                          "set: 701 in University-1652).",
                          UintegerValue(701),
                          MakeUintegerAccessor(&GlqiNetModel::m_classes),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("EmbeddingDim",
                          "Width of each classifier block's output, in features.",
                          UintegerValue(512),
                          MakeUintegerAccessor(&GlqiNetModel::m_embeddingDim),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("Seed",
                          "Seed of the deterministic initialisation (without WeightsFile).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&GlqiNetModel::m_seed),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("WeightsFile",
                          "A state dict written by torch.save (or SaveWeights) to load when the "
                          "network is built; empty: initialise from Seed.",
                          StringValue(""),
                          MakeStringAccessor(&GlqiNetModel::m_weightsFile),
                          MakeStringChecker());
    return tid;
}

GlqiNetModel::GlqiNetModel()
    : m_inputSize(256),
      m_stripes(4),
      m_classes(701),
      m_embeddingDim(512),
      m_seed(1)
{
    NS_LOG_FUNCTION(this);
}

GlqiNetModel::~GlqiNetModel()
{
    NS_LOG_FUNCTION(this);
}

void
GlqiNetModel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_training.reset();
    m_impl.reset();
    SplitModel::DoDispose();
}

GlqiNetModel::Impl&
GlqiNetModel::Network() const
{
    if (m_impl && m_impl->stripes == m_stripes && m_impl->classes == m_classes &&
        m_impl->embeddingDim == m_embeddingDim && m_impl->seed == m_seed &&
        m_impl->weightsFile == m_weightsFile && m_impl->inputSize == m_inputSize)
    {
        return *m_impl;
    }
    NS_LOG_FUNCTION(this);
    if (m_inputSize < BACKBONE_STRIDE * m_stripes)
    {
        throw std::invalid_argument(
            "GlqiNetModel: InputSize " + std::to_string(m_inputSize) +
            " is below 32·Stripes = " + std::to_string(BACKBONE_STRIDE * m_stripes) +
            " (the final map must hold Stripes lines)");
    }
    auto impl = std::make_unique<Impl>();
    const uint32_t fileClasses = m_weightsFile.empty() ? 0 : PeekClasses(m_weightsFile);
    impl->netClasses = fileClasses > 0 ? fileClasses : m_classes;
    impl->net = std::make_shared<GlqiNet>(m_stripes, m_embeddingDim, impl->netClasses);
    impl->net->Initialise(m_seed);
    if (!m_weightsFile.empty())
    {
        LoadStateDict(*impl->net, m_weightsFile);
    }
    impl->net->eval();
    impl->stripes = m_stripes;
    impl->classes = m_classes;
    impl->embeddingDim = m_embeddingDim;
    impl->seed = m_seed;
    impl->weightsFile = m_weightsFile;
    impl->inputSize = m_inputSize;
    m_impl = std::move(impl);
    return *m_impl;
}

uint32_t
GlqiNetModel::GetNSplitPoints() const
{
    return N_SPLITS;
}

std::string
GlqiNetModel::GetSplitPointName(uint32_t split) const
{
    if (split >= N_SPLITS)
    {
        throw std::out_of_range("GlqiNetModel: split point " + std::to_string(split) +
                                " is beyond the last, " + std::to_string(N_SPLITS - 1));
    }
    return SPLIT_NAMES[split];
}

uint32_t
GlqiNetModel::GetEmbeddingSize() const
{
    return N_DIRECTIONS * m_stripes * m_embeddingDim;
}

namespace
{

/**
 * @param function the calling method, for the message
 * @param split a split point
 * @throws std::invalid_argument when it is beyond the last
 */
void
CheckSplit(const char* function, uint32_t split)
{
    if (split >= N_SPLITS)
    {
        throw std::invalid_argument(std::string("GlqiNetModel::") + function + ": split point " +
                                    std::to_string(split) + " is beyond the last, " +
                                    std::to_string(N_SPLITS - 1));
    }
}

/**
 * @param function the calling method, for the message
 * @param images a FeatureTensor
 * @return its tensor
 * @throws std::invalid_argument unless it is N×3×H×W with H, W at least 32
 */
at::Tensor
CheckImages(const char* function, const FeatureTensor& images)
{
    const at::Tensor x = UnwrapTensor(images);
    if (!x.defined() || x.dim() != 4 || x.size(1) != 3 || x.size(2) < BACKBONE_STRIDE ||
        x.size(3) < BACKBONE_STRIDE)
    {
        throw std::invalid_argument(std::string("GlqiNetModel::") + function +
                                    ": images must be N×3×H×W with H and W at least 32, got " +
                                    (x.defined() ? images.GetShapeText() : "an empty tensor"));
    }
    return x;
}

} // namespace

FeatureTensor
GlqiNetModel::Head(const FeatureTensor& images, uint32_t split)
{
    NS_LOG_FUNCTION(this << split);
    CheckSplit("Head", split);
    at::Tensor x = CheckImages("Head", images);
    GlqiNet& net = *Network().net;
    torch::NoGradGuard noGrad;
    for (uint32_t segment = 0; segment <= split; ++segment)
    {
        x = net.RunSegment(segment, x, nullptr);
    }
    return WrapTensor(x);
}

FeatureTensor
GlqiNetModel::Tail(const FeatureTensor& features, uint32_t split)
{
    NS_LOG_FUNCTION(this << split);
    CheckSplit("Tail", split);
    at::Tensor x = UnwrapTensor(features);
    const int64_t channels = STAGE_DIMS[split == 0 ? 0 : split - 1];
    if (!x.defined() || x.dim() != 4 || x.size(1) != channels)
    {
        throw std::invalid_argument("GlqiNetModel::Tail: the features at " +
                                    std::string(SPLIT_NAMES[split]) + " must be N×" +
                                    std::to_string(channels) + "×H×W, got " +
                                    (x.defined() ? features.GetShapeText() : "an empty tensor"));
    }
    GlqiNet& net = *Network().net;
    torch::NoGradGuard noGrad;
    for (uint32_t segment = split + 1; segment < N_SEGMENTS; ++segment)
    {
        x = net.RunSegment(segment, x, nullptr);
    }
    return WrapTensor(x);
}

FeatureTensor
GlqiNetModel::Forward(const FeatureTensor& images)
{
    NS_LOG_FUNCTION(this);
    at::Tensor x = CheckImages("Forward", images);
    GlqiNet& net = *Network().net;
    torch::NoGradGuard noGrad;
    for (uint32_t segment = 0; segment < N_SEGMENTS; ++segment)
    {
        x = net.RunSegment(segment, x, nullptr);
    }
    return WrapTensor(x);
}

std::vector<SplitPointProfile>
GlqiNetModel::DoGetProfile(uint32_t inputSize)
{
    NS_LOG_FUNCTION(this << inputSize);
    if (inputSize < BACKBONE_STRIDE * m_stripes)
    {
        throw std::invalid_argument(
            "GlqiNetModel::GetProfile: an image side of " + std::to_string(inputSize) +
            " is below 32·Stripes = " + std::to_string(BACKBONE_STRIDE * m_stripes));
    }
    GlqiNet& net = *Network().net;
    torch::NoGradGuard noGrad;
    at::Tensor x = torch::zeros({1, 3, inputSize, inputSize});
    std::vector<LayerCost> costs(N_SEGMENTS);
    std::vector<SplitPointProfile> profiles(N_SPLITS);
    for (uint32_t segment = 0; segment < N_SEGMENTS; ++segment)
    {
        x = net.RunSegment(segment, x, &costs[segment]);
        if (segment < N_SPLITS)
        {
            SplitPointProfile& p = profiles[segment];
            p.split = segment;
            p.name = SPLIT_NAMES[segment];
            p.shape.assign(x.sizes().begin() + 1, x.sizes().end());
            p.elements = x.numel();
            p.bytesFp32 = static_cast<uint64_t>(p.elements) * sizeof(float);
        }
    }
    for (auto& p : profiles)
    {
        for (uint32_t segment = 0; segment < N_SEGMENTS; ++segment)
        {
            (segment <= p.split ? p.headMacs : p.tailMacs) += costs[segment].macs;
            (segment <= p.split ? p.headElementwise : p.tailElementwise) +=
                costs[segment].elementwise;
        }
    }
    return profiles;
}

void
GlqiNetModel::LoadWeights(const std::string& path)
{
    NS_LOG_FUNCTION(this << path);
    Impl& impl = Network();
    const uint32_t classes = PeekClasses(path);
    if (classes > 0 && classes != impl.netClasses)
    {
        // A network for the file's classifiers, loaded before it replaces the current one.
        auto net = std::make_shared<GlqiNet>(m_stripes, m_embeddingDim, classes);
        net->Initialise(m_seed);
        LoadStateDict(*net, path);
        net->eval();
        impl.net = net;
        impl.netClasses = classes;
        m_training.reset();
        return;
    }
    LoadStateDict(*impl.net, path);
}

/// The training interface: the network with autograd (see SplitModelTraining).
struct GlqiNetModel::Training : public SplitModelTraining
{
    /// @param model the model trained
    explicit Training(GlqiNetModel& model)
        : m_model(model)
    {
    }

    std::vector<at::Tensor> GetParameters() override
    {
        return m_model.Network().net->parameters();
    }

    void SetTraining(bool training) override
    {
        m_model.Network().net->train(training);
    }

    Output Forward(const at::Tensor& images, at::Generator& generator) override
    {
        CheckImages(images, m_model.m_inputSize, "GlqiNetModel");
        GlqiNet& net = *m_model.Network().net;
        at::Tensor x = images;
        for (uint32_t segment = 0; segment < N_SPLITS; ++segment)
        {
            x = net.RunSegment(segment, x, nullptr);
        }
        const at::Tensor pooled = net.RunAttention(x, nullptr);
        Output output;
        for (int64_t i = 0; i < pooled.size(1); ++i)
        {
            ClassBlock& block = *net.classifiers[i];
            const at::Tensor feature =
                torch::relu(block.norm->forward(block.linear->forward(pooled.select(1, i))));
            at::Tensor dropped = feature;
            const double p = block.dropout->options.p();
            if (net.is_training() && p > 0)
            {
                const at::Tensor keep = at::bernoulli(at::full_like(feature, 1.0 - p), generator);
                dropped = feature * keep / (1.0 - p);
            }
            output.embeddings.push_back(feature);
            output.logits.push_back(block.fc->forward(dropped));
        }
        return output;
    }

    at::Tensor Head(const at::Tensor& images, uint32_t split) override
    {
        CheckSplit("Head", split);
        CheckImages(images, m_model.m_inputSize, "GlqiNetModel");
        GlqiNet& net = *m_model.Network().net;
        at::Tensor x = images;
        for (uint32_t segment = 0; segment <= split; ++segment)
        {
            x = net.RunSegment(segment, x, nullptr);
        }
        return x;
    }

    GlqiNetModel& m_model; //!< the model
};

SplitModelTraining*
GlqiNetModel::GetTraining()
{
    if (!m_training)
    {
        m_training = std::make_unique<Training>(*this);
    }
    return m_training.get();
}

void
GlqiNetModel::SaveWeights(const std::string& path) const
{
    NS_LOG_FUNCTION(this << path);
    SaveStateDict(*Network().net, path);
}

FeatureTensor
GlqiNetModel::QuadrantPool(const FeatureTensor& map, uint32_t stripes)
{
    const at::Tensor x = UnwrapTensor(map);
    if (!x.defined())
    {
        throw std::invalid_argument("GlqiNetModel::QuadrantPool: the map is empty");
    }
    torch::NoGradGuard noGrad;
    return WrapTensor(QuadrantPooling(x, stripes, nullptr));
}

} // namespace sagin
} // namespace ns3
