// SPDX-License-Identifier: GPL-2.0-only

#include "radio-energy-model.h"

#include "sagin-mac-header.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginRadioEnergyModel");

NS_OBJECT_ENSURE_REGISTERED(RadioEnergyModel);

TypeId
RadioEnergyModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::RadioEnergyModel")
            .SetParent<DeviceEnergyModel>()
            .SetGroupName("Sagin")
            .AddConstructor<RadioEnergyModel>()
            .AddAttribute("TxPowerW",
                          "Electrical power drawn while transmitting, in W (default: the "
                          "published experiment's transmit power).",
                          DoubleValue(0.1),
                          MakeDoubleAccessor(&RadioEnergyModel::m_txPowerW),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("RxPowerW",
                          "Electrical power drawn while receiving a frame addressed to the "
                          "device, in W.",
                          DoubleValue(0.05),
                          MakeDoubleAccessor(&RadioEnergyModel::m_rxPowerW),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("IdlePowerW",
                          "Electrical power drawn while neither transmitting nor receiving, "
                          "in W.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&RadioEnergyModel::m_idlePowerW),
                          MakeDoubleChecker<double>(0.0))
            .AddTraceSource("TotalEnergyConsumption",
                            "Energy drawn so far, in J, updated at every change of state.",
                            MakeTraceSourceAccessor(&RadioEnergyModel::m_totalEnergyJ),
                            "ns3::TracedValueCallback::Double");
    return tid;
}

RadioEnergyModel::RadioEnergyModel()
    : m_txPowerW(0.1),
      m_rxPowerW(0.05),
      m_idlePowerW(0.0),
      m_transmitting(false),
      m_flowTransmitting(false),
      m_flowReceiving(false),
      m_depleted(false),
      m_lastUpdate(Simulator::Now()),
      m_txEnergyJ(0.0),
      m_rxEnergyJ(0.0),
      m_idleEnergyJ(0.0),
      m_totalEnergyJ(0.0)
{
    NS_LOG_FUNCTION(this);
}

RadioEnergyModel::~RadioEnergyModel()
{
    NS_LOG_FUNCTION(this);
}

void
RadioEnergyModel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    if (m_device)
    {
        ConnectTraces(false);
    }
    m_device = nullptr;
    m_source = nullptr;
    DeviceEnergyModel::DoDispose();
}

void
RadioEnergyModel::ConnectTraces(bool connect)
{
    auto apply = [this, connect](const std::string& name, const CallbackBase& cb) {
        if (connect)
        {
            m_device->TraceConnectWithoutContext(name, cb);
        }
        else
        {
            m_device->TraceDisconnectWithoutContext(name, cb);
        }
    };
    apply("PhyTxBegin", MakeCallback(&RadioEnergyModel::PhyTxBegin, this));
    apply("PhyTxEnd", MakeCallback(&RadioEnergyModel::PhyTxEnd, this));
    apply("PhyRxBegin", MakeCallback(&RadioEnergyModel::PhyRxBegin, this));
    apply("PhyRxEnd", MakeCallback(&RadioEnergyModel::PhyRxEnd, this));
    apply("FlowActivity", MakeCallback(&RadioEnergyModel::FlowActivity, this));
}

void
RadioEnergyModel::SetNetDevice(Ptr<SaginNetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    if (!device)
    {
        throw std::invalid_argument("RadioEnergyModel: no device (null pointer)");
    }
    if (m_device)
    {
        throw std::invalid_argument("RadioEnergyModel: already attached to a device");
    }
    m_device = device;
    ConnectTraces(true);
}

Ptr<SaginNetDevice>
RadioEnergyModel::GetNetDevice() const
{
    return m_device;
}

void
RadioEnergyModel::SetEnergySource(Ptr<EnergySource> source)
{
    NS_LOG_FUNCTION(this << source);
    if (!source)
    {
        throw std::invalid_argument("RadioEnergyModel: no energy source (null pointer)");
    }
    // Energy counts from the moment a source supplies it.
    Update();
    m_source = source;
}

Ptr<EnergySource>
RadioEnergyModel::GetEnergySource() const
{
    return m_source;
}

double
RadioEnergyModel::GetPowerW() const
{
    if (m_depleted || !m_source)
    {
        return 0.0;
    }
    const bool receiving = Receiving();
    const bool transmitting = Transmitting();
    if (!transmitting && !receiving)
    {
        return m_idlePowerW;
    }
    return (transmitting ? m_txPowerW : 0.0) + (receiving ? m_rxPowerW : 0.0);
}

double
RadioEnergyModel::GetTxEnergyJ() const
{
    return m_txEnergyJ + m_txPowerW * (GetTxTime() - m_txTime).GetSeconds();
}

double
RadioEnergyModel::GetRxEnergyJ() const
{
    return m_rxEnergyJ + m_rxPowerW * (GetRxTime() - m_rxTime).GetSeconds();
}

