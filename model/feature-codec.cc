// SPDX-License-Identifier: GPL-2.0-only

#include "feature-codec.h"

#include "feature-tensor-impl.h"

#include "ns3/log.h"

#include <array>
#include <cmath>
#include <cstring>
#include <libdeflate.h>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <zstd.h>

// The header's fields are written byte by byte, but the payload and the CRC's eight-byte steps
// use the host's own layout of floats and integers, which the format fixes to little-endian.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "FeatureCodec writes little-endian payloads: a big-endian host needs byte swapping"
#endif

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginFeatureCodec");

namespace
{

/// The first bytes of every encoding.
const uint8_t MAGIC[4] = {'S', 'G', 'F', 'T'};
/// Flag bit: the payload is a zstd frame.
const uint8_t FLAG_ZSTD = 0x01;

/// @return the bytes one element takes in the payload of a codec
uint64_t
ElementBytes(FeatureCodec::Codec codec)
{
    switch (codec)
    {
    case FeatureCodec::Codec::FP32:
        return 4;
    case FeatureCodec::Codec::FP16:
        return 2;
    case FeatureCodec::Codec::INT8:
        return 1;
    }
    return 0;
}

/// @return the storage type of a codec's elements
at::ScalarType
ElementType(FeatureCodec::Codec codec)
{
    switch (codec)
    {
    case FeatureCodec::Codec::FP16:
        return at::kHalf;
    case FeatureCodec::Codec::INT8:
        return at::kChar;
    default:
        return at::kFloat;
    }
}

/// @return the shape as text, e.g. "64x96x96"
std::string
ShapeText(const std::vector<int64_t>& shape)
{
    std::string text;
    for (int64_t size : shape)
    {
        text += (text.empty() ? "" : "x") + std::to_string(size);
    }
    return text;
}

/// @return the error for a tensor of a number of dimensions that cannot be encoded
std::invalid_argument
DimensionCountError(const std::string& function, uint64_t dimensions)
{
    return std::invalid_argument(function + ": " + std::to_string(dimensions) +
                                 " dimensions, 1 to " +
                                 std::to_string(FeatureCodec::MAX_DIMENSIONS) + " expected");
}

/**
 * @param function the calling function, for messages
 * @param shape the sizes of the dimensions
 * @return the number of elements
 * @throws std::invalid_argument unless the shape can be encoded: 1 to MAX_DIMENSIONS
 *         dimensions, each size in 1..2^32-1, at most MAX_ELEMENTS elements (checked at every
 *         step, so that the product never overflows)
 */
int64_t
CheckShape(const std::string& function, const std::vector<int64_t>& shape)
{
    if (shape.empty() || shape.size() > FeatureCodec::MAX_DIMENSIONS)
    {
        throw DimensionCountError(function, shape.size());
    }
    int64_t count = 1;
    for (size_t i = 0; i < shape.size(); ++i)
    {
        if (shape[i] < 1 || shape[i] > int64_t{std::numeric_limits<uint32_t>::max()})
        {
            throw std::invalid_argument(function + ": dimension " + std::to_string(i) +
                                        " has size " + std::to_string(shape[i]) +
                                        ", 1 to 4294967295 expected");
        }
        if (shape[i] > FeatureCodec::MAX_ELEMENTS / count)
        {
            throw std::invalid_argument(function + ": shape " + ShapeText(shape) +
                                        " is too large: more than " +
                                        std::to_string(FeatureCodec::MAX_ELEMENTS) + " elements");
        }
        count *= shape[i];
    }
    return count;
}

/// @return the number of channels: dimension 1 of an N×C×... tensor, dimension 0 of a 1-D one
int64_t
ChannelCount(const std::vector<int64_t>& shape)
{
    return shape.size() == 1 ? shape[0] : shape[1];
}

/// @return the header's length for a number of dimensions, codec and channel count
uint64_t
HeaderBytes(size_t dimensions, FeatureCodec::Codec codec, int64_t channels)
{
    const uint64_t scales = codec == FeatureCodec::Codec::INT8 ? 4 * uint64_t(channels) : 0;
    return 8 + 4 * uint64_t(dimensions) + scales + 8 + 4;
}

/// Appends little-endian fields to a byte vector.
class Writer
{
  public:
    /// @param out where to append
    explicit Writer(std::vector<uint8_t>& out)
        : m_out(out)
    {
    }

