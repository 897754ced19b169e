// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_IMAGE_FOLDER_SOURCE_H
#define SAGIN_IMAGE_FOLDER_SOURCE_H

#include "image-source.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Images from a folder laid out as University-1652's: `ROOT/satellite/ID/`,
 *        `ROOT/drone/ID/` and `ROOT/street/ID/`, one subfolder per building ID holding its
 *        JPEG or PNG images.
 *
 * The locations are the building IDs of `satellite/`, sorted (by byte value); a location's
 * views of a kind are the files of its folder, sorted by name. A building without a folder in
 * `drone/` or `street/` (or a Root without those folders) has no views of that kind; folders
 * of `drone/` and `street/` whose ID `satellite/` lacks are ignored (they could not be found in
 * the gallery). Names starting with '.' are ignored everywhere.
 *
 * Load() (or the first use) scans the folders and reads every image's header; GetImage()
 * decodes the file with stb_image, converts it to RGB, resizes it to S×S (bilinear, the pixel
 * centres aligned as torch.nn.functional.interpolate with align_corners=False, no
 * antialiasing) and normalises it (ImageSource::Normalise). Images are not cached.
 */
class ImageFolderSource : public ImageSource
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    ImageFolderSource();
    ~ImageFolderSource() override;

    /**
     * @brief Scan the Root folder now (again, if it was scanned before).
     * @throws std::runtime_error with one line naming the folder or file when Root is empty or
     *         not a folder, has no satellite/ folder, satellite/ has no building folder, a
     *         building folder has a file that is not a readable JPEG or PNG image, or a
     *         building folder holds something else than files
     */
    void Load();

    uint32_t GetNLocations() const override;
    std::string GetLocationName(uint32_t location) const override;
    uint32_t GetNViews(uint32_t location, View view) const override;
    FeatureTensor GetImage(uint32_t location, View view, uint32_t index) override;
    FeatureTensor GetRawImage(uint32_t location, View view, uint32_t index) override;
    uint32_t GetImageSize() const override;

    /**
     * @param location location index
     * @param view kind of view
     * @param index image index
     * @return the path of the image file
     * @throws std::out_of_range for indices beyond the images
     */
    std::string GetImagePath(uint32_t location, View view, uint32_t index) const;

    /**
     * @brief Decode an image file and resize it (what GetRawImage() does to a view's file).
     * @param path a JPEG or PNG file
     * @param size the side of the result, pixels
     * @return 1×3×size×size, values in [0, 1]
     * @throws std::runtime_error naming the file when it cannot be read or decoded
     */
    static FeatureTensor ReadImage(const std::string& path, uint32_t size);

  private:
    /// Scan the folders unless they are scanned (Load()).
    void LoadIfNeeded() const;

    /**
     * @param location location index
     * @param view kind of view
     * @return the files of that location's views of that kind
     * @throws std::out_of_range for a location beyond the locations
     */
    const std::vector<std::string>& Files(uint32_t location, View view) const;

    std::string m_root;                   //!< the Root folder
    uint32_t m_imageSizePx;               //!< side of the images, pixels
    bool m_loaded;                        //!< whether the folders are scanned
    std::vector<std::string> m_locations; //!< building IDs, sorted
    /// Per location, the image files of each kind of view (indexed by View).
    std::vector<std::array<std::vector<std::string>, 3>> m_files;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_IMAGE_FOLDER_SOURCE_H
