// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_CVL_MONITOR_H
#define SAGIN_CVL_MONITOR_H

#include "association-manager.h"
#include "cvl-records.h"
#include "sagin-channel.h"
#include "trace-sink.h"

#include "ns3/application-container.h"
#include "ns3/event-id.h"
#include "ns3/node-container.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Gathers the records of a cross-view localization scenario behind one set of trace
 *        sources: requests of the query applications, periodic node-state samples, handovers,
 *        outages and battery depletions.
 *
 * Every SampleInterval from Start(), one NodeStateRecord per watched node: position in the
 * local frame and geographically, the battery (remaining energy and state of charge of the
 * node's first energy source; NaN without one), and for UAVs and vehicles the serving base
 * station with the uplink's SNR and Shannon rate (bandwidth shared with the senders active at
 * that moment). Every frame the channel loses becomes an OutageRecord.
 */
class CvlMonitor : public Object
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    CvlMonitor();
    ~CvlMonitor() override;

    /**
     * @param channel the channel (its outages; its frame for geographic positions)
     * @param association the association manager (handovers; serving base stations)
     */
    void Setup(Ptr<SaginChannel> channel, Ptr<AssociationManager> association);
    /// @param applications query applications whose Request records to forward
    void WatchRequests(const ApplicationContainer& applications);
    /// @param nodes nodes to sample, and whose ComputeEnergyModel depletion to forward
    void WatchNodes(const NodeContainer& nodes);
    /**
     * @brief Write every record of this monitor to a trace sink (connects the five trace
     *        sources to its Write methods).
     * @param sink an open trace sink
     */
    void Connect(Ptr<TraceSink> sink);

    /// @brief Start sampling now (and every SampleInterval).
    void Start();
    /// @brief Stop sampling.
    void Stop();
    /// @brief Take one sample of every watched node now.
    void Sample();

    /// @return the requests forwarded so far
    uint64_t GetRequestCount() const;

    /// TracedCallback signatures.
    typedef void (*RequestTracedCallback)(const RequestRecord& record);
    typedef void (*NodeStateTracedCallback)(const NodeStateRecord& record);
    typedef void (*HandoverTracedCallback)(const HandoverRecord& record);
    typedef void (*OutageTracedCallback)(const OutageRecord& record);
    typedef void (*DepletionTracedCallback)(const DepletionRecord& record);

  protected:
    void DoDispose() override;

  private:
    void ForwardRequest(const RequestRecord& record);
    void ForwardHandover(const AssociationManager::Handover& handover);
    void ForwardOutage(Ptr<const Packet> packet,
                       Ptr<const SaginNetDevice> sender,
                       Ptr<const SaginNetDevice> receiver,
                       const std::string& reason,
                       double snrDb);
    void ForwardDepletion(Ptr<Node> node);
    void Periodic();

    Ptr<SaginChannel> m_channel;                             //!< the channel
    Ptr<AssociationManager> m_association;                   //!< the association manager
    NodeContainer m_nodes;                                   //!< sampled nodes
    Time m_sampleInterval;                                   //!< time between samples
    EventId m_sampleEvent;                                   //!< next sample
    uint64_t m_requests;                                     //!< requests forwarded
    TracedCallback<const RequestRecord&> m_requestTrace;     //!< requests
    TracedCallback<const NodeStateRecord&> m_nodeStateTrace; //!< node states
    TracedCallback<const HandoverRecord&> m_handoverTrace;   //!< handovers
    TracedCallback<const OutageRecord&> m_outageTrace;       //!< outages
    TracedCallback<const DepletionRecord&> m_depletionTrace; //!< depletions
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CVL_MONITOR_H
