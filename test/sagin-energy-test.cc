// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-test-utils.h"

#include "ns3/basic-energy-source.h"
#include "ns3/core-module.h"
#include "ns3/energy-source-container.h"
#include "ns3/li-ion-energy-source.h"
#include "ns3/network-module.h"
#include "ns3/sagin-module.h"

#include <cmath>
#include <gtest/gtest.h>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::test::InvalidArgumentMessage;
using ns3::sagin::test::MakeNode;
using ns3::sagin::test::UniformRadios;

namespace
{

// The UAV profile (quadro-p400): 0.641e12 FLOP/s × 0.1 = 64.1e9 FLOP/s, 30 W busy, 0 W idle.
constexpr double P400_FLOPS = 64.1e9;

/// Airtime of a 1000-byte payload (1014-byte frame) over a 1 km link of UniformRadios():
/// 8112 bit / 163.154182 Mbit/s = 49.719841 µs.
constexpr double AIRTIME_1KM_S = 8112.0 / 163154182.38655016;

/// Times and nodes at which a ComputeEnergyModel's Depletion trace fired.
struct Depletions
{
    std::vector<Time> times;     //!< when
    std::vector<uint32_t> nodes; //!< which node

    /// @param node the depleted node
    void Record(Ptr<Node> node)
    {
        times.push_back(Simulator::Now());
        nodes.push_back(node->GetId());
    }
};

/**
 * @param node a node with a ComputeEnergyModel
 * @param depletions where to record its Depletion trace
 */
void
ConnectDepletion(Ptr<Node> node, Depletions& depletions)
{
    node->GetObject<ComputeEnergyModel>()->TraceConnectWithoutContext(
        "Depletion",
        MakeCallback(&Depletions::Record, &depletions));
}

/**
 * @param node a node
 * @return the RadioEnergyModels of its energy source
 */
std::vector<Ptr<RadioEnergyModel>>
RadioModels(Ptr<Node> node)
{
    std::vector<Ptr<RadioEnergyModel>> radios;
    const auto models =
        EnergyHelper::GetEnergySource(node)->FindDeviceEnergyModels(RadioEnergyModel::GetTypeId());
    for (auto it = models.Begin(); it != models.End(); ++it)
    {
        radios.push_back(DynamicCast<RadioEnergyModel>(*it));
    }
    return radios;
}

} // namespace

