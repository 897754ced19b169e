// SPDX-License-Identifier: GPL-2.0-only

#include "link-budget.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

void
RequireArgument(bool ok,
                const char* function,
                const char* argument,
                double value,
                const char* requirement)
{
    if (!ok)
    {
        std::ostringstream msg;
        msg << function << ": " << argument << " must be " << requirement << ", got " << value;
        throw std::invalid_argument(msg.str());
    }
}

double
DbToRatio(double db)
{
    RequireArgument(std::isfinite(db), "DbToRatio", "db", db, "finite");
    return std::pow(10.0, db / 10.0);
}

double
RatioToDb(double ratio)
{
    RequireArgument(ratio > 0.0 && std::isfinite(ratio),
                    "RatioToDb",
                    "ratio",
                    ratio,
                    "finite and > 0");
    return 10.0 * std::log10(ratio);
}

double
DbmToW(double dbm)
{
    RequireArgument(std::isfinite(dbm), "DbmToW", "dbm", dbm, "finite");
    return std::pow(10.0, (dbm - 30.0) / 10.0);
}

double
WToDbm(double w)
{
    RequireArgument(w > 0.0 && std::isfinite(w), "WToDbm", "w", w, "finite and > 0");
    return 10.0 * std::log10(w) + 30.0;
}

double
ThermalNoisePowerDbm(double bandwidthHz, double noiseFigureDb)
{
    RequireArgument(bandwidthHz > 0.0 && std::isfinite(bandwidthHz),
                    "ThermalNoisePowerDbm",
                    "bandwidthHz",
                    bandwidthHz,
                    "finite and > 0");
    RequireArgument(noiseFigureDb >= 0.0 && std::isfinite(noiseFigureDb),
                    "ThermalNoisePowerDbm",
                    "noiseFigureDb",
                    noiseFigureDb,
                    "finite and >= 0");
    return THERMAL_NOISE_DENSITY_DBM_PER_HZ + 10.0 * std::log10(bandwidthHz) + noiseFigureDb;
}

double
SnrDb(double txPowerDbm,
      double txAntennaGainDbi,
      double rxAntennaGainDbi,
      double pathLossDb,
      double noisePowerDbm)
{
    RequireArgument(std::isfinite(txPowerDbm), "SnrDb", "txPowerDbm", txPowerDbm, "finite");
    RequireArgument(std::isfinite(txAntennaGainDbi),
                    "SnrDb",
                    "txAntennaGainDbi",
                    txAntennaGainDbi,
                    "finite");
    RequireArgument(std::isfinite(rxAntennaGainDbi),
                    "SnrDb",
                    "rxAntennaGainDbi",
                    rxAntennaGainDbi,
                    "finite");
    RequireArgument(std::isfinite(pathLossDb), "SnrDb", "pathLossDb", pathLossDb, "finite");
    RequireArgument(std::isfinite(noisePowerDbm),
                    "SnrDb",
                    "noisePowerDbm",
                    noisePowerDbm,
                    "finite");
    return txPowerDbm + txAntennaGainDbi + rxAntennaGainDbi - pathLossDb - noisePowerDbm;
}

double
ShannonRateBps(double bandwidthHz, double snrLinear)
{
    RequireArgument(bandwidthHz >= 0.0 && std::isfinite(bandwidthHz),
                    "ShannonRateBps",
                    "bandwidthHz",
                    bandwidthHz,
                    "finite and >= 0");
    RequireArgument(snrLinear >= 0.0 && std::isfinite(snrLinear),
                    "ShannonRateBps",
                    "snrLinear",
                    snrLinear,
                    "finite and >= 0");
    return bandwidthHz * std::log2(1.0 + snrLinear);
}

double
FreeSpacePathLossDb(double distanceM, double frequencyHz)
{
    RequireArgument(distanceM > 0.0 && std::isfinite(distanceM),
                    "FreeSpacePathLossDb",
                    "distanceM",
                    distanceM,
                    "finite and > 0");
    RequireArgument(frequencyHz > 0.0 && std::isfinite(frequencyHz),
                    "FreeSpacePathLossDb",
                    "frequencyHz",
                    frequencyHz,
                    "finite and > 0");
    return 20.0 * std::log10(4.0 * M_PI * distanceM * frequencyHz / SPEED_OF_LIGHT_M_PER_S);
}

} // namespace sagin
} // namespace ns3
