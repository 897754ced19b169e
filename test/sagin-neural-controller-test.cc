// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-test-utils.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/sagin-module.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::test::InvalidArgumentMessage;
using ns3::sagin::test::Python;
using ns3::sagin::test::ReadFile;
using ns3::sagin::test::RunCommand;
using ns3::sagin::test::SeedController;
using ns3::sagin::test::ShellQuote;
using ns3::sagin::test::SourcePath;
using ns3::sagin::test::TempFile;
using ns3::sagin::test::UavObservation;

namespace
{

/// The neural controllers.
const std::vector<std::string> NEURAL = {"ns3::sagin::ActorCriticSplitController",
                                         "ns3::sagin::PpoSplitController",
                                         "ns3::sagin::DqnSplitController"};

/// A step to learn: from the last split, the split taken, its reward.
struct Move
{
    int32_t from;  //!< last split
    uint32_t to;   //!< split
    double reward; //!< reward
};

/**
 * @param controller a controller
 * @param move a step
 */
void
Learn(Ptr<LearningSplitController> controller, const Move& move)
{
    SplitTransition transition;
    transition.observation = UavObservation(move.from);
    transition.split = move.to;
    transition.reward = move.reward;
    transition.next = UavObservation(static_cast<int32_t>(move.to));
    controller->Learn(transition);
}

/**
 * @param controller a controller
 * @return what its UAV agent computes for each last split: π and V, or Q
 */
std::vector<std::vector<double>>
Outputs(Ptr<LearningSplitController> controller)
{
    std::vector<std::vector<double>> outputs;
    for (int32_t last = 0; last < 7; ++last)
    {
        if (auto ac = DynamicCast<ActorCriticSplitController>(controller))
        {
            outputs.push_back(ac->GetPolicyAndValue(UavObservation(last)));
        }
        else if (auto ppo = DynamicCast<PpoSplitController>(controller))
        {
            outputs.push_back(ppo->GetPolicyAndValue(UavObservation(last)));
        }
        else
        {
            outputs.push_back(
                DynamicCast<DqnSplitController>(controller)->GetActionValues(UavObservation(last)));
        }
    }
    return outputs;
}

/**
 * @param type a controller's TypeId name
 * @param stream its stream
 * @param steps steps of training in the seed environment
 * @param curve if not null, receives each step's effect
 * @return the greedy effect after training
 */
double
Train(const std::string& type, int64_t stream, uint32_t steps, std::vector<double>* curve = nullptr)
{
    auto environment = CreateObject<SeedSplitEnvironment>();
    auto controller = SeedController(type);
    environment->SetController(controller);
    controller->AssignStreams(stream);
    for (uint32_t i = 0; i < steps; ++i)
    {
        const double effect = environment->Step().effect;
        if (curve)
        {
            curve->push_back(effect);
        }
    }
    return environment->GetGreedyEffect();
}

} // namespace