TEST(ComputeEnergyModel, ChargesBusyAndIdlePowerToTheSource)
{
    Ptr<Node> node = MakeNode(NodeRole::UAV, Vector(0, 0, 0));
    EnergyHelper helper;
    helper.SetSourceAttribute("BasicEnergySourceInitialEnergyJ", DoubleValue(1000.0));
    helper.SetSourceAttribute("BasicEnergySupplyVoltageV", DoubleValue(3.7));
    helper.SetSourceAttribute("BasicEnergyLowBatteryThreshold", DoubleValue(0.0));
    Ptr<DeviceProfile> profile = DeviceProfile::GetBuiltin("quadro-p400");
    profile->SetAttribute("IdlePowerW", DoubleValue(2.0));
    helper.SetComputeProfile(NodeRole::UAV, profile);
    helper.Install(NodeContainer(node));
    Ptr<ComputeEnergyModel> compute = node->GetObject<ComputeEnergyModel>();
    ASSERT_TRUE(compute);

    std::vector<Time> delays;
    Simulator::Schedule(Seconds(0.5), [&]() {
        // 64.1e9 FLOP at 64.1e9 FLOP/s: 1 s, from 0.5 s to 1.5 s.
        delays.push_back(compute->Compute(64.1e9));
        // Back to back: waits until 1.5 s, then 32.05e9 / 64.1e9 = 0.5 s: done 1.5 s from now.
        delays.push_back(compute->Compute(32.05e9));
    });
    Simulator::Schedule(Seconds(1.0), [&]() {
        EXPECT_TRUE(compute->IsBusy());
        EXPECT_EQ(compute->GetBusyUntil(), Seconds(2.0));
        // Busy: I = 30 W / 3.7 V = 8.108108 A.
        EXPECT_NEAR(compute->GetCurrentA(), 30.0 / 3.7, 1e-12);
        EXPECT_NEAR(compute->GetCurrentA(), 8.108108108, 1e-9);
    });
    Simulator::Schedule(Seconds(3.0), [&]() {
        EXPECT_FALSE(compute->IsBusy());
        // Idle: I = 2 W / 3.7 V = 0.540541 A.
        EXPECT_NEAR(compute->GetCurrentA(), 2.0 / 3.7, 1e-12);
        // Busy 0.5 s .. 2.0 s = 1.5 s at 30 W = 45 J; idle 0 .. 0.5 s and 2 .. 3 s = 1.5 s at
        // 2 W = 3 J; total 48 J.
        EXPECT_EQ(compute->GetBusyTime(), Seconds(1.5));
        EXPECT_NEAR(compute->GetBusyEnergyJ(), 45.0, 1e-9);
        EXPECT_NEAR(compute->GetIdleEnergyJ(), 3.0, 1e-9);
        EXPECT_NEAR(compute->GetTotalEnergyConsumption(), 48.0, 1e-9);
        // The source was told before every change: 1000 J - 48 J = 952 J (the source rounds
        // each update's energy to 1e-9 J).
        EXPECT_NEAR(EnergyHelper::GetRemainingEnergyJ(node), 952.0, 1e-8);
        EXPECT_NEAR(EnergyHelper::GetStateOfCharge(node), 0.952, 1e-11);
        // A workload that is not a round number of nanoseconds: 4.11e9 / 64.1e9 =
        // 0.0641185647 s, charged 30 W × 0.0641185647 s = 1.923556942 J.
        EXPECT_NEAR(compute->GetComputeEnergyJ(4.11e9), 1.923556942, 5e-8);
        EXPECT_EQ(compute->Compute(4.11e9), compute->GetProfile()->GetComputeTime(4.11e9));
    });
    Simulator::Schedule(Seconds(4.0), [&]() {
        // 45 J + 1.923556942 J busy; idle 3 J + 2 W × (1 s - 0.0641185647 s) = 4.871762871 J.
        EXPECT_NEAR(compute->GetBusyEnergyJ(), 46.923556942, 1e-7);
        EXPECT_NEAR(compute->GetIdleEnergyJ(), 4.871762871, 1e-8);
        EXPECT_NEAR(EnergyHelper::GetRemainingEnergyJ(node),
                    1000.0 - 46.923556942 - 4.871762871,
                    1e-7);
    });
    Simulator::Stop(Seconds(5.0));
    Simulator::Run();
    ASSERT_EQ(delays.size(), 2u);
    EXPECT_EQ(delays[0], Seconds(1.0));
    EXPECT_EQ(delays[1], Seconds(1.5));
    Simulator::Destroy();
}

TEST(ComputeEnergyModel, RefusesToWorkWithoutProfileOrSource)
{
    Ptr<ComputeEnergyModel> model = CreateObject<ComputeEnergyModel>();
    EXPECT_EQ(InvalidArgumentMessage([&]() { model->Compute(1e9); }),
              "ComputeEnergyModel: no Profile set");
    model->SetProfile(DeviceProfile::GetBuiltin("edge-server"));
    EXPECT_EQ(InvalidArgumentMessage([&]() { model->Compute(1e9); }),
              "ComputeEnergyModel: no energy source set");
    Ptr<Node> node = CreateObject<Node>();
    Ptr<BasicEnergySource> source = CreateObject<BasicEnergySource>();
    source->SetNode(node);
    model->SetEnergySource(source);
    source->AppendDeviceEnergyModel(model);
    EXPECT_NE(InvalidArgumentMessage([&]() { model->Compute(-1.0); }).find("workload"),
              std::string::npos);
    EXPECT_NE(InvalidArgumentMessage([&]() { model->ChangeState(7); }).find("unknown state 7"),
              std::string::npos);
    // A workload of 0 FLOP takes no time and changes nothing.
    EXPECT_EQ(model->Compute(0.0), Time(0));
    EXPECT_FALSE(model->IsBusy());
    // 330e12 × 0.1 FLOP/s: 33e12 FLOP take 1 s.
    EXPECT_EQ(model->Compute(33e12), Seconds(1.0));
    EXPECT_TRUE(model->IsBusy());
    Simulator::Destroy();
}

