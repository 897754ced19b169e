// SPDX-License-Identifier: GPL-2.0-only

#include "image-source.h"

#include "feature-tensor-impl.h"

#include "ns3/log.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginImageSource");

NS_OBJECT_ENSURE_REGISTERED(ImageSource);

TypeId
ImageSource::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::ImageSource").SetParent<Object>().SetGroupName("Sagin");
    return tid;
}

ImageSource::ImageSource()
{
    NS_LOG_FUNCTION(this);
}

ImageSource::~ImageSource()
{
    NS_LOG_FUNCTION(this);
}

uint64_t
ImageSource::GetImageKey(uint32_t location, View view, uint32_t index)
{
    // 32 bits of location, 2 of view, 30 of index: distinct for every image of a source.
    if (index >= (1u << 30))
    {
        throw std::out_of_range("image index " + std::to_string(index) + " is beyond 2^30");
    }
    return (uint64_t{location} << 32) | (uint64_t{static_cast<uint32_t>(view)} << 30) | index;
}

std::string
ImageSource::ViewToString(View view)
{
    switch (view)
    {
    case SATELLITE:
        return "satellite";
    case DRONE:
        return "drone";
    case STREET:
        return "street";
    }
    return "unknown";
}

FeatureTensor
ImageSource::Normalise(const FeatureTensor& raw)
{
    const at::Tensor image = UnwrapTensor(raw);
    if (!image.defined() || image.dim() != 4 || image.size(1) != 3)
    {
        throw std::invalid_argument("ImageSource::Normalise: the image must be Nx3xHxW, not " +
                                    (image.defined() ? raw.GetShapeText() : std::string("empty")));
    }
    const auto mean = torch::tensor({0.485f, 0.456f, 0.406f}).view({1, 3, 1, 1});
    const auto std = torch::tensor({0.229f, 0.224f, 0.225f}).view({1, 3, 1, 1});
    return WrapTensor((image - mean) / std);
}

} // namespace sagin
} // namespace ns3