    /// @param value appended as @p bytes little-endian bytes
    /// @param bytes 1, 4 or 8
    void Put(uint64_t value, int bytes)
    {
        for (int i = 0; i < bytes; ++i)
        {
            m_out.push_back(static_cast<uint8_t>(value >> (8 * i)));
        }
    }

    /// @param value appended as its four IEEE binary32 bytes
    void PutFloat(float value)
    {
        uint32_t bits;
        std::memcpy(&bits, &value, 4);
        Put(bits, 4);
    }

  private:
    std::vector<uint8_t>& m_out; //!< the bytes
};

/// Reads little-endian fields from untrusted bytes, never beyond their end.
class Reader
{
  public:
    /**
     * @param function the calling function, for messages
     * @param data the bytes
     * @param size their number
     */
    Reader(const std::string& function, const uint8_t* data, size_t size)
        : m_function(function),
          m_data(data),
          m_size(size)
    {
    }

    /**
     * @param bytes 1, 4 or 8
     * @param field the field's name, for the message
     * @return the next field
     * @throws std::invalid_argument when the buffer ends before the field does
     */
    uint64_t Get(int bytes, const char* field)
    {
        Need(bytes, field);
        uint64_t value = 0;
        for (int i = 0; i < bytes; ++i)
        {
            value |= uint64_t{m_data[m_offset + i]} << (8 * i);
        }
        m_offset += bytes;
        return value;
    }

    /// @param field the field's name, for the message
    /// @return the next four bytes as an IEEE binary32 value
    float GetFloat(const char* field)
    {
        const auto bits = static_cast<uint32_t>(Get(4, field));
        float value;
        std::memcpy(&value, &bits, 4);
        return value;
    }

    /**
     * @param bytes a number of bytes
     * @param field what they hold, for the message
     * @throws std::invalid_argument unless the buffer holds that many more bytes
     */
    void Need(uint64_t bytes, const char* field) const
    {
        if (bytes > m_size - m_offset)
        {
            std::ostringstream os;
            os << m_function << ": truncated: the " << field << " needs bytes " << m_offset
               << " to " << m_offset + bytes - 1 << ", the buffer holds " << m_size << " bytes";
            throw std::invalid_argument(os.str());
        }
    }

    /// @return the bytes read so far
    size_t GetOffset() const
    {
        return m_offset;
    }

