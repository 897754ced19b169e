// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-test-utils.h"

#include "ns3/buffer.h"
#include "ns3/packet.h"
#include "ns3/sagin-module.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::test::InvalidArgumentMessage;

namespace
{

/// The bytes of a header.
std::vector<uint8_t>
Bytes(const CvlHeader& header)
{
    Buffer buffer;
    buffer.AddAtStart(header.GetSerializedSize());
    header.Serialize(buffer.Begin());
    std::vector<uint8_t> bytes(header.GetSerializedSize());
    buffer.CopyData(bytes.data(), bytes.size());
    return bytes;
}

CvlHeader
Reply()
{
    CvlHeader header;
    header.kind = CvlHeader::REPLY;
    header.matched = true;
    header.request = 0x0102030405060708ULL;
    header.node = 7;
    header.split = 3;
    header.nImages = 3;
    header.location = 11;
    header.score = 0.8125;
    header.latitudeDeg = 48.137;
    header.longitudeDeg = -11.575;
    header.arrival = NanoSeconds(1234567891);
    header.start = NanoSeconds(1234567999);
    header.done = NanoSeconds(2234567999);
    return header;
}

} // namespace

TEST(SaginCvlHeader, LayoutIsBigEndianWithTheDocumentedOffsets)
{
    const std::vector<uint8_t> bytes = Bytes(Reply());
    // 4 magic + 4 (version, kind, flags, reserved) + 8 payload + 8 request + 4·4 (node, split,
    // images, location) + 3·8 (score, latitude, longitude) + 3·8 times = 88.
    ASSERT_EQ(bytes.size(), 88u);
    EXPECT_EQ(bytes[0], 'S');
    EXPECT_EQ(bytes[1], 'G');
    EXPECT_EQ(bytes[2], 'C');
    EXPECT_EQ(bytes[3], 'V');
    EXPECT_EQ(bytes[4], 1); // version
    EXPECT_EQ(bytes[5], 2); // reply
    EXPECT_EQ(bytes[6], 1); // matched
    // The request number 0x0102030405060708 at offset 16, most significant byte first.
    for (int i = 0; i < 8; ++i)
    {
        EXPECT_EQ(bytes[16 + i], i + 1);
    }
    // Node 7 at offset 24, location 11 at offset 36.
    EXPECT_EQ(bytes[27], 7);
    EXPECT_EQ(bytes[39], 11);
    // 0.8125 = 0x3FEA000000000000 at offset 40.
    EXPECT_EQ(bytes[40], 0x3F);
    EXPECT_EQ(bytes[41], 0xEA);
}

TEST(SaginCvlHeader, RoundTripsEveryField)
{
    const CvlHeader in = Reply();
    const std::vector<uint8_t> bytes = Bytes(in);
    const CvlHeader out = CvlHeader::Parse(bytes.data(), bytes.size(), 1000);
    EXPECT_EQ(out.kind, in.kind);
    EXPECT_EQ(out.matched, in.matched);
    EXPECT_EQ(out.payloadBytes, 0u);
    EXPECT_EQ(out.request, in.request);
    EXPECT_EQ(out.node, in.node);
    EXPECT_EQ(out.split, in.split);
    EXPECT_EQ(out.nImages, in.nImages);
    EXPECT_EQ(out.location, in.location);
    EXPECT_EQ(out.score, in.score);
    EXPECT_EQ(out.latitudeDeg, in.latitudeDeg);
    EXPECT_EQ(out.longitudeDeg, in.longitudeDeg);
    EXPECT_EQ(out.arrival, in.arrival);
    EXPECT_EQ(out.start, in.start);
    EXPECT_EQ(out.done, in.done);
}

TEST(SaginCvlHeader, ParseRefusesBadHeadersWithOneLine)
{
    CvlHeader request;
    request.kind = CvlHeader::REQUEST;
    request.nImages = 1;
    request.payloadBytes = 5000;
    std::vector<uint8_t> bytes = Bytes(request);
    EXPECT_EQ(InvalidArgumentMessage([&] { CvlHeader::Parse(bytes.data(), 87, 10000); }),
              "message of 87 bytes is shorter than its 88-byte header");
    EXPECT_EQ(InvalidArgumentMessage([&] { CvlHeader::Parse(bytes.data(), 88, 4999); }),
              "request announces 5000 payload bytes, more than the 4999 accepted");
    std::vector<uint8_t> bad = bytes;
    bad[0] = 'X';
    EXPECT_EQ(InvalidArgumentMessage([&] { CvlHeader::Parse(bad.data(), 88, 10000); }),
              "message does not start with the magic SGCV (found 0x58474356)");
    bad = bytes;
    bad[4] = 9;
    EXPECT_EQ(InvalidArgumentMessage([&] { CvlHeader::Parse(bad.data(), 88, 10000); }),
              "message has version 9, expected 1");
    bad = bytes;
    bad[5] = 4;
    EXPECT_EQ(InvalidArgumentMessage([&] { CvlHeader::Parse(bad.data(), 88, 10000); }),
              "message has unknown kind 4");
    request.nImages = 0;
    bytes = Bytes(request);
    EXPECT_EQ(InvalidArgumentMessage([&] { CvlHeader::Parse(bytes.data(), 88, 10000); }),
              "request 0 of node 0 has no images");
}

