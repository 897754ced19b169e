// SPDX-License-Identifier: GPL-2.0-only

#include "feature-codec.h"
#include "feature-tensor-impl.h"
#include "sagin-test-utils.h"

#include <cmath>
#include <cstring>
#include <gtest/gtest.h>
#include <limits>
#include <random>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::test;

namespace
{

using Codec = FeatureCodec::Codec;

/// The six formats: each codec, without and with zstd.
const FeatureCodec::Format ALL_FORMATS[6] = {{Codec::FP32, false},
                                             {Codec::FP16, false},
                                             {Codec::INT8, false},
                                             {Codec::FP32, true},
                                             {Codec::FP16, true},
                                             {Codec::INT8, true}};

/// @return max(0, z) for standard normal z of a seed: the statistics of a ReLU feature map
FeatureTensor
ReluFeatures(const std::vector<int64_t>& shape, uint64_t seed)
{
    return WrapTensor(UnwrapTensor(FeatureTensor::RandomNormal(shape, seed)).relu());
}

/// @return whether two tensors have the same shape and the same bits (NaN and -0 included)
bool
SameBits(const FeatureTensor& a, const FeatureTensor& b)
{
    const std::vector<float> x = a.ToFloats();
    const std::vector<float> y = b.ToFloats();
    return a.GetShape() == b.GetShape() &&
           std::memcmp(x.data(), y.data(), x.size() * sizeof(float)) == 0;
}

/// @return the message with which decoding the bytes fails ("" when it succeeds)
std::string
DecodeError(const std::vector<uint8_t>& bytes)
{
    return InvalidArgumentMessage([&] { FeatureCodec::Decode(bytes); });
}

/// @return the little-endian integer of @p size bytes at @p offset
uint64_t
ReadLittleEndian(const std::vector<uint8_t>& bytes, size_t offset, int size)
{
    uint64_t value = 0;
    for (int i = 0; i < size; ++i)
    {
        value |= uint64_t{bytes.at(offset + i)} << (8 * i);
    }
    return value;
}

/// Writes @p value as @p size little-endian bytes at @p offset.
void
WriteLittleEndian(std::vector<uint8_t>& bytes, size_t offset, int size, uint64_t value)
{
    for (int i = 0; i < size; ++i)
    {
        bytes.at(offset + i) = static_cast<uint8_t>(value >> (8 * i));
    }
}

/**
 * @brief Make the checksum of an edited encoding right again, so that the checks behind it are
 *        reached: the CRC-32 of the bytes before the checksum field and of those after it.
 * @param bytes the encoding
 * @param headerBytes the length of its header (the checksum field is its last four bytes)
 */
void
Reseal(std::vector<uint8_t>& bytes, size_t headerBytes)
{
    const size_t checksumOffset = headerBytes - 4;
    uint32_t crc = FeatureCodec::Crc32(bytes.data(), checksumOffset);
    crc = FeatureCodec::Crc32(bytes.data() + headerBytes, bytes.size() - headerBytes, crc);
    WriteLittleEndian(bytes, checksumOffset, 4, crc);
}

/// @return the float32 elements' bytes, as a file's content
std::string
FloatBytes(const FeatureTensor& tensor)
{
    const std::vector<float> values = tensor.ToFloats();
    return std::string(reinterpret_cast<const char*>(values.data()), values.size() * 4);
}

} // namespace

TEST(FeatureCodec, Fp32RoundTripIsExact)
{
    // fp32 stores the float32 bits: every value comes back bit for bit, the special ones too.
    std::vector<float> values = FeatureTensor::RandomNormal({2, 3, 4, 5}, 7).ToFloats();
    values[0] = std::numeric_limits<float>::infinity();
    values[1] = -std::numeric_limits<float>::infinity();
    values[2] = std::numeric_limits<float>::quiet_NaN();
    values[3] = -0.0f;
    values[4] = std::numeric_limits<float>::denorm_min();
    values[5] = std::numeric_limits<float>::max();
    const FeatureTensor t = FeatureTensor::FromFloats({2, 3, 4, 5}, values);
    for (bool compress : {false, true})
    {
        const FeatureTensor back =
            FeatureCodec::Decode(FeatureCodec::Encode(t, Codec::FP32, compress));
        EXPECT_TRUE(SameBits(back, t)) << "compress " << compress;
        EXPECT_EQ(back.GetShape(), (std::vector<int64_t>{2, 3, 4, 5}));
    }
    // A 1-D tensor of one element.
    const FeatureTensor one = FeatureTensor::FromFloats({1}, {3.25f});
    EXPECT_TRUE(SameBits(FeatureCodec::Decode(FeatureCodec::Encode(one, Codec::FP32, false)), one));
}

