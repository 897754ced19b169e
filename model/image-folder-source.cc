// SPDX-License-Identifier: GPL-2.0-only

#include "image-folder-source.h"

#include "feature-tensor-impl.h"

#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stb/stb_image.h>
#include <stdexcept>
#include <system_error>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginImageFolderSource");

NS_OBJECT_ENSURE_REGISTERED(ImageFolderSource);

namespace
{

namespace fs = std::filesystem;

/// The folders of the three kinds of view, indexed by ImageSource::View.
const std::array<const char*, 3> VIEW_FOLDERS{"satellite", "drone", "street"};

/**
 * @param entry a folder entry
 * @return whether its name starts with '.' (ignored)
 */
bool
IsHidden(const fs::directory_entry& entry)
{
    const std::string name = entry.path().filename().string();
    return !name.empty() && name[0] == '.';
}

/**
 * @param folder a folder
 * @return its entries not starting with '.', sorted by name
 * @throws std::runtime_error naming the folder when it cannot be listed
 */
std::vector<fs::directory_entry>
ListFolder(const fs::path& folder)
{
    std::error_code error;
    fs::directory_iterator it(folder, error);
    if (error)
    {
        throw std::runtime_error("ImageFolderSource: cannot list " + folder.string() + ": " +
                                 error.message());
    }
    std::vector<fs::directory_entry> entries;
    for (; it != fs::directory_iterator(); it.increment(error))
    {
        if (error)
        {
            throw std::runtime_error("ImageFolderSource: cannot list " + folder.string() + ": " +
                                     error.message());
        }
        if (!IsHidden(*it))
        {
            entries.push_back(*it);
        }
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return a.path().filename().string() < b.path().filename().string();
    });
    return entries;
}

/**
 * @param path an image file
 * @throws std::runtime_error naming the file when it cannot be read, is not a JPEG or PNG file
 *         (by its first bytes) or stb_image cannot read its header
 */
void
CheckImageFile(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    unsigned char magic[8] = {};
    if (!file || !file.read(reinterpret_cast<char*>(magic), sizeof(magic)))
    {
        if (!file.is_open())
        {
            throw std::runtime_error("ImageFolderSource: cannot read " + path);
        }
        // Fewer than 8 bytes: no image either.
    }
    static const unsigned char PNG[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    const bool jpeg = magic[0] == 0xff && magic[1] == 0xd8 && magic[2] == 0xff;
    const bool png = std::memcmp(magic, PNG, sizeof(PNG)) == 0;
    if (!jpeg && !png)
    {
        throw std::runtime_error("ImageFolderSource: " + path + " is not a JPEG or PNG image");
    }
    int width = 0;
    int height = 0;
    int channels = 0;
    if (stbi_info(path.c_str(), &width, &height, &channels) == 0)
    {
        throw std::runtime_error("ImageFolderSource: " + path + " is not a readable " +
                                 (jpeg ? "JPEG" : "PNG") + " image (" + stbi_failure_reason() +
                                 ")");
    }
}

} // namespace

TypeId
ImageFolderSource::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::ImageFolderSource")
            .SetParent<ImageSource>()
            .SetGroupName("Sagin")
            .AddConstructor<ImageFolderSource>()
            .AddAttribute("Root",
                          "Folder with satellite/, drone/ and street/, each holding one "
                          "subfolder of JPEG or PNG images per building ID.",
                          StringValue(""),
                          MakeStringAccessor(&ImageFolderSource::m_root),
                          MakeStringChecker())
            .AddAttribute("ImageSize",
                          "Side of the square images the files are resized to, in pixels.",
                          UintegerValue(256),
                          MakeUintegerAccessor(&ImageFolderSource::m_imageSizePx),
                          MakeUintegerChecker<uint32_t>(1, 4096));
    return tid;
}

ImageFolderSource::ImageFolderSource()
    : m_imageSizePx(256),
      m_loaded(false)
{
    NS_LOG_FUNCTION(this);
}

ImageFolderSource::~ImageFolderSource()
{
    NS_LOG_FUNCTION(this);
}

