// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-test-utils.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/sagin-module.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::test::InvalidArgumentMessage;
using ns3::sagin::test::SeedController;
using ns3::sagin::test::UavObservation;

namespace
{

/**
 * @param type a learning controller's TypeId name
 * @param episodeSteps its EpisodeSteps (0: the algorithm's)
 * @return the controller in the seed environment's configuration
 */
Ptr<LearningSplitController>
Controller(const std::string& type, uint32_t episodeSteps = 0)
{
    return SeedController(type, {{"EpisodeSteps", std::to_string(episodeSteps)}});
}

/**
 * @param from the last split point
 * @param to the split chosen
 * @param reward its reward
 * @return the UAV's transition
 */
SplitTransition
Move(int32_t from, uint32_t to, double reward)
{
    SplitTransition transition;
    transition.observation = UavObservation(from);
    transition.split = to;
    transition.reward = reward;
    transition.next = UavObservation(static_cast<int32_t>(to));
    return transition;
}

/**
 * @param type a learning controller's TypeId name
 * @param stream its random stream
 * @param steps steps of training
 * @return the greedy effect after training in the seed environment
 */
double
TrainedGreedyEffect(const std::string& type, int64_t stream, uint32_t steps)
{
    auto environment = CreateObject<SeedSplitEnvironment>();
    ObjectFactory factory(type);
    factory.Set("State", EnumValue(LearningSplitController::LAST_SPLIT));
    auto controller = factory.Create<LearningSplitController>();
    environment->SetController(controller);
    controller->AssignStreams(stream);
    for (uint32_t i = 0; i < steps; ++i)
    {
        environment->Step();
    }
    return environment->GetGreedyEffect();
}

} // namespace

TEST(SeedSplitEnvironment, OptimumIsThePublishedOne)
{
    // Found by trying the 49 pairs: UAV split 1, vehicle split 5, effect ≈ 0.4248 (REFERENCE.md).
    auto environment = CreateObject<SeedSplitEnvironment>();
    const auto optimum = environment->GetOptimum();
    EXPECT_EQ(optimum.uavSplit, 1u);
    EXPECT_EQ(optimum.vehicleSplit, 5u);
    EXPECT_NEAR(optimum.effect, 0.4248, 5e-5);
}

TEST(SeedSplitEnvironment, StepsRewardTheChosenSplits)
{
    // A fixed controller at split 4: every step's rewards are TriCoCostModel's for split 4.
    auto environment = CreateObject<SeedSplitEnvironment>();
    auto fixed = CreateObject<FixedSplitController>();
    fixed->SetAttribute("Split", UintegerValue(4));
    environment->SetController(fixed);
    const auto model = environment->GetCostModel();
    const auto result = environment->Step();
    EXPECT_EQ(result.uavSplit, 4u);
    EXPECT_EQ(result.vehicleSplit, 4u);
    EXPECT_EQ(result.uavReward, model->Evaluate(TriCoCostModel::UAV, 4).reward);
    EXPECT_EQ(result.vehicleReward, model->Evaluate(TriCoCostModel::VEHICLE, 4).reward);
    EXPECT_DOUBLE_EQ(result.effect, model->GetEffect(4, 4));
    EXPECT_DOUBLE_EQ(environment->GetGreedyEffect(), model->GetEffect(4, 4));
    EXPECT_EQ(environment->GetSteps(), 1u);
}

