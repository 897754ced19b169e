// SPDX-License-Identifier: GPL-2.0-only

#include "split-model.h"

#include "feature-codec.h"
#include "glqi-net-model.h"
#include "resnet50-usam-model.h"
#include "torch-script-model.h"

#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <functional>

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

Ptr<SplitModel>
SplitModel::CreateByName(const std::string& name, uint32_t inputSize)
{
    NS_LOG_FUNCTION(name << inputSize);
    // Sets InputSize unless it is 0.
    auto withSize = [inputSize](Ptr<SplitModel> model) {
        if (inputSize > 0)
        {
            model->SetAttribute("InputSize", UintegerValue(inputSize));
        }
        return model;
    };
    if (name.size() > 3 && name.compare(name.size() - 3, 3, ".pt") == 0)
    {
        Ptr<TorchScriptModel> model =
            CreateObjectWithAttributes<TorchScriptModel>("File", StringValue(name));
        withSize(model);
        model->Load(); // one line naming the file when it is not a usable archive
        return model;
    }
    const std::vector<std::pair<std::string, std::function<Ptr<SplitModel>()>>> known{
        {"resnet50-usam", [] { return CreateObject<ResNet50UsamModel>(); }},
        {"glqinet", [] { return CreateObject<GlqiNetModel>(); }},
    };
    std::string names;
    for (const auto& [knownName, create] : known)
    {
        if (knownName == name)
        {
            return withSize(create());
        }
        names += knownName + ", ";
    }
    throw std::invalid_argument("unknown model '" + name + "' (known: " + names +
                                "or a TorchScript file FILE.pt)");
}

SplitModelTraining*
SplitModel::GetTraining()
{
    return nullptr;
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
