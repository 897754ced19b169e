// SPDX-License-Identifier: GPL-2.0-only

#include "resnet50-usam-model.h"

#include "feature-tensor-impl.h"
#include "layer-cost.h"
#include "split-model-training.h"
#include "torch-weights.h"
#include "usam.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <array>
#include <cmath>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginResNet50UsamModel");

NS_OBJECT_ENSURE_REGISTERED(ResNet50UsamModel);

namespace
{

/// Names of the split points.
const std::array<const char*, ResNet50UsamModel::N_SPLIT_POINTS> SPLIT_NAMES =
    {"conv1", "usam1", "layer1", "usam2", "layer2", "layer3", "layer4"};

/// Channels of the features at each split point.
const std::array<int64_t, ResNet50UsamModel::N_SPLIT_POINTS> SPLIT_CHANNELS =
    {64, 64, 256, 256, 512, 1024, 2048};

/**
 * @param split a split point
 * @throws std::out_of_range for an index beyond the split points
 */
void
RequireSplitPoint(uint32_t split)
{
    if (split >= ResNet50UsamModel::N_SPLIT_POINTS)
    {
        throw std::out_of_range("ResNet50UsamModel: no split point " + std::to_string(split) +
                                " (there are " + std::to_string(ResNet50UsamModel::N_SPLIT_POINTS) +
                                ")");
    }
}

/**
 * @param file a weights file's tensors
 * @param classes the model's Classes
 * @return the outputs of the file's classifier (the rows of a 2-D `classifier.weight` with 512
 *         columns), or classes when it has none such
 */
uint32_t
GetFileClasses(const NamedTensors& file, uint32_t classes)
{
    for (const auto& [name, tensor] : file)
    {
        if (name == "classifier.weight" && tensor.dim() == 2 &&
            tensor.size(1) == ResNet50UsamModel::EMBEDDING_DIM && tensor.size(0) >= 1 &&
            tensor.size(0) <= UINT32_MAX)
        {
            return static_cast<uint32_t>(tensor.size(0));
        }
    }
    return classes;
}

/// Largest input side GetProfile() accepts, in pixels (conv1's output then takes 256 MiB).
constexpr uint32_t MAX_PROFILE_SIZE = 2048;

/**
 * @param in input channels
 * @param out output channels
 * @param kernel kernel side
 * @param stride stride
 * @param padding zero padding
 * @return a convolution without bias
 */
torch::nn::Conv2d
MakeConv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding)
{
    return torch::nn::Conv2d(
        torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).bias(false));
}

/**
 * @param bn a BatchNorm
 * @param x its input
 * @param cost where to count (2 per element: a scale and a shift), or null
 * @return its output
 */
template <typename BatchNorm>
at::Tensor
CountedBatchNorm(BatchNorm& bn, const at::Tensor& x, LayerCost* cost)
{
    at::Tensor y = bn->forward(x);
    CountElementwise(cost, y, 2.0);
    return y;
}

/**
 * @param x a tensor
 * @param cost where to count (1 per element), or null
 * @return its ReLU
 */
at::Tensor
CountedRelu(const at::Tensor& x, LayerCost* cost)
{
    at::Tensor y = torch::relu(x);
    CountElementwise(cost, y, 1.0);
    return y;
}

/**
 * @brief A bottleneck block of torchvision's ResNet-50: 1×1, 3×3 (with the stride), 1×1
 *        convolutions, each with a BatchNorm, plus the input or its downsample branch.
 */
class BottleneckImpl : public torch::nn::Module
{
  public:
    /**
     * @param in input channels
     * @param width channels of the 3×3 convolution (the output has 4 times as many)
     * @param stride stride of the 3×3 convolution and the downsample branch
     * @param downsample whether the block has a downsample branch
     */
    BottleneckImpl(int64_t in, int64_t width, int64_t stride, bool downsample)
        : m_conv1(MakeConv(in, width, 1, 1, 0)),
          m_bn1(width),
          m_conv2(MakeConv(width, width, 3, stride, 1)),
          m_bn2(width),
          m_conv3(MakeConv(width, 4 * width, 1, 1, 0)),
          m_bn3(4 * width),
          m_downsampleConv(nullptr),
          m_downsampleBn(nullptr)
    {
        register_module("conv1", m_conv1);
        register_module("bn1", m_bn1);
        register_module("conv2", m_conv2);
        register_module("bn2", m_bn2);
        register_module("conv3", m_conv3);
        register_module("bn3", m_bn3);
        if (downsample)
        {
            m_downsampleConv = MakeConv(in, 4 * width, 1, stride, 0);
            m_downsampleBn = torch::nn::BatchNorm2d(4 * width);
            register_module("downsample", torch::nn::Sequential(m_downsampleConv, m_downsampleBn));
        }
    }

