// SPDX-License-Identifier: GPL-2.0-only

#include "seed-split-environment.h"

#include "learning-split-controller.h"

#include "ns3/log.h"
#include "ns3/pointer.h"

#include <cmath>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginSeedSplitEnvironment");

NS_OBJECT_ENSURE_REGISTERED(SeedSplitEnvironment);

TypeId
SeedSplitEnvironment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::SeedSplitEnvironment")
                            .SetParent<Object>()
                            .SetGroupName("Sagin")
                            .AddConstructor<SeedSplitEnvironment>()
                            .AddAttribute("CostModel",
                                          "The Tri-Co cost model that rewards the decisions.",
                                          PointerValue(),
                                          MakePointerAccessor(&SeedSplitEnvironment::m_costModel),
                                          MakePointerChecker<TriCoCostModel>());
    return tid;
}

SeedSplitEnvironment::SeedSplitEnvironment()
    : m_costModel(CreateObject<TriCoCostModel>()),
      m_last{0, 0},
      m_stepsInEpisode{0, 0},
      m_steps(0)
{
    NS_LOG_FUNCTION(this);
}

SeedSplitEnvironment::~SeedSplitEnvironment()
{
    NS_LOG_FUNCTION(this);
}

void
SeedSplitEnvironment::DoDispose()
{
    m_costModel = nullptr;
    m_uav = nullptr;
    m_vehicle = nullptr;
    Object::DoDispose();
}

Ptr<TriCoCostModel>
SeedSplitEnvironment::GetCostModel() const
{
    return m_costModel;
}

Ptr<SplitCostModel>
SeedSplitEnvironment::MakeSplitCostModel() const
{
    std::vector<SplitPointProfile> profiles(m_costModel->GetNSplits());
    for (uint32_t i = 0; i < profiles.size(); ++i)
    {
        profiles[i].split = i;
        profiles[i].name = "split " + std::to_string(i);
    }
    auto model = CreateObject<SplitCostModel>();
    model->SetProfiles(profiles);
    model->SetDeviceProfile("uav", m_costModel->GetDeviceProfile(TriCoCostModel::UAV));
    model->SetDeviceProfile("vehicle", m_costModel->GetDeviceProfile(TriCoCostModel::VEHICLE));
    model->SetServerProfile(m_costModel->GetServerProfile());
    return model;
}

void
SeedSplitEnvironment::SetController(Ptr<SplitController> controller)
{
    SetControllers(controller, controller);
}

void
SeedSplitEnvironment::SetControllers(Ptr<SplitController> uav, Ptr<SplitController> vehicle)
{
    if (!uav || !vehicle)
    {
        throw std::invalid_argument("SeedSplitEnvironment: null controller");
    }
    const Ptr<SplitCostModel> model = MakeSplitCostModel();
    uav->Configure(model);
    if (vehicle != uav)
    {
        vehicle->Configure(model);
    }
    m_uav = uav;
    m_vehicle = vehicle;
    m_last[0] = m_last[1] = 0;
    m_stepsInEpisode[0] = m_stepsInEpisode[1] = 0;
    m_steps = 0;
}

Ptr<SplitController>
SeedSplitEnvironment::ControllerOf(TriCoCostModel::Device device) const
{
    if (!m_uav)
    {
        throw std::logic_error("SeedSplitEnvironment: no controller was set");
    }
    return device == TriCoCostModel::UAV ? m_uav : m_vehicle;
}

SplitObservation
SeedSplitEnvironment::ObservationAt(TriCoCostModel::Device device, int32_t last) const
{
    SplitObservation observation;
    observation.timeS = static_cast<double>(m_steps);
    observation.node = static_cast<uint32_t>(device);
    observation.role = TriCoCostModel::GetDeviceName(device);
    observation.nImages = m_costModel->GetImages(device);
    observation.lastSplit = last;
    return observation;
}

SplitObservation
SeedSplitEnvironment::Observe(TriCoCostModel::Device device) const
{
    return ObservationAt(device, static_cast<int32_t>(m_last[device]));
}

SeedSplitEnvironment::StepResult
SeedSplitEnvironment::Step()
{
    StepResult result;
    for (auto device : {TriCoCostModel::UAV, TriCoCostModel::VEHICLE})
    {
        Ptr<SplitController> controller = ControllerOf(device);
        const SplitObservation observation = Observe(device);
        const uint32_t split = controller->Decide(observation);
        const TriCoCost cost = m_costModel->Evaluate(device, split);
        // The episode of a learning controller ends here: the next state is the restart's.
        auto learning = DynamicCast<LearningSplitController>(controller);
        const uint32_t episode = learning ? learning->GetEpisodeSteps() : 0;
        const bool restart = episode > 0 && ++m_stepsInEpisode[device] >= episode;
        SplitTransition transition;
        transition.observation = observation;
        transition.split = split;
        transition.latencyS = cost.latencyS;
        transition.energyJ = cost.energyJ;
        transition.privacy = cost.privacy;
        transition.reward = cost.reward;
        m_last[device] = split;
        transition.next = Observe(device);
        controller->Learn(transition);
        if (restart)
        {
            m_stepsInEpisode[device] = 0;
            m_last[device] = 0;
        }
        if (device == TriCoCostModel::UAV)
        {
            result.uavSplit = split;
            result.uavReward = cost.reward;
        }
        else
        {
            result.vehicleSplit = split;
            result.vehicleReward = cost.reward;
        }
    }
    result.effect = std::abs(result.uavReward) + std::abs(result.vehicleReward);
    ++m_steps;
    return result;
}

double
SeedSplitEnvironment::GetGreedyEffect()
{
    double effect = 0;
    for (auto device : {TriCoCostModel::UAV, TriCoCostModel::VEHICLE})
    {
        Ptr<SplitController> controller = ControllerOf(device);
        auto learning = DynamicCast<LearningSplitController>(controller);
        uint32_t split = 0;
        for (uint32_t k = 0; k < m_costModel->GetNSplits(); ++k)
        {
            const SplitObservation observation = ObservationAt(device, static_cast<int32_t>(split));
            split =
                learning ? learning->GetGreedySplit(observation) : controller->Decide(observation);
        }
        effect += std::abs(m_costModel->Evaluate(device, split).reward);
    }
    return effect;
}

TriCoCostModel::Optimum
SeedSplitEnvironment::GetOptimum() const
{
    return m_costModel->FindOptimum();
}

uint64_t
SeedSplitEnvironment::GetSteps() const
{
    return m_steps;
}

} // namespace sagin
} // namespace ns3