TEST(FeatureCodec, Fp16RoundsToNearest)
{
    // fp16 has 10 fraction bits: in [2^e, 2^(e+1)) its values are 2^(e-10) apart, so rounding to
    // nearest errs by at most half that, 2^(e-11) <= |x| 2^-11, for |x| in fp16's normal range
    // [2^-14, 65504]. Below 2^-14 the spacing is 2^-24: absolute error <= 2^-25.
    const FeatureTensor t = WrapTensor(UnwrapTensor(FeatureTensor::RandomNormal({100, 100}, 3)) *
                                       at::pow(10.0, at::linspace(-6, 4, 10000)).view({100, 100}));
    const FeatureTensor back = FeatureCodec::Decode(FeatureCodec::Encode(t, Codec::FP16, false));
    const std::vector<float> x = t.ToFloats();
    const std::vector<float> y = back.ToFloats();
    double largestRelative = 0;
    int normal = 0;
    for (size_t i = 0; i < x.size(); ++i)
    {
        const double error = std::abs(double(y[i]) - double(x[i]));
        const double magnitude = std::abs(double(x[i]));
        if (magnitude >= std::ldexp(1.0, -14) && magnitude <= 65504.0)
        {
            ++normal;
            EXPECT_LE(error, magnitude * std::ldexp(1.0, -11)) << "x = " << x[i];
            largestRelative = std::max(largestRelative, error / magnitude);
        }
        else if (magnitude < std::ldexp(1.0, -14))
        {
            EXPECT_LE(error, std::ldexp(1.0, -25)) << "x = " << x[i];
        }
    }
    // Most values are in the normal range, and the bound is nearly reached (uniform rounding
    // errors over thousands of values come within 10 % of it): really 11 significant bits.
    EXPECT_GT(normal, 7000);
    EXPECT_GT(largestRelative, 0.9 * std::ldexp(1.0, -11));

    // Worked cases. 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even
    // significand, 1. 1 + 3·2^-11 lies halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even).
    // 65519 is nearer 65504 (the largest fp16) than 65536; 65520 is halfway and rounds to
    // infinity (65536 would have the even significand). 2^-25 is halfway between 0 and the
    // smallest subnormal 2^-24: 0; 3·2^-25 between 2^-24 (odd) and 2^-23 (even): 2^-23.
    const float inf = std::numeric_limits<float>::infinity();
    const std::vector<float> cases{1.0f + std::ldexp(1.0f, -11),
                                   1.0f + 3 * std::ldexp(1.0f, -11),
                                   65519.0f,
                                   65520.0f,
                                   -65520.0f,
                                   std::ldexp(1.0f, -25),
                                   3 * std::ldexp(1.0f, -25),
                                   0.5f,
                                   inf};
    const std::vector<float> expected{1.0f,
                                      1.0f + std::ldexp(1.0f, -9),
                                      65504.0f,
                                      inf,
                                      -inf,
                                      0.0f,
                                      std::ldexp(1.0f, -23),
                                      0.5f,
                                      inf};
    const FeatureTensor c = FeatureTensor::FromFloats({int64_t(cases.size())}, cases);
    EXPECT_EQ(FeatureCodec::Decode(FeatureCodec::Encode(c, Codec::FP16, false)).ToFloats(),
              expected);
}