    /**
     * @param x the input
     * @param cost where to count, or null
     * @return the output
     */
    at::Tensor Forward(const at::Tensor& x, LayerCost* cost)
    {
        at::Tensor y =
            CountedRelu(CountedBatchNorm(m_bn1, CountedConv2d(m_conv1, x, cost), cost), cost);
        y = CountedRelu(CountedBatchNorm(m_bn2, CountedConv2d(m_conv2, y, cost), cost), cost);
        y = CountedBatchNorm(m_bn3, CountedConv2d(m_conv3, y, cost), cost);
        const at::Tensor identity =
            m_downsampleConv
                ? CountedBatchNorm(m_downsampleBn, CountedConv2d(m_downsampleConv, x, cost), cost)
                : x;
        y = y + identity;
        CountElementwise(cost, y, 1.0);
        return CountedRelu(y, cost);
    }

  private:
    torch::nn::Conv2d m_conv1;             //!< 1×1 reduction
    torch::nn::BatchNorm2d m_bn1;          //!< after conv1
    torch::nn::Conv2d m_conv2;             //!< 3×3, with the stride
    torch::nn::BatchNorm2d m_bn2;          //!< after conv2
    torch::nn::Conv2d m_conv3;             //!< 1×1 expansion
    torch::nn::BatchNorm2d m_bn3;          //!< after conv3
    torch::nn::Conv2d m_downsampleConv;    //!< downsample 1×1 convolution, or empty
    torch::nn::BatchNorm2d m_downsampleBn; //!< downsample BatchNorm, or empty
};

/// The module holder of BottleneckImpl.
TORCH_MODULE(Bottleneck);

/**
 * @param in input channels
 * @param width the blocks' width
 * @param blocks number of blocks
 * @param stride stride of the first block
 * @return a ResNet layer: the first block with a downsample branch
 */
torch::nn::ModuleList
MakeLayer(int64_t in, int64_t width, int64_t blocks, int64_t stride)
{
    torch::nn::ModuleList layer;
    layer->push_back(Bottleneck(in, width, stride, true));
    for (int64_t j = 1; j < blocks; ++j)
    {
        layer->push_back(Bottleneck(4 * width, width, 1, false));
    }
    return layer;
}

} // namespace

/// The modules of the network, registered under their state-dict names.
struct ResNet50UsamModel::Network : public torch::nn::Module
{
    /// @param classes classifier outputs
    explicit Network(uint32_t classes)
        : conv1(MakeConv(3, 64, 7, 2, 3)),
          bn1(64),
          usam1(),
          layer1(MakeLayer(64, 64, 3, 1)),
          usam2(),
          layer2(MakeLayer(256, 128, 4, 2)),
          layer3(MakeLayer(512, 256, 6, 2)),
          layer4(MakeLayer(1024, 512, 3, 2)),
          bottleneckLinear(2048, EMBEDDING_DIM),
          bottleneckBn(EMBEDDING_DIM),
          bottleneckDropout(0.5),
          classifier(EMBEDDING_DIM, classes)
    {
        register_module("conv1", conv1);
        register_module("bn1", bn1);
        register_module("usam1", usam1);
        register_module("layer1", layer1);
        register_module("usam2", usam2);
        register_module("layer2", layer2);
        register_module("layer3", layer3);
        register_module("layer4", layer4);
        register_module("bottleneck",
                        torch::nn::Sequential(bottleneckLinear, bottleneckBn, bottleneckDropout));
        register_module("classifier", classifier);
        eval();
    }