TEST(NeuralSplitControllers, UpdatesMatchPyTorch)
{
    // Each controller learns a few steps; test/learning-agents-reference.py reads its networks
    // before, applies the documented update with PyTorch's own Adam, and compares the result
    // with the networks after. Small networks (8 hidden units) keep the files short.
    if (RunCommand(ShellQuote(Python()) + " -c 'import torch'").exitStatus != 0)
    {
        GTEST_SKIP() << "PyTorch is not installed for " << Python();
    }

    struct Case
    {
        std::string algorithm;                                       //!< reference's name
        std::string type;                                            //!< TypeId
        std::vector<std::pair<std::string, std::string>> attributes; //!< settings
        std::string settings;                                        //!< the same, for Python
        uint32_t episodeSteps;                                       //!< steps per episode
    };

    const std::vector<Case> cases = {
        {"actor-critic",
         "ns3::sagin::ActorCriticSplitController",
         {{"HiddenUnits", "8"}},
         R"({"splits": 7, "lr": 0.001, "gamma": 0.99, "entropy": 0.01, "centering": 0.01})",
         10},
        // Rollouts of 4 steps, and every third step ends an episode (EpisodeSteps 3): GAE is
        // cut there. One minibatch per epoch, so the shuffled order does not change the sums.
        {"ppo",
         "ns3::sagin::PpoSplitController",
         {{"HiddenUnits", "8"},
          {"RolloutSteps", "4"},
          {"MinibatchSize", "4"},
          {"Epochs", "3"},
          {"EpisodeSteps", "3"}},
         R"({"splits": 7, "lr": 0.0003, "gamma": 0.99, "lambda": 0.95, "clip": 0.2,
             "epochs": 3, "rollout": 4, "value": 0.5, "entropy": 0.0, "norm": 0.5,
             "centering": 0.01})",
         3},
        // A replay of one step and batches of one: every update learns from the step just
        // taken with weight 1; the target network is copied after the fifth update.
        {"dqn",
         "ns3::sagin::DqnSplitController",
         {{"HiddenUnits", "8"},
          {"ReplayCapacity", "1"},
          {"BatchSize", "1"},
          {"TargetUpdateSteps", "5"}},
         R"({"splits": 7, "lr": 0.01, "gamma": 0.89, "target": 5, "norm": 10.0,
             "centering": 0.01})",
         10},
    };
    std::vector<Move> moves;
    for (int round = 0; round < 3; ++round)
    {
        for (const Move& move :
             {Move{0, 1, -0.34}, Move{1, 5, -0.09}, Move{5, 5, -0.087}, Move{5, 0, -0.44}})
        {
            moves.push_back(move);
        }
    }
    for (const auto& c : cases)
    {
        auto controller = SeedController(c.type, c.attributes);
        controller->AssignStreams(4);
        controller->GetGreedySplit(UavObservation(0)); // creates the agent
        const TempFile before("before.policy", "");
        controller->Save(before.Path());
        std::ostringstream steps;
        for (size_t i = 0; i < moves.size(); ++i)
        {
            Learn(controller, moves[i]);
            steps << moves[i].from << " " << moves[i].to << " " << moves[i].reward << " "
                  << ((i + 1) % c.episodeSteps == 0 ? 1 : 0) << "\n";
        }
        const TempFile after("after.policy", "");
        controller->Save(after.Path());
        const TempFile stepsFile("steps.txt", steps.str());
        const auto result = RunCommand(ShellQuote(Python()) + " " +
                                       ShellQuote(SourcePath("test/learning-agents-reference.py")) +
                                       " " + c.algorithm + " " + ShellQuote(before.Path()) + " " +
                                       ShellQuote(after.Path()) + " " +
                                       ShellQuote(stepsFile.Path()) + " " + ShellQuote(c.settings));
        ASSERT_EQ(result.exitStatus, 0) << c.algorithm << ": " << result.err;
        double difference = 1;
        double moved = 0;
        double meanDifference = 1;
        std::istringstream out(result.out);
        std::string word;
        out >> word >> difference >> word >> moved >> word >> word >> meanDifference;
        // float32 arithmetic in both, in possibly other orders: agreement to 1e-6 on weights of
        // order 0.1–1, while the steps moved some weight by far more than that.
        EXPECT_LT(difference, 1e-6) << c.algorithm << "\n" << result.out;
        EXPECT_GT(moved, 1e-4) << c.algorithm << "\n" << result.out;
        EXPECT_LT(meanDifference, 1e-12) << c.algorithm << "\n" << result.out;
    }
}

TEST(NeuralSplitControllers, RewardCenteringAndTimeLimits)
{
    // Actor-critic with centering 0.5: r̄ starts at the first reward, −0.4, so the first step
    // learns from r̃ = 0; the second (−0.2) moves r̄ to −0.4 + 0.5·(−0.2 + 0.4) = −0.3 and
    // learns from r̃ = +0.1. The agent's record ends with r̄ (a double) and a flag that it
    // started.
    auto controller =
        SeedController("ns3::sagin::ActorCriticSplitController", {{"RewardCentering", "0.5"}});
    controller->AssignStreams(1);
    Learn(controller, {0, 1, -0.4});
    Learn(controller, {1, 2, -0.2});
    const TempFile file("centre.policy", "");
    controller->Save(file.Path());
    const std::string bytes = ReadFile(file.Path());
    // The checksum closes the file: r̄ and the flag are the 9 bytes before its 4.
    double mean = 0;
    std::memcpy(&mean, bytes.data() + bytes.size() - 4 - 9, sizeof(mean));
    EXPECT_DOUBLE_EQ(mean, -0.3);
    EXPECT_EQ(bytes[bytes.size() - 4 - 1], 1);
}

