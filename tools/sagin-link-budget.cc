// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * The link budget of one link: mean path loss of a link class, SNR and Shannon rate.
 *
 * Prints CSV on standard output with the header `path_loss_db,snr_db,rate_bps` and one row: the
 * mean path loss in dB (no random shadowing draw), the SNR in dB and the Shannon rate
 * B·log2(1 + SNR) in bit/s, each number in the shortest form that reads back as the same double.
 * A geometry outside a 3GPP ground model's validity range adds a warning on standard error.
 *
 * Options (numbers in decimal or exponent notation, e.g. 2e9):
 *  - `--class=isl|s2g|a2g|ground`: the link class (default a2g):
 *    - `isl`: inter-satellite link, ns-3's FriisPropagationLossModel (free space);
 *    - `s2g`: satellite to ground or air, NtnPropagationLossModel (3GPP TR 38.811) with
 *      ShadowingEnabled false: free space, atmospheric gases and the NLOS-probability-weighted
 *      clutter loss;
 *    - `a2g`: UAV to base station, AlHouraniPropagationLossModel;
 *    - `ground`: vehicle to base station, ns-3's 3GPP TR 38.901 model of --groundScenario; the
 *      mean is P_LOS·PL_LOS + (1 − P_LOS)·PL_NLOS in dB, with ns-3's loss for forced LOS and
 *      NLOS conditions, no shadowing, and TR 38.901's P_LOS (GroundMeanPathLossDb()).
 *  - `--distanceM=D`: distance between the two nodes, in m (> 0). Default: isl 1,000 km, s2g
 *    550 km, a2g 500 m, ground 200 m.
 *  - `--elevationDeg=E`: elevation of the higher node seen from the lower one, in degrees,
 *    [0, 90]. Default: isl 0, s2g 90, a2g 15; ground: the elevation that puts the base station at
 *    the scenario's height (25 m UMa, 10 m UMi), asin((h_BS − 1.5 m)/D).
 *  - `--frequencyHz=F`: carrier frequency, in Hz (default 2e9); s2g and ground need
 *    [5e8, 1e11] (TR 38.811 and TR 38.901), a2g at least 1 Hz, isl more than 0.
 *  - `--bandwidthHz=B`: bandwidth, in Hz (> 0, default 20e6).
 *  - `--txPowerDbm=P`: transmit power, in dBm (default 23).
 *  - `--txGainDbi=G`, `--rxGainDbi=G`: antenna gains, in dBi (default 0).
 *  - `--noiseFigureDb=N`: receiver noise figure, in dB (>= 0, default 7).
 *  - `--groundScenario=uma|umi`: the 3GPP scenario of class ground (default uma).
 *  - any ns-3 attribute default, e.g. `--ns3::sagin::AlHouraniPropagationLossModel::Environment=
 *    Suburban` or `--ns3::sagin::NtnPropagationLossModel::Scenario=DenseUrban`.
 *
 * The nodes are placed in the local frame around latitude 0, longitude 0: the lower node at
 * (0, 0, h0) and the other at (D·cos E, 0, h0 + D·sin E), so that their distance is D and the
 * elevation that the models compute is E. h0 is 550 km (isl), 0 (s2g: a ground terminal),
 * 25 m (a2g: the base station) or 1.5 m (ground: the vehicle).
 *
 * Bad options (not a number, out of range, a pair below a model's elevation mask) print
 * `sagin-link-budget: error: MESSAGE` on standard error and exit with status 2.
 *
 * Run it with `./sagin exec sagin-link-budget [options]`.
 */

#include "ns3/command-line.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/core-module.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/sagin-module.h"

#include <charconv>
#include <cmath>
#include <iostream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/// The vehicle's antenna height in class ground (TR 38.901's lowest UT height), in m.
constexpr double VEHICLE_HEIGHT_M = 1.5;

/// Degrees to radians.
constexpr double DEG_TO_RAD = 3.14159265358979323846 / 180.0;

/**
 * @param option the option's name, for messages
 * @param text the option's value as given, empty when not given
 * @param fallback the value when not given
 * @return the number
 * @throws std::invalid_argument when the text is not a finite number
 */
double
ParseNumber(const std::string& option, const std::string& text, double fallback)
{
    if (text.empty())
    {
        return fallback;
    }
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !std::isfinite(value))
    {
        throw std::invalid_argument("--" + option + ": '" + text + "' is not a finite number");
    }
    return value;
}

/**
 * @param ok whether the value is in range
 * @param option the option's name
 * @param value the value
 * @param requirement what the value must be, e.g. "> 0"
 * @throws std::invalid_argument "--OPTION must be REQUIREMENT, got VALUE" unless @p ok
 */
void
Require(bool ok, const std::string& option, double value, const std::string& requirement)
{
    if (!ok)
    {
        std::ostringstream msg;
        msg << "--" << option << " must be " << requirement << ", got " << value;
        throw std::invalid_argument(msg.str());
    }
}