  private:
    std::string m_function; //!< the calling function, for messages
    const uint8_t* m_data;  //!< the bytes
    size_t m_size;          //!< their number
    size_t m_offset{0};     //!< the next byte to read
};

/// @return the message of a zstd error code
std::string
ZstdError(size_t code)
{
    return std::string("zstd error: ") + ZSTD_getErrorName(code);
}

/**
 * @brief ReadHeader's work, with the name of the function that asks for messages.
 * @param function the calling function
 * @param data the bytes
 * @param size their number
 * @return the header
 */
FeatureCodec::Header
ReadHeaderAs(const std::string& function, const uint8_t* data, size_t size)
{
    if (data == nullptr && size > 0)
    {
        throw std::invalid_argument(function + ": null buffer of " + std::to_string(size) +
                                    " bytes");
    }
    Reader reader(function, data, size);
    FeatureCodec::Header header;
    reader.Need(4, "magic");
    if (std::memcmp(data, MAGIC, 4) != 0)
    {
        throw std::invalid_argument(function +
                                    ": bad magic: not a sagin feature tensor (no \"SGFT\")");
    }
    reader.Get(4, "magic");
    header.version = reader.Get(1, "version");
    if (header.version != FeatureCodec::VERSION)
    {
        throw std::invalid_argument(function + ": unsupported format version " +
                                    std::to_string(header.version) + " (this build reads " +
                                    std::to_string(FeatureCodec::VERSION) + ")");
    }
    const auto codec = static_cast<uint8_t>(reader.Get(1, "codec"));
    if (codec > static_cast<uint8_t>(FeatureCodec::Codec::INT8))
    {
        throw std::invalid_argument(function + ": unknown codec " + std::to_string(codec));
    }
    header.codec = static_cast<FeatureCodec::Codec>(codec);
    const auto flags = static_cast<uint8_t>(reader.Get(1, "flags"));
    if ((flags & ~FLAG_ZSTD) != 0)
    {
        throw std::invalid_argument(function + ": unknown flags " + std::to_string(flags));
    }
    header.compressed = (flags & FLAG_ZSTD) != 0;
    const auto dimensions = reader.Get(1, "number of dimensions");
    if (dimensions < 1 || dimensions > FeatureCodec::MAX_DIMENSIONS)
    {
        throw DimensionCountError(function, dimensions);
    }
    header.shape.resize(dimensions);
    for (auto& dimension : header.shape)
    {
        dimension = static_cast<int64_t>(reader.Get(4, "shape"));
    }
    const int64_t count = CheckShape(function, header.shape);
    if (header.codec == FeatureCodec::Codec::INT8)
    {
        const int64_t channels = ChannelCount(header.shape);
        reader.Need(4 * uint64_t(channels), "int8 scales");
        header.scales.resize(channels);
        for (auto& scale : header.scales)
        {
            scale = reader.GetFloat("int8 scales");
        }
    }
    header.payloadBytes = reader.Get(8, "payload length");
    const size_t checksumOffset = reader.GetOffset();
    header.checksum = static_cast<uint32_t>(reader.Get(4, "checksum"));
    header.headerBytes = reader.GetOffset();
    const uint64_t stored = size - header.headerBytes;
    if (header.payloadBytes != stored)
    {
        throw std::invalid_argument(function + ": payload length mismatch: the header says " +
                                    std::to_string(header.payloadBytes) +
                                    " bytes, the buffer holds " + std::to_string(stored) +
                                    " after the " + std::to_string(header.headerBytes) +
                                    "-byte header");
    }
    uint32_t crc = FeatureCodec::Crc32(data, checksumOffset);
    crc = FeatureCodec::Crc32(data + header.headerBytes, stored, crc);
    if (crc != header.checksum)
    {
        std::ostringstream os;
        os << function << ": checksum mismatch: stored 0x" << std::hex << header.checksum
           << ", computed 0x" << crc << " (corrupted bytes)";
        throw std::invalid_argument(os.str());
    }
    const uint64_t rawBytes = uint64_t(count) * ElementBytes(header.codec);
    if (!header.compressed && header.payloadBytes != rawBytes)
    {
        throw std::invalid_argument(
            function + ": payload length mismatch: " + std::to_string(header.payloadBytes) +
            " bytes, shape " + ShapeText(header.shape) + " in " +
            FeatureCodec::GetCodecName(header.codec) + " needs " + std::to_string(rawBytes));
    }
    for (size_t c = 0; c < header.scales.size(); ++c)
    {
        if (!std::isfinite(header.scales[c]) || header.scales[c] < 0)
        {
            std::ostringstream os;
            os << function << ": int8 scale of channel " << c << " is " << header.scales[c]
               << ", a finite value >= 0 expected";
            throw std::invalid_argument(os.str());
        }
    }
    return header;
}

} // namespace