TEST(RadioEnergyModel, ChargesTheAirtimeOfTheFramesSentAndReceived)
{
    NodeContainer nodes(MakeNode(NodeRole::VEHICLE, Vector(0, 0, 0)),
                        MakeNode(NodeRole::VEHICLE, Vector(1000, 0, 0)));
    SaginNetDeviceHelper devices = UniformRadios();
    NetDeviceContainer radios = devices.Install(nodes);
    std::vector<Time> airtimes;
    devices.GetChannel()->TraceConnectWithoutContext(
        "Transmission",
        Callback<void,
                 Ptr<const Packet>,
                 Ptr<const SaginNetDevice>,
                 Ptr<const SaginNetDevice>,
                 const SaginChannel::LinkState&,
                 Time>([&airtimes](Ptr<const Packet>,
                                   Ptr<const SaginNetDevice>,
                                   Ptr<const SaginNetDevice>,
                                   const SaginChannel::LinkState&,
                                   Time airtime) { airtimes.push_back(airtime); }));

    EnergyHelper helper;
    helper.SetSourceAttribute("BasicEnergySourceInitialEnergyJ", DoubleValue(100.0));
    helper.SetSourceAttribute("BasicEnergySupplyVoltageV", DoubleValue(3.7));
    helper.SetRadioAttribute("IdlePowerW", DoubleValue(0.01));
    helper.Install(nodes);
    ASSERT_EQ(RadioModels(nodes.Get(0)).size(), 1u);
    ASSERT_EQ(RadioModels(nodes.Get(1)).size(), 1u);
    Ptr<RadioEnergyModel> sender = RadioModels(nodes.Get(0))[0];
    Ptr<RadioEnergyModel> receiver = RadioModels(nodes.Get(1))[0];
    EXPECT_EQ(sender->GetNetDevice(), radios.Get(0));

    for (int i = 0; i < 3; ++i)
    {
        radios.Get(0)->Send(Create<Packet>(1000), radios.Get(1)->GetAddress(), 0x0800);
    }
    Simulator::Schedule(MicroSeconds(10), [&]() {
        EXPECT_TRUE(sender->IsTransmitting());
        // Default 0.1 W while transmitting (3.7 V: 0.027027 A).
        EXPECT_NEAR(sender->GetCurrentA(), 0.1 / 3.7, 1e-15);
        // The first bit arrives after 1000 m / c = 3.336 µs: the receiver draws 0.05 W.
        EXPECT_TRUE(receiver->IsReceiving());
        EXPECT_NEAR(receiver->GetPowerW(), 0.05, 1e-15);
    });
    Simulator::Stop(Seconds(1.0));
    Simulator::Run();

    ASSERT_EQ(airtimes.size(), 3u);
    Time airtime;
    for (const auto& t : airtimes)
    {
        // Each frame: 8112 bit / 163.154182 Mbit/s = 49.719841 µs, rounded to 1 ns.
        EXPECT_NEAR(t.GetSeconds(), AIRTIME_1KM_S, 1e-9);
        airtime += t;
    }
    // Three frames back to back: tx 3 × 49.719841 µs = 149.159523 µs.
    EXPECT_EQ(sender->GetTxTime(), airtime);
    EXPECT_NEAR(sender->GetTxTime().GetSeconds(), 3 * AIRTIME_1KM_S, 3e-9);
    // Tx energy = 0.1 W × 149.159523 µs = 14.915952 µJ (each airtime rounded to 1 ns: within
    // 3 × 0.5 ns × 0.1 W = 0.15 nJ).
    EXPECT_NEAR(sender->GetTxEnergyJ(), 0.1 * airtime.GetSeconds(), 1e-18);
    EXPECT_NEAR(sender->GetTxEnergyJ(), 14.915952e-6, 1.5e-10);
    EXPECT_DOUBLE_EQ(sender->GetRxEnergyJ(), 0.0);
    // The receiver hears the three frames back to back, each for its airtime: 0.05 W ×
    // 149.159523 µs = 7.457976 µJ (within 3 × 0.5 ns × 0.05 W = 0.075 nJ).
    EXPECT_EQ(receiver->GetRxTime(), airtime);
    EXPECT_NEAR(receiver->GetRxEnergyJ(), 0.05 * airtime.GetSeconds(), 1e-18);
    EXPECT_NEAR(receiver->GetRxEnergyJ(), 7.457976e-6, 7.5e-11);
    EXPECT_DOUBLE_EQ(receiver->GetTxEnergyJ(), 0.0);
    EXPECT_EQ(receiver->GetTxTime(), Time(0));
    // Idle 0.01 W for the rest of the second: 0.01 × (1 - 149.159523e-6) = 9.998508 mJ.
    EXPECT_NEAR(sender->GetIdleEnergyJ(), 0.01 * (1.0 - airtime.GetSeconds()), 1e-15);
    EXPECT_NEAR(sender->GetTotalEnergyConsumption(),
                0.1 * airtime.GetSeconds() + 0.01 * (1.0 - airtime.GetSeconds()),
                1e-15);
    // The sources were charged the same (vehicle profile: 0 W idle): 100 J - 14.915952 µJ
    // - 9.998508 mJ = 99.989986576 J and 100 J - 7.457976 µJ - 9.998508 mJ = 99.989994034 J.
    EXPECT_NEAR(EnergyHelper::GetRemainingEnergyJ(nodes.Get(0)), 99.989986576, 1e-8);
    EXPECT_NEAR(EnergyHelper::GetRemainingEnergyJ(nodes.Get(1)), 99.989994034, 1e-8);
    Simulator::Destroy();
}

