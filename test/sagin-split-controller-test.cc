// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-test-utils.h"

#include "ns3/attribute-container.h"
#include "ns3/double.h"
#include "ns3/integer.h"
#include "ns3/pointer.h"
#include "ns3/sagin-module.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <list>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::test::InvalidArgumentMessage;
using ns3::sagin::test::TempFile;

namespace
{

/// Not a number: an unknown quantity of an observation.
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

/**
 * @return the split profiles of ResNet-50 with USAM at 384×384 from REFERENCE.md: shapes,
 *         elements, cumulative head MACs, tail MACs = 12.0789e9 − head. FeatureCodec's
 *         header for a 1×C×H×W tensor is 8 + 4·4 + 8 + 4 = 36 bytes (+ 4·C scales for int8):
 *         encodedFp32 = 36 + 4·e, encodedFp16 = 36 + 2·e, encodedInt8 = 36 + 4·C + e.
 */
std::vector<SplitPointProfile>
ResNet50UsamProfiles()
{
    const int64_t channels[] = {64, 64, 256, 256, 512, 1024, 2048};
    const int64_t sides[] = {192, 192, 96, 96, 48, 24, 12};
    const double headGmacs[] = {0.3468, 0.3519, 2.3408, 2.3409, 5.3791, 9.6951, 12.077};
    const char* names[] = {"conv1", "usam1", "layer1", "usam2", "layer2", "layer3", "layer4"};
    std::vector<SplitPointProfile> profiles;
    for (uint32_t i = 0; i < 7; ++i)
    {
        SplitPointProfile p;
        p.split = i;
        p.name = names[i];
        p.shape = {channels[i], sides[i], sides[i]};
        p.elements = channels[i] * sides[i] * sides[i];
        p.bytesFp32 = 4 * p.elements;
        p.encodedFp32 = 36 + 4 * p.elements;
        p.encodedFp16 = 36 + 2 * p.elements;
        p.encodedInt8 = 36 + 4 * channels[i] + p.elements;
        p.headMacs = headGmacs[i] * 1e9;
        p.tailMacs = (12.0789 - headGmacs[i]) * 1e9;
        profiles.push_back(p);
    }
    return profiles;
}

/// @return a cost model of ResNet-50 with USAM and the built-in device profiles
Ptr<SplitCostModel>
ResNetCostModel()
{
    auto model = CreateObject<SplitCostModel>();
    model->SetProfiles(ResNet50UsamProfiles());
    return model;
}

/// @return an observation of a UAV of 3 images with a known rate
SplitObservation
UavObservation(double rateBps)
{
    SplitObservation o;
    o.node = 4;
    o.role = "uav";
    o.nImages = 3;
    o.rateBps = rateBps;
    return o;
}

/// Tolerance relative to @p expected (the formulas are a few double operations).
double
Tol(double expected)
{
    return std::abs(expected) * 1e-12;
}

/// @return the chi-square statistic of counts against equal expected counts
double
ChiSquareUniform(const std::vector<uint32_t>& counts, uint32_t draws)
{
    const double expected = double(draws) / counts.size();
    double chi2 = 0.0;
    for (uint32_t c : counts)
    {
        chi2 += (c - expected) * (c - expected) / expected;
    }
    return chi2;
}

/**
 * A confidentiality profile of ResNet-50 with USAM's 7 split points, as sagin-privacy writes
 * it (keys besides "name" and "cost" are not read): costs 0.5, 0.75, 0.25, 0.0625, 0.125,
 * 0.875, 1 (binary fractions, so read exactly), the lowest at split 3 (usam2).
 */
const char* const SEVEN_SPLIT_PROFILE = R"({
  "model": "resnet50-usam", "input": 64,
  "splits": [
    {"name": "conv1", "open_ssim": 0.99, "closed_ssim": 0.9, "open_kl": 0.01,
     "closed_kl": 0.02, "cost": 0.5},
    {"name": "usam1", "cost": 0.75},
    {"name": "layer1", "cost": 0.25},
    {"name": "usam2", "cost": 0.0625},
    {"name": "layer2", "cost": 0.125},
    {"name": "layer3", "cost": 0.875},
    {"name": "layer4", "cost": 1}
  ]
})";

/**
 * @param text a confidentiality profile's text, written to a temporary p.json
 * @return the refusal of that ConfidentialityFile by a FixedSplitController configured with
 *         ResNet-50 with USAM (7 split points), the file's path written "P"
 */
std::string
ProfileRefusal(const std::string& text)
{
    const TempFile file("p.json", text);
    auto controller = CreateObject<FixedSplitController>();
    controller->SetAttribute("ConfidentialityFile", StringValue(file.Path()));
    std::string message = InvalidArgumentMessage([&] { controller->Configure(ResNetCostModel()); });
    EXPECT_THROW(controller->GetNSplitPoints(), std::logic_error); // not configured
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    const auto at = message.find(file.Path());
    if (at != std::string::npos)
    {
        message.replace(at, file.Path().size(), "P");
    }
    return message;
}

} // namespace

