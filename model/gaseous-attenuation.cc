// SPDX-License-Identifier: GPL-2.0-only

#include "gaseous-attenuation.h"

#include "link-budget.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{

/// The highest frequency of P.676 Annex 2, in GHz.
constexpr double MAX_FREQUENCY_GHZ = 350.0;

/// The effective Earth radius of P.676-10 Annex 2, eq. 29, in km.
constexpr double EFFECTIVE_EARTH_RADIUS_KM = 8500.0;

/// Degrees to radians.
constexpr double DEG_TO_RAD = 3.14159265358979323846 / 180.0;

/**
 * @param function the calling function, for the message
 * @param frequencyHz a frequency, in Hz
 * @return the frequency in GHz, checked to be in (0, 350]
 */
double
FrequencyGhz(const char* function, double frequencyHz)
{
    const double f = frequencyHz / 1e9;
    RequireArgument(f > 0.0 && f <= MAX_FREQUENCY_GHZ,
                    function,
                    "frequencyHz",
                    frequencyHz,
                    "in (0, 3.5e11]");
    return f;
}

/**
 * @param function the calling function, for the message
 * @param pressureHpa a total pressure, in hPa
 * @return rp = p / 1013, checked to be positive
 */
double
PressureRatio(const char* function, double pressureHpa)
{
    RequireArgument(pressureHpa > 0.0 && std::isfinite(pressureHpa),
                    function,
                    "pressureHpa",
                    pressureHpa,
                    "finite and > 0");
    return pressureHpa / 1013.0;
}

/**
 * @param function the calling function, for the message
 * @param atmosphere surface conditions
 * @return rt = 288 / (273 + t), checked
 */
double
TemperatureRatio(const char* function, const SurfaceAtmosphere& atmosphere)
{
    RequireArgument(atmosphere.temperatureC > -273.0 && std::isfinite(atmosphere.temperatureC),
                    function,
                    "temperatureC",
                    atmosphere.temperatureC,
                    "finite and > -273");
    return 288.0 / (273.0 + atmosphere.temperatureC);
}

/// P.676-10 Annex 2, eq. 22u: φ(rp, rt, a, b, c, d) = rp^a · rt^b · exp(c(1 − rp) + d(1 − rt)).
double
Phi(double rp, double rt, double a, double b, double c, double d)
{
    return std::pow(rp, a) * std::pow(rt, b) * std::exp(c * (1.0 - rp) + d * (1.0 - rt));
}

/// P.676-10 Annex 2, eq. 23: the line-shape factor g(f, fi) = 1 + ((f − fi)/(f + fi))².
double
LineShape(double f, double fi)
{
    const double r = (f - fi) / (f + fi);
    return 1.0 + r * r;
}

/// One term of P.676-10 Annex 2, eq. 23 (a water vapour line).
struct WaterVapourLine
{
    double strength; //!< the term's factor
    bool useEta2;    //!< whether the term uses η2 instead of η1
    double exponent; //!< temperature exponent: the term has exp(exponent·(1 − rt))
    double lineGhz;  //!< the line's frequency, GHz
    double width;    //!< width factor: the denominator is (f − fi)² + width·η²
    double shapeGhz; //!< the fi of the line-shape factor g(f, fi), or 0 for none
};

/// The nine terms of P.676-10 Annex 2, eq. 23.
constexpr WaterVapourLine WATER_VAPOUR_LINES[] = {
    {3.98, false, 2.23, 22.235, 9.42, 22.0},
    {11.96, false, 0.7, 183.31, 11.14, 0.0},
    {0.081, false, 6.44, 321.226, 6.29, 0.0},
    {3.66, false, 1.6, 325.153, 9.22, 0.0},
    {25.37, false, 1.09, 380.0, 0.0, 0.0},
    {17.4, false, 1.46, 448.0, 0.0, 0.0},
    {844.6, false, 0.17, 557.0, 0.0, 557.0},
    {290.0, false, 0.41, 752.0, 0.0, 752.0},
    {8.3328e4, true, 0.99, 1780.0, 0.0, 1780.0},
};

} // namespace