TEST(EnergyHelper, DepletionFiresOnceAtTheUpdateThatFindsTheSourceLow)
{
    NodeContainer nodes(MakeNode(NodeRole::UAV, Vector(0, 0, 100)),
                        MakeNode(NodeRole::BASE_STATION, Vector(1000, 0, 0)));
    NetDeviceContainer radios = UniformRadios().Install(nodes);
    EnergyHelper helper;
    helper.SetSource("ns3::BasicEnergySource",
                     "BasicEnergySourceInitialEnergyJ",
                     DoubleValue(10.0),
                     "BasicEnergySupplyVoltageV",
                     DoubleValue(3.7),
                     "BasicEnergyLowBatteryThreshold",
                     DoubleValue(0.2),
                     "BasicEnergyHighBatteryThreshold",
                     DoubleValue(0.5),
                     "PeriodicEnergyUpdateInterval",
                     TimeValue(Seconds(0.1)));
    EnergySourceContainer sources = helper.Install(nodes);
    ASSERT_EQ(sources.GetN(), 2u);
    Ptr<ComputeEnergyModel> compute = nodes.Get(0)->GetObject<ComputeEnergyModel>();
    Depletions depletions;
    ConnectDepletion(nodes.Get(0), depletions);
    ConnectDepletion(nodes.Get(1), depletions);

    // At 1 s the UAV starts 5 s of work (5 × 64.1e9 FLOP) at 30 W. The source checks itself
    // every 0.1 s (from its start at 0 s) and is depleted at the first check where
    // 10 J - 30 W × t <= 0.2 × 10 J, i.e. t >= 0.2667 s: at 1.3 s, with 10 - 9 = 1 J left.
    Time delay;
    Simulator::Schedule(Seconds(1.0), [&]() { delay = compute->Compute(5 * P400_FLOPS); });
    bool sent = true;
    Time afterDepletion;
    Simulator::Schedule(Seconds(2.0), [&]() {
        afterDepletion = compute->Compute(P400_FLOPS);
        sent = radios.Get(0)->Send(Create<Packet>(100), radios.Get(1)->GetAddress(), 0x0800);
    });
    Simulator::Stop(Seconds(3.0));
    Simulator::Run();

    EXPECT_EQ(delay, Seconds(5.0));
    ASSERT_EQ(depletions.times.size(), 1u);
    EXPECT_EQ(depletions.times[0], Seconds(1.3));
    EXPECT_EQ(depletions.nodes[0], nodes.Get(0)->GetId());
    EXPECT_TRUE(compute->IsDepleted());
    EXPECT_FALSE(compute->IsBusy());
    EXPECT_EQ(compute->GetBusyUntil(), Seconds(1.3));
    // Busy 1.0 s .. 1.3 s: 0.3 s × 30 W = 9 J; nothing after.
    EXPECT_EQ(compute->GetBusyTime(), Seconds(0.3));
    EXPECT_NEAR(compute->GetTotalEnergyConsumption(), 9.0, 1e-9);
    EXPECT_NEAR(EnergyHelper::GetRemainingEnergyJ(nodes.Get(0)), 1.0, 1e-8);
    EXPECT_NEAR(EnergyHelper::GetStateOfCharge(nodes.Get(0)), 0.1, 1e-9);
    // A depleted node computes nothing and its radio is off.
    EXPECT_TRUE(afterDepletion.IsStrictlyNegative());
    EXPECT_FALSE(sent);
    EXPECT_FALSE(DynamicCast<SaginNetDevice>(radios.Get(0))->IsPowered());
    EXPECT_TRUE(RadioModels(nodes.Get(0))[0]->IsDepleted());
    // The base station (edge server, 0 W idle) keeps its 10 J.
    EXPECT_TRUE(DynamicCast<SaginNetDevice>(radios.Get(1))->IsPowered());
    EXPECT_NEAR(EnergyHelper::GetRemainingEnergyJ(nodes.Get(1)), 10.0, 1e-12);
    Simulator::Destroy();
}

