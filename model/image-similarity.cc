// SPDX-License-Identifier: GPL-2.0-only

#include "image-similarity.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>
#include <stb/stb_image.h>
#include <stb/stb_image_write.h>
#include <stdexcept>
#include <sys/stat.h>

namespace ns3
{
namespace sagin
{

namespace
{

/**
 * @param a one image
 * @param b the other
 * @param function the caller's name, for the message
 * @throws std::invalid_argument when the shapes differ or the images are empty or inconsistent
 */
void
CheckPair(const PlanarImage& a, const PlanarImage& b, const char* function)
{
    const size_t n = size_t(a.channels) * a.height * a.width;
    if (n == 0 || a.values.size() != n)
    {
        throw std::invalid_argument(std::string(function) + ": the first image (" +
                                    a.GetShapeText() + ", " + std::to_string(a.values.size()) +
                                    " values) is empty or inconsistent");
    }
    if (b.channels != a.channels || b.height != a.height || b.width != a.width ||
        b.values.size() != n)
    {
        throw std::invalid_argument(std::string(function) + ": the images differ in shape (" +
                                    a.GetShapeText() + " and " + b.GetShapeText() + ")");
    }
}

/**
 * @brief Filter one plane with a separable window, the plane padded with zeros.
 * @param in H×W values
 * @param height H
 * @param width W
 * @param weights the 1-D weights, an odd number of taps
 * @return the filtered H×W plane
 */
std::vector<double>
FilterZeroPadded(const std::vector<double>& in,
                 uint32_t height,
                 uint32_t width,
                 const std::vector<double>& weights)
{
    const int64_t radius = int64_t(weights.size() / 2);
    const int64_t h = height;
    const int64_t w = width;
    // One 1-D pass along x (step 1, W values) or along y (step W, H values).
    auto pass = [&](const std::vector<double>& from, int64_t step, int64_t length) {
        std::vector<double> to(from.size(), 0.0);
        for (int64_t y = 0; y < h; ++y)
        {
            for (int64_t x = 0; x < w; ++x)
            {
                const int64_t at = step == 1 ? x : y;
                double sum = 0.0;
                for (int64_t k = -radius; k <= radius; ++k)
                {
                    if (at + k >= 0 && at + k < length)
                    {
                        sum += weights[k + radius] * from[y * w + x + k * step];
                    }
                }
                to[y * w + x] = sum;
            }
        }
        return to;
    };
    const std::vector<double> out = pass(pass(in, 1, w), w, h);
    return out;
}

} // namespace

std::string
PlanarImage::GetShapeText() const
{
    return std::to_string(channels) + "x" + std::to_string(height) + "x" + std::to_string(width);
}

PlanarImage
ReadImageFile(const std::string& path)
{
    struct stat info;
    if (stat(path.c_str(), &info) != 0)
    {
        throw std::runtime_error("cannot read the image '" + path + "': " + std::strerror(errno));
    }
    if (!S_ISREG(info.st_mode))
    {
        throw std::runtime_error("cannot read the image '" + path + "': not a regular file");
    }
    int width = 0;
    int height = 0;
    int channels = 0;
    std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
        stbi_load(path.c_str(), &width, &height, &channels, 3),
        stbi_image_free);
    if (!pixels)
    {
        throw std::runtime_error("cannot decode the image '" + path + "' (" +
                                 stbi_failure_reason() + ")");
    }
    PlanarImage image;
    image.channels = 3;
    image.height = uint32_t(height);
    image.width = uint32_t(width);
    const size_t plane = size_t(width) * height;
    image.values.resize(3 * plane);
    for (size_t i = 0; i < plane; ++i)
    {
        for (size_t c = 0; c < 3; ++c)
        {
            image.values[c * plane + i] = pixels.get()[3 * i + c] / 255.0f;
        }
    }
    return image;
}

void
WritePngFile(const std::string& path, const PlanarImage& image)
{
    const size_t plane = size_t(image.height) * image.width;
    if ((image.channels != 1 && image.channels != 3) || plane == 0 ||
        image.values.size() != image.channels * plane)
    {
        throw std::invalid_argument("WritePngFile: cannot write an image of " +
                                    image.GetShapeText() + " (" +
                                    std::to_string(image.values.size()) + " values) as PNG");
    }
    std::vector<uint8_t> pixels(image.channels * plane);
    for (size_t i = 0; i < plane; ++i)
    {
        for (size_t c = 0; c < image.channels; ++c)
        {
            const double v = std::clamp(double(image.values[c * plane + i]), 0.0, 1.0);
            pixels[image.channels * i + c] = uint8_t(std::lround(255.0 * v));
        }
    }
    const int width = int(image.width);
    if (!stbi_write_png(path.c_str(),
                        width,
                        int(image.height),
                        int(image.channels),
                        pixels.data(),
                        width * int(image.channels)))
    {
        throw std::runtime_error("cannot write the PNG file '" + path + "'");
    }
}

SsimOptions
SsimOptions::Wang()
{
    return SsimOptions{};
}

SsimOptions
SsimOptions::Seed()
{
    SsimOptions options;
    options.sigma = 2.0;
    options.windowSize = 11;
    options.border = ZERO_PAD;
    return options;
}

SsimOptions
SsimOptions::FromName(const std::string& name)
{
    if (name == "wang")
    {
        return Wang();
    }
    if (name == "seed")
    {
        return Seed();
    }
    throw std::invalid_argument("SSIM variant '" + name + "' is unknown (known: wang, seed)");
}

uint32_t
SsimOptions::GetWindowSize() const
{
    if (windowSize != 0)
    {
        return windowSize;
    }
    if (window == UNIFORM)
    {
        return 7;
    }
    return 2 * uint32_t(truncate * sigma + 0.5) + 1;
}

std::vector<double>
SsimOptions::GetWeights() const
{
    const uint32_t size = GetWindowSize();
    if (size == 0 || size % 2 == 0)
    {
        throw std::invalid_argument("SSIM: the window size " + std::to_string(size) +
                                    " is not an odd number of taps");
    }
    if (window == GAUSSIAN && !(sigma > 0.0 && std::isfinite(sigma)))
    {
        throw std::invalid_argument("SSIM: the window's sigma " + std::to_string(sigma) +
                                    " is not a positive number");
    }
    std::vector<double> weights(size, 1.0);
    const double centre = double(size / 2);
    double sum = 0.0;
    for (uint32_t i = 0; i < size; ++i)
    {
        if (window == GAUSSIAN)
        {
            const double x = double(i) - centre;
            weights[i] = std::exp(-0.5 * x * x / (sigma * sigma));
        }
        sum += weights[i];
    }
    for (auto& weight : weights)
    {
        weight /= sum;
    }
    return weights;
}

double
Ssim(const PlanarImage& a, const PlanarImage& b, const SsimOptions& options)
{
    CheckPair(a, b, "SSIM");
    const std::vector<double> weights = options.GetWeights();
    const uint32_t size = options.GetWindowSize();
    const uint32_t radius = size / 2;
    if (options.border == SsimOptions::CROP && (a.height < size || a.width < size))
    {
        throw std::invalid_argument("SSIM: images of " + a.GetShapeText() +
                                    " are smaller than the " + std::to_string(size) + "x" +
                                    std::to_string(size) + " window");
    }
    if (!(options.dataRange > 0.0) || !(options.k1 > 0.0) || !(options.k2 > 0.0))
    {
        throw std::invalid_argument("SSIM: the data range, K1 and K2 must be positive");
    }
    const double c1 = std::pow(options.k1 * options.dataRange, 2);
    const double c2 = std::pow(options.k2 * options.dataRange, 2);
    const double taps = double(size) * size;
    const double covNorm = options.sampleCovariance ? taps / (taps - 1.0) : 1.0;
    const size_t plane = size_t(a.height) * a.width;
    double total = 0.0;
    for (uint32_t c = 0; c < a.channels; ++c)
    {
        std::vector<double> x(plane);
        std::vector<double> y(plane);
        std::vector<double> xx(plane);
        std::vector<double> yy(plane);
        std::vector<double> xy(plane);
        for (size_t i = 0; i < plane; ++i)
        {
            x[i] = a.values[c * plane + i];
            y[i] = b.values[c * plane + i];
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        const auto ux = FilterZeroPadded(x, a.height, a.width, weights);
        const auto uy = FilterZeroPadded(y, a.height, a.width, weights);
        const auto uxx = FilterZeroPadded(xx, a.height, a.width, weights);
        const auto uyy = FilterZeroPadded(yy, a.height, a.width, weights);
        const auto uxy = FilterZeroPadded(xy, a.height, a.width, weights);
        // Cropping by the radius leaves only windows that lie inside the image, so their values
        // do not depend on the padding (scikit-image pads by reflection, then crops).
        const uint32_t border = options.border == SsimOptions::CROP ? radius : 0;
        double sum = 0.0;
        size_t count = 0;
        for (uint32_t row = border; row < a.height - border; ++row)
        {
            for (uint32_t col = border; col < a.width - border; ++col)
            {
                const size_t i = size_t(row) * a.width + col;
                const double vx = covNorm * (uxx[i] - ux[i] * ux[i]);
                const double vy = covNorm * (uyy[i] - uy[i] * uy[i]);
                const double vxy = covNorm * (uxy[i] - ux[i] * uy[i]);
                sum += ((2.0 * ux[i] * uy[i] + c1) * (2.0 * vxy + c2)) /
                       ((ux[i] * ux[i] + uy[i] * uy[i] + c1) * (vx + vy + c2));
                ++count;
            }
        }
        total += sum / double(count);
    }
    return total / a.channels;
}

double
SeedKl(const PlanarImage& original, const PlanarImage& reconstruction)
{
    CheckPair(original, reconstruction, "KL");
    const size_t plane = size_t(original.height) * original.width;
    // The log-softmax of the channel-normalised values of an image.
    auto logSoftmax = [&](const PlanarImage& image) {
        std::vector<double> v(image.values.size());
        for (uint32_t c = 0; c < image.channels; ++c)
        {
            double sum = 0.0;
            for (size_t i = 0; i < plane; ++i)
            {
                sum += image.values[c * plane + i];
            }
            for (size_t i = 0; i < plane; ++i)
            {
                v[c * plane + i] = sum != 0.0 ? image.values[c * plane + i] / sum : 0.0;
            }
        }
        const double top = *std::max_element(v.begin(), v.end());
        double z = 0.0;
        for (double value : v)
        {
            z += std::exp(value - top);
        }
        const double logZ = top + std::log(z);
        for (auto& value : v)
        {
            value -= logZ;
        }
        return v;
    };
    const std::vector<double> logP = logSoftmax(original);
    const std::vector<double> logQ = logSoftmax(reconstruction);
    double kl = 0.0;
    for (size_t i = 0; i < logP.size(); ++i)
    {
        kl += std::exp(logP[i]) * (logP[i] - logQ[i]);
    }
    return std::max(kl, 0.0);
}

double
PixelKl(const PlanarImage& original, const PlanarImage& reconstruction)
{
    CheckPair(original, reconstruction, "KL");
    constexpr double EPSILON = 1e-3;
    double sum = 0.0;
    for (size_t i = 0; i < original.values.size(); ++i)
    {
        const double x = std::clamp(double(original.values[i]), EPSILON, 1.0 - EPSILON);
        const double y = std::clamp(double(reconstruction.values[i]), EPSILON, 1.0 - EPSILON);
        sum += x * std::log(x / y) + (1.0 - x) * std::log((1.0 - x) / (1.0 - y));
    }
    return sum / double(original.values.size());
}

double
KlLeakage(double kl, double reference)
{
    if (!(reference > 0.0) || !std::isfinite(kl))
    {
        return 0.0;
    }
    return std::clamp(1.0 - kl / reference, 0.0, 1.0);
}

} // namespace sagin
} // namespace ns3
