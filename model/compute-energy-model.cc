// SPDX-License-Identifier: GPL-2.0-only

#include "compute-energy-model.h"

#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

#include <cmath>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginComputeEnergyModel");

NS_OBJECT_ENSURE_REGISTERED(ComputeEnergyModel);

namespace
{

/**
 * The model an energy source holds for a ComputeEnergyModel aggregated to a node
 * (ComputeEnergyModel::GetSourceLink()): it passes every call to that model.
 */
class ComputeEnergySourceLink : public DeviceEnergyModel
{
  public:
    /// @return the object TypeId
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::sagin::ComputeEnergySourceLink")
                                .SetParent<DeviceEnergyModel>()
                                .SetGroupName("Sagin");
        return tid;
    }

    /// @param model the model to pass the calls to
    explicit ComputeEnergySourceLink(Ptr<ComputeEnergyModel> model)
        : m_model(model)
    {
    }

    void SetEnergySource(Ptr<EnergySource> source) override
    {
        m_model->SetEnergySource(source);
    }

    double GetTotalEnergyConsumption() const override
    {
        return m_model->GetTotalEnergyConsumption();
    }

    void ChangeState(int newState) override
    {
        m_model->ChangeState(newState);
    }

    void HandleEnergyDepletion() override
    {
        m_model->HandleEnergyDepletion();
    }

    void HandleEnergyRecharged() override
    {
        m_model->HandleEnergyRecharged();
    }

    void HandleEnergyChanged() override
    {
        m_model->HandleEnergyChanged();
    }

  private:
    double DoGetCurrentA() const override
    {
        return m_model->GetCurrentA();
    }

    Ptr<ComputeEnergyModel> m_model; //!< the model aggregated to the node
};

} // namespace

TypeId
ComputeEnergyModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::ComputeEnergyModel")
            .SetParent<DeviceEnergyModel>()
            .SetGroupName("Sagin")
            .AddConstructor<ComputeEnergyModel>()
            .AddAttribute("Profile",
                          "The device profile: compute rate, busy and idle power (W). Required "
                          "before Compute().",
                          PointerValue(),
                          MakePointerAccessor(&ComputeEnergyModel::SetProfile,
                                              &ComputeEnergyModel::GetProfile),
                          MakePointerChecker<DeviceProfile>())
            .AddTraceSource("TotalEnergyConsumption",
                            "Energy drawn so far, in J, updated at every change of state.",
                            MakeTraceSourceAccessor(&ComputeEnergyModel::m_totalEnergyJ),
                            "ns3::TracedValueCallback::Double")
            .AddTraceSource("Depletion",
                            "The energy source reports depletion: the node (once per depletion).",
                            MakeTraceSourceAccessor(&ComputeEnergyModel::m_depletionTrace),
                            "ns3::sagin::ComputeEnergyModel::DepletionTracedCallback");
    return tid;
}

ComputeEnergyModel::ComputeEnergyModel()
    : m_busy(false),
      m_depleted(false),
      m_busyUntil(Simulator::Now()),
      m_lastUpdate(Simulator::Now()),
      m_busyEnergyJ(0.0),
      m_idleEnergyJ(0.0),
      m_totalEnergyJ(0.0)
{
    NS_LOG_FUNCTION(this);
}

ComputeEnergyModel::~ComputeEnergyModel()
{
    NS_LOG_FUNCTION(this);
}

void
ComputeEnergyModel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_endEvent.Cancel();
    m_source = nullptr;
    m_profile = nullptr;
    m_sourceLink = nullptr;
    DeviceEnergyModel::DoDispose();
}

Ptr<DeviceProfile>
ComputeEnergyModel::GetProfile() const
{
    return m_profile;
}

void
ComputeEnergyModel::SetProfile(Ptr<DeviceProfile> profile)
{
    NS_LOG_FUNCTION(this << profile);
    if (m_source)
    {
        Accumulate();
        m_source->UpdateEnergySource();
    }
    m_profile = profile;
}

Ptr<EnergySource>
ComputeEnergyModel::GetEnergySource() const
{
    return m_source;
}

Ptr<DeviceEnergyModel>
ComputeEnergyModel::GetSourceLink()
{
    if (!m_sourceLink)
    {
        m_sourceLink = CreateObject<ComputeEnergySourceLink>(this);
    }
    return m_sourceLink;
}

void
ComputeEnergyModel::SetEnergySource(Ptr<EnergySource> source)
{
    NS_LOG_FUNCTION(this << source);
    if (!source)
    {
        throw Error("no energy source (null pointer)");
    }
    // Energy counts from the moment a source supplies it.
    Accumulate();
    m_source = source;
}

std::invalid_argument
ComputeEnergyModel::Error(const std::string& what) const
{
    const Ptr<Node> node = m_source ? m_source->GetNode() : nullptr;
    return std::invalid_argument("ComputeEnergyModel" +
                                 (node ? " of node " + std::to_string(node->GetId()) : "") + ": " +
                                 what);
}

