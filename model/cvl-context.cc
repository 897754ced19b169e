// SPDX-License-Identifier: GPL-2.0-only

#include "cvl-context.h"

#include "feature-tensor-impl.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/string.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCvlContext");

NS_OBJECT_ENSURE_REGISTERED(CvlContext);

namespace
{

/// Adds the host time of its scope to a counter.
class WallTimer
{
  public:
    explicit WallTimer(double& total)
        : m_total(total),
          m_start(std::chrono::steady_clock::now())
    {
    }

    ~WallTimer()
    {
        Stop();
    }

    /// Adds the time so far and stops counting.
    void Stop()
    {
        if (m_running)
        {
            m_total +=
                std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
            m_running = false;
        }
    }

  private:
    double& m_total;                               //!< the counter
    std::chrono::steady_clock::time_point m_start; //!< start of the scope
    bool m_running{true};                          //!< whether the timer still counts
};

std::string
ShapeText(const std::vector<int64_t>& shape)
{
    std::ostringstream text;
    for (size_t i = 0; i < shape.size(); ++i)
    {
        text << (i ? "x" : "") << shape[i];
    }
    return text.str();
}

} // namespace

TypeId
CvlContext::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::CvlContext")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<CvlContext>()
            .AddAttribute(
                "Fidelity",
                "full: run the networks on real images and carry the real bytes; "
                "profiled: the same timing, bytes and energy from the split profile.",
                EnumValue(CvlContext::FULL),
                MakeEnumAccessor(&CvlContext::m_fidelity),
                MakeEnumChecker(CvlContext::FULL, "full", CvlContext::PROFILED, "profiled"))
            .AddAttribute(
                "Transport",
                "packet: the applications' messages cross the links as TCP segments or UDP "
                "datagrams through ns-3's stack; flow: as flows at the links' Shannon rates "
                "(FlowTransport), with the same link states, sharing and overheads.",
                EnumValue(CvlContext::PACKET),
                MakeEnumAccessor(&CvlContext::m_transport),
                MakeEnumChecker(CvlContext::PACKET, "packet", CvlContext::FLOW, "flow"))
            .AddAttribute("Codec",
                          "Encoding of request features: fp32, fp16 or int8.",
                          StringValue("fp32"),
                          MakeStringAccessor(&CvlContext::m_codecName),
                          MakeStringChecker())
            .AddAttribute("Compress",
                          "Whether request features are compressed with zstd (full fidelity "
                          "only: the compressed size depends on the values).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&CvlContext::m_compress),
                          MakeBooleanChecker())
            .AddAttribute("LocationSpacingM",
                          "Spacing of the default square grid of locations around the origin, "
                          "in m.",
                          DoubleValue(250.0),
                          MakeDoubleAccessor(&CvlContext::m_locationSpacingM),
                          MakeDoubleChecker<double>(1.0, 1e6));
    return tid;
}

CvlContext::CvlContext()
    : m_fidelity(FULL),
      m_transport(PACKET),
      m_compress(false),
      m_locationSpacingM(250.0),
      m_prepared(false),
      m_embeddingSize(0),
      m_fullMacs(0)
{
    NS_LOG_FUNCTION(this);
}

CvlContext::~CvlContext()
{
    NS_LOG_FUNCTION(this);
}

void
CvlContext::DoDispose()
{
    m_model = nullptr;
    m_source = nullptr;
    m_heads.clear();
    m_references.clear();
    Object::DoDispose();
}

void
CvlContext::SetModel(Ptr<SplitModel> model)
{
    m_model = model;
    m_prepared = false;
    m_heads.clear();
    m_references.clear();
}

Ptr<SplitModel>
CvlContext::GetModel() const
{
    return m_model;
}

void
CvlContext::SetImageSource(Ptr<ImageSource> source)
{
    m_source = source;
    m_prepared = false;
    m_heads.clear();
    m_references.clear();
    m_locations.clear();
    m_locationGeographic.clear();
}

Ptr<ImageSource>
CvlContext::GetImageSource() const
{
    return m_source;
}

void
CvlContext::SetFrame(const GeoFrame& frame)
{
    m_frame = frame;
    m_locationGeographic.clear();
}

const GeoFrame&
CvlContext::GetFrame() const
{
    return m_frame;
}

CvlContext::Fidelity
CvlContext::GetFidelity() const
{
    return m_fidelity;
}