double
DryAirSpecificAttenuationDbPerKm(double frequencyHz, const SurfaceAtmosphere& atmosphere)
{
    const char* function = "DryAirSpecificAttenuationDbPerKm";
    const double f = FrequencyGhz(function, frequencyHz);
    const double rp = PressureRatio(function, atmosphere.pressureHpa);
    const double rt = TemperatureRatio(function, atmosphere);
    const double f2 = f * f;
    if (f <= 54.0)
    {
        const double xi1 = Phi(rp, rt, 0.0717, -1.8132, 0.0156, -1.6515);
        const double xi2 = Phi(rp, rt, 0.5146, -4.6368, -0.1921, -5.7416);
        const double xi3 = Phi(rp, rt, 0.3414, -6.5851, 0.2130, -8.5854);
        return (7.2 * std::pow(rt, 2.8) / (f2 + 0.34 * rp * rp * std::pow(rt, 1.6)) +
                0.62 * xi3 / (std::pow(54.0 - f, 1.16 * xi1) + 0.83 * xi2)) *
               f2 * rp * rp * 1e-3;
    }
    // The oxygen complex around 60 GHz: interpolation between γ at 54, 58, 60, 62, 64 and 66 GHz.
    const double g54 = 2.192 * Phi(rp, rt, 1.8286, -1.9487, 0.4051, -2.8509);
    const double g58 = 12.59 * Phi(rp, rt, 1.0045, 3.5610, 0.1588, 1.2834);
    const double g60 = 15.0 * Phi(rp, rt, 0.9003, 4.1335, 0.0427, 1.6088);
    const double g62 = 14.28 * Phi(rp, rt, 0.9886, 3.4176, 0.1827, 1.3429);
    const double g64 = 6.819 * Phi(rp, rt, 1.4320, 0.6258, 0.3177, -0.5914);
    const double g66 = 1.908 * Phi(rp, rt, 2.0717, -4.1404, 0.4910, -4.8718);
    if (f <= 60.0)
    {
        return std::exp(std::log(g54) / 24.0 * (f - 58.0) * (f - 60.0) -
                        std::log(g58) / 8.0 * (f - 54.0) * (f - 60.0) +
                        std::log(g60) / 12.0 * (f - 54.0) * (f - 58.0));
    }
    if (f <= 62.0)
    {
        return g60 + (g62 - g60) * (f - 60.0) / 2.0;
    }
    if (f <= 66.0)
    {
        return std::exp(std::log(g62) / 8.0 * (f - 64.0) * (f - 66.0) -
                        std::log(g64) / 4.0 * (f - 62.0) * (f - 66.0) +
                        std::log(g66) / 8.0 * (f - 62.0) * (f - 64.0));
    }
    const double line118 =
        0.283 / ((f - 118.75) * (f - 118.75) + 2.91 * rp * rp * std::pow(rt, 1.6));
    if (f <= 120.0)
    {
        const double xi4 = Phi(rp, rt, -0.0112, 0.0092, -0.1033, -0.0009);
        const double xi5 = Phi(rp, rt, 0.2705, -2.7192, -0.3016, -4.1033);
        const double xi6 = Phi(rp, rt, 0.2445, -5.9191, 0.0422, -8.0719);
        const double xi7 = Phi(rp, rt, -0.1833, 6.5589, -0.2402, 6.131);
        return (3.02e-4 * std::pow(rt, 3.5) + line118 * std::pow(rt, 3.8) +
                0.502 * xi6 * (1.0 - 0.0163 * xi7 * (f - 66.0)) /
                    (std::pow(f - 66.0, 1.4346 * xi4) + 1.15 * xi5)) *
               f2 * rp * rp * 1e-3;
    }
    const double delta = -0.00306 * Phi(rp, rt, 3.211, -14.94, 1.583, -16.37);
    return (3.02e-4 / (1.0 + 1.9e-5 * std::pow(f, 1.5)) + line118 * std::pow(rt, 0.3)) * f2 * rp *
               rp * std::pow(rt, 3.5) * 1e-3 +
           delta;
}

double
WaterVapourSpecificAttenuationDbPerKm(double frequencyHz, const SurfaceAtmosphere& atmosphere)
{
    const char* function = "WaterVapourSpecificAttenuationDbPerKm";
    const double f = FrequencyGhz(function, frequencyHz);
    const double rp = PressureRatio(function, atmosphere.pressureHpa);
    const double rt = TemperatureRatio(function, atmosphere);
    const double rho = atmosphere.waterVapourDensityGPerM3;
    RequireArgument(rho >= 0.0 && std::isfinite(rho),
                    function,
                    "waterVapourDensityGPerM3",
                    rho,
                    "finite and >= 0");
    const double eta1 = 0.955 * rp * std::pow(rt, 0.68) + 0.006 * rho;
    const double eta2 = 0.735 * rp * std::pow(rt, 0.5) + 0.0353 * std::pow(rt, 4.0) * rho;
    double sum = 0.0;
    for (const auto& line : WATER_VAPOUR_LINES)
    {
        const double eta = line.useEta2 ? eta2 : eta1;
        double term = line.strength * eta * std::exp(line.exponent * (1.0 - rt)) /
                      ((f - line.lineGhz) * (f - line.lineGhz) + line.width * eta * eta);
        if (line.shapeGhz > 0.0)
        {
            term *= LineShape(f, line.shapeGhz);
        }
        sum += term;
    }
    return sum * f * f * std::pow(rt, 2.5) * rho * 1e-4;
}