TEST(FeatureCodec, Int8ErrorWithinHalfAScalePerChannel)
{
    // Worked example, shape 3×3 (N = 3, C = 3): channel c is column c.
    // Channel 0 = {127, -63.5, 0.2}: s = 127/127 = 1; q = {127, round(-63.5) = -64 (ties to
    // even), 0}; decoded {127, -64, 0}, errors {0, 0.5, 0.2} <= s/2.
    // Channel 1 = {0, -254, 3}: s = 254/127 = 2; q = {0, -127, round(1.5) = 2}; decoded
    // {0, -254, 4}, errors {0, 0, 1} = s/2 at most.
    // Channel 2 = {0, 0, 0}: s = 0, decoded zeros.
    const FeatureTensor t =
        FeatureTensor::FromFloats({3, 3}, {127, 0, 0, -63.5f, -254, 0, 0.2f, 3, 0});
    const std::vector<uint8_t> bytes = FeatureCodec::Encode(t, Codec::INT8, false);
    const auto header = FeatureCodec::ReadHeader(bytes.data(), bytes.size());
    EXPECT_EQ(header.scales, (std::vector<float>{1.0f, 2.0f, 0.0f}));
    EXPECT_EQ(FeatureCodec::Decode(bytes).ToFloats(),
              (std::vector<float>{127, 0, 0, -64, -254, 0, 0, 4, 0}));

    // A 1-D tensor: every element is a channel of its own, s = |x|/127 and q = ±127, so that
    // each value comes back as fl(127·fl(|x|/127)), within s/2 (far within: 1 ulp or so).
    const FeatureTensor line = FeatureTensor::FromFloats({4}, {-2.0f, 0.5f, 0.0f, 1e-3f});
    const auto lineBytes = FeatureCodec::Encode(line, Codec::INT8, false);
    EXPECT_EQ(FeatureCodec::ReadHeader(lineBytes.data(), lineBytes.size()).scales.size(), 4u);
    EXPECT_LE(FeatureCodec::Decode(lineBytes).MaxAbsDifference(line), 1e-6);

    // Random N×C×H×W features with channels of very different magnitudes (channel c scaled by
    // 10^(c-4)). Error bound per channel, s = fl(m/127) for m = max|x| in the channel:
    // t = fl(x/s) is within 127·2^-24 (plus a hair) of x/s; q = round(t) within 1/2 of t; the
    // decoded y = fl(q·s) within 127·s·2^-24 of q·s. So |y - x| <= s (1/2 + 2·127·2^-24 + ...)
    // < s (1/2 + 2^-16).
    const int64_t n = 2;
    const int64_t channels = 8;
    const at::Tensor magnitudes = at::pow(10.0, at::arange(-4, 4)).to(at::kFloat);
    const FeatureTensor r =
        WrapTensor(UnwrapTensor(FeatureTensor::RandomNormal({n, channels, 5, 5}, 11)) *
                   magnitudes.view({1, channels, 1, 1}));
    const std::vector<uint8_t> randomBytes = FeatureCodec::Encode(r, Codec::INT8, false);
    const auto randomHeader = FeatureCodec::ReadHeader(randomBytes.data(), randomBytes.size());
    const at::Tensor x = UnwrapTensor(r);
    const at::Tensor y = UnwrapTensor(FeatureCodec::Decode(randomBytes));
    ASSERT_EQ(randomHeader.scales.size(), size_t(channels));
    for (int64_t c = 0; c < channels; ++c)
    {
        const at::Tensor xc = x.select(1, c);
        const float s = xc.abs().max().item<float>() / 127.0f;
        EXPECT_EQ(randomHeader.scales[c], s) << "channel " << c;
        const double error = (y.select(1, c) - xc).abs().max().item<double>();
        EXPECT_LE(error, s * (0.5 + std::ldexp(1.0, -16))) << "channel " << c;
        // 50 uniform rounding errors: the largest is above s/4 (chance of failing 2^-50).
        EXPECT_GT(error, s / 4) << "channel " << c;
        // The largest magnitude comes back to within rounding: q = ±127.
        const int64_t largest = xc.abs().argmax().item<int64_t>();
        EXPECT_NEAR(y.select(1, c).flatten()[largest].item<double>(),
                    xc.flatten()[largest].item<double>(),
                    1e-6 * s * 127);
    }
    // One byte per element: 2·8·5·5 = 400 bytes after the header of
    // 8 + 4·4 + 4·8 + 8 + 4 = 68 bytes.
    EXPECT_EQ(randomBytes.size(), 68u + 400u);
}

TEST(FeatureCodec, IndependentPythonReaderAgrees)
{
    // test/feature-codec-reference.py parses the header as the documentation's table says,
    // checks the CRC-32 with zlib and encodes the same values with numpy.
    if (RunCommand(ShellQuote(Python()) + " -c 'import numpy'").exitStatus != 0)
    {
        GTEST_SKIP() << "numpy is not installed for " << Python();
    }
    const FeatureTensor t =
        WrapTensor(UnwrapTensor(FeatureTensor::RandomNormal({2, 5, 6, 7}, 5)) *
                   at::pow(10.0, at::arange(-2, 3)).to(at::kFloat).view({1, 5, 1, 1}));
    const TempFile values("values.f32", FloatBytes(t));
    for (Codec codec : {Codec::FP32, Codec::FP16, Codec::INT8})
    {
        const std::vector<uint8_t> bytes = FeatureCodec::Encode(t, codec, false);
        const TempFile encoding("encoding.bin", std::string(bytes.begin(), bytes.end()));
        const auto result = RunCommand(
            ShellQuote(Python()) + " " + ShellQuote(SourcePath("test/feature-codec-reference.py")) +
            " " + ShellQuote(encoding.Path()) + " " + ShellQuote(values.Path()));
        ASSERT_EQ(result.exitStatus, 0) << result.err;
        std::string expected = "magic SGFT\nversion 1\ncodec " +
                               std::to_string(static_cast<int>(codec)) +
                               "\nflags 0\nshape 2x5x6x7\n";
        expected += codec == Codec::INT8 ? "scales ok\n" : "";
        expected += "length ok\ncrc ok\npayload ok\n";
        EXPECT_EQ(result.out, expected) << FeatureCodec::GetCodecName(codec);
    }
}