TEST(SplitCostModel, ResNetLayer1UavByHand)
{
    // UAV (quadro-p400: F·u = 0.641e12·0.1 = 6.41e10 FLOP/s, P = 30 W), n = 3, split 2
    // (layer1: head 2.3408e9 MACs, tail 12.0789e9 − 2.3408e9 = 9.7381e9, 256×96×96 =
    // 2,359,296 elements, fp32 encoding 36 + 4·2359296 = 9,437,220 bytes), edge server
    // (F·u = 3.3e13, P = 450 W), R = 1e8 bit/s, header 64 B, reply 128 B, k = 1,
    // one-way delay 10 µs, backlog 2 ms, radio 0.1 W:
    //   payload        = 3·9437220                          = 28,311,660 bytes
    //   tComputeDevice = 3·2.3408e9 / 6.41e10                = 0.109553822152886 s
    //   tTxRequest     = 8·(28311660 + 64) / 1e8             = 2.26493792 s
    //   tTx            = 2.26493792 + 8·128/1e8              = 2.26494816 s
    //   tProp = 2·1e-5 = 2e-5 s;  tQueue = 0.002 s
    //   tComputeServer = 3·9.7381e9 / 3.3e13                 = 8.85281818181818e-4 s
    //   latency        = sum                                  = 2.37740726397107 s
    //   energyCompute  = 30·0.109553822152886                = 3.28661466458658 J
    //   energyTx       = 0.1·2.26493792                      = 0.226493792 J
    //   energyServer   = 450·8.85281818181818e-4             = 0.398376818181818 J
    //   energy         = 3.91148527476840 J
    auto model = ResNetCostModel();
    model->SetAttribute("RequestHeaderBytes", UintegerValue(64));
    model->SetAttribute("ReplyBytes", UintegerValue(128));
    SplitObservation o = UavObservation(1e8);
    o.propagationDelayS = 1e-5;
    o.serverBacklogS = 0.002;
    const SplitCost c = model->Predict(o, 2);
    EXPECT_EQ(c.payloadBytes, 28311660u);
    EXPECT_NEAR(c.tComputeDeviceS, 0.109553822152886115, Tol(0.1095538));
    EXPECT_NEAR(c.tTxRequestS, 2.26493792, Tol(2.26));
    EXPECT_NEAR(c.tTxS, 2.26494816, Tol(2.26));
    EXPECT_NEAR(c.tPropS, 2e-5, 1e-20);
    EXPECT_NEAR(c.tQueueS, 0.002, 1e-18);
    EXPECT_NEAR(c.tComputeServerS, 8.85281818181818182e-4, Tol(8.85e-4));
    EXPECT_NEAR(c.latencyS, 2.37740726397106793, Tol(2.377));
    EXPECT_NEAR(c.energyComputeJ, 3.28661466458658346, Tol(3.29));
    EXPECT_NEAR(c.energyTxJ, 0.226493792, Tol(0.226));
    EXPECT_NEAR(c.energyServerJ, 0.398376818181818182, Tol(0.398));
    EXPECT_NEAR(c.energyJ, 3.91148527476840165, Tol(3.91));
}

TEST(SplitCostModel, CodecsAndProtocolOverhead)
{
    auto model = ResNetCostModel();
    SplitObservation o = UavObservation(1e8);
    // Bytes per image at layer1 (C = 256, e = 2,359,296): fp32 36 + 4e = 9,437,220;
    // fp16 36 + 2e = 4,718,628; int8 36 + 4·256 + e = 2,360,356.
    EXPECT_EQ(model->GetBytesPerImage(2), 9437220u);
    model->SetAttribute("Codec", StringValue("fp16"));
    EXPECT_EQ(model->GetBytesPerImage(2), 4718628u);
    EXPECT_EQ(model->Predict(o, 2).payloadBytes, 3u * 4718628u);
    model->SetAttribute("Codec", StringValue("int8"));
    EXPECT_EQ(model->GetBytesPerImage(2), 2360356u);
    // int8, header 64 B, reply 128 B, k = 1.05:
    //   tTxRequest = 1.05·8·(3·2360356 + 64)/1e8 = 1.05·8·7081132/1e8 = 0.594815088 s
    //   tTx        = 1.05·8·(7081132 + 128)/1e8                     = 0.59482584 s
    //   energyTx   = 0.1·0.594815088 = 0.0594815088 J (the reply costs the device nothing)
    model->SetAttribute("RequestHeaderBytes", UintegerValue(64));
    model->SetAttribute("ReplyBytes", UintegerValue(128));
    model->SetAttribute("ProtocolOverhead", DoubleValue(1.05));
    const SplitCost c = model->Predict(o, 2);
    EXPECT_NEAR(c.tTxRequestS, 0.594815088, Tol(0.59));
    EXPECT_NEAR(c.tTxS, 0.59482584, Tol(0.59));
    EXPECT_NEAR(c.energyTxJ, 0.0594815088, Tol(0.059));
    // An overhead below 1 is refused by the attribute's checker.
    EXPECT_FALSE(model->SetAttributeFailSafe("ProtocolOverhead", DoubleValue(0.9)));
    EXPECT_FALSE(model->SetAttributeFailSafe("Codec", StringValue("bf16")));
}

TEST(SplitCostModel, ProfilesPerRole)
{
    auto model = ResNetCostModel();
    // Vehicle (drive-agx-xavier, F·u = 1.3e11 FLOP/s, P = 20 W), 1 image at split 5
    // (layer3, 9.6951e9 MACs): tComputeDevice = 9.6951e9/1.3e11 = 0.0745776923076923 s,
    // energyCompute = 20·0.0745776923076923 = 1.49155384615385 J.
    SplitObservation o = UavObservation(1e8);
    o.role = "vehicle";
    o.nImages = 1;
    SplitCost c = model->Predict(o, 5);
    EXPECT_NEAR(c.tComputeDeviceS, 0.0745776923076923077, Tol(0.0746));
    EXPECT_NEAR(c.energyComputeJ, 1.49155384615384615, Tol(1.49));
    // A user-defined role: F·u = 2e12·0.5 = 1e12, P = 15 W: 9.6951e9/1e12 = 9.6951e-3 s.
    o.role = "robot";
    EXPECT_NE(InvalidArgumentMessage([&] {
                  model->Predict(o, 5);
              }).find("no device profile for role 'robot'"),
              std::string::npos);
    model->SetDeviceProfile("robot",
                            CreateObjectWithAttributes<DeviceProfile>("PeakFlopsPerSecond",
                                                                      DoubleValue(2e12),
                                                                      "Utilisation",
                                                                      DoubleValue(0.5),
                                                                      "BusyPowerW",
                                                                      DoubleValue(15.0)));
    c = model->Predict(o, 5);
    EXPECT_NEAR(c.tComputeDeviceS, 9.6951e-3, Tol(9.7e-3));
    EXPECT_NEAR(c.energyComputeJ, 15 * 9.6951e-3, Tol(0.145));
    EXPECT_THROW(model->SetDeviceProfile("", DeviceProfile::GetBuiltin("quadro-p400")),
                 std::invalid_argument);
    EXPECT_THROW(model->SetServerProfile(nullptr), std::invalid_argument);
}