TEST(QLearningSplitController, OneStepUpdateByHand)
{
    // γ 0.5, table at 0; the k-th update of an entry moves it by max(0.01, 1/k). From split 2 up
    // to 3 with reward −1: Q(2, up) = 0 + 1·(−1 + 0.5·max Q(3, ·) − 0) = −1; with reward −3:
    // −1 + (1/2)·(−3 + 0 + 1) = −2 (the average). Keeping and moving down are untouched.
    auto controller = Controller("ns3::sagin::QLearningSplitController", 1000);
    auto q = DynamicCast<QLearningSplitController>(controller);
    controller->Learn(Move(2, 3, -1.0));
    EXPECT_EQ(q->GetActionValues(UavObservation(2)), (std::vector<double>{0.0, 0.0, -1.0}));
    controller->Learn(Move(2, 3, -3.0));
    EXPECT_DOUBLE_EQ(q->GetActionValues(UavObservation(2))[2], -2.0);
    // The greedy move from 2 is to keep (0, the first of the highest): split 2.
    EXPECT_EQ(controller->GetGreedySplit(UavObservation(2)), 2u);
    // A positive reward for moving down from 4 makes it greedy: Q(4, down) = 1.
    controller->Learn(Move(4, 3, 1.0));
    EXPECT_EQ(controller->GetGreedySplit(UavObservation(4)), 3u);
    // From split 0 only keeping and moving up exist: Q(0, up) = −1 < Q(0, keep) = 0, and the
    // down move (0 in the table) is never taken.
    controller->Learn(Move(0, 1, -1.0));
    EXPECT_EQ(controller->GetGreedySplit(UavObservation(0)), 0u);
    // Entry (5, up): 100 updates of −1 (next state 6, untouched: 0) give −1; the 101st, with
    // reward 0, moves it by max(0.01, 1/101) = 0.01: −1 + 0.01·(0 + 1) = −0.99.
    for (int i = 0; i < 100; ++i)
    {
        controller->Learn(Move(5, 6, -1.0));
    }
    controller->Learn(Move(5, 6, 0.0));
    EXPECT_NEAR(q->GetActionValues(UavObservation(5))[2], -0.99, 1e-12);
}

TEST(QLearningSplitController, ThreeStepReturnsByHand)
{
    // n = 3, episodes of 3 steps, first updates (rate 1). Steps 0→1 (r −1), 1→2 (r −2), 2→3
    // (r −4); at the third: Q(0, up) = −1 + 0.5·(−2) + 0.25·(−4) + 0.125·0 = −3, then the
    // episode ends and the steps left take the shorter returns:
    // Q(1, up) = −2 + 0.5·(−4) + 0.25·0 = −4 and Q(2, up) = −4 + 0.5·0 = −4.
    auto controller = Controller("ns3::sagin::MultiStepQLearningSplitController", 3);
    auto q = DynamicCast<QLearningSplitController>(controller);
    EXPECT_EQ(q->GetReturnSteps(), 3u);
    controller->Learn(Move(0, 1, -1.0));
    controller->Learn(Move(1, 2, -2.0));
    // Nothing is updated before three steps are known.
    EXPECT_DOUBLE_EQ(q->GetActionValues(UavObservation(0))[2], 0.0);
    controller->Learn(Move(2, 3, -4.0));
    EXPECT_DOUBLE_EQ(q->GetActionValues(UavObservation(0))[2], -3.0);
    EXPECT_DOUBLE_EQ(q->GetActionValues(UavObservation(1))[2], -4.0);
    EXPECT_DOUBLE_EQ(q->GetActionValues(UavObservation(2))[2], -4.0);
}

TEST(QLearningSplitController, SharingByNodeOrRole)
{
    // By node, the UAV's lesson is not the vehicle's; by role, two UAVs share one table.
    auto byNode = Controller("ns3::sagin::QLearningSplitController", 1000);
    byNode->Learn(Move(2, 3, -1.0));
    SplitObservation other = UavObservation(2);
    other.node = 7;
    EXPECT_DOUBLE_EQ(DynamicCast<QLearningSplitController>(byNode)->GetActionValues(other)[2], 0.0);
    EXPECT_EQ(byNode->GetNAgents(), 2u);
    auto byRole = Controller("ns3::sagin::QLearningSplitController", 1000);
    byRole->SetAttribute("Sharing", EnumValue(LearningSplitController::PER_ROLE));
    byRole->Learn(Move(2, 3, -1.0));
    EXPECT_DOUBLE_EQ(DynamicCast<QLearningSplitController>(byRole)->GetActionValues(other)[2],
                     -1.0);
    EXPECT_EQ(byRole->GetNAgents(), 1u);
    EXPECT_EQ(byRole->GetAgentKey(other), "uav");
}

