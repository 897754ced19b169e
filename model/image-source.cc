// SPDX-License-Identifier: GPL-2.0-only

#include "image-source.h"

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

} // namespace sagin
} // namespace ns3
