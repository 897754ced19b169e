// SPDX-License-Identifier: GPL-2.0-only

#include "feature-tensor-impl.h"
#include "sagin-test-utils.h"

#include <gtest/gtest.h>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

TEST(FeatureTensor, WrapsLibTorchTensors)
{
    // A 2×3 tensor of 0..5: its shape, count, text, elements and the at::Tensor behind it.
    FeatureTensor t = FeatureTensor::FromFloats({2, 3}, {0, 1, 2, 3, 4, 5});
    EXPECT_FALSE(t.IsEmpty());
    EXPECT_EQ(t.GetShape(), (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(t.GetElementCount(), 6);
    EXPECT_EQ(t.GetShapeText(), "2x3");
    EXPECT_EQ(t.ToFloats(), (std::vector<float>{0, 1, 2, 3, 4, 5}));
    const at::Tensor a = UnwrapTensor(t);
    EXPECT_EQ(a.scalar_type(), torch::kFloat32);
    // Element (1, 2) is 5; the sum of 0..5 is 15.
    EXPECT_EQ(a[1][2].item<float>(), 5.0f);
    EXPECT_EQ(a.sum().item<float>(), 15.0f);

    // Copies share the data, like at::Tensor.
    FeatureTensor copy = t;
    UnwrapTensor(copy)[0][0] = 7.0f;
    EXPECT_EQ(t.ToFloats()[0], 7.0f);

    // Differences: |7 - 0| = 7 against the zeros of the same shape.
    EXPECT_DOUBLE_EQ(t.MaxAbsDifference(FeatureTensor::Zeros({2, 3})), 7.0);
    EXPECT_THROW(t.MaxAbsDifference(FeatureTensor::Zeros({3, 2})), std::invalid_argument);
    EXPECT_THROW(FeatureTensor::FromFloats({2, 2}, {1, 2, 3}), std::invalid_argument);
    EXPECT_THROW(FeatureTensor::Zeros({2, 0}), std::invalid_argument);
    EXPECT_TRUE(FeatureTensor().IsEmpty());
    EXPECT_EQ(FeatureTensor().GetElementCount(), 0);
}

TEST(FeatureTensor, RandomNormalIsReproducible)
{
    // The same seed gives the same values; another seed other values. 10,000 standard normal
    // draws have a mean within 4σ/√n = 0.04 of 0 and a standard deviation within 0.04 of 1.
    FeatureTensor a = FeatureTensor::RandomNormal({100, 100}, 42);
    FeatureTensor b = FeatureTensor::RandomNormal({100, 100}, 42);
    FeatureTensor c = FeatureTensor::RandomNormal({100, 100}, 43);
    EXPECT_EQ(a.MaxAbsDifference(b), 0.0);
    EXPECT_GT(a.MaxAbsDifference(c), 0.0);
    EXPECT_NEAR(UnwrapTensor(a).mean().item<double>(), 0.0, 0.04);
    EXPECT_NEAR(UnwrapTensor(a).std().item<double>(), 1.0, 0.04);
}