std::string
CvlContext::GetFidelityName() const
{
    return m_fidelity == FULL ? "full" : "profiled";
}

CvlContext::Transport
CvlContext::GetTransport() const
{
    return m_transport;
}

std::string
CvlContext::GetTransportName() const
{
    return m_transport == FLOW ? "flow" : "packet";
}

FeatureCodec::Format
CvlContext::GetFormat() const
{
    FeatureCodec::Format format = FeatureCodec::ParseFormatName(m_codecName);
    format.compress = format.compress || m_compress;
    return format;
}

void
CvlContext::Prepare()
{
    NS_LOG_FUNCTION(this);
    if (m_prepared)
    {
        return;
    }
    if (!m_model)
    {
        throw std::invalid_argument("CvlContext: no split model was set");
    }
    if (!m_source)
    {
        throw std::invalid_argument("CvlContext: no image source was set");
    }
    FeatureCodec::Format format;
    try
    {
        format = GetFormat();
    }
    catch (const std::exception& error)
    {
        throw std::invalid_argument("ns3::sagin::CvlContext::Codec: " + std::string(error.what()));
    }
    if (format.compress && m_fidelity == PROFILED)
    {
        throw std::invalid_argument(
            "ns3::sagin::CvlContext::Compress: compression needs full fidelity (in profiled "
            "fidelity the compressed size is unknown)");
    }
    if (m_source->GetNLocations() == 0)
    {
        throw std::invalid_argument("CvlContext: the image source has no locations");
    }
    WallTimer timer(m_modelWallSeconds);
    m_profiles = m_model->GetProfile(m_source->GetImageSize());
    if (m_profiles.empty())
    {
        throw std::invalid_argument("CvlContext: the split model has no split points");
    }
    m_fullMacs = m_profiles[0].headMacs + m_profiles[0].tailMacs;
    // The embedding's length, from one forward of an empty image.
    const int64_t side = m_source->GetImageSize();
    FeatureTensor probe = m_model->Forward(FeatureTensor::Zeros({1, 3, side, side}));
    std::vector<int64_t> shape = probe.GetShape();
    if (shape.size() != 2 || shape[0] != 1)
    {
        throw std::invalid_argument("CvlContext: the model's forward gives shape " +
                                    ShapeText(shape) + " for one image; expected 1xD");
    }
    m_embeddingSize = static_cast<uint32_t>(shape[1]);
    if (m_locations.empty())
    {
        // A square grid around the origin, row by row from the south-west.
        const uint32_t n = m_source->GetNLocations();
        const uint32_t columns = static_cast<uint32_t>(std::ceil(std::sqrt(double(n))));
        const uint32_t rows = (n + columns - 1) / columns;
        for (uint32_t i = 0; i < n; ++i)
        {
            const double x = (double(i % columns) - (columns - 1) / 2.0) * m_locationSpacingM;
            const double y = (double(i / columns) - (rows - 1) / 2.0) * m_locationSpacingM;
            m_locations.emplace_back(x, y, 0.0);
        }
    }
    m_prepared = true;
    NS_LOG_INFO("prepared: " << m_profiles.size() << " split points, D=" << m_embeddingSize << ", "
                             << m_locations.size() << " locations, fidelity " << GetFidelityName());
}

void
CvlContext::RequirePrepared() const
{
    if (!m_prepared)
    {
        throw std::logic_error("CvlContext: Prepare() has not run");
    }
}

const std::vector<SplitPointProfile>&
CvlContext::GetProfiles() const
{
    RequirePrepared();
    return m_profiles;
}

uint32_t
CvlContext::GetNSplitPoints() const
{
    RequirePrepared();
    return m_profiles.size();
}

std::vector<int64_t>
CvlContext::RequestShape(uint32_t split, uint32_t nImages) const
{
    RequirePrepared();
    if (split >= m_profiles.size())
    {
        throw std::invalid_argument("split point " + std::to_string(split) +
                                    " is beyond the model's " + std::to_string(m_profiles.size()));
    }
    std::vector<int64_t> shape = m_profiles[split].shape;
    if (shape.size() == 3)
    {
        shape.insert(shape.begin(), int64_t{nImages});
    }
    else
    {
        // A head that carries several tensors per image (e.g. an image and its flip).
        shape[0] *= nImages;
    }
    return shape;
}