    /**
     * @brief Run one part of the network: the part that ends at a split point.
     * @param part the split point
     * @param x the features before the part
     * @param cost where to count, or null
     * @return the features at the split point
     */
    at::Tensor RunPart(uint32_t part, const at::Tensor& x, LayerCost* cost)
    {
        switch (part)
        {
        case CONV1:
            return CountedConv2d(conv1, x, cost);
        case USAM1:
            return usam1->Forward(CountedRelu(CountedBatchNorm(bn1, x, cost), cost), cost);
        case LAYER1: {
            const at::Tensor y = torch::max_pool2d(x, 3, 2, 1);
            CountElementwise(cost, y, 9.0);
            return RunLayer(layer1, y, cost);
        }
        case USAM2:
            return usam2->Forward(x, cost);
        case LAYER2:
            return RunLayer(layer2, x, cost);
        case LAYER3:
            return RunLayer(layer3, x, cost);
        default:
            return RunLayer(layer4, x, cost);
        }
    }

    /**
     * @param layer a ResNet layer
     * @param x its input
     * @param cost where to count, or null
     * @return its output
     */
    static at::Tensor RunLayer(torch::nn::ModuleList& layer, at::Tensor x, LayerCost* cost)
    {
        for (const auto& block : *layer)
        {
            x = block->as<BottleneckImpl>()->Forward(x, cost);
        }
        return x;
    }

    /**
     * @param x layer4's output, M×2048×H×W
     * @param cost where to count, or null
     * @return the bottleneck's output, M×512
     */
    at::Tensor Embed(const at::Tensor& x, LayerCost* cost)
    {
        CountElementwise(cost, x, 1.0);
        const at::Tensor pooled = x.mean({2, 3});
        return bottleneckDropout->forward(
            CountedBatchNorm(bottleneckBn, CountedLinear(bottleneckLinear, pooled, cost), cost));
    }

    /**
     * @brief Fill the parameters and buffers deterministically (see the class documentation).
     * @param seed the generator's seed
     */
    void Initialise(uint64_t seed)
    {
        torch::NoGradGuard noGrad;
        auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
        for (auto& [name, tensor] : GetStateDict(*this))
        {
            const bool isWeight =
                name.size() > 7 && name.compare(name.size() - 7, 7, ".weight") == 0;
            if (name == "classifier.weight")
            {
                tensor.copy_(at::normal(0.0, 0.001, tensor.sizes(), generator));
            }
            else if (name == "bottleneck.1.weight")
            {
                tensor.copy_(at::normal(1.0, 0.02, tensor.sizes(), generator));
            }
            else if (isWeight && tensor.dim() >= 2)
            {
                // He-normal, fan out: the output channels times the kernel's area.
                const double fanOut = tensor.numel() / tensor.size(1);
                tensor.copy_(at::normal(0.0, std::sqrt(2.0 / fanOut), tensor.sizes(), generator));
            }
            else if (isWeight || name.find("running_var") != std::string::npos)
            {
                tensor.fill_(1.0);
            }
            else
            {
                tensor.fill_(0); // biases, running means, num_batches_tracked
            }
        }
    }

    torch::nn::Conv2d conv1;              //!< 7×7, stride 2
    torch::nn::BatchNorm2d bn1;           //!< after conv1
    Usam usam1;                           //!< attention after bn1 and ReLU
    torch::nn::ModuleList layer1;         //!< 3 blocks, 256 channels out
    Usam usam2;                           //!< attention after layer1
    torch::nn::ModuleList layer2;         //!< 4 blocks, 512 channels out, stride 2
    torch::nn::ModuleList layer3;         //!< 6 blocks, 1024 channels out, stride 2
    torch::nn::ModuleList layer4;         //!< 3 blocks, 2048 channels out, stride 2
    torch::nn::Linear bottleneckLinear;   //!< bottleneck.0: 2048 → 512
    torch::nn::BatchNorm1d bottleneckBn;  //!< bottleneck.1
    torch::nn::Dropout bottleneckDropout; //!< bottleneck.2 (identity in eval mode)
    torch::nn::Linear classifier;         //!< 512 → classes, not run for retrieval
};

/// The training interface: the network with autograd (see SplitModelTraining).
struct ResNet50UsamModel::Training : public SplitModelTraining
{
    /// @param model the model trained
    explicit Training(ResNet50UsamModel& model)
        : m_model(model)
    {
    }