std::vector<uint8_t>
FeatureCodec::Encode(const FeatureTensor& tensor, Codec codec, bool compress)
{
    NS_LOG_FUNCTION(tensor.GetShapeText() << GetFormatName({codec, compress}));
    const std::string function = "FeatureCodec::Encode";
    if (tensor.IsEmpty())
    {
        throw std::invalid_argument(function + ": empty tensor");
    }
    if (ElementBytes(codec) == 0)
    {
        throw std::invalid_argument(function + ": unknown codec " +
                                    std::to_string(static_cast<int>(codec)));
    }
    const std::vector<int64_t> shape = tensor.GetShape();
    const int64_t count = CheckShape(function, shape);
    const int64_t channels = ChannelCount(shape);
    const at::Tensor values = UnwrapTensor(tensor).contiguous();

    // The elements as stored, and for int8 the scales.
    at::Tensor elements;
    at::Tensor scales;
    switch (codec)
    {
    case Codec::FP32:
        elements = values;
        break;
    case Codec::FP16:
        // LibTorch's conversion rounds to nearest, ties to even, as IEEE 754 prescribes.
        elements = values.to(at::kHalf).contiguous();
        break;
    case Codec::INT8: {
        const at::Tensor byChannel = values.view({shape.size() == 1 ? 1 : shape[0], channels, -1});
        // amax propagates NaN, so a non-finite element makes its channel's maximum non-finite.
        const at::Tensor maxAbs = byChannel.abs().amax({0, 2});
        if (!at::isfinite(maxAbs).all().item<bool>())
        {
            throw std::invalid_argument(function + ": int8 cannot encode a tensor with " +
                                        "non-finite values");
        }
        scales = (maxAbs / 127.0f).contiguous();
        const at::Tensor divisor = at::where(scales > 0, scales, at::ones_like(scales));
        elements = byChannel.div(divisor.view({1, channels, 1}))
                       .round_()
                       .clamp_(-127, 127)
                       .to(at::kChar)
                       .contiguous();
        break;
    }
    }
    const auto* raw = static_cast<const uint8_t*>(elements.data_ptr());
    const uint64_t rawBytes = uint64_t(count) * ElementBytes(codec);

    std::vector<uint8_t> out;
    out.reserve(HeaderBytes(shape.size(), codec, channels) +
                (compress ? ZSTD_compressBound(rawBytes) : rawBytes));
    Writer writer(out);
    for (uint8_t byte : MAGIC)
    {
        writer.Put(byte, 1);
    }
    writer.Put(VERSION, 1);
    writer.Put(static_cast<uint8_t>(codec), 1);
    writer.Put(compress ? FLAG_ZSTD : 0, 1);
    writer.Put(shape.size(), 1);
    for (int64_t size : shape)
    {
        writer.Put(size, 4);
    }
    if (codec == Codec::INT8)
    {
        const float* s = scales.data_ptr<float>();
        for (int64_t c = 0; c < channels; ++c)
        {
            writer.PutFloat(s[c]);
        }
    }
    const size_t lengthOffset = out.size();
    writer.Put(0, 8); // payload length, filled in below
    const size_t checksumOffset = out.size();
    writer.Put(0, 4); // checksum, filled in below
    const size_t headerBytes = out.size();

    uint64_t payloadBytes = rawBytes;
    if (compress)
    {
        out.resize(headerBytes + ZSTD_compressBound(rawBytes));
        const size_t result = ZSTD_compress(out.data() + headerBytes,
                                            out.size() - headerBytes,
                                            raw,
                                            rawBytes,
                                            ZSTD_LEVEL);
        if (ZSTD_isError(result))
        {
            throw std::runtime_error(function + ": " + ZstdError(result));
        }
        payloadBytes = result;
        out.resize(headerBytes + payloadBytes);
    }
    else
    {
        out.insert(out.end(), raw, raw + rawBytes);
    }
    for (int i = 0; i < 8; ++i)
    {
        out[lengthOffset + i] = static_cast<uint8_t>(payloadBytes >> (8 * i));
    }
    uint32_t crc = Crc32(out.data(), checksumOffset);
    crc = Crc32(out.data() + headerBytes, payloadBytes, crc);
    for (int i = 0; i < 4; ++i)
    {
        out[checksumOffset + i] = static_cast<uint8_t>(crc >> (8 * i));
    }
    return out;
}

std::vector<uint8_t>
FeatureCodec::Encode(const FeatureTensor& tensor, const Format& format)
{
    return Encode(tensor, format.codec, format.compress);
}

FeatureCodec::Header
FeatureCodec::ReadHeader(const uint8_t* data, size_t size)
{
    return ReadHeaderAs("FeatureCodec::ReadHeader", data, size);
}