double
DryAirEquivalentHeightKm(double frequencyHz, double pressureHpa)
{
    const char* function = "DryAirEquivalentHeightKm";
    const double f = FrequencyGhz(function, frequencyHz);
    const double rp = PressureRatio(function, pressureHpa);
    const double t1 = 4.64 / (1.0 + 0.066 * std::pow(rp, -2.3)) *
                      std::exp(-std::pow((f - 59.7) / (2.87 + 12.4 * std::exp(-7.9 * rp)), 2.0));
    const double t2 =
        0.14 * std::exp(2.12 * rp) / ((f - 118.75) * (f - 118.75) + 0.031 * std::exp(2.2 * rp));
    const double t3 = 0.0114 / (1.0 + 0.14 * std::pow(rp, -2.6)) * f *
                      (-0.0247 + 0.0001 * f + 1.61e-6 * f * f) /
                      (1.0 - 0.0169 * f + 4.1e-5 * f * f + 3.2e-7 * f * f * f);
    const double h = 6.1 / (1.0 + 0.17 * std::pow(rp, -1.1)) * (1.0 + t1 + t2 + t3);
    return f < 70.0 ? std::min(h, 10.7 * std::pow(rp, 0.3)) : h;
}

double
WaterVapourEquivalentHeightKm(double frequencyHz, double pressureHpa)
{
    const char* function = "WaterVapourEquivalentHeightKm";
    const double f = FrequencyGhz(function, frequencyHz);
    const double rp = PressureRatio(function, pressureHpa);
    const double sw = 1.013 / (1.0 + std::exp(-8.6 * (rp - 0.57)));
    auto line = [f, sw](double strength, double fi, double width) {
        return strength * sw / ((f - fi) * (f - fi) + width * sw);
    };
    return 1.66 *
           (1.0 + line(1.39, 22.235, 2.56) + line(3.37, 183.31, 4.69) + line(1.58, 325.1, 2.89));
}

double
ZenithGaseousAttenuationDb(double frequencyHz, const SurfaceAtmosphere& atmosphere)
{
    return DryAirSpecificAttenuationDbPerKm(frequencyHz, atmosphere) *
               DryAirEquivalentHeightKm(frequencyHz, atmosphere.pressureHpa) +
           WaterVapourSpecificAttenuationDbPerKm(frequencyHz, atmosphere) *
               WaterVapourEquivalentHeightKm(frequencyHz, atmosphere.pressureHpa);
}

double
GaseousAirMass(double elevationDeg, double equivalentHeightKm)
{
    RequireArgument(elevationDeg >= 0.0 && elevationDeg <= 90.0,
                    "GaseousAirMass",
                    "elevationDeg",
                    elevationDeg,
                    "in [0, 90]");
    RequireArgument(equivalentHeightKm > 0.0 && std::isfinite(equivalentHeightKm),
                    "GaseousAirMass",
                    "equivalentHeightKm",
                    equivalentHeightKm,
                    "finite and > 0");
    const double theta = elevationDeg * DEG_TO_RAD;
    if (elevationDeg >= 5.0)
    {
        return 1.0 / std::sin(theta);
    }
    const double scale = std::sqrt(EFFECTIVE_EARTH_RADIUS_KM / equivalentHeightKm);
    const double x = std::tan(theta) * scale;
    const double f = 1.0 / (0.661 * x + 0.339 * std::sqrt(x * x + 5.51));
    return scale * f / std::cos(theta);
}

double
SlantGaseousAttenuationDb(double frequencyHz,
                          double elevationDeg,
                          const SurfaceAtmosphere& atmosphere)
{
    const double ho = DryAirEquivalentHeightKm(frequencyHz, atmosphere.pressureHpa);
    const double hw = WaterVapourEquivalentHeightKm(frequencyHz, atmosphere.pressureHpa);
    return DryAirSpecificAttenuationDbPerKm(frequencyHz, atmosphere) * ho *
               GaseousAirMass(elevationDeg, ho) +
           WaterVapourSpecificAttenuationDbPerKm(frequencyHz, atmosphere) * hw *
               GaseousAirMass(elevationDeg, hw);
}

} // namespace sagin
} // namespace ns3