void
ImageFolderSource::Load()
{
    NS_LOG_FUNCTION(this);
    m_loaded = false;
    m_locations.clear();
    m_files.clear();
    if (m_root.empty())
    {
        throw std::runtime_error("ImageFolderSource: the Root attribute is empty");
    }
    const fs::path root(m_root);
    std::error_code error;
    if (!fs::is_directory(root, error))
    {
        throw std::runtime_error(
            "ImageFolderSource: Root " + m_root +
            (fs::exists(root, error) ? " is not a folder" : " does not exist"));
    }
    const fs::path satellite = root / VIEW_FOLDERS[SATELLITE];
    if (!fs::is_directory(satellite, error))
    {
        throw std::runtime_error("ImageFolderSource: " + m_root + " has no satellite/ folder");
    }
    for (const auto& entry : ListFolder(satellite))
    {
        if (!entry.is_directory(error))
        {
            throw std::runtime_error("ImageFolderSource: " + entry.path().string() +
                                     " is not a building folder");
        }
        m_locations.push_back(entry.path().filename().string());
    }
    if (m_locations.empty())
    {
        throw std::runtime_error("ImageFolderSource: " + satellite.string() +
                                 " has no building folders");
    }
    m_files.resize(m_locations.size());
    for (uint32_t view = SATELLITE; view <= STREET; ++view)
    {
        for (std::size_t location = 0; location < m_locations.size(); ++location)
        {
            const fs::path folder = root / VIEW_FOLDERS[view] / m_locations[location];
            if (view != SATELLITE && !fs::is_directory(folder, error))
            {
                continue; // no views of this kind
            }
            auto& files = m_files[location][view];
            for (const auto& entry : ListFolder(folder))
            {
                if (!entry.is_regular_file(error))
                {
                    throw std::runtime_error("ImageFolderSource: " + entry.path().string() +
                                             " is not an image file");
                }
                files.push_back(entry.path().string());
                CheckImageFile(files.back());
            }
        }
    }
    m_loaded = true;
    NS_LOG_INFO("ImageFolderSource: " << m_locations.size() << " buildings in " << m_root);
}

void
ImageFolderSource::LoadIfNeeded() const
{
    if (!m_loaded)
    {
        const_cast<ImageFolderSource*>(this)->Load();
    }
}

const std::vector<std::string>&
ImageFolderSource::Files(uint32_t location, View view) const
{
    LoadIfNeeded();
    if (location >= m_locations.size())
    {
        throw std::out_of_range("ImageFolderSource: location " + std::to_string(location) +
                                " is beyond the " + std::to_string(m_locations.size()) +
                                " buildings of " + m_root);
    }
    return m_files[location][view];
}

uint32_t
ImageFolderSource::GetNLocations() const
{
    LoadIfNeeded();
    return static_cast<uint32_t>(m_locations.size());
}

std::string
ImageFolderSource::GetLocationName(uint32_t location) const
{
    Files(location, SATELLITE); // checks the index
    return m_locations[location];
}

uint32_t
ImageFolderSource::GetNViews(uint32_t location, View view) const
{
    return static_cast<uint32_t>(Files(location, view).size());
}

uint32_t
ImageFolderSource::GetImageSize() const
{
    return m_imageSizePx;
}

std::string
ImageFolderSource::GetImagePath(uint32_t location, View view, uint32_t index) const
{
    const auto& files = Files(location, view);
    if (index >= files.size())
    {
        throw std::out_of_range("ImageFolderSource: " + ViewToString(view) + " image " +
                                std::to_string(index) + " is beyond the " +
                                std::to_string(files.size()) + " of building " +
                                m_locations[location]);
    }
    return files[index];
}

FeatureTensor
ImageFolderSource::ReadImage(const std::string& path, uint32_t size)
{
    int width = 0;
    int height = 0;
    int channels = 0;
    std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
        stbi_load(path.c_str(), &width, &height, &channels, 3),
        stbi_image_free);
    if (!pixels)
    {
        throw std::runtime_error("ImageFolderSource: cannot decode " + path + " (" +
                                 stbi_failure_reason() + ")");
    }
    torch::NoGradGuard noGrad;
    const auto rgb = at::from_blob(pixels.get(), {height, width, 3}, at::kByte);
    const auto image = rgb.permute({2, 0, 1}).unsqueeze(0).to(at::kFloat).div_(255.0);
    const auto side = static_cast<int64_t>(size);
    return WrapTensor(at::upsample_bilinear2d(image, {side, side}, false));
}

FeatureTensor
ImageFolderSource::GetRawImage(uint32_t location, View view, uint32_t index)
{
    NS_LOG_FUNCTION(this << location << view << index);
    return ReadImage(GetImagePath(location, view, index), m_imageSizePx);
}

FeatureTensor
ImageFolderSource::GetImage(uint32_t location, View view, uint32_t index)
{
    return Normalise(GetRawImage(location, view, index));
}

} // namespace sagin
} // namespace ns3
