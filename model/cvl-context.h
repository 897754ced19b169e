// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_CVL_CONTEXT_H
#define SAGIN_CVL_CONTEXT_H

#include "feature-codec.h"
#include "feature-tensor.h"
#include "geo-frame.h"
#include "image-source.h"
#include "split-model.h"

#include "ns3/object.h"
#include "ns3/vector.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief What the cross-view localization applications of one scenario share: the split model,
 *        the image source, where its locations are, the fidelity and the feature encoding.
 *
 * Locations: location i of the image source stands at a point of the scenario's local frame.
 * By default the locations form a square grid of LocationSpacingM around the origin, filled
 * row by row from the south-west; SetLocationPositions() places them explicitly.
 *
 * Fidelity:
 * - `full`: the applications run the model's head and tail on real images, carry the real
 *   encoded bytes and really match against the gallery;
 * - `profiled`: the same timing, bytes and energy from the model's split profile, without
 *   running the model: packets carry the same number of bytes (zeros), and there is no match.
 *
 * Compute costs count multiply-accumulates, as the published experiment did: the device computes
 * headMacs·n and the edge server tailMacs·n (+ the gallery match) for a request of n images.
 * Both fidelities therefore take the same simulated time and energy. Compression (Compress) is
 * refused in profiled fidelity, since the compressed size depends on the features' values.
 *
 * Full fidelity reuses the head output of an image it has already computed at the same split,
 * and the full-model features of a satellite image: the bytes and results are those of running
 * them again.
 */
class CvlContext : public Object
{
  public:
    /// The two fidelities.
    enum Fidelity
    {
        FULL,    //!< real networks and bytes
        PROFILED //!< the split profile only
    };

    /// How the applications' messages cross the links.
    enum Transport
    {
        PACKET, //!< as segments and datagrams through ns-3's TCP/IP stack, frame by frame
        FLOW    //!< as flows of a FlowTransport, at the links' Shannon rates
    };

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    CvlContext();
    ~CvlContext() override;

    /// @param model the split model (its InputSize should match the images)
    void SetModel(Ptr<SplitModel> model);
    /// @return the split model
    Ptr<SplitModel> GetModel() const;
    /// @param source the image source
    void SetImageSource(Ptr<ImageSource> source);
    /// @return the image source
    Ptr<ImageSource> GetImageSource() const;
    /// @param frame the scenario's local frame (for geographic tags)
    void SetFrame(const GeoFrame& frame);
    /// @return the scenario's local frame
    const GeoFrame& GetFrame() const;

    /// @return the fidelity
    Fidelity GetFidelity() const;
    /// @return "full" or "profiled"
    std::string GetFidelityName() const;
    /// @return the transport
    Transport GetTransport() const;
    /// @return "packet" or "flow"
    std::string GetTransportName() const;
    /// @return the feature format of requests
    FeatureCodec::Format GetFormat() const;

    /**
     * @brief Profile the model (once) and check the settings.
     * @throws std::invalid_argument without a model or an image source, or for compression in
     *         profiled fidelity
     */
    void Prepare();

    /// @return the model's split profile at the image size (Prepare() first)
    const std::vector<SplitPointProfile>& GetProfiles() const;
    /// @return the number of split points
    uint32_t GetNSplitPoints() const;
    /**
     * @param split split point
     * @param nImages images of the request
     * @return bytes of the encoded features of a request (without compression)
     */
    uint64_t GetRequestPayloadBytes(uint32_t split, uint32_t nImages) const;
    /// @return bytes of the encoded full-model features of one image (a gallery entry)
    uint64_t GetReferencePayloadBytes() const;
    /// @return the embedding's length D
    uint32_t GetEmbeddingSize() const;
    /// @return multiply-accumulates of the head for one request of n images
    double GetHeadMacs(uint32_t split, uint32_t nImages) const;
    /// @return multiply-accumulates of the tail of n images plus matching against G entries
    double GetServerMacs(uint32_t split, uint32_t nImages, uint32_t galleryEntries) const;
    /// @return multiply-accumulates of the full model for one image
    double GetFullMacs() const;

