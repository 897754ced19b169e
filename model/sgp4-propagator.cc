// SPDX-License-Identifier: GPL-2.0-only

#include "sgp4-propagator.h"

#include "ns3/log.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginSgp4Propagator");

namespace
{

constexpr double PI = 3.14159265358979323846;
constexpr double TWO_PI = 2.0 * PI;
constexpr double DEG_TO_RAD = PI / 180.0;
constexpr double MINUTES_PER_DAY = 1440.0;

// WGS-72, the constants element sets are fitted with.
constexpr double EARTH_RADIUS_KM = 6378.135; //!< equatorial radius, km
constexpr double MU_KM3_PER_S2 = 398600.8;   //!< gravitational parameter, km³/s²
constexpr double J2 = 0.001082616;           //!< second zonal harmonic
constexpr double J3 = -0.00000253881;        //!< third zonal harmonic
constexpr double J4 = -0.00000165597;        //!< fourth zonal harmonic
constexpr double J3_OVER_J2 = J3 / J2;       //!< J3 / J2

// The atmosphere of the drag terms: density parameter s = 78 km and q0 = 120 km above the
// surface; below 156 km perigee, s follows the perigee (down to 20 km below 98 km).
constexpr double S_ALTITUDE_KM = 78.0;   //!< altitude of s, km
constexpr double Q0_ALTITUDE_KM = 120.0; //!< altitude of q0, km
/// Perigee below which the reduced drag terms are used, km.
constexpr double SIMPLIFIED_PERIGEE_KM = 220.0;
/// Guard of 1 + cos i against division by zero for retrograde equatorial orbits.
constexpr double INCLINATION_GUARD = 1.5e-12;

/// @return ke = sqrt(μ) in Earth radii^1.5 per minute
double
Ke()
{
    static const double ke =
        60.0 / std::sqrt(EARTH_RADIUS_KM * EARTH_RADIUS_KM * EARTH_RADIUS_KM / MU_KM3_PER_S2);
    return ke;
}

/**
 * @param angle an angle, in rad
 * @return the angle in [0, 2π), the result's sign always that of 2π
 */
double
WrapPositive(double angle)
{
    const double wrapped = std::fmod(angle, TWO_PI);
    return wrapped < 0.0 ? wrapped + TWO_PI : wrapped;
}

} // namespace