FeatureTensor
FeatureCodec::Decode(const uint8_t* data, size_t size)
{
    NS_LOG_FUNCTION(size);
    const std::string function = "FeatureCodec::Decode";
    const Header header = ReadHeaderAs(function, data, size);
    const uint8_t* payload = data + header.headerBytes;

    int64_t count = 1;
    for (int64_t size : header.shape)
    {
        count *= size; // ReadHeaderAs has checked that there are at most MAX_ELEMENTS
    }
    const uint64_t rawBytes = uint64_t(count) * ElementBytes(header.codec);
    // The elements as stored, allocated once the payload is known to hold them all.
    at::Tensor elements;
    if (header.compressed)
    {
        const size_t frameBytes = ZSTD_findFrameCompressedSize(payload, header.payloadBytes);
        if (ZSTD_isError(frameBytes))
        {
            throw std::invalid_argument(function + ": " + ZstdError(frameBytes));
        }
        if (frameBytes != header.payloadBytes)
        {
            throw std::invalid_argument(function + ": the payload holds " +
                                        std::to_string(header.payloadBytes - frameBytes) +
                                        " bytes after its zstd frame");
        }
        const unsigned long long content = ZSTD_getFrameContentSize(payload, frameBytes);
        if (content == ZSTD_CONTENTSIZE_ERROR || content == ZSTD_CONTENTSIZE_UNKNOWN)
        {
            throw std::invalid_argument(function + ": the zstd frame does not state its size");
        }
        if (content != rawBytes)
        {
            throw std::invalid_argument(
                function + ": the zstd frame holds " + std::to_string(content) + " bytes, shape " +
                ShapeText(header.shape) + " in " + GetCodecName(header.codec) + " needs " +
                std::to_string(rawBytes));
        }
        elements = at::empty(header.shape, at::TensorOptions(ElementType(header.codec)));
        const size_t result =
            ZSTD_decompress(elements.data_ptr(), rawBytes, payload, header.payloadBytes);
        if (ZSTD_isError(result))
        {
            throw std::invalid_argument(function + ": " + ZstdError(result));
        }
        if (result != rawBytes)
        {
            throw std::invalid_argument(function + ": the zstd frame decompressed to " +
                                        std::to_string(result) + " bytes, " +
                                        std::to_string(rawBytes) + " expected");
        }
    }
    else
    {
        elements = at::empty(header.shape, at::TensorOptions(ElementType(header.codec)));
        std::memcpy(elements.data_ptr(), payload, rawBytes);
    }

    switch (header.codec)
    {
    case Codec::FP32:
        return WrapTensor(elements);
    case Codec::FP16:
        return WrapTensor(elements.to(at::kFloat));
    case Codec::INT8:
        break;
    }
    if (elements.min().item<int8_t>() == -128)
    {
        throw std::invalid_argument(function +
                                    ": int8 value -128 is outside the symmetric range -127..127");
    }
    const int64_t channels = ChannelCount(header.shape);
    const int64_t batch = header.shape.size() == 1 ? 1 : header.shape[0];
    const at::Tensor scales =
        at::from_blob(const_cast<float*>(header.scales.data()), {1, channels, 1}, at::kFloat);
    return WrapTensor(
        elements.to(at::kFloat).view({batch, channels, -1}).mul_(scales).view(header.shape));
}

FeatureTensor
FeatureCodec::Decode(const std::vector<uint8_t>& bytes)
{
    return Decode(bytes.data(), bytes.size());
}

uint64_t
FeatureCodec::GetEncodedSize(const std::vector<int64_t>& shape, Codec codec)
{
    const int64_t count = CheckShape("FeatureCodec::GetEncodedSize", shape);
    if (ElementBytes(codec) == 0)
    {
        throw std::invalid_argument("FeatureCodec::GetEncodedSize: unknown codec " +
                                    std::to_string(static_cast<int>(codec)));
    }
    return HeaderBytes(shape.size(), codec, ChannelCount(shape)) +
           uint64_t(count) * ElementBytes(codec);
}

std::string
FeatureCodec::GetCodecName(Codec codec)
{
    switch (codec)
    {
    case Codec::FP32:
        return "fp32";
    case Codec::FP16:
        return "fp16";
    case Codec::INT8:
        return "int8";
    }
    return "codec-" + std::to_string(static_cast<int>(codec));
}

std::string
FeatureCodec::GetFormatName(const Format& format)
{
    return GetCodecName(format.codec) + (format.compress ? "+zstd" : "");
}

FeatureCodec::Format
FeatureCodec::ParseFormatName(const std::string& name)
{
    for (Codec codec : {Codec::FP32, Codec::FP16, Codec::INT8})
    {
        for (bool compress : {false, true})
        {
            if (name == GetFormatName({codec, compress}))
            {
                return {codec, compress};
            }
        }
    }
    throw std::invalid_argument("FeatureCodec: unknown format \"" + name +
                                "\" (expected fp32, fp16 or int8, optionally with +zstd)");
}

uint32_t
FeatureCodec::Crc32(const uint8_t* data, size_t size, uint32_t crc)
{
    // libdeflate computes this very CRC (carry-less multiplication where the CPU has it).
    return libdeflate_crc32(crc, data, size);
}

} // namespace sagin
} // namespace ns3