    std::vector<at::Tensor> GetParameters() override
    {
        return m_model.GetNetwork().parameters();
    }

    void SetTraining(bool training) override
    {
        m_model.GetNetwork().train(training);
    }

    Output Forward(const at::Tensor& images, at::Generator& generator) override
    {
        CheckImages(images, m_model.m_inputSize, "ResNet50UsamModel");
        Network& network = m_model.GetNetwork();
        at::Tensor y = images;
        for (uint32_t part = 0; part < N_SPLIT_POINTS; ++part)
        {
            y = network.RunPart(part, y, nullptr);
        }
        const at::Tensor embedding =
            network.bottleneckBn->forward(network.bottleneckLinear->forward(y.mean({2, 3})));
        at::Tensor dropped = embedding;
        const double p = network.bottleneckDropout->options.p();
        if (network.is_training() && p > 0)
        {
            const at::Tensor keep = at::bernoulli(at::full_like(embedding, 1.0 - p), generator);
            dropped = embedding * keep / (1.0 - p);
        }
        return Output{{embedding}, {network.classifier->forward(dropped)}};
    }

    at::Tensor Head(const at::Tensor& images, uint32_t split) override
    {
        m_model.CheckSplit(split, "Head");
        CheckImages(images, m_model.m_inputSize, "ResNet50UsamModel");
        Network& network = m_model.GetNetwork();
        at::Tensor y = m_model.m_flipAndSum ? torch::cat({images, images.flip({3})}, 0) : images;
        for (uint32_t part = 0; part <= split; ++part)
        {
            y = network.RunPart(part, y, nullptr);
        }
        return y;
    }

    ResNet50UsamModel& m_model; //!< the model
};

TypeId
ResNet50UsamModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::ResNet50UsamModel")
            .SetParent<SplitModel>()
            .SetGroupName("Sagin")
            .AddConstructor<ResNet50UsamModel>()
            .AddAttribute("InputSize",
                          "Side of the square input images, in pixels: Head() and Forward() "
                          "refuse images of another size.",
                          UintegerValue(384),
                          MakeUintegerAccessor(&ResNet50UsamModel::m_inputSize),
                          MakeUintegerChecker<uint32_t>(1, MAX_PROFILE_SIZE))
            .AddAttribute("Classes",
                          "Outputs of the classifier (training classes; 701 = University-1652's "
                          "training buildings), dimensionless.",
                          UintegerValue(701),
                          MakeUintegerAccessor(&ResNet50UsamModel::SetClasses,
                                               &ResNet50UsamModel::GetClasses),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("FlipAndSum",
                          "Whether the embedding is the sum of the image's and its horizontal "
                          "flip's (the head then runs both and its features hold 2N images).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&ResNet50UsamModel::m_flipAndSum),
                          MakeBooleanChecker())
            .AddAttribute("Normalise",
                          "Whether the embedding is L2-normalised (unit Euclidean norm).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&ResNet50UsamModel::m_normalise),
                          MakeBooleanChecker())
            .AddAttribute("Seed",
                          "Seed of the deterministic initialisation of the parameters "
                          "(dimensionless).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&ResNet50UsamModel::SetSeed),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("WeightsFile",
                          "Weights file (torch.save of a dict from state-dict names to tensors) "
                          "loaded when the network is built; empty for the Seed's parameters.",
                          StringValue(""),
                          MakeStringAccessor(&ResNet50UsamModel::SetWeightsFile),
                          MakeStringChecker());
    return tid;
}

ResNet50UsamModel::ResNet50UsamModel()
    : m_inputSize(384),
      m_classes(701),
      m_flipAndSum(false),
      m_normalise(true),
      m_seed(1)
{
    NS_LOG_FUNCTION(this);
}

ResNet50UsamModel::~ResNet50UsamModel()
{
    NS_LOG_FUNCTION(this);
}

void
ResNet50UsamModel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_training.reset();
    m_network.reset();
    SplitModel::DoDispose();
}

void
ResNet50UsamModel::SetClasses(uint32_t classes)
{
    m_classes = classes;
    ResetNetwork();
}

uint32_t
ResNet50UsamModel::GetClasses() const
{
    return m_classes;
}