Time
ComputeEnergyModel::Compute(double flop)
{
    NS_LOG_FUNCTION(this << flop);
    if (!m_profile)
    {
        throw Error("no Profile set");
    }
    if (!m_source)
    {
        throw Error("no energy source set");
    }
    const Time computeTime = m_profile->GetComputeTime(flop);
    if (m_depleted)
    {
        NS_LOG_LOGIC("energy source depleted: workload refused");
        return TimeStep(-1);
    }
    const Time now = Simulator::Now();
    const Time start = std::max(now, m_busyUntil);
    if (computeTime.IsZero())
    {
        return start - now;
    }
    if (!m_busy)
    {
        ChangeState(BUSY);
        if (m_depleted)
        {
            return TimeStep(-1);
        }
    }
    m_busyUntil = start + computeTime;
    m_endEvent.Cancel();
    m_endEvent = Simulator::Schedule(m_busyUntil - now, &ComputeEnergyModel::EndBusy, this);
    return m_busyUntil - now;
}

double
ComputeEnergyModel::GetComputeEnergyJ(double flop) const
{
    if (!m_profile)
    {
        throw Error("no Profile set");
    }
    return m_profile->GetComputeEnergyJ(flop);
}

bool
ComputeEnergyModel::IsBusy() const
{
    return m_busy;
}

bool
ComputeEnergyModel::IsDepleted() const
{
    return m_depleted;
}

Time
ComputeEnergyModel::GetBusyUntil() const
{
    return m_busyUntil;
}

double
ComputeEnergyModel::GetPowerW() const
{
    if (m_depleted || !m_profile || !m_source)
    {
        return 0.0;
    }
    return m_busy ? m_profile->GetBusyPowerW() : m_profile->GetIdlePowerW();
}

Time
ComputeEnergyModel::GetBusyTime() const
{
    const bool drawing = m_busy && !m_depleted && m_source;
    return m_busyTime + (drawing ? Simulator::Now() - m_lastUpdate : Time(0));
}

double
ComputeEnergyModel::GetBusyEnergyJ() const
{
    const double pendingJ = (Simulator::Now() - m_lastUpdate).GetSeconds() * GetPowerW();
    return m_busyEnergyJ + (m_busy ? pendingJ : 0.0);
}

double
ComputeEnergyModel::GetIdleEnergyJ() const
{
    const double pendingJ = (Simulator::Now() - m_lastUpdate).GetSeconds() * GetPowerW();
    return m_idleEnergyJ + (m_busy ? 0.0 : pendingJ);
}

double
ComputeEnergyModel::GetTotalEnergyConsumption() const
{
    return GetBusyEnergyJ() + GetIdleEnergyJ();
}

void
ComputeEnergyModel::Accumulate()
{
    const Time now = Simulator::Now();
    const Time elapsed = now - m_lastUpdate;
    const double energyJ = elapsed.GetSeconds() * GetPowerW();
    if (m_busy && !m_depleted && m_source)
    {
        m_busyTime += elapsed;
    }
    (m_busy ? m_busyEnergyJ : m_idleEnergyJ) += energyJ;
    m_lastUpdate = now;
    m_totalEnergyJ = m_busyEnergyJ + m_idleEnergyJ;
}

void
ComputeEnergyModel::ChangeState(int newState)
{
    NS_LOG_FUNCTION(this << newState);
    if (newState != IDLE && newState != BUSY)
    {
        throw Error("unknown state " + std::to_string(newState) + " (0: IDLE, 1: BUSY)");
    }
    Accumulate();
    if (m_source)
    {
        // The source charges the present state up to now; it may report depletion meanwhile.
        m_source->UpdateEnergySource();
    }
    if (m_depleted)
    {
        return;
    }
    m_busy = newState == BUSY;
    NS_LOG_DEBUG("state " << (m_busy ? "BUSY" : "IDLE") << " at " << Simulator::Now().As(Time::S));
}

void
ComputeEnergyModel::EndBusy()
{
    NS_LOG_FUNCTION(this);
    ChangeState(IDLE);
}

void
ComputeEnergyModel::HandleEnergyDepletion()
{
    NS_LOG_FUNCTION(this);
    if (m_depleted)
    {
        return;
    }
    // The source has charged everything up to now; from now on nothing is drawn.
    Accumulate();
    m_depleted = true;
    m_busy = false;
    m_endEvent.Cancel();
    m_busyUntil = Simulator::Now();
    NS_LOG_DEBUG("energy source depleted at " << Simulator::Now().As(Time::S));
    m_depletionTrace(m_source ? m_source->GetNode() : nullptr);
}

void
ComputeEnergyModel::HandleEnergyRecharged()
{
    NS_LOG_FUNCTION(this);
    if (!m_depleted)
    {
        return;
    }
    Accumulate();
    m_depleted = false;
}

void
ComputeEnergyModel::HandleEnergyChanged()
{
    NS_LOG_FUNCTION(this);
}

double
ComputeEnergyModel::DoGetCurrentA() const
{
    const double powerW = GetPowerW();
    if (powerW == 0.0 || !m_source)
    {
        return 0.0;
    }
    const double voltageV = m_source->GetSupplyVoltage();
    return voltageV > 0.0 ? powerW / voltageV : 0.0;
}

} // namespace sagin
} // namespace ns3