TEST(FeatureCodec, CompressionIsLosslessAndShrinksSparseFeatures)
{
    // A ReLU feature map: half the elements are zero.
    const FeatureTensor t = ReluFeatures({16, 32, 32}, 5);
    for (Codec codec : {Codec::FP32, Codec::FP16, Codec::INT8})
    {
        const std::vector<uint8_t> plain = FeatureCodec::Encode(t, codec, false);
        const std::vector<uint8_t> packed = FeatureCodec::Encode(t, codec, true);
        const auto header = FeatureCodec::ReadHeader(packed.data(), packed.size());
        EXPECT_TRUE(header.compressed);
        EXPECT_EQ(header.payloadBytes, packed.size() - header.headerBytes);
        EXPECT_TRUE(SameBits(FeatureCodec::Decode(plain), FeatureCodec::Decode(packed)))
            << FeatureCodec::GetCodecName(codec);
        // Half the elements are zero bytes, which compress to almost nothing; the other half
        // stays near its size (random low bits): about 50-60 % of the payload. Below 75 %
        // whatever the codec.
        EXPECT_LT(double(packed.size()), 0.75 * double(plain.size()))
            << FeatureCodec::GetCodecName(codec);
    }
    // All zeros: 65,536 zero bytes of fp32 become a few bytes of zstd (one run-length block);
    // the encoding is under 1 % of the uncompressed 32 + 65,536 bytes.
    const FeatureTensor zeros = FeatureTensor::Zeros({16, 32, 32});
    const std::vector<uint8_t> packedZeros = FeatureCodec::Encode(zeros, Codec::FP32, true);
    EXPECT_EQ(FeatureCodec::GetEncodedSize({16, 32, 32}, Codec::FP32), 32u + 65536u);
    EXPECT_LT(packedZeros.size(), 656u);
    EXPECT_TRUE(SameBits(FeatureCodec::Decode(packedZeros), zeros));
}

TEST(FeatureCodec, HeaderFields)
{
    // A 2×3×4 tensor of 0..23 in int8: channel c (dimension 1) holds n·12 + c·4 + w, largest
    // 15, 19 and 23, so the scales are 15/127, 19/127 and 23/127.
    std::vector<float> values(24);
    for (int i = 0; i < 24; ++i)
    {
        values[i] = float(i);
    }
    const FeatureTensor t = FeatureTensor::FromFloats({2, 3, 4}, values);
    for (bool compress : {false, true})
    {
        const std::vector<uint8_t> b = FeatureCodec::Encode(t, Codec::INT8, compress);
        // Offsets from the table of the format: magic 0-3, version 4, codec 5, flags 6,
        // dimensions 7, sizes 8-19 (3 × 4), scales 20-31 (3 × 4), payload length 32-39,
        // checksum 40-43, payload from 44.
        EXPECT_EQ(std::string(b.begin(), b.begin() + 4), "SGFT");
        EXPECT_EQ(b[4], 1);
        EXPECT_EQ(b[5], 2);
        EXPECT_EQ(b[6], compress ? 1 : 0);
        EXPECT_EQ(b[7], 3);
        EXPECT_EQ(ReadLittleEndian(b, 8, 4), 2u);
        EXPECT_EQ(ReadLittleEndian(b, 12, 4), 3u);
        EXPECT_EQ(ReadLittleEndian(b, 16, 4), 4u);
        const float scales[3] = {15.0f / 127.0f, 19.0f / 127.0f, 23.0f / 127.0f};
        for (int c = 0; c < 3; ++c)
        {
            uint32_t bits;
            std::memcpy(&bits, &scales[c], 4);
            EXPECT_EQ(ReadLittleEndian(b, 20 + 4 * c, 4), bits) << "scale " << c;
        }
        EXPECT_EQ(ReadLittleEndian(b, 32, 8), b.size() - 44);
        // The checksum: CRC-32 of bytes 0-39 and of the payload.
        const uint32_t crc =
            FeatureCodec::Crc32(b.data() + 44, b.size() - 44, FeatureCodec::Crc32(b.data(), 40));
        EXPECT_EQ(ReadLittleEndian(b, 40, 4), crc);
        if (!compress)
        {
            // 24 int8 values; element (0, 0, 3) = 3 is round(3 / (15/127)) = round(25.4) = 25.
            EXPECT_EQ(b.size(), 44u + 24u);
            EXPECT_EQ(b[44 + 3], 25);
        }

        const auto header = FeatureCodec::ReadHeader(b.data(), b.size());
        EXPECT_EQ(header.version, 1);
        EXPECT_EQ(header.codec, Codec::INT8);
        EXPECT_EQ(header.compressed, compress);
        EXPECT_EQ(header.shape, (std::vector<int64_t>{2, 3, 4}));
        EXPECT_EQ(header.scales, (std::vector<float>(scales, scales + 3)));
        EXPECT_EQ(header.payloadBytes, b.size() - 44);
        EXPECT_EQ(header.checksum, crc);
        EXPECT_EQ(header.headerBytes, 44u);
    }
    // fp32 and fp16 have no scales: the header of a 2×3×4 tensor is 8 + 12 + 8 + 4 = 32 bytes.
    const std::vector<uint8_t> f = FeatureCodec::Encode(t, Codec::FP16, false);
    EXPECT_EQ(f[5], 1);
    EXPECT_EQ(ReadLittleEndian(f, 20, 8), 48u); // 24 elements × 2 bytes
    EXPECT_EQ(f.size(), 32u + 48u);
}

