// SPDX-License-Identifier: GPL-2.0-only

#include "closed-box-inversion.h"

#include "feature-tensor-impl.h"
#include "inversion-support.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <torch/torch.h>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginClosedBoxInversion");

NS_OBJECT_ENSURE_REGISTERED(ClosedBoxInversion);

/// The inverse network of one split point.
struct ClosedBoxInversion::Impl
{
    torch::nn::Sequential net;  //!< features → images
    std::vector<int64_t> shape; //!< the feature shape of one map, C×h×w
    int64_t maps{1};            //!< feature maps per image
    int64_t side{0};            //!< the image side S
};

TypeId
ClosedBoxInversion::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::ClosedBoxInversion")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<ClosedBoxInversion>()
            .AddAttribute("Epochs",
                          "Passes over the training images.",
                          UintegerValue(20),
                          MakeUintegerAccessor(&ClosedBoxInversion::m_epochs),
                          MakeUintegerChecker<uint32_t>(1, 1000000))
            .AddAttribute("BatchSize",
                          "Training images per Adam step.",
                          UintegerValue(16),
                          MakeUintegerAccessor(&ClosedBoxInversion::m_batchSize),
                          MakeUintegerChecker<uint32_t>(1, 65536))
            .AddAttribute("LearningRate",
                          "Adam's learning rate, dimensionless.",
                          DoubleValue(1e-3),
                          MakeDoubleAccessor(&ClosedBoxInversion::m_learningRate),
                          MakeDoubleChecker<double>(1e-9, 10.0))
            .AddAttribute("Width",
                          "Channels of the inverse network at the image's resolution (the "
                          "fewest it has).",
                          UintegerValue(32),
                          MakeUintegerAccessor(&ClosedBoxInversion::m_width),
                          MakeUintegerChecker<uint32_t>(1, 4096))
            .AddAttribute("Seed",
                          "Seed of the inverse network's initial weights and of the order of "
                          "the minibatches.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&ClosedBoxInversion::m_seed),
                          MakeUintegerChecker<uint64_t>())
            .AddTraceSource("Epoch",
                            "An epoch of the inverse network's training ended.",
                            MakeTraceSourceAccessor(&ClosedBoxInversion::m_epochTrace),
                            "ns3::sagin::ClosedBoxInversion::EpochTracedCallback");
    return tid;
}

ClosedBoxInversion::ClosedBoxInversion()
{
    NS_LOG_FUNCTION(this);
}

ClosedBoxInversion::~ClosedBoxInversion()
{
    NS_LOG_FUNCTION(this);
}

void
ClosedBoxInversion::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_impl.reset();
    Object::DoDispose();
}

