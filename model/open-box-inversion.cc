// SPDX-License-Identifier: GPL-2.0-only

#include "open-box-inversion.h"

#include "feature-tensor-impl.h"
#include "inversion-support.h"
#include "split-model-training.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <torch/torch.h>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginOpenBoxInversion");

NS_OBJECT_ENSURE_REGISTERED(OpenBoxInversion);

namespace
{

/// Freezes a model's parameters while it lives, and puts it in evaluation behaviour.
class FrozenParameters
{
  public:
    /// @param training the model's training interface
    explicit FrozenParameters(SplitModelTraining& training)
        : m_parameters(training.GetParameters())
    {
        for (auto& p : m_parameters)
        {
            m_requiresGrad.push_back(p.requires_grad());
            p.requires_grad_(false);
        }
        training.SetTraining(false);
    }

    ~FrozenParameters()
    {
        for (size_t i = 0; i < m_parameters.size(); ++i)
        {
            m_parameters[i].requires_grad_(m_requiresGrad[i]);
        }
    }

    FrozenParameters(const FrozenParameters&) = delete;
    FrozenParameters& operator=(const FrozenParameters&) = delete;

  private:
    std::vector<at::Tensor> m_parameters; //!< the parameters
    std::vector<bool> m_requiresGrad;     //!< whether each required a gradient before
};

} // namespace

TypeId
OpenBoxInversion::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::OpenBoxInversion")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<OpenBoxInversion>()
            .AddAttribute("Iterations",
                          "Adam steps on the images.",
                          UintegerValue(1000),
                          MakeUintegerAccessor(&OpenBoxInversion::m_iterations),
                          MakeUintegerChecker<uint32_t>(1, 10000000))
            .AddAttribute("LearningRate",
                          "Adam's initial learning rate (pixel values per step), decayed along "
                          "half a cosine to 0 at the last step.",
                          DoubleValue(0.05),
                          MakeDoubleAccessor(&OpenBoxInversion::m_learningRate),
                          MakeDoubleChecker<double>(1e-9, 10.0))
            .AddAttribute("TvWeight",
                          "Weight of the total variation (mean absolute difference of "
                          "neighbouring values) in the objective, dimensionless.",
                          DoubleValue(0.01),
                          MakeDoubleAccessor(&OpenBoxInversion::m_tvWeight),
                          MakeDoubleChecker<double>(0.0, 1e6))
            .AddAttribute("RangeWeight",
                          "Weight of the range penalty (mean squared excess beyond [0, 1]) in "
                          "the objective, dimensionless.",
                          DoubleValue(1e-3),
                          MakeDoubleAccessor(&OpenBoxInversion::m_rangeWeight),
                          MakeDoubleChecker<double>(0.0, 1e6))
            .AddTraceSource("Iteration",
                            "An iteration of the attack ended.",
                            MakeTraceSourceAccessor(&OpenBoxInversion::m_iterationTrace),
                            "ns3::sagin::OpenBoxInversion::IterationTracedCallback");
    return tid;
}

OpenBoxInversion::OpenBoxInversion()
{
    NS_LOG_FUNCTION(this);
}

OpenBoxInversion::~OpenBoxInversion()
{
    NS_LOG_FUNCTION(this);
}

FeatureTensor
OpenBoxInversion::Reconstruct(Ptr<SplitModel> model, uint32_t split, const FeatureTensor& features)
{
    NS_LOG_FUNCTION(this << model << split);
    const std::string who = "OpenBoxInversion";
    if (!model)
    {
        throw std::invalid_argument(who + ": no model (null pointer)");
    }
    SplitModelTraining* training = model->GetTraining();
    if (!training)
    {
        throw std::invalid_argument(who + ": the model " + model->GetInstanceTypeId().GetName() +
                                    " has no differentiable head (it cannot be trained)");
    }
    try
    {
        const at::Tensor target = UnwrapTensor(features).detach();
        const int64_t maps = inversion::GetMapsPerImage(model, split, target, who);
        const int64_t images = target.size(0) / maps;
        const int64_t side = inversion::GetInputSize(model);
        FrozenParameters frozen(*training);
        // Per image: the squared norm of its feature maps, the denominator of its term.
        const at::Tensor targetNorm = target.reshape({maps, images, -1})
                                          .pow(2)
                                          .sum(std::vector<int64_t>{0, 2})
                                          .clamp_min(1e-12);
        at::Tensor x = torch::full({images, 3, side, side}, 0.5f).requires_grad_(true);
        torch::optim::Adam adam({x}, torch::optim::AdamOptions(m_learningRate));
        const double n = 3.0 * side * side;
        for (uint32_t it = 1; it <= m_iterations; ++it)
        {
            const double lr =
                m_learningRate * 0.5 * (1.0 + std::cos(M_PI * double(it - 1) / m_iterations));
            static_cast<torch::optim::AdamOptions&>(adam.param_groups()[0].options()).lr(lr);
            adam.zero_grad();
            const at::Tensor f = training->Head(inversion::Normalise(x), split);
            const at::Tensor featureLoss =
                (f - target).reshape({maps, images, -1}).pow(2).sum(std::vector<int64_t>{0, 2}) /
                targetNorm;
            const at::Tensor tv = ((x.slice(3, 1) - x.slice(3, 0, side - 1)).abs().sum({1, 2, 3}) +
                                   (x.slice(2, 1) - x.slice(2, 0, side - 1)).abs().sum({1, 2, 3})) /
                                  n;
            const at::Tensor excess = (x - x.clamp(0.0, 1.0)).pow(2).sum({1, 2, 3}) / n;
            const at::Tensor loss = (featureLoss + m_tvWeight * tv + m_rangeWeight * excess).sum();
            const double lossValue = loss.item<double>();
            if (!std::isfinite(lossValue))
            {
                throw std::runtime_error(who + ": the objective is not finite at iteration " +
                                         std::to_string(it) + " (split point " +
                                         model->GetSplitPointName(split) + ")");
            }
            loss.backward();
            adam.step();
            {
                torch::NoGradGuard noGrad;
                x.clamp_(0.0, 1.0);
            }
            m_iterationTrace(it, m_iterations, featureLoss.sum().item<double>(), lossValue);
        }
        return WrapTensor(x.detach().clone());
    }
    catch (const c10::Error& e)
    {
        throw std::runtime_error(who + ": " + e.what_without_backtrace());
    }
}

} // namespace sagin
} // namespace ns3