uint64_t
CvlContext::GetRequestPayloadBytes(uint32_t split, uint32_t nImages) const
{
    return FeatureCodec::GetEncodedSize(RequestShape(split, nImages), GetFormat().codec);
}

uint64_t
CvlContext::GetReferencePayloadBytes() const
{
    RequirePrepared();
    return FeatureCodec::GetEncodedSize({1, int64_t{m_embeddingSize}}, FeatureCodec::Codec::FP32);
}

uint32_t
CvlContext::GetEmbeddingSize() const
{
    RequirePrepared();
    return m_embeddingSize;
}

double
CvlContext::GetHeadMacs(uint32_t split, uint32_t nImages) const
{
    RequirePrepared();
    return m_profiles.at(split).headMacs * nImages;
}

double
CvlContext::GetServerMacs(uint32_t split, uint32_t nImages, uint32_t galleryEntries) const
{
    RequirePrepared();
    return m_profiles.at(split).tailMacs * nImages + double(galleryEntries) * m_embeddingSize;
}

double
CvlContext::GetFullMacs() const
{
    RequirePrepared();
    return m_fullMacs;
}

void
CvlContext::SetLocationPositions(const std::vector<Vector>& positions)
{
    if (m_source && positions.size() != m_source->GetNLocations())
    {
        throw std::invalid_argument("CvlContext: " + std::to_string(positions.size()) +
                                    " location positions for an image source of " +
                                    std::to_string(m_source->GetNLocations()) + " locations");
    }
    m_locations = positions;
    m_locationGeographic.clear();
}

uint32_t
CvlContext::GetNLocations() const
{
    RequirePrepared();
    return m_locations.size();
}

Vector
CvlContext::GetLocationPosition(uint32_t location) const
{
    RequirePrepared();
    if (location >= m_locations.size())
    {
        throw std::out_of_range("location " + std::to_string(location) + " is beyond the " +
                                std::to_string(m_locations.size()) + " locations");
    }
    return m_locations[location];
}

std::pair<double, double>
CvlContext::GetLocationGeographic(uint32_t location) const
{
    GetLocationPosition(location); // refuses a location out of range
    if (m_locationGeographic.size() != m_locations.size())
    {
        m_locationGeographic.clear();
        for (const Vector& p : m_locations)
        {
            const Vector geographic = m_frame.LocalToGeographic(p);
            m_locationGeographic.emplace_back(geographic.x, geographic.y);
        }
    }
    return m_locationGeographic[location];
}

uint32_t
CvlContext::FindNearestLocation(const Vector& position) const
{
    RequirePrepared();
    uint32_t best = 0;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (uint32_t i = 0; i < m_locations.size(); ++i)
    {
        const double dx = m_locations[i].x - position.x;
        const double dy = m_locations[i].y - position.y;
        const double distance = dx * dx + dy * dy;
        if (distance < bestDistance)
        {
            bestDistance = distance;
            best = i;
        }
    }
    return best;
}

double
CvlContext::GetGroundDistanceM(double lat1, double lon1, double lat2, double lon2) const
{
    const double altitude = m_frame.GetAltitudeM();
    const Vector a = m_frame.GeographicToLocal(lat1, lon1, altitude);
    const Vector b = m_frame.GeographicToLocal(lat2, lon2, altitude);
    return std::hypot(a.x - b.x, a.y - b.y);
}

std::vector<uint8_t>
CvlContext::EncodeHead(uint32_t location,
                       ImageSource::View view,
                       const std::vector<uint32_t>& indices,
                       uint32_t split)
{
    NS_LOG_FUNCTION(this << location << view << split);
    RequirePrepared();
    if (m_fidelity != FULL)
    {
        throw std::logic_error("CvlContext::EncodeHead needs full fidelity");
    }
    std::vector<at::Tensor> parts;
    for (uint32_t index : indices)
    {
        const auto key = std::make_pair(ImageSource::GetImageKey(location, view, index), split);
        auto found = m_heads.find(key);
        if (found == m_heads.end())
        {
            FeatureTensor image = GetImage(location, view, index);
            WallTimer timer(m_modelWallSeconds);
            found = m_heads.emplace(key, m_model->Head(image, split)).first;
        }
        parts.push_back(UnwrapTensor(found->second));
    }
    WallTimer timer(m_modelWallSeconds);
    // A head that carries several tensors per image keeps them grouped as the model's batch
    // order does: all first tensors, then all second ones.
    at::Tensor features;
    const std::vector<int64_t> one = m_profiles[split].shape;
    if (one.size() == 3)
    {
        features = at::cat(parts, 0);
    }
    else
    {
        std::vector<at::Tensor> groups;
        for (int64_t g = 0; g < one[0]; ++g)
        {
            for (const at::Tensor& part : parts)
            {
                groups.push_back(part.narrow(0, g, 1));
            }
        }
        features = at::cat(groups, 0);
    }
    timer.Stop();
    WallTimer codecTimer(m_codecWallSeconds);
    std::vector<uint8_t> bytes = FeatureCodec::Encode(WrapTensor(features), GetFormat());
    if (!GetFormat().compress && bytes.size() != GetRequestPayloadBytes(split, indices.size()))
    {
        throw std::logic_error("CvlContext: encoded head of " + std::to_string(bytes.size()) +
                               " bytes differs from its profile's " +
                               std::to_string(GetRequestPayloadBytes(split, indices.size())));
    }
    return bytes;
}