TEST(SplitCostModel, RefusesBadObservations)
{
    auto model = ResNetCostModel();
    EXPECT_NE(InvalidArgumentMessage([&] {
                  model->Predict(UavObservation(NaN), 0);
              }).find("ns3::sagin::SplitCostModel: uplink rate must be > 0"),
              std::string::npos);
    EXPECT_THROW(model->Predict(UavObservation(0.0), 0), std::invalid_argument);
    EXPECT_NE(InvalidArgumentMessage([&] {
                  model->Predict(UavObservation(1e8), 7);
              }).find("split point 7 out of range 0..6"),
              std::string::npos);
    SplitObservation o = UavObservation(1e8);
    o.nImages = 0;
    EXPECT_THROW(model->Predict(o, 0), std::invalid_argument);
    o = UavObservation(1e8);
    o.serverBacklogS = -1;
    EXPECT_THROW(model->Predict(o, 0), std::invalid_argument);
    o = UavObservation(1e8);
    o.propagationDelayS = NaN;
    EXPECT_THROW(model->Predict(o, 0), std::invalid_argument);
    auto empty = CreateObject<SplitCostModel>();
    EXPECT_NE(InvalidArgumentMessage([&] { empty->GetNSplitPoints(); }).find("SetProfiles"),
              std::string::npos);
}

TEST(SplitController, RewardAndConfidentialityDefaults)
{
    auto controller = CreateObject<FixedSplitController>();
    // Not configured: no split points, no privacy.
    EXPECT_THROW(controller->GetNSplitPoints(), std::logic_error);
    EXPECT_THROW(controller->GetPrivacy(0), std::logic_error);
    controller->Configure(ResNetCostModel());
    EXPECT_EQ(controller->GetNSplitPoints(), 7u);
    const double published[] =
        {0.96122, 0.608901, 0.57954889, 0.593044, 0.535525, 0.007155, 0.054303};
    for (uint32_t i = 0; i < 7; ++i)
    {
        EXPECT_EQ(controller->GetPrivacy(i), published[i]);
    }
    EXPECT_THROW(controller->GetPrivacy(7), std::invalid_argument);
    // Default weights 0.4, 0.3, 0.3; latency 0.5 s, energy 2 J, split 1 (0.608901):
    // −(0.4·0.5 + 0.3·2 + 0.3·0.608901) = −(0.2 + 0.6 + 0.1826703) = −0.9826703.
    EXPECT_NEAR(controller->GetReward(0.5, 2.0, 1), -0.9826703, 1e-15);
    // Weights 1, 0, 2 at split 5: −(0.5 + 0 + 2·0.007155) = −0.51431.
    controller->SetAttribute("LatencyWeight", DoubleValue(1.0));
    controller->SetAttribute("EnergyWeight", DoubleValue(0.0));
    controller->SetAttribute("PrivacyWeight", DoubleValue(2.0));
    EXPECT_NEAR(controller->GetReward(0.5, 2.0, 5), -0.51431, 1e-15);
    // Weights are non-negative.
    EXPECT_FALSE(controller->SetAttributeFailSafe("LatencyWeight", DoubleValue(-0.1)));
    EXPECT_FALSE(controller->SetAttributeFailSafe("EnergyWeight", DoubleValue(-1)));
    EXPECT_FALSE(controller->SetAttributeFailSafe("PrivacyWeight", DoubleValue(NaN)));
}

TEST(SplitController, ConfidentialityProfile)
{
    // Commas, spaces or both separate the values.
    auto controller = CreateObject<FixedSplitController>();
    controller->SetAttribute("Confidentiality", StringValue("0.1, 0.2 0.3,0.4  0.5,\t0.6 ,0.7"));
    controller->Configure(ResNetCostModel());
    EXPECT_EQ(controller->GetPrivacy(0), 0.1);
    EXPECT_EQ(controller->GetPrivacy(6), 0.7);

    // A model of 3 split points: the empty default (7 values) does not fit.
    auto three = CreateObject<SplitCostModel>();
    three->SetProfiles(std::vector<SplitPointProfile>(3));
    auto other = CreateObject<FixedSplitController>();
    const std::string empty = InvalidArgumentMessage([&] { other->Configure(three); });
    EXPECT_EQ(empty,
              "ns3::sagin::FixedSplitController: Confidentiality is empty, and its default is "
              "for 7 split points while the cost model has 3: set one value per split point");
    EXPECT_THROW(other->GetNSplitPoints(), std::logic_error); // still not configured
    other->SetAttribute("Confidentiality", StringValue("0.1,0.2"));
    EXPECT_EQ(InvalidArgumentMessage([&] { other->Configure(three); }),
              "ns3::sagin::FixedSplitController: Confidentiality has 2 values but the cost "
              "model has 3 split points");
    other->SetAttribute("Confidentiality", StringValue("0.1,x,0.3"));
    EXPECT_EQ(InvalidArgumentMessage([&] { other->Configure(three); }),
              "ns3::sagin::FixedSplitController: Confidentiality: item 1 'x' is not a number "
              "in [0, 1]");
    other->SetAttribute("Confidentiality", StringValue("0.1 1.5 0.3"));
    EXPECT_NE(InvalidArgumentMessage([&] { other->Configure(three); }).find("item 1 '1.5'"),
              std::string::npos);
    other->SetAttribute("Confidentiality", StringValue("0.1 0.2 0.3"));
    other->Configure(three);
    EXPECT_EQ(other->GetNSplitPoints(), 3u);
    EXPECT_EQ(other->GetPrivacy(1), 0.2);
    EXPECT_THROW(other->Configure(nullptr), std::invalid_argument);
}