Sgp4Propagator::Sgp4Propagator(const TwoLineElementSet& elements)
    : m_elements(elements)
{
    NS_LOG_FUNCTION(this << elements.GetLabel());
    const double ke = Ke();
    m_inclination = elements.GetInclinationDeg() * DEG_TO_RAD;
    m_raan = elements.GetRaanDeg() * DEG_TO_RAD;
    m_eccentricity = elements.GetEccentricity();
    m_argumentOfPerigee = elements.GetArgumentOfPerigeeDeg() * DEG_TO_RAD;
    m_meanAnomaly = elements.GetMeanAnomalyDeg() * DEG_TO_RAD;
    m_bStar = elements.GetBStarPerEarthRadius();
    const double kozaiMeanMotion = elements.GetMeanMotionRevPerDay() / (MINUTES_PER_DAY / TWO_PI);

    // Recover the Brouwer mean motion n0'' and semi-major axis a0'' from the element set's
    // Kozai mean motion (STR#3, SGP4 section, first equations).
    const double e2 = m_eccentricity * m_eccentricity;
    const double beta2 = 1.0 - e2;
    const double beta = std::sqrt(beta2);
    const double cosI = std::cos(m_inclination);
    const double cos2I = cosI * cosI;
    const double sinI = std::sin(m_inclination);
    const double a1 = std::pow(ke / kozaiMeanMotion, 2.0 / 3.0);
    const double d1 = 0.75 * J2 * (3.0 * cos2I - 1.0) / (beta * beta2);
    double delta = d1 / (a1 * a1);
    const double a0 =
        a1 * (1.0 - delta * delta - delta * (1.0 / 3.0 + 134.0 * delta * delta / 81.0));
    delta = d1 / (a0 * a0);
    m_meanMotion = kozaiMeanMotion / (1.0 + delta);
    const double period = TWO_PI / m_meanMotion;
    if (period >= DEEP_SPACE_PERIOD_MIN)
    {
        std::ostringstream os;
        os << "Sgp4Propagator: satellite " << elements.GetLabel() << " (catalogue number "
           << elements.GetCatalogueNumber() << ") has a period of " << period
           << " min; element sets with a period of " << DEEP_SPACE_PERIOD_MIN
           << " min or more need the deep-space model SDP4, which sagin does not implement";
        throw std::invalid_argument(os.str());
    }
    const double a0Brouwer = std::pow(ke / m_meanMotion, 2.0 / 3.0);
    const double semiLatusRectum = a0Brouwer * beta2;
    const double perigeeRadius = a0Brouwer * (1.0 - m_eccentricity);
    const double oneMinus5Cos2 = 1.0 - 5.0 * cos2I;
    m_threeCos2Minus1 = -oneMinus5Cos2 - cos2I - cos2I;
    m_oneMinusCos2 = 1.0 - cos2I;
    m_sevenCos2Minus1 = 7.0 * cos2I - 1.0;

    // The atmosphere: s and (q0 - s)^4 in Earth radii, lowered for perigees below 156 km.
    m_simplified = perigeeRadius < SIMPLIFIED_PERIGEE_KM / EARTH_RADIUS_KM + 1.0;
    double s = S_ALTITUDE_KM / EARTH_RADIUS_KM + 1.0;
    const double q0MinusS = (Q0_ALTITUDE_KM - S_ALTITUDE_KM) / EARTH_RADIUS_KM;
    double q0MinusS4 = q0MinusS * q0MinusS * q0MinusS * q0MinusS;
    const double perigeeKm = (perigeeRadius - 1.0) * EARTH_RADIUS_KM;
    if (perigeeKm < 156.0)
    {
        double sKm = perigeeKm < 98.0 ? 20.0 : perigeeKm - S_ALTITUDE_KM;
        const double lowered = (Q0_ALTITUDE_KM - sKm) / EARTH_RADIUS_KM;
        q0MinusS4 = lowered * lowered * lowered * lowered;
        s = sKm / EARTH_RADIUS_KM + 1.0;
    }

    // Drag coefficients C1 to C5 (ξ = 1 / (a0 - s)).
    const double xi = 1.0 / (a0Brouwer - s);
    m_eta = a0Brouwer * m_eccentricity * xi;
    const double eta2 = m_eta * m_eta;
    const double eEta = m_eccentricity * m_eta;
    const double psi2 = std::fabs(1.0 - eta2);
    const double coef = q0MinusS4 * std::pow(xi, 4.0);
    const double coef1 = coef / std::pow(psi2, 3.5);
    const double c2 =
        coef1 * m_meanMotion *
        (a0Brouwer * (1.0 + 1.5 * eta2 + eEta * (4.0 + eta2)) +
         0.375 * J2 * xi / psi2 * m_threeCos2Minus1 * (8.0 + 3.0 * eta2 * (8.0 + eta2)));
    m_c1 = m_bStar * c2;
    const double c3 = m_eccentricity > 1.0e-4
                          ? -2.0 * coef * xi * J3_OVER_J2 * m_meanMotion * sinI / m_eccentricity
                          : 0.0;
    m_c4 = 2.0 * m_meanMotion * coef1 * a0Brouwer * beta2 *
           (m_eta * (2.0 + 0.5 * eta2) + m_eccentricity * (0.5 + 2.0 * eta2) -
            J2 * xi / (a0Brouwer * psi2) *
                (-3.0 * m_threeCos2Minus1 * (1.0 - 2.0 * eEta + eta2 * (1.5 - 0.5 * eEta)) +
                 0.75 * m_oneMinusCos2 * (2.0 * eta2 - eEta * (1.0 + eta2)) *
                     std::cos(2.0 * m_argumentOfPerigee)));
    m_c5 = 2.0 * coef1 * a0Brouwer * beta2 * (1.0 + 2.75 * (eta2 + eEta) + eEta * eta2);

    // Secular rates of M, ω and Ω from J2 (to second order) and J4.
    const double cos4I = cos2I * cos2I;
    const double p2Inverse = 1.0 / (semiLatusRectum * semiLatusRectum);
    const double temp1 = 1.5 * J2 * p2Inverse * m_meanMotion;
    const double temp2 = 0.5 * temp1 * J2 * p2Inverse;
    const double temp3 = -0.46875 * J4 * p2Inverse * p2Inverse * m_meanMotion;
    m_meanAnomalyRate = m_meanMotion + 0.5 * temp1 * beta * m_threeCos2Minus1 +
                        0.0625 * temp2 * beta * (13.0 - 78.0 * cos2I + 137.0 * cos4I);
    m_argumentOfPerigeeRate = -0.5 * temp1 * oneMinus5Cos2 +
                              0.0625 * temp2 * (7.0 - 114.0 * cos2I + 395.0 * cos4I) +
                              temp3 * (3.0 - 36.0 * cos2I + 49.0 * cos4I);
    const double raanRateJ2 = -temp1 * cosI;
    m_raanRate = raanRateJ2 +
                 (0.5 * temp2 * (4.0 - 19.0 * cos2I) + 2.0 * temp3 * (3.0 - 7.0 * cos2I)) * cosI;
    m_argumentOfPerigeeDrag = m_bStar * c3 * std::cos(m_argumentOfPerigee);
    m_meanAnomalyDrag = m_eccentricity > 1.0e-4 ? -2.0 / 3.0 * coef * m_bStar / eEta : 0.0;
    m_raanDrag = 3.5 * beta2 * raanRateJ2 * m_c1;
    m_meanLongitudeT2 = 1.5 * m_c1;

    // Long-period J3 coefficients.
    const double onePlusCos =
        std::fabs(cosI + 1.0) > INCLINATION_GUARD ? 1.0 + cosI : INCLINATION_GUARD;
    m_longPeriodL = -0.25 * J3_OVER_J2 * sinI * (3.0 + 5.0 * cosI) / onePlusCos;
    m_longPeriodAy = -0.5 * J3_OVER_J2 * sinI;
    const double delta0 = 1.0 + m_eta * std::cos(m_meanAnomaly);
    m_delta0Cubed = delta0 * delta0 * delta0;
    m_sinMeanAnomaly0 = std::sin(m_meanAnomaly);

    // Higher-order drag terms D2 to D4 and the mean longitude's powers of t, unless simplified.
    m_d2 = m_d3 = m_d4 = 0.0;
    m_meanLongitudeT3 = m_meanLongitudeT4 = m_meanLongitudeT5 = 0.0;
    if (!m_simplified)
    {
        const double c1Squared = m_c1 * m_c1;
        m_d2 = 4.0 * a0Brouwer * xi * c1Squared;
        const double temp = m_d2 * xi * m_c1 / 3.0;
        m_d3 = (17.0 * a0Brouwer + s) * temp;
        m_d4 = 0.5 * temp * a0Brouwer * xi * (221.0 * a0Brouwer + 31.0 * s) * m_c1;
        m_meanLongitudeT3 = m_d2 + 2.0 * c1Squared;
        m_meanLongitudeT4 = 0.25 * (3.0 * m_d3 + m_c1 * (12.0 * m_d2 + 10.0 * c1Squared));
        m_meanLongitudeT5 = 0.2 * (3.0 * m_d4 + 12.0 * m_c1 * m_d3 + 6.0 * m_d2 * m_d2 +
                                   15.0 * c1Squared * (2.0 * m_d2 + c1Squared));
    }
}

