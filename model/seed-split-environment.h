// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SEED_SPLIT_ENVIRONMENT_H
#define SAGIN_SEED_SPLIT_ENVIRONMENT_H

#include "split-controller.h"
#include "tri-co-cost-model.h"

#include "ns3/object.h"
#include "ns3/ptr.h"

#include <cstdint>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The experiment of the first paper as an environment for split controllers: a UAV and
 *        a vehicle each choose one of the split points per step, rewarded by TriCoCostModel;
 *        the state is each device's last split.
 *
 * A step asks the controller for the UAV's split (observation: node 0, role "uav", 3 images)
 * and the vehicle's (node 1, role "vehicle", 1 image), each with its last split point, rewards
 * them with TriCoCostModel::Evaluate(), and gives each transition to Learn(). The devices
 * start from split 0, as the published experiment's episodes did, and restart from it after
 * the controller's episodes (LearningSplitController::GetEpisodeSteps(); never for other
 * controllers). The effect value of a step is |reward_UAV| + |reward_vehicle| (lower is
 * better); its least value over all pairs of split points is GetOptimum(), found by trying
 * them all.
 *
 * One controller decides for both devices (a LearningSplitController keeps an agent per node
 * or per role), or two controllers, one per device.
 */
class SeedSplitEnvironment : public Object
{
  public:
    /// What one step did.
    struct StepResult
    {
        uint32_t uavSplit{0};     //!< the UAV's split point
        uint32_t vehicleSplit{0}; //!< the vehicle's split point
        double uavReward{0};      //!< its reward
        double vehicleReward{0};  //!< the vehicle's reward
        double effect{0};         //!< |uavReward| + |vehicleReward|
    };

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    SeedSplitEnvironment();
    ~SeedSplitEnvironment() override;

    /// @return the cost model (its attributes are the experiment's)
    Ptr<TriCoCostModel> GetCostModel() const;

    /**
     * @return a SplitCostModel of the experiment's split points (elements and workloads of
     *         TriCoCostModel, its device profiles), for SplitController::Configure()
     */
    Ptr<SplitCostModel> MakeSplitCostModel() const;

    /**
     * @brief Use one controller for both devices, configured here.
     * @param controller the controller
     */
    void SetController(Ptr<SplitController> controller);

    /**
     * @brief Use a controller per device, each configured here.
     * @param uav the UAV's controller
     * @param vehicle the vehicle's controller
     */
    void SetControllers(Ptr<SplitController> uav, Ptr<SplitController> vehicle);

    /**
     * @brief One decision per device, its rewards, and the controllers' learning.
     * @return what the step did
     * @throws std::logic_error without controllers
     */
    StepResult Step();

    /**
     * @brief The effect of the greedy policies: each device starts from split 0 and follows
     *        its controller's greedy split (LearningSplitController::GetGreedySplit(), or
     *        Decide() for other controllers) for as many steps as there are split points.
     * @return |reward_UAV| + |reward_vehicle| at the splits reached
     */
    double GetGreedyEffect();

    /// @return the best pair of split points and its effect value
    TriCoCostModel::Optimum GetOptimum() const;

    /// @return the number of steps so far
    uint64_t GetSteps() const;

  protected:
    void DoDispose() override;

  private:
    /**
     * @param device a device
     * @return the observation of its next decision
     */
    SplitObservation Observe(TriCoCostModel::Device device) const;

    /**
     * @param device a device
     * @param last the split point before
     * @return the observation of a decision from that state
     */
    SplitObservation ObservationAt(TriCoCostModel::Device device, int32_t last) const;

    /**
     * @param device a device
     * @return its controller
     */
    Ptr<SplitController> ControllerOf(TriCoCostModel::Device device) const;

    Ptr<TriCoCostModel> m_costModel; //!< rewards
    Ptr<SplitController> m_uav;      //!< the UAV's controller
    Ptr<SplitController> m_vehicle;  //!< the vehicle's controller
    uint32_t m_last[2];              //!< each device's last split point
    uint32_t m_stepsInEpisode[2];    //!< each device's steps in the current episode
    uint64_t m_steps;                //!< steps so far
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SEED_SPLIT_ENVIRONMENT_H
