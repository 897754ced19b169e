// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_IMAGE_SOURCE_H
#define SAGIN_IMAGE_SOURCE_H

#include "feature-tensor.h"

#include "ns3/object.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Where the images of cross-view localization come from: a set of locations, each seen
 *        from a satellite, from drones (UAVs) and from the street (vehicles).
 *
 * Locations are numbered 0..GetNLocations()−1; the views of each kind at a location are
 * numbered from 0. An image is a 1×3×S×S float32 tensor (S = ImageSize) normalised with the
 * ImageNet mean and standard deviation, ready for a SplitModel; GetRawImage() gives the same
 * image with values in [0, 1]. The same source attributes and the same arguments always give
 * the same image, so GetImageKey() identifies it (for caches).
 */
class ImageSource : public Object
{
  public:
    /// The three kinds of view.
    enum View
    {
        SATELLITE, //!< top-down satellite image (the gallery)
        DRONE,     //!< oblique image from a UAV
        STREET     //!< ground-level image from a vehicle
    };

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    ImageSource();
    ~ImageSource() override;

    /// @return the number of locations
    virtual uint32_t GetNLocations() const = 0;

    /**
     * @param location location index
     * @return a name of the location (a folder's building id, or a synthetic name)
     * @throws std::out_of_range for an index beyond the locations
     */
    virtual std::string GetLocationName(uint32_t location) const = 0;

    /**
     * @param location location index
     * @param view kind of view
     * @return the number of images of that kind at the location (may be 0)
     * @throws std::out_of_range for an index beyond the locations
     */
    virtual uint32_t GetNViews(uint32_t location, View view) const = 0;

    /**
     * @param location location index
     * @param view kind of view
     * @param index image index among that location's views of that kind
     * @return the image, 1×3×S×S, ImageNet-normalised
     * @throws std::out_of_range for indices beyond the images
     * @throws std::runtime_error when an image file cannot be read (naming the file)
     */
    virtual FeatureTensor GetImage(uint32_t location, View view, uint32_t index) = 0;

    /**
     * @param location location index
     * @param view kind of view
     * @param index image index
     * @return the image, 1×3×S×S, values in [0, 1]
     */
    virtual FeatureTensor GetRawImage(uint32_t location, View view, uint32_t index) = 0;

    /**
     * @param location location index
     * @param view kind of view
     * @param index image index
     * @return a key that differs for every image of this source
     */
    static uint64_t GetImageKey(uint32_t location, View view, uint32_t index);

    /// @return the side S of the images, in pixels
    virtual uint32_t GetImageSize() const = 0;

    /**
     * @param view kind of view
     * @return "satellite", "drone" or "street"
     */
    static std::string ViewToString(View view);

    /**
     * @brief The normalisation of GetImage(): (x − mean)/std per channel, with the ImageNet
     *        mean (0.485, 0.456, 0.406) and standard deviation (0.229, 0.224, 0.225) of R, G, B.
     * @param raw an N×3×H×W image with values in [0, 1], as GetRawImage() gives it
     * @return the normalised image, a new tensor
     * @throws std::invalid_argument when the image is not N×3×H×W
     */
    static FeatureTensor Normalise(const FeatureTensor& raw);
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_IMAGE_SOURCE_H