TEST(FeatureCodec, EncodedSize)
{
    // Uncompressed: 8 + 4n + (int8: 4C) + 12 header bytes, then 4, 2 or 1 byte per element.
    // 64×96×96 (C = 96): fp32 32 + 2,359,296 = 2,359,328; fp16 32 + 1,179,648 = 1,179,680;
    // int8 8 + 12 + 384 + 12 = 416 + 589,824 = 590,240.
    EXPECT_EQ(FeatureCodec::GetEncodedSize({64, 96, 96}, Codec::FP32), 2359328u);
    EXPECT_EQ(FeatureCodec::GetEncodedSize({64, 96, 96}, Codec::FP16), 1179680u);
    EXPECT_EQ(FeatureCodec::GetEncodedSize({64, 96, 96}, Codec::INT8), 590240u);
    // 1-D, 5 elements (C = 5): int8 8 + 4 + 20 + 12 = 44 + 5 = 49.
    EXPECT_EQ(FeatureCodec::GetEncodedSize({5}, Codec::INT8), 49u);
    for (const auto& shape : std::vector<std::vector<int64_t>>{{5},
                                                               {2, 3},
                                                               {64, 96, 96},
                                                               {1, 64, 96, 96},
                                                               {2, 3, 1, 1, 2}})
    {
        const FeatureTensor t = ReluFeatures(shape, 1);
        for (Codec codec : {Codec::FP32, Codec::FP16, Codec::INT8})
        {
            EXPECT_EQ(FeatureCodec::GetEncodedSize(shape, codec),
                      FeatureCodec::Encode(t, codec, false).size())
                << t.GetShapeText() << " " << FeatureCodec::GetCodecName(codec);
        }
    }
    EXPECT_NE(InvalidArgumentMessage([] {
                  FeatureCodec::GetEncodedSize({}, Codec::FP32);
              }).find("0 dimensions, 1 to 8 expected"),
              std::string::npos);
    EXPECT_NE(InvalidArgumentMessage([] {
                  FeatureCodec::GetEncodedSize({3, 0}, Codec::FP32);
              }).find("dimension 1 has size 0"),
              std::string::npos);
    EXPECT_NE(InvalidArgumentMessage([] {
                  FeatureCodec::GetEncodedSize({65536, 65536}, Codec::FP16);
              }).find("is too large: more than 268435456 elements"),
              std::string::npos);
}

TEST(FeatureCodec, FormatNames)
{
    for (const auto& format : ALL_FORMATS)
    {
        const std::string name = FeatureCodec::GetFormatName(format);
        const auto parsed = FeatureCodec::ParseFormatName(name);
        EXPECT_EQ(parsed.codec, format.codec) << name;
        EXPECT_EQ(parsed.compress, format.compress) << name;
    }
    EXPECT_EQ(FeatureCodec::GetFormatName({Codec::INT8, true}), "int8+zstd");
    EXPECT_EQ(FeatureCodec::GetFormatName({Codec::FP16, false}), "fp16");
    EXPECT_EQ(FeatureCodec::GetCodecName(Codec::FP32), "fp32");
    for (const std::string bad : {"", "FP32", "fp64", "int8+", "int8+gzip", "zstd", "fp16 "})
    {
        EXPECT_EQ(InvalidArgumentMessage([&] { FeatureCodec::ParseFormatName(bad); }),
                  "FeatureCodec: unknown format \"" + bad +
                      "\" (expected fp32, fp16 or int8, optionally with +zstd)");
    }
}