TEST(EnergyHelper, RechargeResumesComputingAndSending)
{
    NodeContainer nodes(MakeNode(NodeRole::VEHICLE, Vector(0, 0, 0)),
                        MakeNode(NodeRole::VEHICLE, Vector(1000, 0, 0)));
    NetDeviceContainer radios = UniformRadios().Install(nodes);
    EnergyHelper helper;
    helper.SetSourceAttribute("BasicEnergySourceInitialEnergyJ", DoubleValue(100.0));
    helper.Install(nodes);
    Ptr<ComputeEnergyModel> compute = nodes.Get(0)->GetObject<ComputeEnergyModel>();
    Ptr<RadioEnergyModel> radio = RadioModels(nodes.Get(0))[0];
    Ptr<SaginNetDevice> device = DynamicCast<SaginNetDevice>(radios.Get(0));
    Depletions depletions;
    ConnectDepletion(nodes.Get(0), depletions);
    uint32_t sentFrames = 0;
    device->TraceConnectWithoutContext(
        "PhyTxBegin",
        Callback<void, Ptr<const Packet>, double>(
            [&sentFrames](Ptr<const Packet>, double) { ++sentFrames; }));

    // The source's depletion and recharge, as EnergySource notifies them, at 1 s and 2 s.
    Simulator::Schedule(Seconds(1.0), [&]() {
        // 1.3e12 × 0.1 FLOP/s: 13e9 FLOP take 0.1 s.
        EXPECT_EQ(compute->Compute(13e9), Seconds(0.1));
        for (int i = 0; i < 2; ++i)
        {
            compute->HandleEnergyDepletion();
            radio->HandleEnergyDepletion();
        }
        EXPECT_FALSE(compute->IsBusy());
        EXPECT_FALSE(device->IsPowered());
        EXPECT_TRUE(compute->Compute(13e9).IsStrictlyNegative());
        EXPECT_FALSE(device->Send(Create<Packet>(100), radios.Get(1)->GetAddress(), 0x0800));
    });
    Simulator::Schedule(Seconds(2.0), [&]() {
        compute->HandleEnergyRecharged();
        radio->HandleEnergyRecharged();
        EXPECT_FALSE(compute->IsDepleted());
        EXPECT_EQ(compute->Compute(13e9), Seconds(0.1));
    });
    Simulator::Schedule(Seconds(2.5), [&]() {
        EXPECT_TRUE(device->IsPowered());
        EXPECT_TRUE(device->Send(Create<Packet>(100), radios.Get(1)->GetAddress(), 0x0800));
    });
    Simulator::Stop(Seconds(3.0));
    Simulator::Run();
    // Fired once for the two notifications; busy 1.0 s .. 1.0 s (abandoned) and 2.0 .. 2.1 s.
    EXPECT_EQ(depletions.times.size(), 1u);
    EXPECT_EQ(compute->GetBusyTime(), Seconds(0.1));
    // 20 W × 0.1 s = 2 J.
    EXPECT_NEAR(compute->GetTotalEnergyConsumption(), 2.0, 1e-12);
    EXPECT_EQ(sentFrames, 1u);
    Simulator::Destroy();
}