TEST(NeuralSplitControllers, ReachTheOptimum)
{
    // The published experiment with 3,000 steps: the greedy policies reach the brute-force
    // optimum (UAV split 1, vehicle split 5, effect 0.4248) for at least 9 of 10 streams.
    const double optimum = CreateObject<SeedSplitEnvironment>()->GetOptimum().effect;
    for (const auto& type : NEURAL)
    {
        int reached = 0;
        for (int64_t stream = 0; stream < 10; ++stream)
        {
            reached += std::abs(Train(type, stream, 3000) - optimum) <= 1e-6;
        }
        EXPECT_GE(reached, 9) << type;
    }
}

TEST(NeuralSplitControllers, SameStreamSameCurve)
{
    for (const auto& type : NEURAL)
    {
        std::vector<double> first;
        std::vector<double> again;
        std::vector<double> other;
        Train(type, 7, 200, &first);
        Train(type, 7, 200, &again);
        Train(type, 8, 200, &other);
        EXPECT_EQ(first, again) << type;
        EXPECT_NE(first, other) << type;
    }
}

TEST(NeuralSplitControllers, SaveLoadRoundTripAndRefusals)
{
    const auto folder = std::filesystem::temp_directory_path() / "sagin-neural-policy-test";
    std::filesystem::create_directories(folder);
    for (const auto& type : NEURAL)
    {
        const std::string path = (folder / "trained.policy").string();
        auto environment = CreateObject<SeedSplitEnvironment>();
        auto trained = SeedController(type);
        environment->SetController(trained);
        trained->AssignStreams(2);
        for (int i = 0; i < 200; ++i)
        {
            environment->Step();
        }
        trained->Save(path);
        auto loaded = SeedController(type);
        loaded->Load(path);
        EXPECT_EQ(loaded->GetNAgents(), 2u) << type;
        EXPECT_EQ(Outputs(loaded), Outputs(trained)) << type;

        // Networks of another size: refused in one line naming the tensor; the agents stay.
        auto smaller = SeedController(type, {{"HiddenUnits", "16"}});
        const auto untouched = Outputs(smaller);
        const std::string message = InvalidArgumentMessage([&] { smaller->Load(path); });
        EXPECT_NE(message.find("policy file '" + path + "'"), std::string::npos) << message;
        EXPECT_NE(message.find("tensor 0 has another shape"), std::string::npos) << message;
        EXPECT_EQ(message.find('\n'), std::string::npos);
        EXPECT_EQ(Outputs(smaller), untouched) << type;

        // The loaded controller goes on learning and evaluates greedily without Training.
        auto continued = SeedController(type);
        continued->Load(path);
        continued->SetAttribute("Training", BooleanValue(false));
        EXPECT_EQ(continued->Decide(UavObservation(0)),
                  continued->GetGreedySplit(UavObservation(0)));
        Learn(continued, {0, 1, -0.3});
        EXPECT_EQ(Outputs(continued), Outputs(trained)) << type << ": learnt without Training";
    }
    // Without the dueling head the Q-network has 6 tensors, not 8.
    const std::string path = (folder / "dueling.policy").string();
    auto dueling = SeedController("ns3::sagin::DqnSplitController");
    dueling->GetGreedySplit(UavObservation(0));
    dueling->Save(path);
    auto plain = SeedController("ns3::sagin::DqnSplitController", {{"Dueling", "false"}});
    EXPECT_NE(InvalidArgumentMessage([&] {
                  plain->Load(path);
              }).find("Q-network with 8 tensors where 6 are needed"),
              std::string::npos);
    std::filesystem::remove_all(folder);
}

TEST(NeuralSplitControllers, VariantsLearn)
{
    // DQN without the dueling head, without double DQN or without prioritised replay still
    // reaches the optimum for stream 0 (a check that the options work, not a comparison).
    const double optimum = CreateObject<SeedSplitEnvironment>()->GetOptimum().effect;
    const std::vector<std::pair<std::string, std::pair<std::string, std::string>>> variants = {
        {"ns3::sagin::DqnSplitController", {"Dueling", "false"}},
        {"ns3::sagin::DqnSplitController", {"DoubleQ", "false"}},
        {"ns3::sagin::DqnSplitController", {"PrioritizedReplay", "false"}},
    };
    for (const auto& [type, attribute] : variants)
    {
        auto environment = CreateObject<SeedSplitEnvironment>();
        auto controller = SeedController(type, {attribute});
        environment->SetController(controller);
        controller->AssignStreams(0);
        for (int i = 0; i < 3000; ++i)
        {
            environment->Step();
        }
        EXPECT_NEAR(environment->GetGreedyEffect(), optimum, 1e-6) << attribute.first;
    }
}
