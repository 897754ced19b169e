// SPDX-License-Identifier: GPL-2.0-only

// ResNet50UsamModel against its PyTorch twin, tools/export-resnet50-usam-weights.py: the same
// random weights give the same features at every split point and the same embeddings.

#include "feature-tensor-impl.h"
#include "sagin-test-utils.h"
#include "torch-weights.h"

#include "ns3/boolean.h"
#include "ns3/sagin-module.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>
#include <map>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::test;

namespace
{

/**
 * @param actual a C++ result
 * @param expected PyTorch's result
 * @return whether they agree within 1e-4 relative to the largest magnitude of @p expected: the
 *         two sides sum float32 products in different orders (other kernels, other thread
 *         counts), which leaves differences of a few units in the last places of the largest
 *         values (measured: 3.2e-4 on embeddings of magnitude 11, 2.8e-5 relative)
 */
::testing::AssertionResult
AgreesWith(const FeatureTensor& actual, const at::Tensor& expected)
{
    const double scale = std::max(1.0, expected.abs().max().item<double>());
    const double difference = actual.MaxAbsDifference(WrapTensor(expected));
    if (difference <= 1e-4 * scale)
    {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure()
           << "largest difference " << difference << " exceeds 1e-4 × " << scale;
}

/**
 * @param path a file written by torch.save of a dict of tensors
 * @return its tensors, by name
 */
std::map<std::string, at::Tensor>
ReferenceTensors(const std::string& path)
{
    const NamedTensors named = ReadTensorFile(path);
    return std::map<std::string, at::Tensor>(named.begin(), named.end());
}

} // namespace

TEST(ResNet50UsamExport, MatchesThePyTorchTwin)
{
    if (RunCommand(ShellQuote(Python()) + " -c 'import torch'").exitStatus != 0)
    {
        GTEST_SKIP() << "python3-torch is not installed (" << Python()
                     << " cannot import torch): the reference weights cannot be written";
    }
    char pattern[] = "/tmp/sagin-usam-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    const std::string dir = pattern;
    const auto result =
        RunCommand(ShellQuote(Python()) + " " +
                   ShellQuote(SourcePath("tools/export-resnet50-usam-weights.py")) +
                   " --seed 1 --input 64 --classes 701 --out " + ShellQuote(dir + "/usam.pt") +
                   " --reference " + ShellQuote(dir + "/usam-ref.pt"));
    ASSERT_EQ(result.exitStatus, 0) << result.err;

    // Random weights and batch-normalisation statistics from the exporter, input 2×3×64×64.
    Ptr<ResNet50UsamModel> model =
        CreateObjectWithAttributes<ResNet50UsamModel>("InputSize",
                                                      UintegerValue(64),
                                                      "Normalise",
                                                      BooleanValue(false));
    model->LoadWeights(dir + "/usam.pt");
    auto reference = ReferenceTensors(dir + "/usam-ref.pt");
    const FeatureTensor input = WrapTensor(reference.at("input"));
    const std::vector<std::string> names =
        {"conv1", "usam1", "layer1", "usam2", "layer2", "layer3", "layer4"};
    ASSERT_EQ(model->GetNSplitPoints(), names.size());
    for (uint32_t i = 0; i < names.size(); ++i)
    {
        SCOPED_TRACE(names[i]);
        EXPECT_EQ(model->GetSplitPointName(i), names[i]);
        const FeatureTensor head = model->Head(input, i);
        EXPECT_TRUE(AgreesWith(head, reference.at(names[i])));
        EXPECT_TRUE(AgreesWith(model->Tail(head, i), reference.at("embedding")));
    }
    EXPECT_TRUE(AgreesWith(model->Forward(input), reference.at("embedding")));

    // With the L2 normalisation (the default), the embedding of unit length.
    model->SetAttribute("Normalise", BooleanValue(true));
    EXPECT_TRUE(AgreesWith(model->Forward(input), reference.at("embedding_l2")));
    std::filesystem::remove_all(dir);
}