TEST(FeatureCodec, RefusesTensorsItCannotEncode)
{
    EXPECT_EQ(
        InvalidArgumentMessage([] { FeatureCodec::Encode(FeatureTensor(), Codec::FP32, false); }),
        "FeatureCodec::Encode: empty tensor");
    // int8 has no code for infinity or NaN; fp32 and fp16 carry them.
    for (float bad :
         {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()})
    {
        const FeatureTensor t = FeatureTensor::FromFloats({2, 2}, {1, 2, bad, 4});
        EXPECT_EQ(InvalidArgumentMessage([&] { FeatureCodec::Encode(t, Codec::INT8, true); }),
                  "FeatureCodec::Encode: int8 cannot encode a tensor with non-finite values");
        EXPECT_EQ(FeatureCodec::Decode(FeatureCodec::Encode(t, Codec::FP16, false)).ToFloats()[2] ==
                      bad,
                  !std::isnan(bad));
    }
    const FeatureTensor nine = WrapTensor(at::zeros({1, 1, 1, 1, 1, 1, 1, 1, 1}));
    EXPECT_EQ(InvalidArgumentMessage([&] { FeatureCodec::Encode(nine, Codec::FP32, false); }),
              "FeatureCodec::Encode: 9 dimensions, 1 to 8 expected");
}

TEST(FeatureCodec, Crc32MatchesZlib)
{
    // The standard check value of CRC-32 (IEEE 802.3, as zlib): "123456789" gives 0xCBF43926.
    const std::string check = "123456789";
    const auto* data = reinterpret_cast<const uint8_t*>(check.data());
    EXPECT_EQ(FeatureCodec::Crc32(data, 9), 0xCBF43926u);
    // Continued over pieces, the same value; the empty input gives 0.
    EXPECT_EQ(FeatureCodec::Crc32(data + 4, 5, FeatureCodec::Crc32(data, 4)), 0xCBF43926u);
    EXPECT_EQ(FeatureCodec::Crc32(data, 0), 0u);

    // Random inputs of lengths around the eight-byte steps, against Python's zlib.crc32.
    std::mt19937 random(2024);
    for (size_t length : {1u, 7u, 8u, 9u, 15u, 16u, 17u, 1000u, 4099u})
    {
        std::string bytes(length, '\0');
        for (char& c : bytes)
        {
            c = static_cast<char>(random() & 0xFF);
        }
        const TempFile file("bytes.bin", bytes);
        const auto result = RunCommand(
            ShellQuote(Python()) +
            " -c 'import sys, zlib; print(zlib.crc32(open(sys.argv[1], \"rb\").read()))' " +
            ShellQuote(file.Path()));
        ASSERT_EQ(result.exitStatus, 0) << result.err;
        EXPECT_EQ(std::to_string(
                      FeatureCodec::Crc32(reinterpret_cast<const uint8_t*>(bytes.data()), length)) +
                      "\n",
                  result.out)
            << "length " << length;
    }
}

TEST(FeatureCodec, EveryTruncationIsRefused)
{
    // Each prefix of an encoding, in a buffer of exactly its length (so that a read beyond it
    // is an error AddressSanitizer reports), is refused with a one-line message; so is the
    // encoding with one byte too many.
    const FeatureTensor t = ReluFeatures({2, 3, 4, 4}, 9);
    for (const auto& format : ALL_FORMATS)
    {
        const std::vector<uint8_t> bytes = FeatureCodec::Encode(t, format);
        for (size_t length = 0; length < bytes.size(); ++length)
        {
            const std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + length);
            const std::string message = DecodeError(prefix);
            EXPECT_NE(message, "") << FeatureCodec::GetFormatName(format) << " length " << length;
            EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        }
        std::vector<uint8_t> longer = bytes;
        longer.push_back(0);
        EXPECT_NE(DecodeError(longer).find("payload length mismatch"), std::string::npos);
        EXPECT_TRUE(SameBits(FeatureCodec::Decode(bytes),
                             FeatureCodec::Decode(bytes.data(), bytes.size())));
    }
    EXPECT_EQ(InvalidArgumentMessage([] { FeatureCodec::Decode(nullptr, 0); }),
              "FeatureCodec::Decode: truncated: the magic needs bytes 0 to 3, the buffer holds 0 "
              "bytes");
    EXPECT_EQ(DecodeError({'S', 'G', 'F', 'T', 1, 0, 0}),
              "FeatureCodec::Decode: truncated: the number of dimensions needs bytes 7 to 7, the "
              "buffer holds 7 bytes");
}