TEST(EnergyHelper, LiIonSourceDepletesAndFiresOnce)
{
    Ptr<Node> uav = MakeNode(NodeRole::UAV, Vector(0, 0, 100));
    EnergyHelper helper;
    helper.SetSource("ns3::LiIonEnergySource",
                     "LiIonEnergySourceInitialEnergyJ",
                     DoubleValue(100.0),
                     "LiIonEnergyLowBatteryThreshold",
                     DoubleValue(0.15),
                     "PeriodicEnergyUpdateInterval",
                     TimeValue(Seconds(1.0)));
    EnergySourceContainer sources = helper.Install(NodeContainer(uav));
    ASSERT_TRUE(DynamicCast<LiIonEnergySource>(sources.Get(0)));
    Ptr<ComputeEnergyModel> compute = uav->GetObject<ComputeEnergyModel>();
    Depletions depletions;
    ConnectDepletion(uav, depletions);

    // At 0.5 s, 10 s of work at 30 W. The Li-ion source restarts its 1 s period at every
    // update, here at 0.5 s: checks at 1.5, 2.5, 3.5 s. The model draws 30 W whatever the
    // cell voltage (I = 30 W / V at each update), so 100 J - 30 W × t <= 15 J for t >= 2.83 s:
    // depleted at 3.5 s, with 100 - 90 = 10 J left.
    Simulator::Schedule(Seconds(0.5), [&]() { compute->Compute(10 * P400_FLOPS); });
    Simulator::Schedule(Seconds(2.0), [&]() {
        // The voltage has sagged below the initial 4.05 V under the 30 W load.
        EXPECT_LT(sources.Get(0)->GetSupplyVoltage(), 4.05);
        EXPECT_NEAR(compute->GetCurrentA() * sources.Get(0)->GetSupplyVoltage(), 30.0, 1e-9);
    });
    // The Li-ion source reports depletion again at every later update; the trace fires once.
    Simulator::Schedule(Seconds(5.0), [&]() { sources.Get(0)->UpdateEnergySource(); });
    Simulator::Stop(Seconds(6.0));
    Simulator::Run();

    ASSERT_EQ(depletions.times.size(), 1u);
    EXPECT_EQ(depletions.times[0], Seconds(3.5));
    EXPECT_TRUE(compute->IsDepleted());
    EXPECT_NEAR(compute->GetTotalEnergyConsumption(), 90.0, 1e-9);
    EXPECT_NEAR(EnergyHelper::GetRemainingEnergyJ(uav), 10.0, 1e-9);
    Simulator::Destroy();
}