TEST(LearningSplitController, SaveLoadRoundTripAndRefusals)
{
    const auto folder = std::filesystem::temp_directory_path() / "sagin-policy-test";
    std::filesystem::create_directories(folder);
    const std::string path = (folder / "q.policy").string();
    auto environment = CreateObject<SeedSplitEnvironment>();
    auto trained = Controller("ns3::sagin::QLearningSplitController");
    environment->SetController(trained);
    trained->AssignStreams(3);
    for (int i = 0; i < 500; ++i)
    {
        environment->Step();
    }
    trained->Save(path);
    auto loaded = Controller("ns3::sagin::QLearningSplitController");
    loaded->Load(path);
    EXPECT_EQ(loaded->GetNAgents(), trained->GetNAgents());
    for (int32_t last = 0; last < 7; ++last)
    {
        for (uint32_t node : {0u, 1u})
        {
            SplitObservation observation = UavObservation(last);
            observation.node = node;
            EXPECT_EQ(DynamicCast<QLearningSplitController>(loaded)->GetActionValues(observation),
                      DynamicCast<QLearningSplitController>(trained)->GetActionValues(observation));
        }
    }

    // Another algorithm, another state, a damaged byte, a cut file, no file: one line each.
    auto multi = Controller("ns3::sagin::MultiStepQLearningSplitController");
    EXPECT_NE(InvalidArgumentMessage([&] { multi->Load(path); })
                  .find("written by ns3::sagin::QLearningSplitController, not "
                        "ns3::sagin::MultiStepQLearningSplitController"),
              std::string::npos);
    auto network = Controller("ns3::sagin::QLearningSplitController");
    network->SetAttribute("State", EnumValue(LearningSplitController::NETWORK));
    EXPECT_NE(InvalidArgumentMessage([&] {
                  network->Load(path);
              }).find("state kind (0 split, 1 network) 0"),
              std::string::npos);
    std::string bytes;
    {
        std::ifstream in(path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const std::string damaged = (folder / "damaged.policy").string();
    {
        std::string copy = bytes;
        copy[copy.size() / 2] ^= 0x10;
        std::ofstream(damaged, std::ios::binary) << copy;
    }
    EXPECT_NE(InvalidArgumentMessage([&] { loaded->Load(damaged); }).find("checksum mismatch"),
              std::string::npos);
    const std::string cut = (folder / "cut.policy").string();
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, 6);
    EXPECT_NE(InvalidArgumentMessage([&] { loaded->Load(cut); }).find("not a sagin policy file"),
              std::string::npos);
    EXPECT_NE(InvalidArgumentMessage([&] {
                  loaded->Load((folder / "none").string());
              }).find("cannot be read"),
              std::string::npos);
    // A device is read without end (it filled the memory): refused before reading.
    EXPECT_EQ(InvalidArgumentMessage([&] { loaded->Load("/dev/zero"); }),
              "policy file '/dev/zero': is not a regular file");
    // A refused file leaves the agents as they were.
    EXPECT_EQ(DynamicCast<QLearningSplitController>(loaded)->GetActionValues(UavObservation(1)),
              DynamicCast<QLearningSplitController>(trained)->GetActionValues(UavObservation(1)));
    std::filesystem::remove_all(folder);
}

TEST(LearningSplitController, SameStreamSameCurve)
{
    // The same stream gives the same decisions step by step; another stream other ones.
    auto run = [](int64_t stream) {
        auto environment = CreateObject<SeedSplitEnvironment>();
        auto controller = Controller("ns3::sagin::QLearningSplitController");
        environment->SetController(controller);
        controller->AssignStreams(stream);
        std::vector<double> curve;
        for (int i = 0; i < 300; ++i)
        {
            curve.push_back(environment->Step().effect);
        }
        return curve;
    };
    EXPECT_EQ(run(5), run(5));
    EXPECT_NE(run(5), run(6));
}

TEST(LearningSplitController, TabularAgentsReachTheOptimum)
{
    // 3,000 steps with the published hyper-parameters: the greedy policies reach the optimum
    // (within 1e-6) for at least 9 of 10 streams.
    const double optimum = CreateObject<SeedSplitEnvironment>()->GetOptimum().effect;
    for (const std::string type :
         {"ns3::sagin::QLearningSplitController", "ns3::sagin::MultiStepQLearningSplitController"})
    {
        int reached = 0;
        for (int64_t stream = 0; stream < 10; ++stream)
        {
            reached += std::abs(TrainedGreedyEffect(type, stream, 3000) - optimum) <= 1e-6;
        }
        EXPECT_GE(reached, 9) << type;
    }
}
