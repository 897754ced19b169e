// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_DEVICE_PROFILE_H
#define SAGIN_DEVICE_PROFILE_H

#include "ns3/nstime.h"
#include "ns3/object.h"

#include <string>
#include <vector>

/**
 * @defgroup sagin SAGIN split-inference cross-view localization
 *
 * LEO satellites, UAVs, vehicles and base stations of a space-air-ground integrated network,
 * whose applications split a neural network between device and edge server and send the
 * intermediate features over links whose rate follows the geometry.
 */

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The compute capability and power draw of one device: a UAV's GPU, a vehicle's
 *        computer, a base station's edge server or a satellite's payload.
 *
 * A workload of W floating-point operations takes W / (PeakFlopsPerSecond × Utilisation)
 * seconds of simulated time and draws BusyPowerW meanwhile; IdlePowerW is drawn otherwise.
 * Simulated compute time never depends on how fast the host runs.
 *
 * Built-in profiles (GetBuiltin()):
 * | name               | device                      | peak FLOP/s | utilisation | busy W |
 * |--------------------|-----------------------------|-------------|-------------|--------|
 * | `quadro-p400`      | NVIDIA Quadro P400 (UAV)    | 0.641e12    | 0.1         | 30     |
 * | `drive-agx-xavier` | NVIDIA DRIVE AGX Xavier (vehicle) | 1.3e12 | 0.1       | 20     |
 * | `edge-server`      | base-station edge server    | 330e12      | 0.1         | 450    |
 * | `satellite-payload`| NVIDIA Jetson TX2i (satellite) | 645.12e9 | 0.1      | 20     |
 *
 * The first three are the figures of the published experiment (FP32 peak rates and maximum
 * power). Its idle power is not given, so the built-ins idle at 0 W; set IdlePowerW to model it.
 * The experiment has no on-board computer for satellites; `satellite-payload` is the
 * industrial-grade Jetson TX2i, the embedded GPU module flown on small satellites (e.g. the
 * CORGI board of the MOCI 6U CubeSat) and radiation-tested for low Earth orbit: 256 Pascal CUDA
 * cores at up to 1.26 GHz, 2 FLOP per core and cycle (fused multiply-add), i.e.
 * 256 × 2 × 1.26e9 = 645.12e9 FP32 FLOP/s, and a 20 W maximum module power (NVIDIA's Jetson
 * TX2i data sheet: 10 W to 20 W), with the experiment's utilisation 0.1.
 *
 * A user-defined profile is an instance with its attributes set, also from a string wherever a
 * profile attribute is expected:
 * `ns3::sagin::DeviceProfile[PeakFlopsPerSecond=2e12|BusyPowerW=15]`.
 */
class DeviceProfile : public Object
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    DeviceProfile();
    ~DeviceProfile() override;

    /**
     * @brief Create a new instance of a built-in profile.
     * @param name one of GetBuiltinNames()
     * @return the profile
     * @throws std::invalid_argument naming the known profiles when @p name is unknown
     */
    static Ptr<DeviceProfile> GetBuiltin(const std::string& name);

    /**
     * @return the names of the built-in profiles, in the order of the table above
     */
    static std::vector<std::string> GetBuiltinNames();

    /// @return the profile's name
    std::string GetName() const;
    /// @return the peak rate, in FLOP/s
    double GetPeakFlopsPerSecond() const;
    /// @return the share of the peak rate that a workload achieves, in (0, 1]
    double GetUtilisation() const;
    /// @return the power drawn while computing, in W
    double GetBusyPowerW() const;
    /// @return the power drawn while not computing, in W
    double GetIdlePowerW() const;

    /**
     * @return the sustained rate PeakFlopsPerSecond × Utilisation, in FLOP/s
     * @throws std::invalid_argument when the peak rate or the utilisation is not positive
     */
    double GetEffectiveFlopsPerSecond() const;

    /**
     * @brief Simulated time to compute a workload.
     * @param flop the workload, in floating-point operations (>= 0)
     * @return flop / GetEffectiveFlopsPerSecond()
     * @throws std::invalid_argument when @p flop is negative or not finite
     */
    Time GetComputeTime(double flop) const;

    /**
     * @brief Energy to compute a workload.
     * @param flop the workload, in floating-point operations (>= 0)
     * @return BusyPowerW × compute time, in J
     */
    double GetComputeEnergyJ(double flop) const;

    /**
     * @brief Energy drawn while idle.
     * @param duration the idle time (>= 0)
     * @return IdlePowerW × duration, in J
     */
    double GetIdleEnergyJ(Time duration) const;

  private:
    /**
     * @brief Check the attributes that a computation needs.
     * @throws std::invalid_argument naming the first attribute out of range
     */
    void CheckComputable() const;

    std::string m_name;          //!< profile name, for traces and messages
    double m_peakFlopsPerSecond; //!< peak rate, in FLOP/s
    double m_utilisation;        //!< achieved share of the peak rate
    double m_busyPowerW;         //!< power while computing, in W
    double m_idlePowerW;         //!< power while idle, in W
};

} // namespace sagin
} // namespace ns3

#endif /* SAGIN_DEVICE_PROFILE_H */
