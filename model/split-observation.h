// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SPLIT_OBSERVATION_H
#define SAGIN_SPLIT_OBSERVATION_H

#include <cstdint>
#include <limits>
#include <string>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief What a split controller sees when it decides the split point of one request.
 *
 * Quantities that the requesting node does not know are NaN (the defaults), so that a
 * controller can tell "unknown" from zero.
 */
struct SplitObservation
{
    double timeS{0};     //!< simulated time of the decision, in s
    uint32_t node{0};    //!< id of the requesting node
    std::string role;    //!< its role: "uav" or "vehicle"
    uint32_t nImages{1}; //!< images of the request
    double rateBps{std::numeric_limits<double>::quiet_NaN()}; //!< uplink rate estimate, in bit/s
    double snrDb{std::numeric_limits<double>::quiet_NaN()};   //!< uplink SNR, in dB
    double propagationDelayS{0}; //!< one-way propagation delay to the base station, in s
    double stateOfCharge{std::numeric_limits<double>::quiet_NaN()}; //!< battery 0..1, NaN: none
    uint32_t serverQueueLength{0}; //!< requests waiting at or being served by the edge server
    double serverBacklogS{0};      //!< edge-server work queued ahead of this request, in s
    int32_t lastSplit{-1};         //!< the node's previous split point, -1 for none
};

/**
 * @ingroup sagin
 * @brief One step of a controller's experience: what it saw, what it chose, what that cost,
 *        and what it saw next.
 */
struct SplitTransition
{
    SplitObservation observation; //!< the observation of the decision
    uint32_t split{0};            //!< the split point chosen
    double latencyS{0};           //!< the request's latency, in s
    double energyJ{0};            //!< the request's energy (device and server), in J
    double privacy{0};            //!< the split's confidentiality cost
    double reward{0};             //!< −(w_T·latency + w_E·energy + w_P·privacy)
    SplitObservation next;        //!< the node's observation at its next decision
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SPLIT_OBSERVATION_H
