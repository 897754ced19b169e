// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_LINK_BUDGET_H
#define SAGIN_LINK_BUDGET_H

/**
 * @file
 * @ingroup sagin
 * Link-budget functions: thermal noise, SNR, Shannon rate and free-space path loss.
 *
 * Every function checks its inputs and throws std::invalid_argument naming the function, the
 * argument and its value when one is out of range; none returns NaN for a bad input.
 */

namespace ns3
{
namespace sagin
{

/// Speed of light in vacuum, in m/s.
constexpr double SPEED_OF_LIGHT_M_PER_S = 299792458.0;

/// Thermal noise power spectral density at 290 K, in dBm/Hz (the usual -174 dBm/Hz).
constexpr double THERMAL_NOISE_DENSITY_DBM_PER_HZ = -174.0;

/**
 * @ingroup sagin
 * @brief Throw std::invalid_argument unless a condition on an argument holds; the message is
 *        "FUNCTION: ARGUMENT must be REQUIREMENT, got VALUE".
 * @param ok the condition
 * @param function the function that checks
 * @param argument the argument's name
 * @param value the argument's value
 * @param requirement what the argument must be, e.g. "> 0"
 */
void RequireArgument(bool ok,
                     const char* function,
                     const char* argument,
                     double value,
                     const char* requirement);

/**
 * @ingroup sagin
 * @param db a power ratio in dB
 * @return the same ratio, linear: 10^(db/10)
 */
double DbToRatio(double db);

/**
 * @ingroup sagin
 * @param ratio a power ratio, linear (> 0)
 * @return the same ratio in dB: 10·log10(ratio)
 */
double RatioToDb(double ratio);

/**
 * @ingroup sagin
 * @param dbm a power in dBm
 * @return the same power in W: 10^((dbm - 30)/10)
 */
double DbmToW(double dbm);

/**
 * @ingroup sagin
 * @param w a power in W (> 0)
 * @return the same power in dBm: 10·log10(w) + 30
 */
double WToDbm(double w);

/**
 * @ingroup sagin
 * @brief Thermal noise power at a receiver.
 * @param bandwidthHz the receiver bandwidth, in Hz (> 0)
 * @param noiseFigureDb the receiver noise figure, in dB (>= 0)
 * @return -174 dBm/Hz + 10·log10(bandwidthHz) + noiseFigureDb, in dBm
 */
double ThermalNoisePowerDbm(double bandwidthHz, double noiseFigureDb);

/**
 * @ingroup sagin
 * @brief Signal-to-noise ratio of a link.
 * @param txPowerDbm the transmit power, in dBm
 * @param txAntennaGainDbi the transmit antenna gain, in dBi
 * @param rxAntennaGainDbi the receive antenna gain, in dBi
 * @param pathLossDb the path loss between the antennas, in dB
 * @param noisePowerDbm the noise power at the receiver, in dBm (see ThermalNoisePowerDbm())
 * @return txPowerDbm + txAntennaGainDbi + rxAntennaGainDbi - pathLossDb - noisePowerDbm, in dB
 */
double SnrDb(double txPowerDbm,
             double txAntennaGainDbi,
             double rxAntennaGainDbi,
             double pathLossDb,
             double noisePowerDbm);

/**
 * @ingroup sagin
 * @brief Shannon capacity of an AWGN channel.
 * @param bandwidthHz the bandwidth, in Hz (>= 0)
 * @param snrLinear the signal-to-noise ratio, linear (>= 0); use DbToRatio() for one in dB
 * @return bandwidthHz · log2(1 + snrLinear), in bit/s
 */
double ShannonRateBps(double bandwidthHz, double snrLinear);

/**
 * @ingroup sagin
 * @brief Free-space path loss between isotropic antennas (Friis).
 * @param distanceM the distance, in m (> 0)
 * @param frequencyHz the carrier frequency, in Hz (> 0)
 * @return 20·log10(4π·distanceM·frequencyHz / c), in dB. This is the far-field formula: below
 *         a distance of λ/(4π) it is negative, and it is returned as is.
 */
double FreeSpacePathLossDb(double distanceM, double frequencyHz);

} // namespace sagin
} // namespace ns3

#endif /* SAGIN_LINK_BUDGET_H */
