// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_CVL_RECORDS_H
#define SAGIN_CVL_RECORDS_H

#include <cstdint>
#include <limits>
#include <string>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief One cross-view localization request, from the query to its reply (or its failure).
 *
 * The parts add up to the latency: latencyS = tComputeDeviceS + tTxS + tPropS + tQueueS +
 * tComputeServerS. tPropS is the propagation delay of the request and of the reply (distance/c
 * at the time each was sent); tTxS is the rest of the time the request and the reply spent in
 * the network (airtime, transport-protocol waits, device queues). Times in seconds of
 * simulated time, energies in joules. A request that failed (see status) has NaN for the
 * parts it never reached.
 */
struct RequestRecord
{
    double tRequestS{0};       //!< when the query started, in s
    uint32_t node{0};          //!< id of the querying node
    std::string role;          //!< its role: "uav" or "vehicle"
    uint64_t request{0};       //!< request number on that node, from 0
    uint32_t baseStation{0};   //!< id of the base station that served it
    uint32_t split{0};         //!< split point chosen by the controller
    uint32_t nImages{0};       //!< images of the query
    uint64_t payloadBytes{0};  //!< bytes of the encoded features (request header excluded)
    double tComputeDeviceS{0}; //!< head compute time on the device, in s
    double tTxS{0};            //!< time in the network apart from propagation, in s
    double tPropS{0};          //!< propagation delay up and back, in s
    double tQueueS{0};         //!< wait for the edge server, in s
    double tComputeServerS{0}; //!< tail compute and matching time on the edge server, in s
    double latencyS{0};        //!< from the query to the reply, in s
    double energyComputeJ{0};  //!< device energy of the head, in J
    double energyTxJ{0};       //!< device radio energy of sending the request, in J
    double energyServerJ{0};   //!< edge-server energy of the tail, in J
    double privacy{0};         //!< confidentiality cost of the split (0 = nothing revealed)
    double reward{0};          //!< controller reward −(w_T·latency + w_E·energy + w_P·privacy)
    bool matched{false};       //!< whether the gallery match passed the threshold
    double score{std::numeric_limits<double>::quiet_NaN()}; //!< cosine similarity of the best match
    uint32_t trueLocation{0};                               //!< location the images show
    int64_t matchedLocation{-1}; //!< location of the best match, -1 for none
    double locationErrorM{std::numeric_limits<double>::quiet_NaN()}; //!< matched − true, in m
    std::string status; //!< "ok", "timeout", "no-base-station", "depleted"
};

/**
 * @ingroup sagin
 * @brief A periodic sample of a node's state.
 */
struct NodeStateRecord
{
    double tS{0};           //!< sample time, in s
    uint32_t node{0};       //!< node id
    std::string role;       //!< "satellite", "uav", "vehicle" or "base-station"
    double xM{0};           //!< position east in the scenario frame, in m
    double yM{0};           //!< position north, in m
    double zM{0};           //!< position up, in m
    double latitudeDeg{0};  //!< geographic latitude, in degrees
    double longitudeDeg{0}; //!< geographic longitude, in degrees
    double altitudeM{0};    //!< altitude above the WGS 84 ellipsoid, in m
    double energyRemainingJ{std::numeric_limits<double>::quiet_NaN()}; //!< NaN without a battery
    double stateOfCharge{std::numeric_limits<double>::quiet_NaN()}; //!< 0..1, NaN without a battery
    double snrDb{std::numeric_limits<double>::quiet_NaN()};   //!< uplink SNR to the serving station
    double rateBps{std::numeric_limits<double>::quiet_NaN()}; //!< uplink Shannon rate, in bit/s
    int64_t baseStation{-1}; //!< serving base station id, -1 for none
};

/**
 * @ingroup sagin
 * @brief A change of serving base station (or relay).
 */
struct HandoverRecord
{
    double tS{0};     //!< time, in s
    uint32_t node{0}; //!< node id
    int64_t from{-1}; //!< previous serving base station id, -1 for none
    int64_t to{-1};   //!< new serving base station id, -1 for none
    int64_t via{-1};  //!< relaying satellite id, -1 for a direct link
    double snrDb{std::numeric_limits<double>::quiet_NaN()}; //!< uplink SNR to the new one
};

/**
 * @ingroup sagin
 * @brief A frame that could not be delivered.
 */
struct OutageRecord
{
    /// The receiver of a broadcast frame that reached nobody.
    static constexpr uint32_t BROADCAST = 0xffffffff;

    double tS{0};          //!< time, in s
    uint32_t sender{0};    //!< sending node id
    uint32_t receiver{0};  //!< intended receiving node id, BROADCAST for a broadcast
    std::string linkClass; //!< "ground", "a2g", "s2g" or "isl"; empty for a broadcast
    std::string reason;    //!< the channel's outage reason, e.g. "snr-below-minimum"
    double snrDb{std::numeric_limits<double>::quiet_NaN()}; //!< SNR when known
};

/**
 * @ingroup sagin
 * @brief A node whose battery ran out; its applications stop.
 */
struct DepletionRecord
{
    double tS{0};     //!< time, in s
    uint32_t node{0}; //!< node id
    std::string role; //!< its role
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CVL_RECORDS_H
