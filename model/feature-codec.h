// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_FEATURE_CODEC_H
#define SAGIN_FEATURE_CODEC_H

#include "feature-tensor.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Turns a FeatureTensor into the bytes sent over the network, and back.
 *
 * An encoding is a little-endian header followed by the payload:
 *
 * | offset      | size | field                                                        |
 * |-------------|------|--------------------------------------------------------------|
 * | 0           | 4    | magic "SGFT"                                                 |
 * | 4           | 1    | format version (1)                                           |
 * | 5           | 1    | codec: 0 fp32, 1 fp16, 2 int8                                |
 * | 6           | 1    | flags: bit 0 = payload compressed with zstd, others 0        |
 * | 7           | 1    | number of dimensions n, 1..MAX_DIMENSIONS                    |
 * | 8           | 4n   | sizes of the dimensions, uint32 each, ≥ 1                    |
 * | 8+4n        | 4C   | int8 only: C float32 scales, one per channel                 |
 * | 8+4n(+4C)   | 8    | payload length in bytes, uint64                              |
 * | 16+4n(+4C)  | 4    | CRC-32 of every byte before this field and of the payload    |
 * | 20+4n(+4C)  | ...  | payload: the elements in row-major order, zstd frame if set  |
 *
 * Codecs: fp32 keeps the float32 bits (exact); fp16 stores IEEE binary16, rounded to nearest
 * (ties to even), relative error at most 2^-11 for values in fp16's normal range; int8 stores
 * round(x / s_c) with one symmetric scale s_c = max|x| / 127 per channel c (dimension 1 of an
 * N×C×... tensor, dimension 0 of a 1-D one), error at most s_c / 2. Each may be compressed
 * losslessly with zstd.
 *
 * Decoding accepts untrusted bytes: any truncated, corrupted or inconsistent buffer is refused
 * with a std::invalid_argument whose one-line message names the fault; nothing is read outside
 * the buffer and no more than MAX_ELEMENTS elements are ever allocated.
 */
class FeatureCodec
{
  public:
    /// How the elements are stored.
    enum class Codec : uint8_t
    {
        FP32 = 0, //!< float32, exact
        FP16 = 1, //!< IEEE half precision, rounded to nearest
        INT8 = 2, //!< int8 with one symmetric scale per channel
    };

    /// A codec and whether the payload is compressed: what a name like "fp16+zstd" means.
    struct Format
    {
        Codec codec{Codec::FP32}; //!< how the elements are stored
        bool compress{false};     //!< whether the payload is compressed with zstd
    };

    /// The header fields of an encoding.
    struct Header
    {
        uint8_t version{0};         //!< format version
        Codec codec{Codec::FP32};   //!< how the elements are stored
        bool compressed{false};     //!< whether the payload is a zstd frame
        std::vector<int64_t> shape; //!< sizes of the dimensions
        std::vector<float> scales;  //!< int8: one scale per channel; empty otherwise
        uint64_t payloadBytes{0};   //!< length of the payload as stored, bytes
        uint32_t checksum{0};       //!< CRC-32 of the header before it and of the payload
        uint64_t headerBytes{0};    //!< length of the header, bytes
    };

    static constexpr uint8_t VERSION = 1;                     //!< the format version written
    static constexpr uint32_t MAX_DIMENSIONS = 8;             //!< most dimensions of a tensor
    static constexpr int64_t MAX_ELEMENTS = int64_t{1} << 28; //!< most elements (1 GiB fp32)
    static constexpr int ZSTD_LEVEL = 1;                      //!< zstd compression level used

    /**
     * @param tensor a non-empty tensor of 1 to MAX_DIMENSIONS dimensions, each size from 1 to
     *        2^32 - 1, at most MAX_ELEMENTS elements
     * @param codec how to store the elements
     * @param compress whether to compress the payload with zstd
     * @return the encoding: header and payload
     * @throws std::invalid_argument for a tensor that cannot be encoded (empty, bad shape, a
     *         non-finite value with int8)
     */
    static std::vector<uint8_t> Encode(const FeatureTensor& tensor, Codec codec, bool compress);

    /**
     * @param tensor the tensor
     * @param format codec and compression
     * @return the encoding
     * @throws std::invalid_argument as Encode(tensor, codec, compress)
     */
    static std::vector<uint8_t> Encode(const FeatureTensor& tensor, const Format& format);

    /**
     * @param data the bytes of one encoding, untrusted
     * @param size their number; the buffer must hold exactly one encoding
     * @return the tensor (float32)
     * @throws std::invalid_argument naming what is wrong with the bytes
     */
    static FeatureTensor Decode(const uint8_t* data, size_t size);

    /**
     * @param bytes the bytes of one encoding, untrusted
     * @return the tensor (float32)
     * @throws std::invalid_argument naming what is wrong with the bytes
     */
    static FeatureTensor Decode(const std::vector<uint8_t>& bytes);

    /**
     * @brief Read and check the header of an encoding and the checksum, without decoding the
     *        payload.
     * @param data the bytes of one encoding, untrusted
     * @param size their number
     * @return the header fields
     * @throws std::invalid_argument naming what is wrong with the bytes
     */
    static Header ReadHeader(const uint8_t* data, size_t size);

    /**
     * @param shape the sizes of the dimensions
     * @param codec how the elements are stored
     * @return the size of the uncompressed encoding (header and payload), bytes
     * @throws std::invalid_argument for a shape that cannot be encoded
     */
    static uint64_t GetEncodedSize(const std::vector<int64_t>& shape, Codec codec);

    /**
     * @param codec a codec
     * @return its name: "fp32", "fp16" or "int8"
     */
    static std::string GetCodecName(Codec codec);

    /**
     * @param format a codec and compression
     * @return its name: the codec's name, with "+zstd" when compressed, e.g. "int8+zstd"
     */
    static std::string GetFormatName(const Format& format);

    /**
     * @param name "fp32", "fp16" or "int8", optionally followed by "+zstd"
     * @return the format it names
     * @throws std::invalid_argument for any other name
     */
    static Format ParseFormatName(const std::string& name);

    /**
     * @brief The CRC-32 of IEEE 802.3 (reflected polynomial 0xEDB88320, initial and final
     *        value 0xFFFFFFFF), as zlib's crc32; can be continued over several pieces.
     * @param data the bytes
     * @param size their number
     * @param crc the CRC of the bytes before (0 to start)
     * @return the CRC of the bytes before and these
     */
    static uint32_t Crc32(const uint8_t* data, size_t size, uint32_t crc = 0);
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_FEATURE_CODEC_H
