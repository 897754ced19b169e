// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_IMAGE_SIMILARITY_H
#define SAGIN_IMAGE_SIMILARITY_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief An image for the similarity measures: C×H×W float values in channel-major order
 *        (the layout of one image of a FeatureTensor), nominally in [0, 1].
 */
struct PlanarImage
{
    uint32_t channels{0};      //!< C
    uint32_t height{0};        //!< H
    uint32_t width{0};         //!< W
    std::vector<float> values; //!< C·H·W values, channel by channel, rows top to bottom

    /// @return "C×H×W"
    std::string GetShapeText() const;
};

/**
 * @ingroup sagin
 * @brief Read an image file (PNG, JPEG, BMP, ... as stb_image reads them) as RGB values in
 *        [0, 1] (a grey image gives three equal channels).
 * @param path the file
 * @return the image, 3×H×W
 * @throws std::runtime_error naming the file when it cannot be read or decoded
 */
PlanarImage ReadImageFile(const std::string& path);

/**
 * @ingroup sagin
 * @brief Write an image as an 8-bit PNG file (values clamped to [0, 1] and rounded).
 * @param path the file
 * @param image a 1- or 3-channel image
 * @throws std::invalid_argument for another number of channels or an inconsistent image
 * @throws std::runtime_error naming the file when it cannot be written
 */
void WritePngFile(const std::string& path, const PlanarImage& image);

/**
 * @ingroup sagin
 * @brief The settings of the structural similarity index (SSIM) of Wang, Bovik, Sheikh and
 *        Simoncelli (2004): a local window gives means, variances and the covariance of the two
 *        images, and
 *
 *     SSIM = (2·μx·μy + C1)(2·σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)),
 *     C1 = (K1·L)², C2 = (K2·L)²   (L: the data range)
 *
 * is averaged over the map, per channel, then over the channels.
 *
 * The options are those of scikit-image's `structural_similarity`: a Gaussian window of
 * standard deviation Sigma truncated at Truncate·Sigma (11 taps for σ = 1.5), or a uniform
 * window of WindowSize taps; population or sample (N/(N−1)) covariances; and the map cropped
 * by the window's radius before averaging (then no value depends on how the border is padded).
 * Wang() is the paper's setting; Seed() is the variant of the split-inference experiment's
 * code: σ = 2 over 11 taps, the images padded with zeros, the whole map averaged.
 */
struct SsimOptions
{
    /// The local window.
    enum Window
    {
        GAUSSIAN, //!< Gaussian weights of standard deviation sigma
        UNIFORM   //!< equal weights over windowSize × windowSize pixels
    };

    /// What is averaged.
    enum Border
    {
        CROP,    //!< the map without a border as wide as the window's radius (scikit-image)
        ZERO_PAD //!< the whole map, the images padded with zeros (the seed code's conv2d)
    };

    Window window{GAUSSIAN};      //!< the window's weights
    double sigma{1.5};            //!< the Gaussian's standard deviation, pixels
    double truncate{3.5};         //!< the Gaussian's radius, in standard deviations
    uint32_t windowSize{0};       //!< taps per side (odd); 0: 2·⌊truncate·σ + ½⌋ + 1, or 7
    double k1{0.01};              //!< K1
    double k2{0.03};              //!< K2
    double dataRange{1.0};        //!< L: the range of the values
    bool sampleCovariance{false}; //!< scale the (co)variances by N/(N − 1), N = taps²
    Border border{CROP};          //!< what is averaged

    /// @return Wang et al.'s setting: Gaussian σ = 1.5, 11 taps, population covariances,
    ///         cropped map (scikit-image with gaussian_weights, use_sample_covariance=False)
    static SsimOptions Wang();

    /// @return the seed code's: Gaussian σ = 2, 11 taps, zero padding, whole map averaged
    static SsimOptions Seed();

    /**
     * @param name "wang" or "seed"
     * @return that setting
     * @throws std::invalid_argument for another name, listing the known ones
     */
    static SsimOptions FromName(const std::string& name);

    /// @return the taps per side of the window these options give
    uint32_t GetWindowSize() const;

    /**
     * @return the window's 1-D weights (the 2-D window is their outer product), summing to 1
     * @throws std::invalid_argument for an even or zero size or a non-positive sigma
     */
    std::vector<double> GetWeights() const;
};

/**
 * @ingroup sagin
 * @brief The SSIM of two images (see SsimOptions).
 * @param a one image
 * @param b the other, of the same shape
 * @param options the window and constants
 * @return the mean SSIM, ≤ 1 (1 for identical images)
 * @throws std::invalid_argument for different shapes, an empty image, an image smaller than
 *         the window when the map is cropped, or bad options, naming what is wrong
 */
double Ssim(const PlanarImage& a, const PlanarImage& b, const SsimOptions& options);

/**
 * @ingroup sagin
 * @brief The seed code's KL divergence between an original image and a reconstruction.
 *
 * Each channel is divided by its sum (a distribution over its pixels), the C·H·W values of an
 * image go through a softmax, and the divergence of the reconstruction's distribution Q from
 * the original's P is Σ P·(log P − log Q) — `kl_div(log_softmax(q), softmax(p),
 * reduction="batchmean")` for one image. Channel values of about 1/(H·W) make both softmaxes
 * nearly uniform, so the divergence is tiny (≈ 1e-9 at 64×64 pixels) and shrinks with the image
 * size: see PixelKl() for a measure that does not.
 * @param original the original image
 * @param reconstruction the reconstruction, of the same shape
 * @return the divergence, nats, ≥ 0
 * @throws std::invalid_argument for different shapes or an empty image
 */
double SeedKl(const PlanarImage& original, const PlanarImage& reconstruction);

/**
 * @ingroup sagin
 * @brief A well-conditioned KL divergence between an original image and a reconstruction:
 *        the mean over pixels and channels of the divergence between the Bernoulli
 *        distributions whose parameters are the two values,
 *
 *     x·log(x/y) + (1 − x)·log((1 − x)/(1 − y)),
 *
 * with both values clamped to [ε, 1 − ε], ε = 1e-3. It is 0 only for equal images, does not
 * depend on the image's size, and is bounded (≤ log(1/ε) ≈ 6.9 nats).
 * @param original the original image
 * @param reconstruction the reconstruction, of the same shape
 * @return the divergence, nats per value, ≥ 0
 * @throws std::invalid_argument for different shapes or an empty image
 */
double PixelKl(const PlanarImage& original, const PlanarImage& reconstruction);

/**
 * @ingroup sagin
 * @brief Normalise a divergence to a leakage cost: 1 − kl/reference, clamped to [0, 1], where
 *        the reference is the divergence of a guess made without the features (the mid-grey
 *        image for PixelKl(), a random-noise image for SeedKl(), as the seed code does). 1
 *        means the reconstruction is the original; 0, that it is no closer than the guess.
 * @param kl a reconstruction's divergence
 * @param reference the guess's divergence, > 0
 * @return the cost in [0, 1]
 */
double KlLeakage(double kl, double reference);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_IMAGE_SIMILARITY_H