    /**
     * @param positions one point of the local frame per location of the image source, in m
     * @throws std::invalid_argument when the count differs from the source's locations
     */
    void SetLocationPositions(const std::vector<Vector>& positions);
    /// @return the number of locations
    uint32_t GetNLocations() const;
    /// @return the position of a location in the local frame, m
    Vector GetLocationPosition(uint32_t location) const;
    /// @return latitude and longitude of a location, degrees
    std::pair<double, double> GetLocationGeographic(uint32_t location) const;
    /**
     * @param position a point of the local frame
     * @return the location nearest to it on the ground (horizontal distance; ties: lower index)
     */
    uint32_t FindNearestLocation(const Vector& position) const;
    /**
     * @return the ground distance between two geographic points near the scenario, in m
     *         (through the local frame, at the origin's altitude)
     */
    double GetGroundDistanceM(double lat1, double lon1, double lat2, double lon2) const;

    /**
     * @brief Run the head on images of one location (full fidelity).
     * @param location the location
     * @param view kind of view
     * @param indices the images
     * @param split split point
     * @return the encoded features of the images, one request's payload
     */
    std::vector<uint8_t> EncodeHead(uint32_t location,
                                    ImageSource::View view,
                                    const std::vector<uint32_t>& indices,
                                    uint32_t split);
    /**
     * @brief Decode a request's features and run the tail (full fidelity).
     * @param payload the encoded features
     * @param size their bytes
     * @param split the split point the request announces
     * @param nImages the images it announces
     * @return the n embeddings, fused into one L2-normalised vector of D values
     * @throws std::invalid_argument when the bytes are not features of that split and count
     */
    std::vector<float> DecodeAndFuse(const uint8_t* payload,
                                     size_t size,
                                     uint32_t split,
                                     uint32_t nImages);
    /**
     * @brief The full-model features of a location's satellite image, encoded (full fidelity).
     * @param location the location
     * @return the bytes of a gallery entry's payload
     */
    std::vector<uint8_t> EncodeReference(uint32_t location);
    /**
     * @brief Decode a gallery entry's features (full fidelity).
     * @param payload the bytes
     * @param size their count
     * @return the L2-normalised embedding, D values
     * @throws std::invalid_argument when the bytes are not a 1×D embedding
     */
    std::vector<float> DecodeReference(const uint8_t* payload, size_t size);

    /**
     * @return host (wall-clock) seconds spent so far in LibTorch: the model's profile, heads,
     *         tails and reference features, and the tensor operations around them (stacking,
     *         fusion, normalisation). What a benchmark compares with a run's wall time;
     *         simulated time never depends on it.
     */
    double GetModelWallSeconds() const;

    /// @return host seconds spent so far encoding and decoding features (FeatureCodec)
    double GetCodecWallSeconds() const;

    /// @return host seconds spent so far making images in the image source
    double GetImageWallSeconds() const;

  protected:
    void DoDispose() override;

  private:
    /// @throws std::logic_error before Prepare()
    void RequirePrepared() const;
    /// @return the shape of the features of n images at a split
    std::vector<int64_t> RequestShape(uint32_t split, uint32_t nImages) const;
    /// @return an image of the source, its host time counted
    FeatureTensor GetImage(uint32_t location, ImageSource::View view, uint32_t index);

    Ptr<SplitModel> m_model;                   //!< the split model
    Ptr<ImageSource> m_source;                 //!< the image source
    GeoFrame m_frame;                          //!< the scenario's frame
    Fidelity m_fidelity;                       //!< full or profiled
    Transport m_transport;                     //!< packet or flow
    std::string m_codecName;                   //!< request feature codec name
    bool m_compress;                           //!< whether requests are compressed
    double m_locationSpacingM;                 //!< grid spacing of the locations, m
    bool m_prepared;                           //!< whether Prepare() ran
    std::vector<SplitPointProfile> m_profiles; //!< the split profile
    uint32_t m_embeddingSize;                  //!< D
    double m_fullMacs;                         //!< MACs of the full model, one image
    std::vector<Vector> m_locations;           //!< location positions, m
    /// Their latitudes and longitudes in degrees, made at first use.
    mutable std::vector<std::pair<double, double>> m_locationGeographic;
    std::map<std::pair<uint64_t, uint32_t>, FeatureTensor> m_heads; //!< (image, split) → features
    std::map<uint32_t, std::vector<uint8_t>> m_references; //!< location → encoded embedding
    double m_modelWallSeconds{0};                          //!< host time in LibTorch, s
    double m_codecWallSeconds{0};                          //!< host time in the feature codec, s
    double m_imageWallSeconds{0};                          //!< host time making images, s
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CVL_CONTEXT_H