TEST(SplitController, ConfidentialityFile)
{
    const TempFile profile("profile.json", SEVEN_SPLIT_PROFILE);
    auto controller = CreateObject<FixedSplitController>();
    controller->SetAttribute("Split", UintegerValue(2));
    controller->SetAttribute("ConfidentialityFile", StringValue(profile.Path()));
    auto model = ResNetCostModel();
    model->SetAttribute("RequestHeaderBytes", UintegerValue(64));
    model->SetAttribute("ReplyBytes", UintegerValue(128));
    controller->Configure(model);
    // Each split point's cost is its entry's "cost", in order.
    const double costs[] = {0.5, 0.75, 0.25, 0.0625, 0.125, 0.875, 1.0};
    for (uint32_t i = 0; i < 7; ++i)
    {
        EXPECT_EQ(controller->GetPrivacy(i), costs[i]) << i;
    }
    EXPECT_EQ(controller->GetConfidentialityNames(),
              (std::vector<
                  std::string>{"conv1", "usam1", "layer1", "usam2", "layer2", "layer3", "layer4"}));
    // The reward of the decision (split 2, layer1) for the request of
    // SplitCostModel.ResNetLayer1UavByHand: latency 2.37740726397107 s, energy 3.91148527476840 J,
    // cost 0.25 (published: 0.57954889), default weights 0.4, 0.3, 0.3:
    //   −(0.4·2.37740726397107 + 0.3·3.91148527476840 + 0.3·0.25)
    //   = −(0.950962905588427 + 1.17344558243052 + 0.075) = −2.19940848801895.
    SplitObservation o = UavObservation(1e8);
    o.propagationDelayS = 1e-5;
    o.serverBacklogS = 0.002;
    const uint32_t split = controller->Decide(o);
    ASSERT_EQ(split, 2u);
    const SplitCost c = model->Predict(o, split);
    EXPECT_NEAR(controller->GetReward(c.latencyS, c.energyJ, split), -2.19940848801895, 1e-13);
    // Latency 0.5 s, energy 2 J at split 3 (0.0625): −(0.2 + 0.6 + 0.01875) = −0.81875.
    EXPECT_NEAR(controller->GetReward(0.5, 2.0, 3), -0.81875, 1e-15);

    // The greedy oracle maximises the reward with these costs: with only the confidentiality
    // weighed (w_T = w_E = 0, w_P = 1), its best split is the cheapest one, split 3 (0.0625),
    // where the published costs have split 5 (0.007155).
    auto oracle = CreateObjectWithAttributes<GreedyOracleSplitController>("LatencyWeight",
                                                                          DoubleValue(0.0),
                                                                          "EnergyWeight",
                                                                          DoubleValue(0.0),
                                                                          "PrivacyWeight",
                                                                          DoubleValue(1.0));
    oracle->Configure(ResNetCostModel());
    EXPECT_EQ(oracle->Decide(UavObservation(1e8)), 5u);
    EXPECT_TRUE(oracle->GetConfidentialityNames().empty());
    oracle->SetAttribute("ConfidentialityFile", StringValue(profile.Path()));
    oracle->Configure(ResNetCostModel());
    EXPECT_EQ(oracle->Decide(UavObservation(1e8)), 3u);
    EXPECT_EQ(oracle->GetReward(0.0, 0.0, 3), -0.0625);

    // Tools read a profile with the same checks; its errors start with the file's name.
    std::vector<std::string> names;
    EXPECT_EQ(SplitController::ReadConfidentialityProfile(profile.Path(), &names),
              std::vector<double>(std::begin(costs), std::end(costs)));
    EXPECT_EQ(names, controller->GetConfidentialityNames());
    const TempFile bad("bad.json", R"({"splits": [{"cost": 0.5}, {"cost": 1.4}]})");
    EXPECT_EQ(
        InvalidArgumentMessage([&] { SplitController::ReadConfidentialityProfile(bad.Path()); }),
        bad.Path() + ": $.splits[1].cost: 1.4 is not in [0, 1]");
    // Names are optional: "" where an entry has none.
    const TempFile unnamed("unnamed.json",
                           R"({"splits": [{"cost": 0}, {"name": "b", "cost": 1}]})");
    EXPECT_EQ(SplitController::ReadConfidentialityProfile(unnamed.Path(), &names),
              (std::vector<double>{0.0, 1.0}));
    EXPECT_EQ(names, (std::vector<std::string>{"", "b"}));
}