std::vector<float>
CvlContext::DecodeAndFuse(const uint8_t* payload, size_t size, uint32_t split, uint32_t nImages)
{
    NS_LOG_FUNCTION(this << size << split << nImages);
    RequirePrepared();
    WallTimer codecTimer(m_codecWallSeconds);
    FeatureTensor features = FeatureCodec::Decode(payload, size);
    codecTimer.Stop();
    const std::vector<int64_t> expected = RequestShape(split, nImages);
    if (features.GetShape() != expected)
    {
        throw std::invalid_argument("features of shape " + ShapeText(features.GetShape()) +
                                    " where split " + std::to_string(split) + " with " +
                                    std::to_string(nImages) + " images has " + ShapeText(expected));
    }
    WallTimer timer(m_modelWallSeconds);
    at::Tensor embeddings = UnwrapTensor(m_model->Tail(features, split));
    at::Tensor fused = embeddings.mean(0);
    fused = fused / fused.norm().clamp_min(1e-12);
    return std::vector<float>(fused.data_ptr<float>(), fused.data_ptr<float>() + fused.numel());
}

std::vector<uint8_t>
CvlContext::EncodeReference(uint32_t location)
{
    NS_LOG_FUNCTION(this << location);
    RequirePrepared();
    if (m_fidelity != FULL)
    {
        throw std::logic_error("CvlContext::EncodeReference needs full fidelity");
    }
    auto found = m_references.find(location);
    if (found == m_references.end())
    {
        FeatureTensor image = GetImage(location, ImageSource::SATELLITE, 0);
        WallTimer timer(m_modelWallSeconds);
        FeatureTensor embedding = m_model->Forward(image);
        timer.Stop();
        WallTimer codecTimer(m_codecWallSeconds);
        found = m_references
                    .emplace(location,
                             FeatureCodec::Encode(embedding, FeatureCodec::Codec::FP32, false))
                    .first;
    }
    return found->second;
}

std::vector<float>
CvlContext::DecodeReference(const uint8_t* payload, size_t size)
{
    RequirePrepared();
    WallTimer codecTimer(m_codecWallSeconds);
    FeatureTensor features = FeatureCodec::Decode(payload, size);
    codecTimer.Stop();
    const std::vector<int64_t> expected{1, int64_t{m_embeddingSize}};
    if (features.GetShape() != expected)
    {
        throw std::invalid_argument("gallery features of shape " + ShapeText(features.GetShape()) +
                                    " where the model gives " + ShapeText(expected));
    }
    WallTimer timer(m_modelWallSeconds);
    at::Tensor embedding = UnwrapTensor(features).reshape({-1});
    embedding = embedding / embedding.norm().clamp_min(1e-12);
    return std::vector<float>(embedding.data_ptr<float>(),
                              embedding.data_ptr<float>() + embedding.numel());
}

FeatureTensor
CvlContext::GetImage(uint32_t location, ImageSource::View view, uint32_t index)
{
    WallTimer timer(m_imageWallSeconds);
    return m_source->GetImage(location, view, index);
}

double
CvlContext::GetCodecWallSeconds() const
{
    return m_codecWallSeconds;
}

double
CvlContext::GetImageWallSeconds() const
{
    return m_imageWallSeconds;
}

double
CvlContext::GetModelWallSeconds() const
{
    return m_modelWallSeconds;
}

} // namespace sagin
} // namespace ns3
