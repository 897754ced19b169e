// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_TRI_CO_COST_MODEL_H
#define SAGIN_TRI_CO_COST_MODEL_H

#include "device-profile.h"

#include "ns3/object.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The cost of one split decision under the Tri-Co model, with its parts.
 */
struct TriCoCost
{
    double deviceTimeS{0};    //!< T_dev: head computation on the device, in s
    double serverTimeS{0};    //!< T_srv: tail computation on the edge server, in s
    double txTimeS{0};        //!< T_tx: feature upload, in s
    double latencyS{0};       //!< T = T_dev + T_srv + T_tx, in s
    double computeEnergyJ{0}; //!< E_cmp: device and server computation, in J
    double txEnergyJ{0};      //!< E_tx: feature upload, in J
    double energyJ{0};        //!< E = E_cmp + E_tx, in J
    double privacy{0};        //!< confidentiality cost of the split, in [0, 1]
    double reward{0};         //!< -(w_T·T + w_E·E + w_P·privacy)
};

/**
 * @ingroup sagin
 * @brief The joint communication, computation and confidentiality (Tri-Co) cost of a split
 *        point, in the seed-compatible form of the published experiment.
 *
 * For device d (UAV or vehicle) taking n_d images per decision and split point i:
 *
 *     T_dev = W_dev[i]·n / (F_d·u_d)            T_srv = W_srv[i]·n / (F_s·u_s + g)
 *     T_tx  = elements[i] / R · n               T     = T_dev + T_srv + T_tx
 *     E_cmp = (W_dev[i]·P_d/F_d + W_srv[i]·P_s·u_s/F_s)·n
 *     E_tx  = n·p·T_tx                          E     = E_cmp + E_tx
 *     reward = -(w_T·T + w_E·E + w_P·privacy[i])
 *
 * with W_dev[i] = HeadLoadsGflop[i]·1e9, W_srv[i] = (ModelLoadGflop - HeadLoadsGflop[i])·1e9,
 * F, u and P the peak rate, utilisation and busy power of the device profiles (UavProfile,
 * VehicleProfile, ServerProfile), R = UplinkRateElementsPerSecond, p = TxPowerW and
 * g = ServerRateGuardFlopsPerSecond. The effect value of a pair of decisions is
 * |reward_UAV| + |reward_vehicle| (lower is better).
 *
 * The experiment's quirks are kept on purpose, so that its figures are reproduced exactly:
 *  - the device's compute energy ignores its utilisation while its compute time uses it;
 *  - the server's compute energy multiplies by its utilisation instead of dividing;
 *  - E_tx multiplies by n although T_tx already did (n² in all);
 *  - the exchanged elements at split 4 are 1,179,628 (the true count is 1,179,648);
 *  - the server rate has a guard g = 1e-8 FLOP/s added; the reward is not normalised.
 *
 * The physical cost model of the simulation (rates from geometry, energy from busy time) does
 * not share these quirks.
 */
class TriCoCostModel : public Object
{
  public:
    /// The two kinds of requesting device of the experiment.
    enum Device
    {
        UAV = 0,    //!< UAV with a Quadro P400
        VEHICLE = 1 //!< vehicle with a DRIVE AGX Xavier
    };

    /// The pair of split points with the lowest effect value.
    struct Optimum
    {
        uint32_t uavSplit{0};     //!< best split for the UAV
        uint32_t vehicleSplit{0}; //!< best split for the vehicle
        double effect{0};         //!< |reward_UAV| + |reward_vehicle| at those splits
    };

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    TriCoCostModel();
    ~TriCoCostModel() override;

    /**
     * @return the number of split points, the common length of PrivacyCosts,
     *         ExchangedElements and HeadLoadsGflop
     * @throws std::invalid_argument when those lengths differ or are zero
     */
    uint32_t GetNSplits() const;

    /**
     * @brief Cost of a split decision.
     * @param device the requesting device
     * @param split the split point, 0 .. GetNSplits() - 1
     * @return the cost and its parts
     * @throws std::invalid_argument when the split is out of range or the attributes are
     *         inconsistent (the message names the attribute)
     */
    TriCoCost Evaluate(Device device, uint32_t split) const;

    /**
     * @param uavSplit the UAV's split point
     * @param vehicleSplit the vehicle's split point
     * @return |reward_UAV| + |reward_vehicle|
     */
    double GetEffect(uint32_t uavSplit, uint32_t vehicleSplit) const;

    /**
     * @brief Search every pair of split points for the lowest effect value.
     * @return the best pair (the lowest indices among equal values)
     */
    Optimum FindOptimum() const;

    /**
     * @param device a device
     * @return its lower-case name: "uav" or "vehicle"
     */
    static std::string GetDeviceName(Device device);

    /**
     * @param device a device
     * @return the device profile used for it
     */
    Ptr<DeviceProfile> GetDeviceProfile(Device device) const;

    /// @return the edge server's profile
    Ptr<DeviceProfile> GetServerProfile() const;

    /**
     * @param device a device
     * @return the number of images per decision (UavImages or VehicleImages)
     */
    uint32_t GetImages(Device device) const;

  private:
    Ptr<DeviceProfile> m_uavProfile;           //!< UAV compute profile
    Ptr<DeviceProfile> m_vehicleProfile;       //!< vehicle compute profile
    Ptr<DeviceProfile> m_serverProfile;        //!< edge-server compute profile
    uint32_t m_uavImages;                      //!< images per UAV decision
    uint32_t m_vehicleImages;                  //!< images per vehicle decision
    double m_uplinkRateElementsPerSecond;      //!< R, in tensor elements per second
    double m_txPowerW;                         //!< p, in W
    double m_serverRateGuardFlopsPerSecond;    //!< g, in FLOP/s
    double m_latencyWeight;                    //!< w_T, per s
    double m_energyWeight;                     //!< w_E, per J
    double m_privacyWeight;                    //!< w_P
    std::vector<double> m_privacyCosts;        //!< confidentiality cost per split
    std::vector<uint64_t> m_exchangedElements; //!< feature elements per split
    std::vector<double> m_headLoadsGflop;      //!< cumulative device workload per split, GFLOP
    double m_modelLoadGflop;                   //!< whole-model workload, GFLOP
};

} // namespace sagin
} // namespace ns3

#endif /* SAGIN_TRI_CO_COST_MODEL_H */