TEST(SplitController, ConfidentialityFileRefusals)
{
    const std::string at = "ns3::sagin::FixedSplitController: ConfidentialityFile 'P': ";
    // Not JSON: the parser's message, with line and column.
    EXPECT_EQ(ProfileRefusal(""),
              at + "invalid JSON: parse error at line 1, column 1: syntax error while parsing "
                   "value - unexpected end of input; expected '[', '{', or a literal");
    EXPECT_EQ(ProfileRefusal("{\"splits\": [\n  {\"cost\": 0.5},\n]}"),
              at + "invalid JSON: parse error at line 3, column 1: syntax error while parsing "
                   "value - unexpected ']'; expected '[', '{', or a literal");
    // A number too large for a double is not finite: the parser refuses it.
    EXPECT_EQ(ProfileRefusal(R"({"splits": [{"cost": 1e400}]})"),
              at + "invalid JSON: number overflow parsing '1e400'");
    EXPECT_EQ(ProfileRefusal("[1]"), at + "$: must be an object, got [1]");
    // A key given twice (nlohmann's parser would keep the second cost silently).
    EXPECT_EQ(ProfileRefusal(R"({"splits": [{"cost": 0.5}, {"cost": 0.1, "cost": 0.2}]})"),
              at + "invalid JSON: $.splits[1]: the key 'cost' appears twice");
    EXPECT_EQ(ProfileRefusal(R"({"model": "resnet50-usam"})"),
              at + "$.splits: missing (an array of one object per split point, each with its "
                   "\"cost\")");
    EXPECT_EQ(ProfileRefusal(R"({"splits": {"cost": 1}})"),
              at + "$.splits: must be an array of one object per split point, got {\"cost\":1}");
    EXPECT_EQ(ProfileRefusal(R"({"splits": []})"),
              at + "$.splits: is empty (one object per split point)");
    EXPECT_EQ(ProfileRefusal(R"({"splits": [{"cost": 0.5}, 0.5]})"),
              at + "$.splits[1]: must be an object, got 0.5");
    EXPECT_EQ(ProfileRefusal(R"({"splits": [{"cost": 0.5}, {"name": "usam1"}]})"),
              at + "$.splits[1].cost: missing (a number in [0, 1])");
    EXPECT_EQ(ProfileRefusal(R"({"splits": [{"cost": "0.5"}]})"),
              at + "$.splits[0].cost: \"0.5\" is not a number in [0, 1]");
    EXPECT_EQ(ProfileRefusal(R"({"splits": [{"cost": true}]})"),
              at + "$.splits[0].cost: true is not a number in [0, 1]");
    EXPECT_EQ(ProfileRefusal(R"({"splits": [{"cost": null}]})"),
              at + "$.splits[0].cost: null is not a number in [0, 1]");
    EXPECT_EQ(ProfileRefusal(R"({"splits": [{"cost": 0.5}, {"cost": 0}, {"cost": 1.4}]})"),
              at + "$.splits[2].cost: 1.4 is not in [0, 1]");
    EXPECT_EQ(ProfileRefusal(R"({"splits": [{"cost": -0.01}]})"),
              at + "$.splits[0].cost: -0.01 is not in [0, 1]");
    EXPECT_EQ(ProfileRefusal(R"({"splits": [{"name": 3, "cost": 0.5}]})"),
              at + "$.splits[0].name: must be a non-empty string, got 3");
    EXPECT_EQ(ProfileRefusal(R"({"splits": [{"name": "conv1", "cost": 0.5},
                                            {"name": "usam1", "cost": 0.5},
                                            {"name": "conv1", "cost": 0.5}]})"),
              at + "$.splits[2].name: \"conv1\" is also the name of $.splits[0]");
    // A valid profile of 3 split points for a model of 7.
    EXPECT_EQ(ProfileRefusal(R"({"splits": [{"cost": 0.1}, {"cost": 0.2}, {"cost": 0.3}]})"),
              at + "$.splits has 3 split points but the cost model has 7");

    // No file, a folder, and both attributes.
    const TempFile profile("profile.json", SEVEN_SPLIT_PROFILE);
    const std::string folder = profile.Path().substr(0, profile.Path().rfind('/'));
    auto controller = CreateObject<FixedSplitController>();
    controller->SetAttribute("ConfidentialityFile", StringValue(folder + "/none.json"));
    EXPECT_EQ(InvalidArgumentMessage([&] { controller->Configure(ResNetCostModel()); }),
              "ns3::sagin::FixedSplitController: ConfidentialityFile '" + folder +
                  "/none.json': cannot read the file: No such file or directory");
    controller->SetAttribute("ConfidentialityFile", StringValue(folder));
    EXPECT_EQ(InvalidArgumentMessage([&] { controller->Configure(ResNetCostModel()); }),
              "ns3::sagin::FixedSplitController: ConfidentialityFile '" + folder +
                  "': is a folder, not a file");
    // An endless input (it filled the memory) is read to 64 MiB and refused.
    controller->SetAttribute("ConfidentialityFile", StringValue("/dev/zero"));
    EXPECT_EQ(InvalidArgumentMessage([&] { controller->Configure(ResNetCostModel()); }),
              "ns3::sagin::FixedSplitController: ConfidentialityFile '/dev/zero': larger than 64 "
              "MiB, not a confidentiality profile");
    controller->SetAttribute("ConfidentialityFile", StringValue(profile.Path()));
    controller->SetAttribute("Confidentiality", StringValue("0.1 0.2 0.3 0.4 0.5 0.6 0.7"));
    EXPECT_EQ(InvalidArgumentMessage([&] { controller->Configure(ResNetCostModel()); }),
              "ns3::sagin::FixedSplitController: Confidentiality and ConfidentialityFile are "
              "both set: set one of them");
    EXPECT_THROW(controller->GetNSplitPoints(), std::logic_error);
    // Either alone is accepted.
    controller->SetAttribute("ConfidentialityFile", StringValue(""));
    controller->Configure(ResNetCostModel());
    EXPECT_EQ(controller->GetPrivacy(6), 0.7);
    EXPECT_TRUE(controller->GetConfidentialityNames().empty());
    controller->SetAttribute("Confidentiality", StringValue(""));
    controller->SetAttribute("ConfidentialityFile", StringValue(profile.Path()));
    controller->Configure(ResNetCostModel());
    EXPECT_EQ(controller->GetPrivacy(6), 1.0);
}

TEST(FixedSplitController, AlwaysItsSplit)
{
    auto controller = CreateObject<FixedSplitController>();
    EXPECT_THROW(controller->Decide(UavObservation(1e8)), std::logic_error);
    controller->SetAttribute("Split", UintegerValue(3));
    controller->Configure(ResNetCostModel());
    uint32_t traced = 0;
    controller->TraceConnectWithoutContext(
        "Decision",
        MakeBoundCallback(
            +[](uint32_t* count, const SplitObservation& o, uint32_t split) {
                EXPECT_EQ(split, 3u);
                EXPECT_EQ(o.node, 4u);
                ++*count;
            },
            &traced));
    for (double rate : {1e6, 1e8, NaN})
    {
        EXPECT_EQ(controller->Decide(UavObservation(rate)), 3u);
    }
    EXPECT_EQ(traced, 3u);
    // Split 7 of 7 split points (0..6) is out of range, at Configure() and at Decide().
    auto bad = CreateObject<FixedSplitController>();
    bad->SetAttribute("Split", UintegerValue(7));
    EXPECT_EQ(InvalidArgumentMessage([&] { bad->Configure(ResNetCostModel()); }),
              "ns3::sagin::FixedSplitController: Split = 7 is out of range: the cost model has "
              "7 split points (0..6)");
    controller->SetAttribute("Split", UintegerValue(9));
    EXPECT_NE(
        InvalidArgumentMessage([&] { controller->Decide(UavObservation(1e8)); }).find("Split = 9"),
        std::string::npos);
}