TEST(SaginCvlMessageReader, CutsAStreamAtAnyBoundary)
{
    // Two messages, 88 + 1000 and 88 + 0 bytes, fed in pieces of every size from 1 to 200:
    // each time both come out whole, in order, with their payload bytes.
    CvlHeader first;
    first.kind = CvlHeader::GALLERY;
    first.location = 4;
    first.payloadBytes = 1000;
    std::vector<uint8_t> stream = Bytes(first);
    for (int i = 0; i < 1000; ++i)
    {
        stream.push_back(static_cast<uint8_t>(i * 7));
    }
    const std::vector<uint8_t> second = Bytes(Reply());
    stream.insert(stream.end(), second.begin(), second.end());
    for (uint32_t piece = 1; piece <= 200; ++piece)
    {
        CvlMessageReader reader(1000, true);
        std::vector<CvlMessageReader::Message> messages;
        for (size_t at = 0; at < stream.size(); at += piece)
        {
            const uint32_t size = std::min<size_t>(piece, stream.size() - at);
            reader.Feed(Create<Packet>(stream.data() + at, size));
            CvlMessageReader::Message message;
            while (reader.Next(message))
            {
                messages.push_back(message);
            }
        }
        ASSERT_EQ(messages.size(), 2u) << "pieces of " << piece;
        EXPECT_EQ(messages[0].header.kind, CvlHeader::GALLERY);
        EXPECT_EQ(messages[0].header.location, 4u);
        ASSERT_EQ(messages[0].payload.size(), 1000u);
        EXPECT_EQ(messages[0].payload[999], static_cast<uint8_t>(999 * 7));
        EXPECT_EQ(messages[1].header.kind, CvlHeader::REPLY);
        EXPECT_EQ(messages[1].header.request, Reply().request);
        EXPECT_EQ(reader.GetPartialBytes(), 0u);
    }
}

TEST(SaginCvlMessageReader, CountsPayloadsItDoesNotKeep)
{
    // Profiled fidelity: a header then 5000 zero bytes, in one packet with the next header.
    CvlHeader request;
    request.kind = CvlHeader::REQUEST;
    request.nImages = 2;
    request.payloadBytes = 5000;
    Ptr<Packet> packet = Create<Packet>(Bytes(request).data(), CvlHeader::SIZE);
    packet->AddAtEnd(Create<Packet>(5000));
    const std::vector<uint8_t> reply = Bytes(Reply());
    packet->AddAtEnd(Create<Packet>(reply.data(), 40)); // part of the next header
    CvlMessageReader reader(1 << 20, false);
    reader.Feed(packet);
    CvlMessageReader::Message message;
    ASSERT_TRUE(reader.Next(message));
    EXPECT_EQ(message.header.payloadBytes, 5000u);
    EXPECT_TRUE(message.payload.empty());
    EXPECT_FALSE(reader.Next(message));
    EXPECT_EQ(reader.GetPartialBytes(), 40u);
    reader.Feed(Create<Packet>(reply.data() + 40, reply.size() - 40));
    ASSERT_TRUE(reader.Next(message));
    EXPECT_EQ(message.header.node, 7u);
}

TEST(SaginCvlMessageReader, RefusesAStreamWithABadHeader)
{
    std::vector<uint8_t> junk(100, 0x41);
    CvlMessageReader reader(1000, true);
    EXPECT_EQ(
        InvalidArgumentMessage([&] { reader.Feed(Create<Packet>(junk.data(), junk.size())); }),
        "message does not start with the magic SGCV (found 0x41414141)");
}

TEST(SaginCvlChunkHeader, LayoutIsBigEndianAndParseChecksIt)
{
    CvlChunkHeader chunk;
    chunk.node = 0x01020304;
    chunk.request = 0x05060708090a0b0cULL;
    chunk.offset = 0x0d0e0f1011121314ULL;
    chunk.index = 2;
    chunk.count = 3;
    Buffer buffer;
    buffer.AddAtStart(CvlChunkHeader::SIZE);
    chunk.Serialize(buffer.Begin());
    std::vector<uint8_t> bytes(CvlChunkHeader::SIZE);
    buffer.CopyData(bytes.data(), bytes.size());
    // Magic "SGCK", node, request, offset, index, count: 4 + 4 + 8 + 8 + 4 + 4 = 32 bytes.
    const std::vector<uint8_t> expected = {'S', 'G', 'C', 'K', 1,  2,  3,  4,  5,  6,  7,
                                           8,   9,   10,  11,  12, 13, 14, 15, 16, 17, 18,
                                           19,  20,  0,   0,   0,  2,  0,  0,  0,  3};
    EXPECT_EQ(bytes, expected);
    const CvlChunkHeader back = CvlChunkHeader::Parse(bytes.data(), bytes.size());
    EXPECT_EQ(back.node, chunk.node);
    EXPECT_EQ(back.request, chunk.request);
    EXPECT_EQ(back.offset, chunk.offset);
    EXPECT_EQ(back.index, 2u);
    EXPECT_EQ(back.count, 3u);

    EXPECT_EQ(InvalidArgumentMessage([&] { CvlChunkHeader::Parse(bytes.data(), 31); }),
              "bad chunk header: datagram of 31 bytes where the chunk header takes 32");
    std::vector<uint8_t> bad = bytes;
    bad[3] = 'X';
    EXPECT_EQ(InvalidArgumentMessage([&] { CvlChunkHeader::Parse(bad.data(), bad.size()); }),
              "bad chunk header: magic 0x53474358 where 0x5347434b was expected");
    bad = bytes;
    bad[27] = 3; // index 3 of 3
    EXPECT_EQ(InvalidArgumentMessage([&] { CvlChunkHeader::Parse(bad.data(), bad.size()); }),
              "bad chunk header: chunk 3 of 3");
    bad[31] = 0; // count 0
    EXPECT_EQ(InvalidArgumentMessage([&] { CvlChunkHeader::Parse(bad.data(), bad.size()); }),
              "bad chunk header: chunk 3 of 0");
}