TEST(FeatureCodec, RandomByteChangesAreRefused)
{
    // A CRC-32 detects every error confined to 32 consecutive bits, so each encoding with one
    // byte changed is refused: by the checksum, or by an earlier check of the header. Each
    // trial XORs a random byte with a random non-zero mask; the generator is seeded.
    const FeatureTensor t = ReluFeatures({2, 4, 5, 5}, 4);
    std::vector<std::vector<uint8_t>> encodings;
    std::vector<FeatureTensor> decoded;
    for (const auto& format : ALL_FORMATS)
    {
        encodings.push_back(FeatureCodec::Encode(t, format));
        decoded.push_back(FeatureCodec::Decode(encodings.back()));
    }
    std::mt19937 random(77);
    const int trials = 3000;
    int refused = 0;
    for (int trial = 0; trial < trials; ++trial)
    {
        const size_t which = trial % 6;
        std::vector<uint8_t> bytes = encodings[which];
        const size_t position = random() % bytes.size();
        bytes[position] ^= static_cast<uint8_t>(1 + random() % 255);
        try
        {
            EXPECT_TRUE(SameBits(FeatureCodec::Decode(bytes), decoded[which]))
                << "byte " << position;
        }
        catch (const std::invalid_argument&)
        {
            ++refused;
        }
    }
    EXPECT_EQ(refused, trials);

    // Several bytes changed at once (2 to 8, anywhere): each is refused or, were the checksum
    // ever fooled (chance 2^-32 each), decodes to the same tensor; nothing crashes.
    for (int trial = 0; trial < 1000; ++trial)
    {
        const size_t which = trial % 6;
        std::vector<uint8_t> bytes = encodings[which];
        const int changes = 2 + random() % 7;
        for (int k = 0; k < changes; ++k)
        {
            bytes[random() % bytes.size()] ^= static_cast<uint8_t>(1 + random() % 255);
        }
        try
        {
            EXPECT_TRUE(SameBits(FeatureCodec::Decode(bytes), decoded[which]));
        }
        catch (const std::invalid_argument&)
        {
        }
    }
}