void
ResNet50UsamModel::SetSeed(uint64_t seed)
{
    m_seed = seed;
    ResetNetwork();
}

void
ResNet50UsamModel::SetWeightsFile(std::string path)
{
    m_weightsFile = std::move(path);
    ResetNetwork();
}

void
ResNet50UsamModel::ResetNetwork()
{
    m_network.reset();
}

ResNet50UsamModel::Network&
ResNet50UsamModel::GetNetwork() const
{
    if (!m_network)
    {
        NS_LOG_FUNCTION(this << m_classes << m_seed << m_weightsFile);
        NamedTensors file;
        if (!m_weightsFile.empty())
        {
            file = ReadTensorFile(m_weightsFile);
            m_classes = GetFileClasses(file, m_classes);
        }
        auto network = std::make_unique<Network>(m_classes);
        network->Initialise(m_seed);
        if (!m_weightsFile.empty())
        {
            LoadStateDict(*network, file, m_weightsFile);
        }
        m_network = std::move(network);
    }
    return *m_network;
}

uint32_t
ResNet50UsamModel::GetNSplitPoints() const
{
    return N_SPLIT_POINTS;
}

std::string
ResNet50UsamModel::GetSplitPointName(uint32_t split) const
{
    RequireSplitPoint(split);
    return SPLIT_NAMES[split];
}

int64_t
ResNet50UsamModel::GetSplitChannels(uint32_t split)
{
    RequireSplitPoint(split);
    return SPLIT_CHANNELS[split];
}

void
ResNet50UsamModel::CheckSplit(uint32_t split, const char* function) const
{
    if (split >= N_SPLIT_POINTS)
    {
        throw std::invalid_argument(std::string("ResNet50UsamModel::") + function +
                                    ": split point " + std::to_string(split) +
                                    " does not exist (0.." + std::to_string(N_SPLIT_POINTS - 1) +
                                    ")");
    }
}

FeatureTensor
ResNet50UsamModel::Head(const FeatureTensor& images, uint32_t split)
{
    NS_LOG_FUNCTION(this << split);
    CheckSplit(split, "Head");
    const at::Tensor x = UnwrapTensor(images);
    const int64_t side = m_inputSize;
    if (!x.defined() || x.dim() != 4 || x.size(1) != 3 || x.size(2) != side || x.size(3) != side)
    {
        throw std::invalid_argument("ResNet50UsamModel::Head: images of shape " +
                                    images.GetShapeText() + " are not Nx3x" + std::to_string(side) +
                                    "x" + std::to_string(side) + " (InputSize " +
                                    std::to_string(side) + ")");
    }
    Network& network = GetNetwork();
    c10::InferenceMode inference;
    at::Tensor y = m_flipAndSum ? torch::cat({x, x.flip({3})}, 0) : x;
    for (uint32_t part = 0; part <= split; ++part)
    {
        y = network.RunPart(part, y, nullptr);
    }
    return WrapTensor(y);
}

FeatureTensor
ResNet50UsamModel::Tail(const FeatureTensor& features, uint32_t split)
{
    NS_LOG_FUNCTION(this << split);
    CheckSplit(split, "Tail");
    const at::Tensor x = UnwrapTensor(features);
    if (!x.defined() || x.dim() != 4 || x.size(1) != SPLIT_CHANNELS[split] ||
        (m_flipAndSum && x.size(0) % 2 != 0))
    {
        throw std::invalid_argument("ResNet50UsamModel::Tail: features of shape " +
                                    features.GetShapeText() + " are not those of split point " +
                                    std::to_string(split) + " (Nx" +
                                    std::to_string(SPLIT_CHANNELS[split]) + "xHxW" +
                                    (m_flipAndSum ? ", N even with FlipAndSum" : "") + ")");
    }
    Network& network = GetNetwork();
    c10::InferenceMode inference;
    at::Tensor y = x;
    for (uint32_t part = split + 1; part < N_SPLIT_POINTS; ++part)
    {
        y = network.RunPart(part, y, nullptr);
    }
    y = network.Embed(y, nullptr);
    if (m_flipAndSum)
    {
        const int64_t n = y.size(0) / 2;
        y = y.slice(0, 0, n) + y.slice(0, n, 2 * n);
    }
    if (m_normalise)
    {
        y = y / y.norm(2, {1}, true).clamp_min(1e-12);
    }
    return WrapTensor(y);
}