TEST(RandomSplitController, UniformAndReproducible)
{
    // 70,000 draws over 7 split points with stream 11: 10,000 expected each. Under uniformity
    // the statistic Σ (c − 10000)² / 10000 follows χ² with 6 degrees of freedom, whose survival
    // function is e^(−x/2)·(1 + x/2 + (x/2)²/2); it equals 0.001 at x = 22.4577 (bisection),
    // so a uniform generator exceeds 22.4577 with probability 0.1 %.
    constexpr uint32_t DRAWS = 70000;
    constexpr double CHI2_BOUND = 22.4577;
    auto controller = CreateObject<RandomSplitController>();
    EXPECT_EQ(controller->AssignStreams(11), 1);
    controller->Configure(ResNetCostModel());
    std::vector<uint32_t> counts(7, 0);
    std::vector<uint32_t> first;
    for (uint32_t k = 0; k < DRAWS; ++k)
    {
        const uint32_t split = controller->Decide(UavObservation(1e8));
        ASSERT_LT(split, 7u);
        ++counts[split];
        if (k < 100)
        {
            first.push_back(split);
        }
    }
    EXPECT_LT(ChiSquareUniform(counts, DRAWS), CHI2_BOUND);
    // The statistic does catch a non-uniform controller: all draws on one split give
    // 6·10000 + 60000²/10000 = 420,000.
    std::vector<uint32_t> fixed(7, 0);
    fixed[0] = DRAWS;
    EXPECT_NEAR(ChiSquareUniform(fixed, DRAWS), 420000.0, 1e-6);

    // The same stream gives the same decisions; another stream others.
    auto again = CreateObject<RandomSplitController>();
    again->AssignStreams(11);
    again->Configure(ResNetCostModel());
    auto another = CreateObject<RandomSplitController>();
    another->AssignStreams(12);
    another->Configure(ResNetCostModel());
    uint32_t differences = 0;
    for (uint32_t k = 0; k < 100; ++k)
    {
        EXPECT_EQ(again->Decide(UavObservation(1e8)), first[k]);
        differences += another->Decide(UavObservation(1e8)) != first[k];
    }
    // Two independent uniform sequences agree at a draw with probability 1/7: about 86 of
    // 100 differ; fewer than 50 would be a 1e-20 event.
    EXPECT_GT(differences, 50u);
}

TEST(GreedyOracleSplitController, BestSplitChangesWithRate)
{
    // Two split points, latency only (w_T = 1, w_E = w_P = 0), 1 image:
    //   device F·u = 1e10·0.1 = 1e9 FLOP/s, server F·u = 1e13·0.1 = 1e12 FLOP/s;
    //   split 0: head 0, tail 1e9 MACs, 1e6 bytes → latency 8e6/R + 1e9/1e12 = 8e6/R + 1e-3
    //   split 1: head 1e8, tail 9e8, 1e4 bytes   → latency 0.1 + 9e-4 + 8e4/R
    // Equal when 7.92e6/R = 0.0999: R* = 79,279,279.28 bit/s. Below R* sending is dear and
    // split 1 (small features) wins; above R*, split 0 (nothing computed on the device).
    std::vector<SplitPointProfile> profiles(2);
    profiles[0].tailMacs = 1e9;
    profiles[0].encodedFp32 = 1000000;
    profiles[1].headMacs = 1e8;
    profiles[1].tailMacs = 9e8;
    profiles[1].encodedFp32 = 10000;
    auto model = CreateObject<SplitCostModel>();
    model->SetProfiles(profiles);
    model->SetDeviceProfile(
        "uav",
        CreateObjectWithAttributes<DeviceProfile>("PeakFlopsPerSecond", DoubleValue(1e10)));
    model->SetServerProfile(
        CreateObjectWithAttributes<DeviceProfile>("PeakFlopsPerSecond", DoubleValue(1e13)));
    auto controller =
        CreateObjectWithAttributes<GreedyOracleSplitController>("LatencyWeight",
                                                                DoubleValue(1.0),
                                                                "EnergyWeight",
                                                                DoubleValue(0.0),
                                                                "PrivacyWeight",
                                                                DoubleValue(0.0),
                                                                "Confidentiality",
                                                                StringValue("0.5 0.5"));
    controller->Configure(model);
    const double switchRateBps = 7.92e6 / 0.0999;
    SplitObservation o = UavObservation(switchRateBps);
    o.nImages = 1;
    EXPECT_NEAR(model->Predict(o, 0).latencyS, model->Predict(o, 1).latencyS, 1e-15);
    o.rateBps = 0.99 * switchRateBps;
    EXPECT_EQ(controller->Decide(o), 1u);
    o.rateBps = 1.01 * switchRateBps;
    EXPECT_EQ(controller->Decide(o), 0u);
    o.rateBps = 1e6;
    EXPECT_EQ(controller->Decide(o), 1u);
    o.rateBps = 1e10;
    EXPECT_EQ(controller->Decide(o), 0u);
}

TEST(GreedyOracleSplitController, ArgmaxTiesAndFallback)
{
    auto model = ResNetCostModel();
    auto controller = CreateObject<GreedyOracleSplitController>();
    controller->Configure(model);
    // The decision is the argmax of the rewards of the predictions, for rates from 1 Mbit/s
    // to 10 Gbit/s and both roles.
    std::vector<uint32_t> seen(7, 0);
    for (const char* role : {"uav", "vehicle"})
    {
        for (double rate = 1e6; rate <= 1e10; rate *= 1.5)
        {
            SplitObservation o = UavObservation(rate);
            o.role = role;
            uint32_t best = 0;
            for (uint32_t i = 1; i < 7; ++i)
            {
                const SplitCost ci = model->Predict(o, i);
                const SplitCost cb = model->Predict(o, best);
                if (controller->GetReward(ci.latencyS, ci.energyJ, i) >
                    controller->GetReward(cb.latencyS, cb.energyJ, best))
                {
                    best = i;
                }
            }
            EXPECT_EQ(controller->Decide(o), best) << role << " at " << rate << " bit/s";
            ++seen[best];
        }
    }
    // The sweep is not trivial: more than one split point is chosen.
    EXPECT_GT(std::count_if(seen.begin(), seen.end(), [](uint32_t c) { return c > 0; }), 1);

    // Equal rewards: the lowest index.
    auto twins = CreateObject<SplitCostModel>();
    SplitPointProfile p;
    p.headMacs = 1e9;
    p.tailMacs = 1e9;
    p.encodedFp32 = 1000;
    twins->SetProfiles({p, p, p});
    auto tie = CreateObjectWithAttributes<GreedyOracleSplitController>("Confidentiality",
                                                                       StringValue("0.5,0.2,0.2"));
    tie->Configure(twins);
    EXPECT_EQ(tie->Decide(UavObservation(1e8)), 1u);

    // Unknown rate (NaN or 0): the previous split, or the last split point without one.
    SplitObservation unknown = UavObservation(NaN);
    EXPECT_EQ(controller->Decide(unknown), 6u);
    unknown.lastSplit = 2;
    EXPECT_EQ(controller->Decide(unknown), 2u);
    unknown.rateBps = 0.0;
    EXPECT_EQ(controller->Decide(unknown), 2u);
    controller->SetAttribute("FallbackSplit", IntegerValue(4));
    EXPECT_EQ(controller->Decide(unknown), 4u);
    EXPECT_FALSE(controller->SetAttributeFailSafe("FallbackSplit", IntegerValue(-2)));
    auto bad =
        CreateObjectWithAttributes<GreedyOracleSplitController>("FallbackSplit", IntegerValue(7));
    EXPECT_EQ(InvalidArgumentMessage([&] { bad->Configure(model); }),
              "ns3::sagin::GreedyOracleSplitController: FallbackSplit = 7 is out of range: the "
              "cost model has 7 split points (0..6, or -1)");
}

