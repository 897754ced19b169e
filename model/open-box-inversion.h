// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_OPEN_BOX_INVERSION_H
#define SAGIN_OPEN_BOX_INVERSION_H

#include "feature-tensor.h"
#include "split-model.h"

#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The open-box model-inversion attack on split inference: an attacker who knows the
 *        head and its weights and sees the features at the split point searches for the images
 *        whose features they are (regularised maximum likelihood, He, Zhang and Lee, ACSAC 2019).
 *
 * Starting from mid-grey images x′ (every value 0.5), Adam (LearningRate, decayed along half a
 * cosine to 0 at the last of Iterations steps) minimises, per image,
 *
 *     ‖f(x′) − f‖² / ‖f‖² + TvWeight·TV(x′) + RangeWeight·‖x′ − clamp(x′, 0, 1)‖²/n
 *
 * where f(x′) is the head (on the ImageNet-normalised x′, in evaluation behaviour) up to the
 * split point, f the observed features, TV the mean absolute difference between neighbouring
 * values (anisotropic total variation) and n the number of values; after each step the values
 * are clipped to [0, 1]. The feature term is relative, so one learning rate suits every split
 * point. The result is the last iterate: the attacker never sees the true images. Only the
 * input is optimised (the model's parameters are frozen during the attack), and nothing is
 * random, so a model, features and attributes always give the same images (for a LibTorch
 * thread count).
 */
class OpenBoxInversion : public Object
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    OpenBoxInversion();
    ~OpenBoxInversion() override;

    /**
     * @brief Reconstruct the images whose features a model's head gave.
     * @param model the model that gave them: it must be trainable (SplitModel::GetTraining())
     * @param split the split point
     * @param features the head's features of N images (as SplitModel::Head() gave them)
     * @return the reconstructions, N×3×S×S with values in [0, 1] (S: the model's InputSize)
     * @throws std::invalid_argument for a model without a differentiable head, a bad split
     *         point, or features that are not the head's at that split point
     * @throws std::runtime_error when the optimisation fails (non-finite loss)
     */
    FeatureTensor Reconstruct(Ptr<SplitModel> model, uint32_t split, const FeatureTensor& features);

    /**
     * @brief TracedCallback signature of the Iteration trace source.
     * @param iteration the iteration, from 1
     * @param iterations the iterations of the attack
     * @param featureLoss the relative feature distance, summed over the images
     * @param loss the whole objective, summed over the images
     */
    typedef void (*IterationTracedCallback)(uint32_t iteration,
                                            uint32_t iterations,
                                            double featureLoss,
                                            double loss);

  private:
    uint32_t m_iterations; //!< Adam steps
    double m_learningRate; //!< initial learning rate
    double m_tvWeight;     //!< weight of the total variation
    double m_rangeWeight;  //!< weight of the range penalty

    /// Fired after each iteration.
    TracedCallback<uint32_t, uint32_t, double, double> m_iterationTrace;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_OPEN_BOX_INVERSION_H