FeatureTensor
ResNet50UsamModel::Forward(const FeatureTensor& images)
{
    NS_LOG_FUNCTION(this);
    return Tail(Head(images, LAYER4), LAYER4);
}

std::vector<SplitPointProfile>
ResNet50UsamModel::DoGetProfile(uint32_t inputSize)
{
    NS_LOG_FUNCTION(this << inputSize);
    if (inputSize == 0 || inputSize > MAX_PROFILE_SIZE)
    {
        throw std::invalid_argument("ResNet50UsamModel::GetProfile: input size " +
                                    std::to_string(inputSize) + " is not in [1, " +
                                    std::to_string(MAX_PROFILE_SIZE) + "] pixels");
    }
    Network& network = GetNetwork();
    c10::InferenceMode inference;
    const int64_t side = inputSize;
    at::Tensor y = torch::zeros({m_flipAndSum ? 2 : 1, 3, side, side});
    std::array<LayerCost, N_SPLIT_POINTS> parts;
    std::array<std::vector<int64_t>, N_SPLIT_POINTS> shapes;
    for (uint32_t part = 0; part < N_SPLIT_POINTS; ++part)
    {
        y = network.RunPart(part, y, &parts[part]);
        shapes[part] = std::vector<int64_t>(y.sizes().begin() + 1, y.sizes().end());
        if (m_flipAndSum)
        {
            shapes[part].insert(shapes[part].begin(), 2);
        }
    }
    LayerCost embed;
    y = network.Embed(y, &embed);
    if (m_flipAndSum)
    {
        embed.elementwise += EMBEDDING_DIM; // the sum of the two halves
    }
    if (m_normalise)
    {
        embed.elementwise += 3.0 * EMBEDDING_DIM; // square, sum, divide
    }

    std::vector<SplitPointProfile> profile;
    for (uint32_t split = 0; split < N_SPLIT_POINTS; ++split)
    {
        LayerCost head;
        LayerCost tail = embed;
        for (uint32_t part = 0; part < N_SPLIT_POINTS; ++part)
        {
            if (part <= split)
            {
                head = head + parts[part];
            }
            else
            {
                tail = tail + parts[part];
            }
        }
        SplitPointProfile p;
        p.split = split;
        p.name = SPLIT_NAMES[split];
        p.shape = shapes[split];
        p.elements = 1;
        for (int64_t size : p.shape)
        {
            p.elements *= size;
        }
        p.bytesFp32 = static_cast<uint64_t>(p.elements) * sizeof(float);
        p.headMacs = head.macs;
        p.tailMacs = tail.macs;
        p.headElementwise = head.elementwise;
        p.tailElementwise = tail.elementwise;
        profile.push_back(p);
    }
    return profile;
}

void
ResNet50UsamModel::LoadWeights(const std::string& path)
{
    NS_LOG_FUNCTION(this << path);
    const NamedTensors file = ReadTensorFile(path);
    const uint32_t classes = GetFileClasses(file, m_classes);
    if (classes != m_classes)
    {
        // A network for the file's classifier, checked before it replaces the current one.
        auto network = std::make_unique<Network>(classes);
        network->Initialise(m_seed);
        LoadStateDict(*network, file, path);
        m_classes = classes;
        m_training.reset();
        m_network = std::move(network);
        return;
    }
    LoadStateDict(GetNetwork(), file, path);
}

void
ResNet50UsamModel::SaveWeights(const std::string& path) const
{
    NS_LOG_FUNCTION(this << path);
    SaveStateDict(GetNetwork(), path);
}

SplitModelTraining*
ResNet50UsamModel::GetTraining()
{
    if (!m_training)
    {
        m_training = std::make_unique<Training>(*this);
    }
    return m_training.get();
}

std::vector<std::string>
ResNet50UsamModel::GetParameterNames() const
{
    std::vector<std::string> names;
    for (const auto& entry : GetStateDict(GetNetwork()))
    {
        names.push_back(entry.first);
    }
    return names;
}

} // namespace sagin
} // namespace ns3