TEST(GreedyOracleSplitController, ReproducesTriCoOptimum)
{
    // The Tri-Co model of the published experiment in terms of the physical cost model, with
    // its constants read from TriCoCostModel's attributes:
    //  - split i: headMacs = HeadLoadsGflop[i]·1e9, tailMacs = (ModelLoadGflop − head)·1e9,
    //    4 bytes per exchanged element (encodedFp32, no header);
    //  - rate R·32 bit/s with R = 26,214,400 elements/s: 8·4·e·n/(32·R) = e·n/R = T_tx;
    //  - the experiment's energy quirks as powers: its device energy W·P/F·n is P·u times
    //    T_dev = W·n/(F·u), so BusyPowerW = P·u; its server energy W·P_s·u_s/F_s·n is
    //    P_s·u_s² times T_srv, so the server's BusyPowerW = P_s·u_s²; its radio energy
    //    n·p·T_tx is TxPowerW = n·p (one cost model per device);
    //  - the guard g = 1e-8 FLOP/s changes T_srv by 3e-22 relative.
    // Then every reward equals TriCoCostModel::Evaluate's, and the greedy oracle's decision for
    // each device is the split of TriCoCostModel::FindOptimum() (devices are not coupled).
    auto triCo = CreateObject<TriCoCostModel>();
    AttributeContainerValue<DoubleValue> headLoads;
    AttributeContainerValue<UintegerValue> elements;
    DoubleValue modelLoad;
    DoubleValue rate;
    DoubleValue txPower;
    triCo->GetAttribute("HeadLoadsGflop", headLoads);
    triCo->GetAttribute("ExchangedElements", elements);
    triCo->GetAttribute("ModelLoadGflop", modelLoad);
    triCo->GetAttribute("UplinkRateElementsPerSecond", rate);
    triCo->GetAttribute("TxPowerW", txPower);
    std::vector<SplitPointProfile> profiles;
    const std::list<uint64_t> elementList = elements.Get();
    auto element = elementList.begin();
    for (double head : headLoads.Get())
    {
        SplitPointProfile p;
        p.headMacs = head * 1e9;
        p.tailMacs = (modelLoad.Get() - head) * 1e9;
        p.encodedFp32 = 4 * *element++;
        profiles.push_back(p);
    }
    const Ptr<DeviceProfile> server = triCo->GetServerProfile();
    const auto optimum = triCo->FindOptimum();
    for (auto device : {TriCoCostModel::UAV, TriCoCostModel::VEHICLE})
    {
        const Ptr<DeviceProfile> dev = triCo->GetDeviceProfile(device);
        const uint32_t n = triCo->GetImages(device);
        auto model = CreateObject<SplitCostModel>();
        model->SetProfiles(profiles);
        model->SetAttribute("TxPowerW", DoubleValue(n * txPower.Get()));
        const std::string role = TriCoCostModel::GetDeviceName(device);
        model->SetDeviceProfile(role,
                                CreateObjectWithAttributes<DeviceProfile>(
                                    "PeakFlopsPerSecond",
                                    DoubleValue(dev->GetPeakFlopsPerSecond()),
                                    "Utilisation",
                                    DoubleValue(dev->GetUtilisation()),
                                    "BusyPowerW",
                                    DoubleValue(dev->GetBusyPowerW() * dev->GetUtilisation())));
        model->SetServerProfile(CreateObjectWithAttributes<DeviceProfile>(
            "PeakFlopsPerSecond",
            DoubleValue(server->GetPeakFlopsPerSecond()),
            "Utilisation",
            DoubleValue(server->GetUtilisation()),
            "BusyPowerW",
            DoubleValue(server->GetBusyPowerW() * server->GetUtilisation() *
                        server->GetUtilisation())));
        auto controller = CreateObject<GreedyOracleSplitController>();
        controller->Configure(model);
        SplitObservation o;
        o.role = role;
        o.nImages = n;
        o.rateBps = rate.Get() * 32;
        for (uint32_t i = 0; i < model->GetNSplitPoints(); ++i)
        {
            const SplitCost c = model->Predict(o, i);
            const double expected = triCo->Evaluate(device, i).reward;
            EXPECT_NEAR(controller->GetReward(c.latencyS, c.energyJ, i), expected, Tol(expected))
                << role << " split " << i;
        }
        EXPECT_EQ(controller->Decide(o),
                  device == TriCoCostModel::UAV ? optimum.uavSplit : optimum.vehicleSplit)
            << role;
    }
}