TEST(EnergyHelper, InstallsOneSourceAndTheModelsPerNode)
{
    NodeContainer nodes(MakeNode(NodeRole::SATELLITE, Vector(0, 0, 550e3)),
                        MakeNode(NodeRole::UAV, Vector(0, 0, 100)),
                        MakeNode(NodeRole::VEHICLE, Vector(10, 0, 0)),
                        MakeNode(NodeRole::BASE_STATION, Vector(20, 0, 0)));
    UniformRadios().Install(NodeContainer(nodes.Get(1), nodes.Get(2)));
    EnergyHelper helper;
    EnergySourceContainer sources = helper.Install(nodes);
    ASSERT_EQ(sources.GetN(), 4u);
    const char* profiles[] = {"satellite-payload",
                              "quadro-p400",
                              "drive-agx-xavier",
                              "edge-server"};
    for (uint32_t i = 0; i < 4; ++i)
    {
        Ptr<Node> node = nodes.Get(i);
        // As ns-3's EnergySourceHelper: the source is in the node's EnergySourceContainer.
        Ptr<EnergySourceContainer> onNode = node->GetObject<EnergySourceContainer>();
        ASSERT_TRUE(onNode);
        ASSERT_EQ(onNode->GetN(), 1u);
        EXPECT_EQ(onNode->Get(0), sources.Get(i));
        EXPECT_TRUE(DynamicCast<BasicEnergySource>(sources.Get(i)));
        Ptr<ComputeEnergyModel> compute = node->GetObject<ComputeEnergyModel>();
        ASSERT_TRUE(compute);
        EXPECT_EQ(compute->GetEnergySource(), sources.Get(i));
        EXPECT_EQ(compute->GetProfile()->GetName(), profiles[i]);
        // Radios only where there are SaginNetDevices (the UAV and the vehicle).
        EXPECT_EQ(RadioModels(node).size(), (i == 1 || i == 2) ? 1u : 0u);
        // BasicEnergySource's default 10 J, untouched: full.
        EXPECT_DOUBLE_EQ(EnergyHelper::GetStateOfCharge(node), 1.0);
    }
    // Each node has its own copy of the profile.
    EXPECT_NE(nodes.Get(1)->GetObject<ComputeEnergyModel>()->GetProfile(),
              helper.GetComputeProfile(NodeRole::UAV));
    EXPECT_TRUE(std::isnan(EnergyHelper::GetStateOfCharge(CreateObject<Node>())));
    EXPECT_TRUE(std::isnan(EnergyHelper::GetRemainingEnergyJ(CreateObject<Node>())));

    // The UAV computes 1 s at 30 W: 10 J - 30 J would overdraw, so give it a larger source.
    Ptr<Node> uav = MakeNode(NodeRole::UAV, Vector(0, 0, 100));
    helper.SetSourceAttribute("BasicEnergySourceInitialEnergyJ", DoubleValue(100.0));
    helper.Install(NodeContainer(uav));
    Simulator::Schedule(Seconds(0.0),
                        [&]() { uav->GetObject<ComputeEnergyModel>()->Compute(P400_FLOPS); });
    Simulator::Stop(Seconds(2.0));
    Simulator::Run();
    // (100 J - 30 W × 1 s) / 100 J = 0.7.
    EXPECT_NEAR(EnergyHelper::GetStateOfCharge(uav), 0.7, 1e-10);
    EXPECT_NEAR(EnergyHelper::GetRemainingEnergyJ(uav), 70.0, 1e-8);
    Simulator::Destroy();
}