double
RadioEnergyModel::GetIdleEnergyJ() const
{
    const bool idle = m_source && !m_depleted && !Transmitting() && !Receiving();
    return m_idleEnergyJ +
           (idle ? m_idlePowerW * (Simulator::Now() - m_lastUpdate).GetSeconds() : 0.0);
}

Time
RadioEnergyModel::GetTxTime() const
{
    const bool drawing = m_source && Transmitting() && !m_depleted;
    return m_txTime + (drawing ? Simulator::Now() - m_lastUpdate : Time(0));
}

Time
RadioEnergyModel::GetRxTime() const
{
    const bool drawing = m_source && Receiving() && !m_depleted;
    return m_rxTime + (drawing ? Simulator::Now() - m_lastUpdate : Time(0));
}

double
RadioEnergyModel::GetTotalEnergyConsumption() const
{
    return GetTxEnergyJ() + GetRxEnergyJ() + GetIdleEnergyJ();
}

bool
RadioEnergyModel::IsTransmitting() const
{
    return Transmitting();
}

bool
RadioEnergyModel::IsReceiving() const
{
    return Receiving();
}

bool
RadioEnergyModel::Transmitting() const
{
    return m_transmitting || m_flowTransmitting;
}

bool
RadioEnergyModel::Receiving() const
{
    return !m_rxUids.empty() || (m_flowReceiving && !m_depleted);
}

void
RadioEnergyModel::FlowActivity(bool transmit, bool active)
{
    NS_LOG_FUNCTION(this << transmit << active);
    Update();
    (transmit ? m_flowTransmitting : m_flowReceiving) = active;
}

bool
RadioEnergyModel::IsDepleted() const
{
    return m_depleted;
}

void
RadioEnergyModel::Update()
{
    Accumulate();
    if (m_source)
    {
        // The source charges the present state up to now; it may report depletion meanwhile.
        m_source->UpdateEnergySource();
    }
}

void
RadioEnergyModel::Accumulate()
{
    m_txEnergyJ = GetTxEnergyJ();
    m_rxEnergyJ = GetRxEnergyJ();
    m_idleEnergyJ = GetIdleEnergyJ();
    m_txTime = GetTxTime();
    m_rxTime = GetRxTime();
    m_lastUpdate = Simulator::Now();
    m_totalEnergyJ = m_txEnergyJ + m_rxEnergyJ + m_idleEnergyJ;
}

void
RadioEnergyModel::PhyTxBegin(Ptr<const Packet> packet, double rateBps)
{
    NS_LOG_FUNCTION(this << packet << rateBps);
    Update();
    m_transmitting = true;
}

void
RadioEnergyModel::PhyTxEnd(Ptr<const Packet> packet)
{
    NS_LOG_FUNCTION(this << packet);
    Update();
    m_transmitting = false;
}

void
RadioEnergyModel::PhyRxBegin(Ptr<const Packet> packet, Time airtime)
{
    NS_LOG_FUNCTION(this << packet << airtime);
    SaginMacHeader header;
    if (packet->PeekHeader(header) != SaginMacHeader::SIZE)
    {
        return;
    }
    const Mac48Address destination = header.GetDestination();
    if (destination != Mac48Address::ConvertFrom(m_device->GetAddress()) && !destination.IsGroup())
    {
        return;
    }
    Update();
    if (!m_depleted)
    {
        m_rxUids.insert(packet->GetUid());
    }
}

void
RadioEnergyModel::PhyRxEnd(Ptr<const Packet> packet)
{
    NS_LOG_FUNCTION(this << packet);
    const auto it = m_rxUids.find(packet->GetUid());
    if (it == m_rxUids.end())
    {
        return;
    }
    Update();
    m_rxUids.erase(m_rxUids.find(packet->GetUid()));
}

void
RadioEnergyModel::ChangeState(int newState)
{
    throw std::logic_error("RadioEnergyModel: the device's traces set the state; ChangeState(" +
                           std::to_string(newState) + ") is not used");
}

void
RadioEnergyModel::HandleEnergyDepletion()
{
    NS_LOG_FUNCTION(this);
    if (m_depleted)
    {
        return;
    }
    // The source has charged everything up to now (no update of the source from here).
    Accumulate();
    m_depleted = true;
    m_rxUids.clear();
    if (m_device)
    {
        m_device->SetPowered(false);
    }
}

void
RadioEnergyModel::HandleEnergyRecharged()
{
    NS_LOG_FUNCTION(this);
    if (!m_depleted)
    {
        return;
    }
    Accumulate();
    m_depleted = false;
    if (m_device)
    {
        // Not from inside the source's update: powering the device may start a frame at once.
        Simulator::ScheduleNow(&SaginNetDevice::SetPowered, m_device, true);
    }
}

void
RadioEnergyModel::HandleEnergyChanged()
{
    NS_LOG_FUNCTION(this);
}

double
RadioEnergyModel::DoGetCurrentA() const
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
