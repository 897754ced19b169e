// SPDX-License-Identifier: GPL-2.0-only

#include "split-model.h"

#include "feature-codec.h"

#include "ns3/log.h"

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginSplitModel");

NS_OBJECT_ENSURE_REGISTERED(SplitModel);

TypeId
SplitModel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::SplitModel").SetParent<Object>().SetGroupName("Sagin");
    return tid;
}

SplitModel::SplitModel()
{
    NS_LOG_FUNCTION(this);
}

SplitModel::~SplitModel()
{
    NS_LOG_FUNCTION(this);
}

std::vector<SplitPointProfile>
SplitModel::GetProfile(uint32_t inputSize)
{
    NS_LOG_FUNCTION(this << inputSize);
    std::vector<SplitPointProfile> profile = DoGetProfile(inputSize);
    for (auto& point : profile)
    {
        // As the device sends them: a batch of one image, C×H×W → 1×C×H×W (int8 keeps one
        // scale per channel, dimension 1).
        std::vector<int64_t> sent = point.shape;
        if (sent.size() <= 3)
        {
            sent.insert(sent.begin(), 1);
        }
        point.encodedFp32 = FeatureCodec::GetEncodedSize(sent, FeatureCodec::Codec::FP32);
        point.encodedFp16 = FeatureCodec::GetEncodedSize(sent, FeatureCodec::Codec::FP16);
        point.encodedInt8 = FeatureCodec::GetEncodedSize(sent, FeatureCodec::Codec::INT8);
    }
    return profile;
}

} // namespace sagin
} // namespace ns3