TEST(FeatureCodec, NamesWhatIsWrong)
{
    // Each check of the decoder, reached with an edited encoding whose checksum is made right
    // again where the check lies behind it. A 2×3 fp32 tensor: header 8 + 8 + 12 = 28 bytes,
    // payload 24 bytes, payload length at 16-23, checksum at 24-27.
    const FeatureTensor t = FeatureTensor::FromFloats({2, 3}, {1, 2, 3, 4, 5, 6});
    const std::vector<uint8_t> fp32 = FeatureCodec::Encode(t, Codec::FP32, false);
    ASSERT_EQ(fp32.size(), 28u + 24u);
    const std::string prefix = "FeatureCodec::Decode: ";
    auto edited = [&](size_t offset, int size, uint64_t value, bool reseal) {
        std::vector<uint8_t> bytes = fp32;
        WriteLittleEndian(bytes, offset, size, value);
        if (reseal)
        {
            Reseal(bytes, 28);
        }
        return bytes;
    };
    EXPECT_EQ(DecodeError(edited(0, 1, 'X', false)),
              prefix + "bad magic: not a sagin feature tensor (no \"SGFT\")");
    EXPECT_EQ(DecodeError(edited(4, 1, 2, true)),
              prefix + "unsupported format version 2 (this build reads 1)");
    EXPECT_EQ(DecodeError(edited(5, 1, 3, true)), prefix + "unknown codec 3");
    EXPECT_EQ(DecodeError(edited(6, 1, 2, true)), prefix + "unknown flags 2");
    EXPECT_EQ(DecodeError(edited(7, 1, 0, false)), prefix + "0 dimensions, 1 to 8 expected");
    EXPECT_EQ(DecodeError(edited(7, 1, 200, false)), prefix + "200 dimensions, 1 to 8 expected");
    EXPECT_EQ(DecodeError(edited(12, 4, 0, false)),
              prefix + "dimension 1 has size 0, 1 to 4294967295 expected");
    // 2 × 2^31 elements: refused before anything is allocated.
    EXPECT_EQ(DecodeError(edited(12, 4, uint64_t{1} << 31, false)),
              prefix + "shape 2x2147483648 is too large: more than 268435456 elements");
    EXPECT_EQ(DecodeError(edited(16, 8, 25, false)),
              prefix + "payload length mismatch: the header says 25 bytes, the buffer holds 24 "
                       "after the 28-byte header");
    EXPECT_EQ(DecodeError(edited(16, 8, uint64_t{1} << 63, false)),
              prefix + "payload length mismatch: the header says 9223372036854775808 bytes, the "
                       "buffer holds 24 after the 28-byte header");
    const std::string corrupted = DecodeError(edited(30, 1, 0x55, false));
    EXPECT_EQ(corrupted.rfind(prefix + "checksum mismatch: stored 0x", 0), 0u) << corrupted;
    EXPECT_NE(corrupted.find("(corrupted bytes)"), std::string::npos) << corrupted;
    // A shape that needs more bytes than the payload holds: 2×4 fp32 needs 32.
    EXPECT_EQ(DecodeError(edited(12, 4, 4, true)),
              prefix + "payload length mismatch: 24 bytes, shape 2x4 in fp32 needs 32");

    // Eight dimensions of 2^32 - 1 (a product that would overflow 64 bits): refused at the
    // first, which alone exceeds the limit, before any product is formed.
    std::vector<uint8_t> huge{'S', 'G', 'F', 'T', 1, 0, 0, 8};
    huge.resize(8 + 32 + 12, 0xFF);
    EXPECT_EQ(DecodeError(huge),
              prefix + "shape 4294967295x4294967295x4294967295x4294967295x4294967295x4294967295x"
                       "4294967295x4294967295 is too large: more than 268435456 elements");
    // An int8 header announcing 2^28 channels in a short buffer: truncated, nothing allocated.
    std::vector<uint8_t> channels{'S', 'G', 'F', 'T', 1, 2, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0x10};
    EXPECT_EQ(DecodeError(channels),
              prefix + "truncated: the int8 scales needs bytes 16 to 1073741839, the buffer holds "
                       "16 bytes");

    // int8: a scale that is not finite, and the code -128. 2×3 int8: header 8 + 8 + 12 + 12 =
    // 40 bytes, scales at 16-27, payload from 40.
    const std::vector<uint8_t> int8 = FeatureCodec::Encode(t, Codec::INT8, false);
    std::vector<uint8_t> nanScale = int8;
    WriteLittleEndian(nanScale, 20, 4, 0x7FC00000); // a quiet NaN in channel 1
    Reseal(nanScale, 40);
    EXPECT_EQ(DecodeError(nanScale),
              prefix + "int8 scale of channel 1 is nan, a finite value >= 0 expected");
    std::vector<uint8_t> minus128 = int8;
    minus128[41] = 0x80;
    Reseal(minus128, 40);
    EXPECT_EQ(DecodeError(minus128),
              prefix + "int8 value -128 is outside the symmetric range -127..127");

    // zstd: not a frame; data after the frame; a frame of the wrong size.
    const std::vector<uint8_t> packed = FeatureCodec::Encode(t, Codec::FP32, true);
    std::vector<uint8_t> garbage = packed;
    for (size_t i = 28; i < garbage.size(); ++i)
    {
        garbage[i] = static_cast<uint8_t>(i);
    }
    Reseal(garbage, 28);
    const std::string zstdError = DecodeError(garbage);
    EXPECT_EQ(zstdError.rfind(prefix + "zstd error: ", 0), 0u) << zstdError;
    std::vector<uint8_t> trailing = packed;
    trailing.push_back(0);
    WriteLittleEndian(trailing, 16, 8, trailing.size() - 28);
    Reseal(trailing, 28);
    EXPECT_EQ(DecodeError(trailing), prefix + "the payload holds 1 bytes after its zstd frame");
    std::vector<uint8_t> wrongSize = packed;
    WriteLittleEndian(wrongSize, 12, 4, 4);
    Reseal(wrongSize, 28);
    EXPECT_EQ(DecodeError(wrongSize),
              prefix + "the zstd frame holds 24 bytes, shape 2x4 in fp32 needs 32");

    // ReadHeader names itself.
    EXPECT_EQ(InvalidArgumentMessage([&] { FeatureCodec::ReadHeader(fp32.data(), 3); }),
              "FeatureCodec::ReadHeader: truncated: the magic needs bytes 0 to 3, the buffer "
              "holds 3 bytes");
}