TEST(EnergyHelper, RefusesBadTypesAttributesAndNodes)
{
    EnergyHelper helper;
    EXPECT_EQ(InvalidArgumentMessage([&]() { helper.SetSource("ns3::NoSuchSource"); }),
              "EnergyHelper: unknown TypeId 'ns3::NoSuchSource'");
    EXPECT_EQ(InvalidArgumentMessage([&]() { helper.SetSource("ns3::Node"); }),
              "EnergyHelper: 'ns3::Node' is not an ns3::EnergySource");
    EXPECT_EQ(InvalidArgumentMessage([&]() { helper.SetSource("ns3::EnergySource"); }),
              "EnergyHelper: 'ns3::EnergySource' cannot be created (an abstract type)");
    EXPECT_EQ(InvalidArgumentMessage([&]() { helper.SetSourceAttribute("Bogus", DoubleValue(1)); }),
              "EnergyHelper: ns3::BasicEnergySource::Bogus: 'ns3::BasicEnergySource' has no "
              "attribute 'Bogus'");
    EXPECT_NE(InvalidArgumentMessage([&]() {
                  helper.SetSourceAttribute("BasicEnergySourceInitialEnergyJ", StringValue("1x"));
              }).find("EnergyHelper: ns3::BasicEnergySource::BasicEnergySourceInitialEnergyJ: "),
              std::string::npos);
    EXPECT_EQ(InvalidArgumentMessage([&]() {
                  helper.SetSourceAttribute("BasicEnergySourceInitialEnergyJ", DoubleValue(-1));
              }),
              "EnergyHelper: ns3::BasicEnergySource::BasicEnergySourceInitialEnergyJ: the initial "
              "energy must be a finite number >= 0 J, got -1");
    EXPECT_EQ(InvalidArgumentMessage([&]() {
                  helper.SetSourceAttribute("BasicEnergySupplyVoltageV", StringValue("0"));
              }),
              "EnergyHelper: ns3::BasicEnergySource::BasicEnergySupplyVoltageV: the voltage must "
              "be a finite number > 0 V, got 0");
    EXPECT_NE(InvalidArgumentMessage([&]() {
                  helper.SetSourceAttribute("BasicEnergyLowBatteryThreshold", DoubleValue(1.5));
              }).find("in [0, 1], got 1.5"),
              std::string::npos);
    EXPECT_NE(InvalidArgumentMessage([&]() {
                  helper.SetSourceAttribute("PeriodicEnergyUpdateInterval", TimeValue(Time(0)));
              }).find("the update interval must be > 0"),
              std::string::npos);
    EXPECT_NE(InvalidArgumentMessage([&]() {
                  helper.SetSource("ns3::LiIonEnergySource", "InitialCellVoltage", DoubleValue(-3));
              }).find("ns3::LiIonEnergySource::InitialCellVoltage: the voltage"),
              std::string::npos);
    EXPECT_NE(InvalidArgumentMessage([&]() {
                  helper.SetComputeProfile(NodeRole::UAV, "gtx-9090");
              }).find("EnergyHelper: unknown device profile 'gtx-9090'"),
              std::string::npos);
    EXPECT_EQ(InvalidArgumentMessage(
                  [&]() { helper.SetComputeProfile(NodeRole::UAV, Ptr<DeviceProfile>()); }),
              "EnergyHelper: no compute profile for the uav role (null pointer)");
    EXPECT_NE(InvalidArgumentMessage([&]() {
                  helper.SetRadioAttribute("TxPowerW", DoubleValue(-1));
              }).find("EnergyHelper: ns3::sagin::RadioEnergyModel::TxPowerW: "),
              std::string::npos);
    EXPECT_NE(InvalidArgumentMessage([&]() {
                  helper.SetRadioAttribute("TxPowerDbm", DoubleValue(1));
              }).find("has no attribute 'TxPowerDbm'"),
              std::string::npos);

    // A refused container installs nothing on any of its nodes.
    Ptr<Node> uav = MakeNode(NodeRole::UAV, Vector(0, 0, 100));
    Ptr<Node> roleless = CreateObject<Node>();
    EXPECT_EQ(InvalidArgumentMessage([&]() { helper.Install(NodeContainer(uav, roleless)); }),
              "EnergyHelper: node " + std::to_string(roleless->GetId()) +
                  " has no role (install it with a role helper first)");
    EXPECT_FALSE(uav->GetObject<ComputeEnergyModel>());
    EXPECT_FALSE(uav->GetObject<EnergySourceContainer>());
    EXPECT_EQ(InvalidArgumentMessage([&]() { helper.Install(NodeContainer(uav, uav)); }),
              "EnergyHelper: node " + std::to_string(uav->GetId()) + " is twice in the container");
    helper.Install(NodeContainer(uav));
    EXPECT_EQ(InvalidArgumentMessage([&]() { helper.Install(NodeContainer(uav)); }),
              "EnergyHelper: node " + std::to_string(uav->GetId()) +
                  " already has a ComputeEnergyModel");
    Simulator::Destroy();
}
