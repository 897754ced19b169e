// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_COMPUTE_ENERGY_MODEL_H
#define SAGIN_COMPUTE_ENERGY_MODEL_H

#include "device-profile.h"

#include "ns3/device-energy-model.h"
#include "ns3/energy-source.h"
#include "ns3/event-id.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"
#include "ns3/traced-value.h"

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The energy a node's processor draws from an ns-3 EnergySource: the DeviceProfile's
 *        BusyPowerW while it computes, its IdlePowerW otherwise.
 *
 * Compute() starts a workload now, or right after the workloads already accepted (one
 * processor, first come first served), and returns when it will be done; the model switches
 * itself between IDLE and BUSY at those moments. Before every switch it charges the elapsed
 * time to its counters and calls the source's UpdateEnergySource(), so that the source charges
 * the previous state's current up to that moment, as ns-3's device energy models do.
 *
 * The current asked of the source is I = P / V, P the present state's power and V the source's
 * supply voltage when the source asks (at every update), so the power drawn stays P when a
 * battery's voltage sags (LiIonEnergySource).
 *
 * When the source reports depletion the model stops drawing power, abandons the computation
 * in progress and the queued ones, fires Depletion once, and refuses new workloads until the
 * source reports that it is recharged.
 *
 * Attribute: Profile (DeviceProfile: FLOP/s, BusyPowerW and IdlePowerW in W), required before
 * Compute(). Trace sources: TotalEnergyConsumption (J, updated at every change of state) and
 * Depletion (the node, once per depletion).
 */
class ComputeEnergyModel : public DeviceEnergyModel
{
  public:
    /// The states of the processor, for ChangeState().
    enum State
    {
        IDLE = 0, //!< not computing: IdlePowerW
        BUSY = 1  //!< computing: BusyPowerW
    };

    /**
     * @brief TracedCallback signature of a depletion.
     * @param node the node whose energy source is depleted
     */
    typedef void (*DepletionTracedCallback)(Ptr<Node> node);

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    ComputeEnergyModel();
    ~ComputeEnergyModel() override;

    /// @return the device profile (null when not set)
    Ptr<DeviceProfile> GetProfile() const;

    /**
     * @brief Set the device profile; the power it gives applies from now on.
     * @param profile the profile
     */
    void SetProfile(Ptr<DeviceProfile> profile);

    /// @return the energy source (null when not set)
    Ptr<EnergySource> GetEnergySource() const;

    /**
     * @brief The model to append to the energy source instead of this one when this one is
     *        aggregated to its node.
     *
     * ns-3's Object::Initialize() and Dispose() walk all the objects aggregated to a node, and
     * the EnergySourceContainer aggregated to the node initialises and disposes its sources'
     * models; a model both aggregated to the node and appended to a source would be
     * initialised (and disposed) recursively without end. The returned model is not
     * aggregated; it passes the source's calls (current, depletion, recharge) to this one.
     * EnergyHelper uses it.
     * @return the forwarding model, the same for every call
     */
    Ptr<DeviceEnergyModel> GetSourceLink();

    /**
     * @brief Start a workload now, or when the processor finishes the workloads it has.
     * @param flop the workload, in floating-point operations (>= 0)
     * @return the time from now until the workload is done: its compute time
     *         (DeviceProfile::GetComputeTime()) plus the wait for the earlier workloads; a
     *         negative time (-1 time step) when the energy source is depleted, and nothing is
     *         computed
     * @throws std::invalid_argument when no Profile or energy source is set, or when @p flop
     *         is negative or not finite
     */
    Time Compute(double flop);

    /**
     * @brief The energy charged for a workload, for records.
     * @param flop the workload, in floating-point operations (>= 0)
     * @return BusyPowerW × compute time, in J
     * @throws std::invalid_argument when no Profile is set or @p flop is invalid
     */
    double GetComputeEnergyJ(double flop) const;

    /// @return whether the processor is computing now
    bool IsBusy() const;

    /// @return whether the energy source has reported depletion (and no recharge since)
    bool IsDepleted() const;

    /// @return when the workloads accepted so far will be done (now or earlier when idle)
    Time GetBusyUntil() const;

    /// @return the time spent computing so far
    Time GetBusyTime() const;

    /// @return the energy drawn while computing so far, in J
    double GetBusyEnergyJ() const;

    /// @return the energy drawn while idle so far, in J
    double GetIdleEnergyJ() const;

    /// @return the power drawn now, in W (0 when depleted, without a profile or without a
    ///         source)
    double GetPowerW() const;

    // DeviceEnergyModel
    void SetEnergySource(Ptr<EnergySource> source) override;
    /// @return busy power × busy time + idle power × idle time so far, in J
    double GetTotalEnergyConsumption() const override;
    /**
     * @brief Switch to IDLE or BUSY now (Compute() does it; call it only to drive the model by
     *        hand).
     * @param newState IDLE or BUSY
     * @throws std::invalid_argument for another value
     */
    void ChangeState(int newState) override;
    void HandleEnergyDepletion() override;
    void HandleEnergyRecharged() override;
    void HandleEnergyChanged() override;

  protected:
    void DoDispose() override;

  private:
    double DoGetCurrentA() const override;

    /// Charge the time since the last update to the counters at the present power.
    void Accumulate();

    /// End of the accepted workloads.
    void EndBusy();

    /// @return a std::invalid_argument naming the node, with @p what
    std::invalid_argument Error(const std::string& what) const;

    Ptr<DeviceProfile> m_profile;               //!< power and speed
    Ptr<EnergySource> m_source;                 //!< the energy source
    bool m_busy;                                //!< whether computing
    bool m_depleted;                            //!< whether the source is depleted
    Time m_busyUntil;                           //!< end of the accepted workloads
    Time m_lastUpdate;                          //!< when the counters were last updated
    Time m_busyTime;                            //!< time spent computing
    double m_busyEnergyJ;                       //!< energy drawn while computing, J
    double m_idleEnergyJ;                       //!< energy drawn while idle, J
    EventId m_endEvent;                         //!< end of the accepted workloads
    Ptr<DeviceEnergyModel> m_sourceLink;        //!< see GetSourceLink()
    TracedValue<double> m_totalEnergyJ;         //!< energy drawn, J (at the last update)
    TracedCallback<Ptr<Node>> m_depletionTrace; //!< the source is depleted
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_COMPUTE_ENERGY_MODEL_H
