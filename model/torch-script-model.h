// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_TORCH_SCRIPT_MODEL_H
#define SAGIN_TORCH_SCRIPT_MODEL_H

#include "split-model.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Any network a user exported from PyTorch as a TorchScript archive (torch.jit.script or
 *        torch.jit.trace), split between its top-level children.
 *
 * The module's top-level children (named_children(), in registration order) must run in
 * sequence: the module's forward is child 0, then child 1 on its output, and so on, as for an
 * nn.Sequential. Split point i is the output of child i and is named after it; Head(x, i) runs
 * children 0..i and Tail(f, i) children i+1..end (nothing after the last child).
 *
 * When the archive is loaded (at the first use, or by Load()), the children are run in sequence
 * on a probe input, a 1×3×S×S standard normal tensor (generator seed 0) with S the InputSize
 * attribute, and their result must equal the module's own forward on it (same shape, and every
 * element within 1e-4·(1 + max|forward|)); otherwise the archive is refused. A model whose
 * forward does more than call its children (torchvision's ResNet flattens between avgpool and fc)
 * must be exported wrapped in an nn.Sequential of its children with that step as a child of its
 * own (an nn.Flatten before fc): tools/export-torchvision-resnet50.py does so.
 *
 * GetProfile() runs one image through the children and counts the ATen operators each child
 * calls (only the outermost calls, not the operators they call in turn): convolutions cost
 * output elements × (input channels / groups) × kernel area multiply-accumulates (transposed
 * ones input elements × output channels / groups × kernel area), linear layers and matrix
 * products output elements × inner dimension; every other operator counts one element-wise
 * operation per output element (two for batch normalisation), except views, reshapes, dropout
 * and other operators that compute nothing, which count zero. Pooling is thus counted by its
 * output, not by its window.
 *
 * The weights come inside the archive; LoadWeights() copies another archive's parameters and
 * buffers into this model by name, and SaveWeights() writes this model's archive.
 */
class TorchScriptModel : public SplitModel
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    TorchScriptModel();
    ~TorchScriptModel() override;

    /**
     * @brief Load the archive of the File attribute now and check it (otherwise the first use
     *        does), so that a bad file shows at once.
     * @throws std::runtime_error with one line naming the file when it is missing, truncated or
     *         not TorchScript, has no top-level children, or its children do not reproduce its
     *         forward on the probe input
     */
    void Load();

    /// @return the File attribute: the path of the TorchScript archive
    std::string GetFile() const;

    uint32_t GetNSplitPoints() const override;
    std::string GetSplitPointName(uint32_t split) const override;
    FeatureTensor Head(const FeatureTensor& images, uint32_t split) override;
    FeatureTensor Tail(const FeatureTensor& features, uint32_t split) override;
    FeatureTensor Forward(const FeatureTensor& images) override;
    std::vector<SplitPointProfile> DoGetProfile(uint32_t inputSize) override;

    /**
     * @brief Copy another TorchScript archive's parameters and buffers into this model, by name.
     * @param path a TorchScript archive of a model with the same parameter and buffer names and
     *        shapes
     * @throws std::runtime_error with one line naming the file and the first offending parameter
     *         or buffer (missing, extra or of another shape), or the file's fault; nothing is
     *         changed then
     */
    void LoadWeights(const std::string& path) override;

    /**
     * @brief Write this model (structure and weights) as a TorchScript archive.
     * @param path where to write it
     * @throws std::runtime_error when the file cannot be written
     */
    void SaveWeights(const std::string& path) const override;

  protected:
    void DoDispose() override;

  private:
    /// The loaded module and its children (LibTorch types, defined in the .cc file).
    struct Archive;

    /**
     * @brief Load the File attribute's archive unless it is loaded (with the same File and
     *        InputSize); the archive is a cache, so const methods may load it.
     * @return the archive
     */
    Archive& GetArchive() const;

    /**
     * @param split a split point
     * @param where the method that asks, for the message
     * @throws std::invalid_argument when @p split is beyond the last split point
     */
    void CheckSplit(uint32_t split, const char* where) const;

    std::string m_file;                         //!< path of the TorchScript archive
    uint32_t m_inputSizePx;                     //!< side of the probe input, pixels
    mutable std::unique_ptr<Archive> m_archive; //!< the loaded archive, or null
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_TORCH_SCRIPT_MODEL_H
