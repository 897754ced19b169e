// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_GASEOUS_ATTENUATION_H
#define SAGIN_GASEOUS_ATTENUATION_H

/**
 * @file
 * @ingroup sagin
 * Attenuation by atmospheric gases (oxygen and water vapour) on Earth–space paths, by the
 * approximate method of Recommendation ITU-R P.676-10, Annex 2 (closed-form specific
 * attenuations, §1, and equivalent heights, §2.2), valid from 1 to 350 GHz. The zenith
 * attenuation is what 3GPP TR 38.811 §6.6.4 scales by 1/sin(elevation); below 5° of elevation,
 * where 1/sin grows without bound, P.676 Annex 2 §2.2.2 takes the Earth's curvature into account.
 *
 * Every function throws std::invalid_argument naming itself, the argument and its value when
 * an input is out of range.
 */

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Surface conditions of the atmosphere. The defaults are the mean annual global
 *        reference atmosphere of ITU-R P.835 at sea level, the conditions of P.676's figures.
 */
struct SurfaceAtmosphere
{
    double pressureHpa{1013.25};          //!< total (dry + water vapour) pressure, in hPa
    double temperatureC{15.0};            //!< temperature, in °C
    double waterVapourDensityGPerM3{7.5}; //!< water vapour density, in g/m³
};

/**
 * @ingroup sagin
 * @param frequencyHz the frequency, in Hz, in (0, 350 GHz]
 * @param atmosphere the surface conditions
 * @return the specific attenuation of dry air γo (P.676-10 Annex 2, eq. 22), in dB/km
 */
double DryAirSpecificAttenuationDbPerKm(double frequencyHz, const SurfaceAtmosphere& atmosphere);

/**
 * @ingroup sagin
 * @param frequencyHz the frequency, in Hz, in (0, 350 GHz]
 * @param atmosphere the surface conditions
 * @return the specific attenuation of water vapour γw (P.676-10 Annex 2, eq. 23), in dB/km
 */
double WaterVapourSpecificAttenuationDbPerKm(double frequencyHz,
                                             const SurfaceAtmosphere& atmosphere);

/**
 * @ingroup sagin
 * @param frequencyHz the frequency, in Hz, in (0, 350 GHz]
 * @param pressureHpa the total surface pressure, in hPa (> 0)
 * @return the equivalent height of dry air ho (P.676-10 Annex 2, eq. 25), in km
 */
double DryAirEquivalentHeightKm(double frequencyHz, double pressureHpa);

/**
 * @ingroup sagin
 * @param frequencyHz the frequency, in Hz, in (0, 350 GHz]
 * @param pressureHpa the total surface pressure, in hPa (> 0)
 * @return the equivalent height of water vapour hw (P.676-10 Annex 2, eq. 26), in km
 */
double WaterVapourEquivalentHeightKm(double frequencyHz, double pressureHpa);

/**
 * @ingroup sagin
 * @brief Zenith attenuation by atmospheric gases, A = γo·ho + γw·hw.
 *
 * Below 1 GHz the formulas are extrapolated; the attenuation there is below 0.03 dB and falls
 * to 0 with the frequency.
 * @param frequencyHz the frequency, in Hz, in (0, 350 GHz]
 * @param atmosphere the surface conditions (default: the reference atmosphere)
 * @return the attenuation along a zenith path through the whole atmosphere, in dB
 */
double ZenithGaseousAttenuationDb(double frequencyHz,
                                  const SurfaceAtmosphere& atmosphere = SurfaceAtmosphere());

/**
 * @ingroup sagin
 * @brief The ratio of the slant path's attenuation to the zenith attenuation, for a ground
 *        station below an exponential layer of gas and a target above the atmosphere.
 *
 * From 5° to 90°: 1/sin(θ) (P.676-10 Annex 2, eq. 28). Below 5°: eq. 29 with the station at
 * height 0 and the target above the atmosphere, √(Re/h)·F(tan θ·√(Re/h))/cos θ with
 * F(x) = 1/(0.661·x + 0.339·√(x² + 5.51)) and the effective Earth radius Re = 8500 km
 * (at 5°, 6.4% less than 1/sin for dry air and 2.3% less for water vapour; finite at 0°).
 * @param elevationDeg the elevation, in degrees, in [0, 90]
 * @param equivalentHeightKm the gas's equivalent height, in km (> 0)
 * @return the ratio (>= 1)
 */
double GaseousAirMass(double elevationDeg, double equivalentHeightKm);

/**
 * @ingroup sagin
 * @brief Attenuation by atmospheric gases along a slant path from the ground through the whole
 *        atmosphere: γo·ho·M(θ, ho) + γw·hw·M(θ, hw), M = GaseousAirMass().
 * @param frequencyHz the frequency, in Hz, in (0, 350 GHz]
 * @param elevationDeg the elevation, in degrees, in [0, 90]
 * @param atmosphere the surface conditions (default: the reference atmosphere)
 * @return the attenuation, in dB
 */
double SlantGaseousAttenuationDb(double frequencyHz,
                                 double elevationDeg,
                                 const SurfaceAtmosphere& atmosphere = SurfaceAtmosphere());

} // namespace sagin
} // namespace ns3

#endif // SAGIN_GASEOUS_ATTENUATION_H