double
ClosedBoxInversion::Train(Ptr<SplitModel> model, uint32_t split, const FeatureTensor& images)
{
    NS_LOG_FUNCTION(this << model << split);
    const std::string who = "ClosedBoxInversion";
    if (!model)
    {
        throw std::invalid_argument(who + ": no model (null pointer)");
    }
    try
    {
        const int64_t side = inversion::GetInputSize(model);
        const at::Tensor x = UnwrapTensor(images);
        if (!x.defined() || x.dim() != 4 || x.size(0) == 0 || x.size(1) != 3 || x.size(2) != side ||
            x.size(3) != side)
        {
            throw std::invalid_argument(
                who + ": training images of shape " +
                (x.defined() ? images.GetShapeText() : std::string("empty")) + " are not Mx3x" +
                std::to_string(side) + "x" + std::to_string(side) + " (the model's InputSize)");
        }
        // The training pairs: the head's features of every image, in evaluation behaviour.
        at::Tensor features;
        {
            std::vector<at::Tensor> parts;
            for (int64_t i = 0; i < x.size(0); i += 64)
            {
                const at::Tensor batch = x.slice(0, i, std::min<int64_t>(i + 64, x.size(0)));
                parts.push_back(
                    UnwrapTensor(model->Head(WrapTensor(inversion::Normalise(batch)), split)));
            }
            const int64_t maps = inversion::GetMapsPerImage(model, split, parts.front(), who);
            // Head() orders a batch's maps as [images; mirrors]: regroup them per map.
            std::vector<at::Tensor> perMap(maps);
            for (const auto& part : parts)
            {
                const int64_t n = part.size(0) / maps;
                for (int64_t m = 0; m < maps; ++m)
                {
                    perMap[m] = perMap[m].defined()
                                    ? torch::cat({perMap[m], part.slice(0, m * n, (m + 1) * n)})
                                    : part.slice(0, m * n, (m + 1) * n);
                }
            }
            features = torch::cat(perMap);
            auto impl = std::make_shared<Impl>();
            impl->maps = maps;
            impl->side = side;
            impl->shape.assign(features.sizes().begin() + 1, features.sizes().end());
            m_impl = impl;
        }
        if (features.dim() != 4)
        {
            throw std::invalid_argument(who + ": the features at split point " +
                                        model->GetSplitPointName(split) + " are not C×h×w maps");
        }
        const at::Tensor targets =
            m_impl->maps == 2 ? torch::cat({x, x.flip({3})}) : x.repeat({m_impl->maps, 1, 1, 1});
        const int64_t channels = features.size(1);
        const int64_t h = features.size(2);
        int64_t ups = 0;
        while ((h << ups) < side)
        {
            ++ups;
        }
        // Build the network.
        auto& net = m_impl->net;
        int64_t c = std::min<int64_t>(512, std::max<int64_t>(64, channels));
        const int64_t width = m_width;
        net->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, c, 1)));
        net->push_back(torch::nn::BatchNorm2d(c));
        net->push_back(torch::nn::ReLU());
        for (int64_t i = 0; i < ups; ++i)
        {
            // Width channels at the image's resolution, twice as many at each halving above
            // it: the cost of each layer stays that of the last.
            const int64_t next = std::min<int64_t>(c, width << (ups - 1 - i));
            net->push_back(torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(c, next, 3)
                                                          .stride(2)
                                                          .padding(1)
                                                          .output_padding(1)));
            net->push_back(torch::nn::BatchNorm2d(next));
            net->push_back(torch::nn::ReLU());
            c = next;
        }
        if ((h << ups) != side)
        {
            // A side that is not h times a power of two: resample to it.
            net->push_back(torch::nn::Upsample(torch::nn::UpsampleOptions()
                                                   .size(std::vector<int64_t>{side, side})
                                                   .mode(torch::kBilinear)
                                                   .align_corners(false)));
        }
        net->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(c, width, 3).padding(1)));
        net->push_back(torch::nn::ReLU());
        net->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(width, 3, 3).padding(1)));
        net->push_back(torch::nn::Sigmoid());
        // Deterministic initial weights (He-normal, fan in) from the seed.
        auto generator = at::make_generator<at::CPUGeneratorImpl>(m_seed);
        {
            torch::NoGradGuard noGrad;
            for (auto& item : net->named_parameters())
            {
                at::Tensor& p = item.value();
                if (p.dim() >= 2)
                {
                    const double fanIn = double(p.numel()) / p.size(0);
                    p.copy_(at::normal(0.0, std::sqrt(2.0 / fanIn), p.sizes(), generator));
                }
                else if (item.key().find("weight") != std::string::npos)
                {
                    p.fill_(1.0);
                }
                else
                {
                    p.zero_();
                }
            }
        }
        torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(m_learningRate));
        net->train(true);
        const int64_t n = features.size(0);
        double epochLoss = 0.0;
        for (uint32_t epoch = 1; epoch <= m_epochs; ++epoch)
        {
            const at::Tensor order = at::randperm(n, generator, torch::kLong);
            double sum = 0.0;
            for (int64_t i = 0; i < n; i += m_batchSize)
            {
                const at::Tensor index = order.slice(0, i, std::min<int64_t>(i + m_batchSize, n));
                if (index.size(0) < 2 && n >= 2)
                {
                    continue; // batch normalisation needs two samples
                }
                adam.zero_grad();
                const at::Tensor out = net->forward(features.index_select(0, index));
                const at::Tensor loss = torch::mse_loss(out, targets.index_select(0, index));
                loss.backward();
                adam.step();
                sum += loss.item<double>() * index.size(0);
            }
            epochLoss = sum / n;
            if (!std::isfinite(epochLoss))
            {
                throw std::runtime_error(who + ": the loss is not finite in epoch " +
                                         std::to_string(epoch) + " (split point " +
                                         model->GetSplitPointName(split) + ")");
            }
            m_epochTrace(epoch, m_epochs, epochLoss);
        }
        net->eval();
        return epochLoss;
    }
    catch (const c10::Error& e)
    {
        m_impl.reset();
        throw std::runtime_error(who + ": " + e.what_without_backtrace());
    }
    catch (...)
    {
        m_impl.reset();
        throw;
    }
}

FeatureTensor
ClosedBoxInversion::Reconstruct(const FeatureTensor& features)
{
    NS_LOG_FUNCTION(this);
    if (!m_impl)
    {
        throw std::logic_error("ClosedBoxInversion::Reconstruct: not trained (call Train())");
    }
    const at::Tensor f = UnwrapTensor(features);
    const auto& shape = m_impl->shape;
    if (!f.defined() || f.dim() != 4 || f.size(0) % m_impl->maps != 0 || f.size(0) == 0 ||
        std::vector<int64_t>(f.sizes().begin() + 1, f.sizes().end()) != shape)
    {
        throw std::invalid_argument("ClosedBoxInversion::Reconstruct: features of shape " +
                                    (f.defined() ? features.GetShapeText() : std::string("empty")) +
                                    " are not Nx" + std::to_string(shape[0]) + "x" +
                                    std::to_string(shape[1]) + "x" + std::to_string(shape[2]) +
                                    " (those Train() saw)");
    }
    try
    {
        torch::NoGradGuard noGrad;
        const int64_t n = f.size(0) / m_impl->maps;
        return WrapTensor(m_impl->net->forward(f.slice(0, 0, n)).contiguous());
    }
    catch (const c10::Error& e)
    {
        throw std::runtime_error(std::string("ClosedBoxInversion: ") + e.what_without_backtrace());
    }
}

} // namespace sagin
} // namespace ns3