/**
 * @param model an elevation-dependent model
 * @param typeName its TypeId name, for the message
 * @param a one node
 * @param b the other node
 * @throws std::invalid_argument when the pair is below the model's elevation mask
 */
void
RequireVisible(Ptr<ElevationPropagationLossModel> model,
               const std::string& typeName,
               Ptr<MobilityModel> a,
               Ptr<MobilityModel> b)
{
    if (!model->IsVisible(a, b))
    {
        std::ostringstream msg;
        msg << "--elevationDeg: " << model->GetElevationDeg(a, b)
            << " deg is below the elevation mask of " << model->GetElevationMaskDeg() << " deg ("
            << typeName << "::ElevationMask): the link is not visible";
        throw std::invalid_argument(msg.str());
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    try
    {
        std::string linkClass = "a2g";
        std::string distanceText;
        std::string elevationText;
        std::string frequencyText;
        std::string bandwidthText;
        std::string txPowerText;
        std::string txGainText;
        std::string rxGainText;
        std::string noiseFigureText;
        std::string groundScenarioText = "uma";
        CommandLine cmd(__FILE__);
        cmd.Usage("Mean path loss, SNR and Shannon rate of one link, as CSV on standard output.");
        ProgramOptions options(cmd);
        options.Add("class", "link class: isl, s2g, a2g or ground", linkClass, MakeStringChecker());
        options.Add("distanceM",
                    "distance between the nodes, in m",
                    distanceText,
                    MakeStringChecker());
        options.Add("elevationDeg",
                    "elevation of the higher node, in degrees",
                    elevationText,
                    MakeStringChecker());
        options.Add("frequencyHz",
                    "carrier frequency, in Hz (default 2e9)",
                    frequencyText,
                    MakeStringChecker());
        options.Add("bandwidthHz",
                    "bandwidth, in Hz (default 20e6)",
                    bandwidthText,
                    MakeStringChecker());
        options.Add("txPowerDbm",
                    "transmit power, in dBm (default 23)",
                    txPowerText,
                    MakeStringChecker());
        options.Add("txGainDbi",
                    "transmit antenna gain, in dBi (default 0)",
                    txGainText,
                    MakeStringChecker());
        options.Add("rxGainDbi",
                    "receive antenna gain, in dBi (default 0)",
                    rxGainText,
                    MakeStringChecker());
        options.Add("noiseFigureDb",
                    "receiver noise figure, in dB (default 7)",
                    noiseFigureText,
                    MakeStringChecker());
        options.Add("groundScenario",
                    "3GPP scenario of class ground: uma or umi",
                    groundScenarioText,
                    MakeStringChecker());
        options.Check(argc, argv);
        cmd.Parse(argc, argv);

        if (linkClass != "isl" && linkClass != "s2g" && linkClass != "a2g" && linkClass != "ground")
        {
            throw std::invalid_argument("--class: unknown link class '" + linkClass +
                                        "' (known: isl, s2g, a2g, ground)");
        }
        GroundScenario groundScenario;
        try
        {
            groundScenario = GroundScenarioFromString(groundScenarioText);
        }
        catch (const std::invalid_argument& e)
        {
            throw std::invalid_argument(std::string("--groundScenario: ") + e.what());
        }

        // Per-class defaults and the height of the lower node.
        double defaultDistanceM = 500.0;
        double lowerHeightM = 25.0;
        if (linkClass == "isl")
        {
            defaultDistanceM = 1000e3;
            lowerHeightM = 550e3;
        }
        else if (linkClass == "s2g")
        {
            defaultDistanceM = 550e3;
            lowerHeightM = 0.0;
        }
        else if (linkClass == "ground")
        {
            defaultDistanceM = 200.0;
            lowerHeightM = VEHICLE_HEIGHT_M;
        }
        const double distanceM = ParseNumber("distanceM", distanceText, defaultDistanceM);
        Require(distanceM > 0.0, "distanceM", distanceM, "> 0");

        double defaultElevationDeg = 15.0;
        if (linkClass == "isl")
        {
            defaultElevationDeg = 0.0;
        }
        else if (linkClass == "s2g")
        {
            defaultElevationDeg = 90.0;
        }
        else if (linkClass == "ground" && elevationText.empty())
        {
            const double riseM = GetGroundBsHeightM(groundScenario) - VEHICLE_HEIGHT_M;
            if (distanceM < riseM)
            {
                std::ostringstream msg;
                msg << "--distanceM: " << distanceM << " m is less than the " << riseM
                    << " m height difference between the vehicle (" << VEHICLE_HEIGHT_M
                    << " m) and the " << GetGroundScenarioName(groundScenario) << " base station ("
                    << riseM + VEHICLE_HEIGHT_M << " m); give --elevationDeg";
                throw std::invalid_argument(msg.str());
            }
            defaultElevationDeg = std::asin(riseM / distanceM) / DEG_TO_RAD;
        }
        const double elevationDeg = ParseNumber("elevationDeg", elevationText, defaultElevationDeg);
        Require(elevationDeg >= 0.0 && elevationDeg <= 90.0,
                "elevationDeg",
                elevationDeg,
                "in [0, 90]");

        const double frequencyHz = ParseNumber("frequencyHz", frequencyText, 2e9);
        if (linkClass == "s2g" || linkClass == "ground")
        {
            Require(frequencyHz >= 0.5e9 && frequencyHz <= 100e9,
                    "frequencyHz",
                    frequencyHz,
                    "in [5e8, 1e11] for class " + linkClass);
        }
        else if (linkClass == "a2g")
        {
            Require(frequencyHz >= 1.0, "frequencyHz", frequencyHz, ">= 1 for class a2g");
        }
        else
        {
            Require(frequencyHz > 0.0, "frequencyHz", frequencyHz, "> 0");
        }
        const double bandwidthHz = ParseNumber("bandwidthHz", bandwidthText, 20e6);
        Require(bandwidthHz > 0.0, "bandwidthHz", bandwidthHz, "> 0");
        const double txPowerDbm = ParseNumber("txPowerDbm", txPowerText, 23.0);
        const double txGainDbi = ParseNumber("txGainDbi", txGainText, 0.0);
        const double rxGainDbi = ParseNumber("rxGainDbi", rxGainText, 0.0);
        const double noiseFigureDb = ParseNumber("noiseFigureDb", noiseFigureText, 7.0);
        Require(noiseFigureDb >= 0.0, "noiseFigureDb", noiseFigureDb, ">= 0");

        auto lower = CreateObject<ConstantPositionMobilityModel>();
        auto higher = CreateObject<ConstantPositionMobilityModel>();
        const double theta = elevationDeg * DEG_TO_RAD;
        lower->SetPosition(Vector(0.0, 0.0, lowerHeightM));
        higher->SetPosition(
            Vector(distanceM * std::cos(theta), 0.0, lowerHeightM + distanceM * std::sin(theta)));
        if (linkClass == "ground" && elevationText.empty())
        {
            // The same place, without rounding: the base station exactly at its nominal height.
            const double bsHeightM = GetGroundBsHeightM(groundScenario);
            const double riseM = bsHeightM - VEHICLE_HEIGHT_M;
            higher->SetPosition(
                Vector(std::sqrt(distanceM * distanceM - riseM * riseM), 0.0, bsHeightM));
        }

        double pathLossDb = 0.0;
        if (linkClass == "isl")
        {
            auto friis = CreateObject<FriisPropagationLossModel>();
            friis->SetAttribute("Frequency", DoubleValue(frequencyHz));
            pathLossDb = -friis->CalcRxPower(0.0, lower, higher);
        }
        else if (linkClass == "s2g")
        {
            auto ntn = CreateObject<NtnPropagationLossModel>();
            ntn->SetAttribute("Frequency", DoubleValue(frequencyHz));
            ntn->SetAttribute("ShadowingEnabled", BooleanValue(false));
            RequireVisible(ntn, "ns3::sagin::NtnPropagationLossModel", lower, higher);
            pathLossDb = -ntn->CalcRxPower(0.0, lower, higher);
        }
        else if (linkClass == "a2g")
        {
            auto alHourani = CreateObject<AlHouraniPropagationLossModel>();
            alHourani->SetAttribute("Frequency", DoubleValue(frequencyHz));
            RequireVisible(alHourani, "ns3::sagin::AlHouraniPropagationLossModel", lower, higher);
            pathLossDb = -alHourani->CalcRxPower(0.0, lower, higher);
        }
        else
        {
            const Vector bs = higher->GetPosition();
            const std::string outside = ExplainGroundValidity(groundScenario,
                                                              std::hypot(bs.x, bs.y),
                                                              VEHICLE_HEIGHT_M,
                                                              bs.z);
            if (!outside.empty())
            {
                std::cerr << "sagin-link-budget: warning: outside TR 38.901's "
                          << GetGroundScenarioName(groundScenario) << " validity range (" << outside
                          << "): the loss is extrapolated" << std::endl;
            }
            pathLossDb = GroundMeanPathLossDb(groundScenario, frequencyHz, lower, higher);
        }

        const double snrDb = SnrDb(txPowerDbm,
                                   txGainDbi,
                                   rxGainDbi,
                                   pathLossDb,
                                   ThermalNoisePowerDbm(bandwidthHz, noiseFigureDb));
        const double rateBps = ShannonRateBps(bandwidthHz, DbToRatio(snrDb));
        std::cout << "path_loss_db,snr_db,rate_bps\n"
                  << ShortestText(pathLossDb) << ',' << ShortestText(snrDb) << ','
                  << ShortestText(rateBps) << std::endl;
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-link-budget: error: " << e.what() << std::endl;
        return 2;
    }
}