const TwoLineElementSet&
Sgp4Propagator::GetElementSet() const
{
    return m_elements;
}

double
Sgp4Propagator::GetPeriodMinutes() const
{
    return TWO_PI / m_meanMotion;
}

void
Sgp4Propagator::Fail(double minutesSinceEpoch, const std::string& reason) const
{
    std::ostringstream os;
    os << "Sgp4Propagator: satellite " << m_elements.GetLabel() << " (catalogue number "
       << m_elements.GetCatalogueNumber() << ") at " << minutesSinceEpoch
       << " min since its epoch: " << reason;
    throw std::runtime_error(os.str());
}

void
Sgp4Propagator::Propagate(double t, Vector& positionKm, Vector& velocityKmPerS) const
{
    const double ke = Ke();

    // Secular gravity and drag.
    const double meanAnomalyDf = m_meanAnomaly + m_meanAnomalyRate * t;
    const double argumentOfPerigeeDf = m_argumentOfPerigee + m_argumentOfPerigeeRate * t;
    const double t2 = t * t;
    double raan = m_raan + m_raanRate * t + m_raanDrag * t2;
    double argumentOfPerigee = argumentOfPerigeeDf;
    double meanAnomaly = meanAnomalyDf;
    double tempA = 1.0 - m_c1 * t;
    double tempE = m_bStar * m_c4 * t;
    double tempL = m_meanLongitudeT2 * t2;
    if (!m_simplified)
    {
        const double deltaOmega = m_argumentOfPerigeeDrag * t;
        const double delta = 1.0 + m_eta * std::cos(meanAnomalyDf);
        const double deltaM = m_meanAnomalyDrag * (delta * delta * delta - m_delta0Cubed);
        meanAnomaly = meanAnomalyDf + (deltaOmega + deltaM);
        argumentOfPerigee = argumentOfPerigeeDf - (deltaOmega + deltaM);
        const double t3 = t2 * t;
        const double t4 = t3 * t;
        tempA = tempA - m_d2 * t2 - m_d3 * t3 - m_d4 * t4;
        tempE = tempE + m_bStar * m_c5 * (std::sin(meanAnomaly) - m_sinMeanAnomaly0);
        tempL = tempL + m_meanLongitudeT3 * t3 + t4 * (m_meanLongitudeT4 + t * m_meanLongitudeT5);
    }
    if (!(m_meanMotion > 0.0))
    {
        Fail(t, "the mean motion is not positive");
    }
    const double a = std::pow(ke / m_meanMotion, 2.0 / 3.0) * tempA * tempA;
    const double n = ke / std::pow(a, 1.5);
    double e = m_eccentricity - tempE;
    if (!(e < 1.0 && e >= -0.001))
    {
        std::ostringstream os;
        os << "the mean eccentricity " << e
           << " is outside [-0.001, 1): drag has brought the orbit down";
        Fail(t, os.str());
    }
    e = std::max(e, 1.0e-6);
    meanAnomaly = meanAnomaly + m_meanMotion * tempL;
    // Angles modulo 2π: Ω keeps its sign, the others are taken into [0, 2π).
    const double meanLongitude = WrapPositive(meanAnomaly + argumentOfPerigee + raan);
    raan = std::fmod(raan, TWO_PI);
    argumentOfPerigee = WrapPositive(argumentOfPerigee);
    meanAnomaly = WrapPositive(meanLongitude - argumentOfPerigee - raan);

    // Long-period periodics (J3).
    const double sinI = std::sin(m_inclination);
    const double cosI = std::cos(m_inclination);
    const double axN = e * std::cos(argumentOfPerigee);
    double temp = 1.0 / (a * (1.0 - e * e));
    const double ayN = e * std::sin(argumentOfPerigee) + temp * m_longPeriodAy;
    const double longitude = meanAnomaly + argumentOfPerigee + raan + temp * m_longPeriodL * axN;

    // Kepler's equation for E + ω, by Newton-Raphson steps of at most 0.95 rad.
    const double u = WrapPositive(longitude - raan);
    double eo1 = u;
    double sinEo1 = 0.0;
    double cosEo1 = 0.0;
    double step = 9999.9;
    for (int k = 1; std::fabs(step) >= 1.0e-12 && k <= 10; ++k)
    {
        sinEo1 = std::sin(eo1);
        cosEo1 = std::cos(eo1);
        step = (u - ayN * cosEo1 + axN * sinEo1 - eo1) / (1.0 - cosEo1 * axN - sinEo1 * ayN);
        step = std::fabs(step) >= 0.95 ? (step > 0.0 ? 0.95 : -0.95) : step;
        eo1 += step;
    }

    // Short-period periodics (J2).
    const double eCosE = axN * cosEo1 + ayN * sinEo1;
    const double eSinE = axN * sinEo1 - ayN * cosEo1;
    const double eL2 = axN * axN + ayN * ayN;
    const double pL = a * (1.0 - eL2);
    if (!(pL >= 0.0))
    {
        std::ostringstream os;
        os << "the semi-latus rectum " << pL << " Earth radii is negative";
        Fail(t, os.str());
    }
    const double r = a * (1.0 - eCosE);
    const double rDot = std::sqrt(a) * eSinE / r;
    const double rfDot = std::sqrt(pL) / r;
    const double betaL = std::sqrt(1.0 - eL2);
    temp = eSinE / (1.0 + betaL);
    const double sinU = a / r * (sinEo1 - ayN - axN * temp);
    const double cosU = a / r * (cosEo1 - axN + ayN * temp);
    double su = std::atan2(sinU, cosU);
    const double sin2U = (cosU + cosU) * sinU;
    const double cos2U = 1.0 - 2.0 * sinU * sinU;
    temp = 1.0 / pL;
    const double temp1 = 0.5 * J2 * temp;
    const double temp2 = temp1 * temp;
    const double rK =
        r * (1.0 - 1.5 * temp2 * betaL * m_threeCos2Minus1) + 0.5 * temp1 * m_oneMinusCos2 * cos2U;
    su = su - 0.25 * temp2 * m_sevenCos2Minus1 * sin2U;
    const double raanK = raan + 1.5 * temp2 * cosI * sin2U;
    const double inclinationK = m_inclination + 1.5 * temp2 * cosI * sinI * cos2U;
    const double rDotK = rDot - n * temp1 * m_oneMinusCos2 * sin2U / ke;
    const double rfDotK =
        rfDot + n * temp1 * (m_oneMinusCos2 * cos2U + 1.5 * m_threeCos2Minus1) / ke;

    // Orientation: U points to the satellite, V along the track, both in TEME.
    const double sinSu = std::sin(su);
    const double cosSu = std::cos(su);
    const double sinNode = std::sin(raanK);
    const double cosNode = std::cos(raanK);
    const double sinInc = std::sin(inclinationK);
    const double cosInc = std::cos(inclinationK);
    const double mx = -sinNode * cosInc;
    const double my = cosNode * cosInc;
    const Vector uVec(mx * sinSu + cosNode * cosSu, my * sinSu + sinNode * cosSu, sinInc * sinSu);
    const Vector vVec(mx * cosSu - cosNode * sinSu, my * cosSu - sinNode * sinSu, sinInc * cosSu);
    if (!(rK >= 1.0))
    {
        std::ostringstream os;
        os << "the satellite has decayed: its distance from the Earth's centre, "
           << rK * EARTH_RADIUS_KM << " km, is less than the Earth's radius, " << EARTH_RADIUS_KM
           << " km";
        Fail(t, os.str());
    }
    const double radiusKm = rK * EARTH_RADIUS_KM;
    const double kmPerSecond = EARTH_RADIUS_KM * ke / 60.0;
    positionKm = Vector(radiusKm * uVec.x, radiusKm * uVec.y, radiusKm * uVec.z);
    velocityKmPerS = Vector((rDotK * uVec.x + rfDotK * vVec.x) * kmPerSecond,
                            (rDotK * uVec.y + rfDotK * vVec.y) * kmPerSecond,
                            (rDotK * uVec.z + rfDotK * vVec.z) * kmPerSecond);
    if (!std::isfinite(positionKm.GetLength()) || !std::isfinite(velocityKmPerS.GetLength()))
    {
        Fail(t, "the state is not finite");
    }
}

} // namespace sagin
} // namespace ns3