TEST(GreedyOracleSplitController, PhysicalEnergyMovesTheVehicle)
{
    // The same constants with the built-in profiles as they are (energy = busy power × busy
    // time, radio energy once per image): the vehicle (F·u = 1.3e11, P = 20 W, n = 1) at
    // R = 26214400·32 bit/s, 4 bytes per element:
    //   split 1: T_dev = 0.3519e9/1.3e11 = 2.706923e-3 s, T_srv = 11.727e9/3.3e13 =
    //     3.553636e-4 s, T_tx = 0.09 s, T = 0.0930623 s; E = 20·T_dev + 450·T_srv + 0.1·T_tx =
    //     0.0541385 + 0.1599136 + 0.009 = 0.2230521 J; r = −(0.4·0.0930623 + 0.3·0.2230521 +
    //     0.3·0.608901) = −0.2868108
    //   split 5: T_dev = 0.0745777 s, T_srv = 7.22364e-5 s, T_tx = 0.0225 s, T = 0.0971499 s;
    //     E = 1.4915538 + 0.0325064 + 0.00225 = 1.5263102 J; r = −0.4988995
    // The server's energy at 450 W, 100 times the experiment's, and the device's at its full
    // busy power make offloading early cheaper: over all splits (python3, same formulas) the
    // rewards are −0.3923, −0.2868, −0.3678, −0.3718, −0.4723, −0.4989, −0.6157, best split 1
    // (the UAV's best stays split 1: −0.7014, −0.5979, −1.4396, ...).
    auto model = CreateObject<SplitCostModel>();
    std::vector<SplitPointProfile> profiles = ResNet50UsamProfiles();
    const uint64_t elements[] = {2359296, 2359296, 2359296, 2359296, 1179628, 589824, 294912};
    for (uint32_t i = 0; i < 7; ++i)
    {
        profiles[i].encodedFp32 = 4 * elements[i];
    }
    model->SetProfiles(profiles);
    auto controller = CreateObject<GreedyOracleSplitController>();
    controller->Configure(model);
    SplitObservation o = UavObservation(26214400.0 * 32);
    o.role = "vehicle";
    o.nImages = 1;
    SplitCost c = model->Predict(o, 1);
    EXPECT_NEAR(controller->GetReward(c.latencyS, c.energyJ, 1), -0.2868108441, 1e-9);
    c = model->Predict(o, 5);
    EXPECT_NEAR(controller->GetReward(c.latencyS, c.energyJ, 5), -0.4988995344, 1e-9);
    EXPECT_EQ(controller->Decide(o), 1u);
    EXPECT_EQ(controller->Decide(UavObservation(26214400.0 * 32)), 1u);
}

TEST(SplitControllerHelper, CreatesAndRefuses)
{
    SplitControllerHelper helper;
    EXPECT_EQ(helper.GetType().GetName(), "ns3::sagin::FixedSplitController");
    helper.SetType("ns3::sagin::GreedyOracleSplitController");
    helper.Set("LatencyWeight", DoubleValue(2.0));
    helper.Set("FallbackSplit", StringValue("3"));
    Ptr<SplitController> controller = helper.Create(ResNetCostModel());
    EXPECT_EQ(controller->GetInstanceTypeId().GetName(), "ns3::sagin::GreedyOracleSplitController");
    EXPECT_EQ(controller->Decide(UavObservation(NaN)), 3u);
    // w_T = 2 at split 0 (0.96122): −(2·1 + 0.3·0 + 0.3·0.96122) = −2.288366.
    EXPECT_NEAR(controller->GetReward(1.0, 0.0, 0), -2.288366, 1e-15);
    EXPECT_FALSE(DynamicCast<GreedyOracleSplitController>(helper.Create()) == nullptr);

    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetType("ns3::sagin::NoSuchController"); }),
              "SplitControllerHelper: unknown TypeId 'ns3::sagin::NoSuchController'");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetType("ns3::sagin::DeviceProfile"); }),
              "SplitControllerHelper: 'ns3::sagin::DeviceProfile' is not a "
              "ns3::sagin::SplitController");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetType("ns3::sagin::SplitController"); }),
              "SplitControllerHelper: 'ns3::sagin::SplitController' cannot be created (an "
              "abstract type)");
    // The type is unchanged by a refused SetType.
    EXPECT_EQ(helper.GetType().GetName(), "ns3::sagin::GreedyOracleSplitController");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.Set("Split", UintegerValue(1)); }),
              "SplitControllerHelper: ns3::sagin::GreedyOracleSplitController::Split: "
              "'ns3::sagin::GreedyOracleSplitController' has no attribute 'Split'");
    EXPECT_NE(InvalidArgumentMessage([&] { helper.Set("EnergyWeight", StringValue("-1")); })
                  .find("SplitControllerHelper: ns3::sagin::GreedyOracleSplitController::"
                        "EnergyWeight: invalid value '-1'"),
              std::string::npos);
    EXPECT_NE(InvalidArgumentMessage([&] {
                  helper.Set("EnergyWeight", StringValue("0.5x"));
              }).find("invalid value '0.5x'"),
              std::string::npos);
    helper.SetType("ns3::sagin::RandomSplitController");
    EXPECT_EQ(helper.Create()->AssignStreams(0), 1);
}

TEST(SplitControllerHelper, AlgorithmNames)
{
    // The names in their fixed order: the learning ones, then the two baselines.
    EXPECT_EQ(SplitControllerHelper::GetAlgorithmNames(),
              (std::vector<std::string>{"actor-critic",
                                        "ppo",
                                        "dqn",
                                        "q-learning",
                                        "multi-q-learning",
                                        "random",
                                        "greedy-oracle"}));
    const auto q = SplitControllerHelper::LookupAlgorithm("multi-q-learning");
    EXPECT_EQ(q.typeName, "ns3::sagin::MultiStepQLearningSplitController");
    EXPECT_TRUE(q.attributes.empty());
    // fixed-N: FixedSplitController with Split N (leading zeros read as a number).
    const auto fixed = SplitControllerHelper::LookupAlgorithm("fixed-03");
    EXPECT_EQ(fixed.typeName, "ns3::sagin::FixedSplitController");
    ASSERT_EQ(fixed.attributes.size(), 1u);
    EXPECT_EQ(fixed.attributes[0], (std::pair<std::string, std::string>{"Split", "3"}));
    SplitControllerHelper helper;
    helper.SetAlgorithm("fixed-2");
    UintegerValue split;
    helper.Create()->GetAttribute("Split", split);
    EXPECT_EQ(split.Get(), 2u);
    helper.SetAlgorithm("random");
    EXPECT_EQ(helper.GetType().GetName(), "ns3::sagin::RandomSplitController");
    for (const std::string bad : {"fixed-", "fixed-x", "fixed--1", "Q-learning", ""})
    {
        EXPECT_NE(InvalidArgumentMessage([&] {
                      SplitControllerHelper::LookupAlgorithm(bad);
                  }).find("SplitControllerHelper: unknown algorithm '" + bad + "' (known: "),
                  std::string::npos)
            << bad;
    }
}
