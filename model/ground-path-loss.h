// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_GROUND_PATH_LOSS_H
#define SAGIN_GROUND_PATH_LOSS_H

/**
 * @file
 * @ingroup sagin
 * Ground links (vehicle–base station) with ns-3's 3GPP TR 38.901 models,
 * ThreeGppUmaPropagationLossModel and ThreeGppUmiStreetCanyonPropagationLossModel, set up so
 * that they never abort.
 *
 * How ns-3.37's models behave at the edges (three-gpp-propagation-loss-model.cc,
 * channel-condition-model.cc):
 *  - heights and 2D distances outside TR 38.901's validity range (UMa: UT 1.5–22.5 m, BS 25 m;
 *    UMi: UT 1.5–10 m, BS 10 m; both: 10 m–5 km) are extrapolated with a log warning, unless the
 *    attribute EnforceParameterRanges is true: then NS_ABORT_MSG_IF aborts the process, in
 *    release builds too. CreateGroundLossModel() always sets it to false;
 *  - a frequency outside 0.5–100 GHz is an NS_ASSERT: it aborts in debug builds and passes
 *    silently in release builds (Debian's). CreateGroundLossModel() refuses it with an exception;
 *  - the random channel condition (ThreeGpp*ChannelConditionModel) and the shadowing keep their
 *    state per pair of Node ids, read through MobilityModel::GetObject<Node>(): a mobility model
 *    that is not aggregated to a Node makes them dereference a null pointer and crash. Forced
 *    conditions (AlwaysLos/NeverLos) without shadowing never read the node, which is how
 *    GroundMeanPathLossDb() uses them;
 *  - coincident nodes give log10(0) = -infinity loss (+infinity received power), no abort;
 *  - ThreeGppUmiStreetCanyonPropagationLossModel takes the first node's height as the UT height
 *    when neither node is at exactly 10 m (it compares za with za), so the order of the nodes
 *    changes the loss; GroundMeanPathLossDb() passes the lower node first;
 *  - for a UT at 13 m or higher, UMa's LOS breakpoint distance uses a random effective
 *    environment height (TR 38.901 table 7.4.1-1, note 1), so its LOS loss varies between calls;
 *  - the shadowing stores a zero displacement with a pair's first draw, so the second evaluation
 *    of even a static pair is correlated with the first only by exp(−separation/d_corr) (d_corr
 *    37 m LOS, 50 m NLOS for UMa): nearly a new draw. From the third evaluation on, a static pair
 *    keeps its value.
 *
 * Heights are the nodes' z coordinates in the scenario's local frame (above the origin's
 * tangent plane), as ns-3's models read them.
 */

#include "ns3/mobility-model.h"
#include "ns3/three-gpp-propagation-loss-model.h"

#include <string>

namespace ns3
{
namespace sagin
{

/// The TR 38.901 scenarios of ground links.
enum class GroundScenario
{
    UMA,              //!< urban macro, BS at 25 m (ThreeGppUmaPropagationLossModel)
    UMI_STREET_CANYON //!< urban micro street canyon, BS at 10 m
};

/**
 * @ingroup sagin
 * @param name "uma" or "umi"
 * @return the scenario
 * @throws std::invalid_argument naming the text and the known names
 */
GroundScenario GroundScenarioFromString(const std::string& name);

/**
 * @ingroup sagin
 * @param scenario a scenario
 * @return its name: "uma" or "umi"
 */
std::string GetGroundScenarioName(GroundScenario scenario);

/**
 * @ingroup sagin
 * @param scenario a scenario
 * @return TR 38.901's base-station height of the scenario, in m: 25 (UMa) or 10 (UMi)
 */
double GetGroundBsHeightM(GroundScenario scenario);

/**
 * @ingroup sagin
 * @brief LOS probability of TR 38.901 table 7.4.2-1 (outdoor UT).
 *
 * UMa: 1 up to 18 m, then [18/d + exp(−d/63)(1 − 18/d)]·[1 + C'(h)·(5/4)(d/100)³·exp(−d/150)],
 * C'(h) = 0 for h ≤ 13 m and ((h − 13)/10)^1.5 above. UMi: 1 up to 18 m, then
 * 18/d + exp(−d/36)(1 − 18/d). These are the formulas of ns-3's
 * ThreeGppUma/UmiStreetCanyonChannelConditionModel, which draw the LOS state with them.
 * @param scenario the scenario
 * @param distance2dM the horizontal distance d between UT and BS, in m (>= 0)
 * @param utHeightM the UT height h, in m
 * @return the probability, in [0, 1]
 * @throws std::invalid_argument when an argument is negative or not finite
 */
double GroundLosProbability(GroundScenario scenario, double distance2dM, double utHeightM);

/**
 * @ingroup sagin
 * @param scenario the scenario
 * @param distance2dM the horizontal distance between UT and BS, in m
 * @param utHeightM the UT height, in m
 * @param bsHeightM the BS height, in m
 * @return an empty string when the geometry is within the validity range that ns-3's model
 *         checks, otherwise what is outside it, e.g. "UT height 30 m is outside [1.5, 22.5] m"
 */
std::string ExplainGroundValidity(GroundScenario scenario,
                                  double distance2dM,
                                  double utHeightM,
                                  double bsHeightM);

/**
 * @ingroup sagin
 * @brief Create ns-3's 3GPP model of a scenario, with its own random channel condition model
 *        (LOS state drawn per pair of nodes) and shadowing, EnforceParameterRanges false.
 *
 * The mobility models it is used with must be aggregated to Nodes (see the file comment).
 * @param scenario the scenario
 * @param frequencyHz the carrier frequency, in Hz, in [0.5 GHz, 100 GHz]
 * @return the model
 * @throws std::invalid_argument when the frequency is out of range
 */
Ptr<ThreeGppPropagationLossModel> CreateGroundLossModel(GroundScenario scenario,
                                                        double frequencyHz);

/**
 * @ingroup sagin
 * @brief Mean path loss of a ground link with ns-3's model, no random draw:
 *        P_LOS·PL_LOS + (1 − P_LOS)·PL_NLOS in dB.
 *
 * PL_LOS and PL_NLOS are ns-3's loss with the channel condition forced to LOS
 * (AlwaysLosChannelConditionModel) and to NLOS (NeverLosChannelConditionModel), shadowing
 * disabled; P_LOS is GroundLosProbability() at the pair's 2D distance and the lower node's
 * height. The lower node (by z) is the UT, the higher the BS. The mobility models need not be
 * aggregated to Nodes.
 * @param scenario the scenario
 * @param frequencyHz the carrier frequency, in Hz, in [0.5 GHz, 100 GHz]
 * @param a one node's mobility model
 * @param b the other node's mobility model
 * @return the mean path loss, in dB
 * @throws std::invalid_argument when the frequency is out of range, a position is not finite or
 *         the nodes coincide
 */
double GroundMeanPathLossDb(GroundScenario scenario,
                            double frequencyHz,
                            Ptr<MobilityModel> a,
                            Ptr<MobilityModel> b);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_GROUND_PATH_LOSS_H
