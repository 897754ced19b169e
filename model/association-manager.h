// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_ASSOCIATION_MANAGER_H
#define SAGIN_ASSOCIATION_MANAGER_H

#include "sagin-channel.h"
#include "spatial-index.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Associates every UAV and vehicle with a base station, hands them over and keeps their
 *        IPv4 routes on the serving path.
 *
 * Every Interval (and once when started), for each UAV and vehicle on the channel, the manager
 * evaluates the uplink SNR to its Candidates nearest base stations and its serving one
 * (SaginChannel::GetLinkState, the whole band; an R-tree of the base stations finds the
 * nearest without scanning them all; Candidates 0 evaluates every base station).
 * A node keeps its serving base station while that link is not in outage and no other base
 * station is better by more than Hysteresis dB; otherwise it hands over to the best one. With no
 * base station in range and SatelliteRelay true, it relays through the visible satellite that
 * maximises the weaker of its two hops (node → satellite, satellite → base station), among
 * the satellites above its horizon and the base stations below theirs (R-trees again).
 *
 * Routes follow the association on nodes that have IPv4 with static routing
 * (InternetStackHelper's default): a UAV or vehicle gets a default route through its serving base
 * station; when relayed, through the satellite, plus a host route to the base station through
 * the satellite; that base station gets a host route back through the satellite. Every change
 * fires the Handover trace.
 */
class AssociationManager : public Object
{
  public:
    /// One change of a node's serving path.
    struct Handover
    {
        Time time;         //!< when it happened
        uint32_t node{0};  //!< the UAV's or vehicle's node id
        int64_t from{-1};  //!< previous base station's node id, -1 for none
        int64_t to{-1};    //!< new base station's node id, -1 for none
        int64_t via{-1};   //!< relaying satellite's node id, -1 for a direct link
        double snrDb{0.0}; //!< SNR of the new path (the weaker hop when relayed), dB
    };

    /**
     * @brief TracedCallback signature of a handover.
     * @param handover the change
     */
    typedef void (*HandoverTracedCallback)(const Handover& handover);

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    AssociationManager();
    ~AssociationManager() override;

    /**
     * @brief Manage the UAVs and vehicles of a channel; evaluate now, then every Interval.
     * @param channel the channel whose devices to associate
     */
    void Start(Ptr<SaginChannel> channel);

    /// Stop the periodic evaluation.
    void Stop();

    /// Evaluate every association now.
    void Evaluate();

    /**
     * @param node a UAV or vehicle
     * @return its serving base station, or null
     */
    Ptr<Node> GetServingBaseStation(Ptr<Node> node) const;

    /**
     * @param node a UAV or vehicle
     * @return the satellite relaying it, or null for a direct link or none
     */
    Ptr<Node> GetRelaySatellite(Ptr<Node> node) const;

  protected:
    void DoDispose() override;

  private:
    /// A node's serving path.
    struct Path
    {
        Ptr<SaginNetDevice> baseStation; //!< serving base station's device, or null
        Ptr<SaginNetDevice> satellite;   //!< relaying satellite's device, or null
        double snrDb{0.0};               //!< SNR of the path, dB
    };

    /// Evaluate and schedule the next evaluation.
    void Periodic();
    /**
     * @param user a UAV's or vehicle's device
     * @param current its current path
     * @param baseStations the base stations' devices
     * @param satellites the satellites' devices
     * @return the path @p user should use now
     */
    Path Choose(Ptr<SaginNetDevice> user,
                const Path& current,
                const std::vector<Ptr<SaginNetDevice>>& baseStations,
                const std::vector<Ptr<SaginNetDevice>>& satellites) const;
    /// @return the base stations to consider for @p user: the Candidates nearest, and the
    ///         current one, in attachment order
    std::vector<Ptr<SaginNetDevice>> CandidatesOf(Ptr<SaginNetDevice> user,
                                                  const Path& current) const;
    /// @return the satellites above the horizon of @p user, in attachment order
    std::vector<Ptr<SaginNetDevice>> SatellitesAbove(Ptr<SaginNetDevice> device) const;
    /// @return the base stations below the horizon of satellite @p satellite
    std::vector<Ptr<SaginNetDevice>> BaseStationsBelow(Ptr<SaginNetDevice> satellite) const;
    /// Move @p user's routes from @p previous to @p next.
    void UpdateRoutes(Ptr<SaginNetDevice> user, const Path& previous, const Path& next);

    Ptr<SaginChannel> m_channel;                     //!< the channel
    uint32_t m_candidates;                           //!< nearest base stations considered
    std::vector<Ptr<SaginNetDevice>> m_baseStations; //!< this evaluation's base stations
    std::vector<Ptr<SaginNetDevice>> m_satellites;   //!< this evaluation's satellites
    SpatialIndex m_baseStationIndex;                 //!< their positions
    SpatialIndex m_satelliteIndex;                   //!< their positions (relay only)
    double m_horizonRangeM{0};                       //!< farthest visible satellite, m
    std::map<uint32_t, Path> m_paths;                //!< serving path per user node id
    Time m_interval;                                 //!< evaluation period
    double m_hysteresisDb;                           //!< handover margin, dB
    bool m_satelliteRelay;                           //!< whether to relay via satellites
    EventId m_event;                                 //!< next evaluation
    TracedCallback<const Handover&> m_handoverTrace; //!< every change of path
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_ASSOCIATION_MANAGER_H
