// SPDX-License-Identifier: GPL-2.0-only

// SGP4: two-line element sets and their checks, the propagator and sagin-orbit against
// python3-sgp4 (an independent implementation of the same method), and Sgp4MobilityModel in the
// scenario's local frame.

#include "sagin-test-utils.h"

#include "ns3/config.h"
#include "ns3/nstime.h"
#include "ns3/sagin-module.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <iostream>
#include <sstream>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::test;

namespace
{

/// The first element set of test/data/leo.tle: an ISS-like orbit.
const std::string ISS_NAME = "ISS-LIKE (ZARYA)";
const std::string ISS_LINE1 =
    "1 99901U 98067A   24045.54791667  .00016717  00000-0  10270-3 0  9993";
const std::string ISS_LINE2 =
    "2 99901  51.6416 247.4627 0006703 130.5360 325.0288 15.50103472439023";
const std::string ISS = ISS_NAME + "\n" + ISS_LINE1 + "\n" + ISS_LINE2 + "\n";

/**
 * @param line68 the first 68 characters of a line of an element set
 * @return the line with its checksum: the sum of its digits, plus 1 for each '-', modulo 10
 */
std::string
WithChecksum(const std::string& line68)
{
    int sum = 0;
    for (char c : line68.substr(0, 68))
    {
        sum += (c >= '0' && c <= '9') ? c - '0' : (c == '-' ? 1 : 0);
    }
    return line68.substr(0, 68) + std::to_string(sum % 10);
}

/**
 * @param run code that should throw
 * @return the message of the @p Exception it throws; a test failure and "" when it throws none
 */
template <typename Exception, typename Function>
std::string
MessageOf(Function run)
{
    try
    {
        run();
    }
    catch (const Exception& e)
    {
        return e.what();
    }
    ADD_FAILURE() << "no exception";
    return "";
}

/**
 * @param text an element-set text
 * @return the message of the std::invalid_argument that parsing it throws
 */
std::string
ParseError(const std::string& text)
{
    return MessageOf<std::invalid_argument>([&text] { TwoLineElementSet::Parse(text, "t.tle"); });
}

/**
 * @param text a text
 * @param prefix what it should start with
 * @return whether it does
 */
bool
StartsWith(const std::string& text, const std::string& prefix)
{
    return text.rfind(prefix, 0) == 0;
}

/// One row of sagin-orbit's or test/sgp4-reference.py's CSV.
struct StateRow
{
    std::string name;      //!< the element set's name or catalogue number
    double t{0.0};         //!< minutes (or seconds)
    bool error{false};     //!< python3-sgp4 reported an error at this time
    Vector positionKm;     //!< TEME position, km
    Vector velocityKmPerS; //!< TEME velocity, km/s
};

/**
 * @param csv CSV text with the header `name,TIME,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s` (a row
 *        `name,t,error` stands for a time at which SGP4 failed)
 * @param timeColumn TIME
 * @return the rows; a test failure for a malformed one
 */
std::vector<StateRow>
ParseStates(const std::string& csv, const std::string& timeColumn)
{
    const auto lines = SplitLines(csv);
    EXPECT_FALSE(lines.empty());
    EXPECT_EQ(lines.at(0), "name," + timeColumn + ",x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s");
    std::vector<StateRow> rows;
    for (size_t i = 1; i < lines.size(); ++i)
    {
        StateRow row;
        std::string rest = lines[i];
        if (!rest.empty() && rest[0] == '"')
        {
            // A quoted name: up to the quote that is not doubled.
            size_t k = 1;
            for (; k < rest.size(); ++k)
            {
                if (rest[k] == '"' && (k + 1 == rest.size() || rest[k + 1] != '"'))
                {
                    break;
                }
                row.name += rest[k];
                k += rest[k] == '"' ? 1 : 0;
            }
            rest = rest.substr(k + 1);
        }
        else
        {
            row.name = rest.substr(0, rest.find(','));
            rest = rest.substr(row.name.size());
        }
        std::vector<double> numbers;
        std::istringstream in(rest.substr(1));
        for (std::string field; std::getline(in, field, ',');)
        {
            if (field == "error")
            {
                row.error = true;
                continue;
            }
            char* end = nullptr;
            numbers.push_back(std::strtod(field.c_str(), &end));
            EXPECT_EQ(*end, '\0') << "malformed number in line " << i << ": " << lines[i];
        }
        EXPECT_EQ(numbers.size(), row.error ? 1u : 7u) << "line " << i << ": " << lines[i];
        numbers.resize(7, 0.0);
        row.t = numbers[0];
        row.positionKm = Vector(numbers[1], numbers[2], numbers[3]);
        row.velocityKmPerS = Vector(numbers[4], numbers[5], numbers[6]);
        rows.push_back(row);
    }
    return rows;
}

/// @return whether the reference Python has python3-sgp4
bool
HavePythonSgp4()
{
    return RunCommand(ShellQuote(Python()) + " -c 'import sgp4.api'").exitStatus == 0;
}

/// @return the command that runs test/sgp4-reference.py with @p args
std::string
Reference(const std::string& args)
{
    return ShellQuote(Python()) + " " + ShellQuote(SourcePath("test/sgp4-reference.py")) + " " +
           args;
}

/// @return the command that runs sagin-orbit with @p args
std::string
Orbit(const std::string& args)
{
    return ShellQuote(ProgramPath("sagin-orbit")) + " " + args;
}

/**
 * @param v a vector
 * @param factor a number
 * @return v × factor
 */
Vector
Scaled(const Vector& v, double factor)
{
    return Vector(v.x * factor, v.y * factor, v.z * factor);
}

} // namespace

TEST(TwoLineElementSet, ReadsEveryField)
{
    const auto set = TwoLineElementSet::ParseOne(ISS, "iss.tle");
    EXPECT_EQ(set.GetName(), ISS_NAME);
    EXPECT_EQ(set.GetLabel(), ISS_NAME);
    EXPECT_EQ(set.GetCatalogueNumber(), 99901u);
    EXPECT_EQ(set.GetClassification(), 'U');
    EXPECT_EQ(set.GetInternationalDesignator(), "98067A");
    // Year 24 < 57 is 2024; day 45.54791667 is 14 February (31 days of January + 14), at
    // 0.54791667 d = 13:09:00.0003.
    EXPECT_EQ(set.GetEpochYear(), 2024);
    EXPECT_DOUBLE_EQ(set.GetEpochDayOfYear(), 45.54791667);
    const JulianDate february14 = JulianDate::FromCalendar(2024, 2, 14, 0, 0, 0.0);
    EXPECT_EQ(set.GetEpoch().day, february14.day);
    EXPECT_DOUBLE_EQ(set.GetEpoch().fraction, 0.54791667);
    // 0.54791667 d · 86400 s/d = 47340.000288 s, 13:09 is 47340 s: 0.000288 s past 13:09.
    EXPECT_NEAR(set.GetEpoch().SecondsSince(JulianDate::FromCalendar(2024, 2, 14, 13, 9, 0.0)),
                0.000288,
                1e-6);
    EXPECT_DOUBLE_EQ(set.GetNDotOver2RevPerDay2(), 0.00016717);
    EXPECT_EQ(set.GetNDdotOver6RevPerDay3(), 0.0);
    // " 10270-3" is 0.10270e-3.
    EXPECT_DOUBLE_EQ(set.GetBStarPerEarthRadius(), 0.10270e-3);
    EXPECT_EQ(set.GetEphemerisType(), 0u);
    EXPECT_EQ(set.GetElementSetNumber(), 999u);
    EXPECT_EQ(set.GetInclinationDeg(), 51.6416);
    EXPECT_EQ(set.GetRaanDeg(), 247.4627);
    EXPECT_EQ(set.GetEccentricity(), 0.0006703);
    EXPECT_EQ(set.GetArgumentOfPerigeeDeg(), 130.536);
    EXPECT_EQ(set.GetMeanAnomalyDeg(), 325.0288);
    EXPECT_EQ(set.GetMeanMotionRevPerDay(), 15.50103472);
    EXPECT_EQ(set.GetRevolutionNumber(), 43902u);
    EXPECT_EQ(set.GetLine1(), ISS_LINE1);
    EXPECT_EQ(set.GetLine2(), ISS_LINE2);
    EXPECT_EQ(set.ToString() + "\n", ISS);
}

TEST(TwoLineElementSet, NameLinesBlankLinesAndLineEnds)
{
    // test/data/leo.tle: seven element sets; two without a name line, one named with "0 ", one
    // name with a comma, a blank line between two sets.
    const auto sets = TwoLineElementSet::ReadFile(SourcePath("test/data/leo.tle"));
    ASSERT_EQ(sets.size(), 7u);
    EXPECT_EQ(sets[0].GetName(), ISS_NAME);
    EXPECT_EQ(sets[2].GetName(), "");
    EXPECT_EQ(sets[2].GetLabel(), "99903");
    EXPECT_EQ(sets[4].GetName(), "HIGH DRAG, LOW");
    EXPECT_EQ(sets[5].GetName(), "PERIGEE 150 KM");
    // Alpha-5 catalogue number T0042: T is letter 20, counted from A = 10 without I and O:
    // 10 + 19 - 2 = 27, so 27·10000 + 42.
    EXPECT_EQ(sets[5].GetCatalogueNumber(), 270042u);
    // Negative B*: "-11606-4" is -0.11606e-4; eccentricity "0000850" is 0.000085.
    EXPECT_DOUBLE_EQ(sets[6].GetBStarPerEarthRadius(), -0.11606e-4);
    EXPECT_EQ(sets[6].GetEccentricity(), 0.000085);

    // Carriage returns and trailing blanks are ignored, and so are blank lines.
    const auto crlf = TwoLineElementSet::Parse("\r\n" + ISS_NAME + "  \r\n" + ISS_LINE1 + " \r\n" +
                                                   ISS_LINE2 + "\t\r\n\n \n",
                                               "crlf.tle");
    ASSERT_EQ(crlf.size(), 1u);
    EXPECT_EQ(crlf[0].ToString(), ISS_NAME + "\n" + ISS_LINE1 + "\n" + ISS_LINE2);
    // A name of 24 characters is the longest.
    EXPECT_EQ(
        TwoLineElementSet::ParseOne(std::string(24, 'N') + "\n" + ISS_LINE1 + "\n" + ISS_LINE2,
                                    "t.tle")
            .GetName(),
        std::string(24, 'N'));
    EXPECT_TRUE(TwoLineElementSet::Parse("", "empty.tle").empty());
    EXPECT_TRUE(TwoLineElementSet::Parse("\n  \n", "blank.tle").empty());
}

TEST(TwoLineElementSet, MalformedElementSetsGiveSourceLineAndField)
{
    // Each case changes columns of the named ISS-like element set (name on line 1 of the text,
    // so line 1 is text line 2 and line 2 is text line 3), without fixing the checksum unless
    // said: fields are read before the checksum is checked.
    struct Corruption
    {
        int line;                //!< 1 or 2
        int column;              //!< first column replaced
        std::string replacement; //!< the new characters ("" with column 69: cut the last one)
        std::string expected;    //!< the message
    };

    for (const auto& c : std::vector<Corruption>{
             // Wrong length: line 1 without its last character.
             {1, 69, "", "t.tle:2: line 1 has 68 characters, not 69"},
             // Bad checksum: line 2's digits and '-' sum to ...3 (its true last digit).
             {2, 69, "4", "t.tle:3: line 2 checksum is 3, the last digit says 4"},
             {1, 69, "x", "t.tle:2: line 1 column 69 (checksum) \"x\" is not a digit"},
             // Unparsable fields.
             {1,
              54,
              " 1234x-4",
              "t.tle:2: line 1 columns 54-61 (B* drag term) \"1234x-4\" is not a number"},
             {1,
              34,
              " .0001x717",
              "t.tle:2: line 1 columns 34-43 (first derivative of mean motion) \".0001x717\" is "
              "not a number"},
             {1,
              21,
              "045,54791667",
              "t.tle:2: line 1 columns 21-32 (epoch day) \"045,54791667\" is not a number"},
             {2,
              27,
              "00067a3",
              "t.tle:3: line 2 columns 27-33 (eccentricity) \"00067a3\" is not seven digits"},
             {2,
              9,
              "51.64160",
              "t.tle:3: line 2 columns 9-16 (inclination) \"51.64160\" has no decimal point in "
              "column 12"},
             // Out of range: an inclination above 180 degrees, a mean motion of 0.
             {2,
              9,
              "191.6416",
              "t.tle:3: line 2 columns 9-16 (inclination) \"191.6416\" is outside [0, 180] "
              "degrees"},
             {2,
              53,
              " 0.00000000",
              "t.tle:3: line 2 columns 53-63 (mean motion) \"0.00000000\" is outside (0, 20) "
              "rev/day"},
             // A separating column that is not blank, a classification that is not U, C or S.
             {1, 9, "x", "t.tle:2: line 1 column 9 is \"x\", not blank"},
             {1, 8, "X", "t.tle:2: line 1 column 8 (classification) \"X\" is not U, C or S"},
         })
    {
        std::string lines[2] = {ISS_LINE1, ISS_LINE2};
        std::string& line = lines[c.line - 1];
        line = c.replacement.empty()
                   ? line.substr(0, c.column - 1)
                   : line.replace(c.column - 1, c.replacement.size(), c.replacement);
        EXPECT_EQ(ParseError(ISS_NAME + "\n" + lines[0] + "\n" + lines[1]), c.expected);
    }

    // Catalogue numbers that differ, with valid checksums on both lines.
    std::string line2 = ISS_LINE2;
    line2.replace(2, 5, "99902");
    EXPECT_EQ(ParseError(ISS_LINE1 + "\n" + WithChecksum(line2)),
              "t.tle:2: line 2 catalogue number 99902 differs from line 1's 99901");

    // Missing or misplaced lines.
    EXPECT_EQ(ParseError(ISS_NAME + "\n" + ISS_LINE1 + "\n"),
              "t.tle:2: line 1 is not followed by line 2 (the text ends)");
    EXPECT_EQ(ParseError(ISS_LINE1 + "\nSTARLINK-LIKE 53\n" + ISS_LINE2),
              "t.tle:1: line 1 is not followed by line 2 (the next line is \"STARLINK-LIKE 53\")");
    EXPECT_EQ(ParseError(ISS_LINE2 + "\n"), "t.tle:1: line 2 has no line 1 before it");
    EXPECT_EQ(ParseError(ISS_NAME + "\n\n" + ISS_LINE1 + "\n" + ISS_LINE2),
              "t.tle:1: name line \"ISS-LIKE (ZARYA)\" is not followed by line 1 (a line "
              "starting with \"1 \")");
    EXPECT_EQ(ParseError(std::string(25, 'N') + "\n" + ISS_LINE1 + "\n" + ISS_LINE2),
              "t.tle:1: name line \"" + std::string(25, 'N') +
                  "\" has a name of 25 characters, at most 24 (lines 1 and 2 start with \"1 \" "
                  "and \"2 \")");
    // A line 1 with a wrong line number is taken for a name line, and said to be too long.
    EXPECT_EQ(ParseError("3" + ISS_LINE1.substr(1) + "\n" + ISS_LINE2),
              "t.tle:1: name line \"3 99901U 98067A   24045.547916...\" has a name of 69 "
              "characters, at most 24 (lines 1 and 2 start with \"1 \" and \"2 \")");

    // ParseOne wants exactly one set; ReadFile names the file it cannot read.
    EXPECT_THROW(TwoLineElementSet::ParseOne(ISS + ISS, "two.tle"), std::invalid_argument);
    EXPECT_EQ(MessageOf<std::invalid_argument>([] { TwoLineElementSet::ParseOne("", "none.tle"); }),
              "none.tle: holds 0 element sets, not one");
    EXPECT_EQ(
        MessageOf<std::runtime_error>([] { TwoLineElementSet::ReadFile("/nonexistent/x.tle"); }),
        "/nonexistent/x.tle: cannot open element set file");
    // An endless input (it filled the memory) is read to 64 MiB and refused.
    EXPECT_EQ(MessageOf<std::runtime_error>([] { TwoLineElementSet::ReadFile("/dev/zero"); }),
              "/dev/zero: larger than 64 MiB, not an element set file");
}

TEST(Sgp4Propagator, RefusesDeepSpaceElementSets)
{
    // A geostationary-like orbit: 1.00271 rev/day is a period of 1440 / 1.00271 = 1436.1 min.
    const std::string geo =
        "GEO-LIKE\n"
        "1 99908U 24030A   24045.00000000 -.00000100  00000-0  00000-0 0    15\n"
        "2 99908   0.0500  90.0000 0002000 180.0000  90.0000  1.00271000  1003\n";
    const std::string message = MessageOf<std::invalid_argument>(
        [&geo] { Sgp4Propagator{TwoLineElementSet::ParseOne(geo, "geo.tle")}; });
    EXPECT_TRUE(StartsWith(message,
                           "Sgp4Propagator: satellite GEO-LIKE (catalogue number 99908) has a "
                           "period of 1436.1"))
        << message;
    EXPECT_NE(message.find("225 min or more need the deep-space model SDP4"), std::string::npos)
        << message;
    // At the boundary: 6.4 rev/day is 1440 / 6.4 = 225 min from the Kozai mean motion; at 10°
    // inclination J2 makes the recovered mean motion n'' = n / (1 + δ0) a little smaller
    // (δ0 > 0 when 3 cos² i > 1), so the period is above 225 min: deep space. 6.45 rev/day is
    // 223.3 min: near Earth.
    const std::string line1 =
        WithChecksum("1 99909U 24030A   24045.00000000 -.00000100  00000-0  00000-0 0    1");
    const auto boundary = [&line1](const std::string& meanMotion) {
        return TwoLineElementSet::ParseOne(
            line1 + "\n" +
                WithChecksum("2 99909  10.0000  90.0000 0002000 180.0000  90.0000  " + meanMotion +
                             "  1001"),
            "boundary.tle");
    };
    EXPECT_THROW(Sgp4Propagator{boundary("6.40000000")}, std::invalid_argument);
    Sgp4Propagator nearEarth(boundary("6.45000000"));
    EXPECT_NEAR(nearEarth.GetPeriodMinutes(), 1440.0 / 6.45, 0.1);
    EXPECT_LT(nearEarth.GetPeriodMinutes(), 225.0);
}

TEST(Sgp4Propagator, PropagationErrorsNameSatelliteTimeAndReason)
{
    // 17 rev/day with e = 0.01: a ≈ (μ/n²)^(1/3) = 6390.8 km, so the perigee a(1 - e) ≈ 6327 km
    // is inside the Earth (6378.135 km) while the apogee a(1 + e) ≈ 6455 km is not. Mean anomaly
    // 180°: apogee at epoch; perigee half a period (84.74 / 2 = 42.37 min) later.
    const auto inside = TwoLineElementSet::ParseOne(
        "1 99910U 24040A   24045.00000000  .00000000  00000-0  00000-0 0    17\n"
        "2 99910  45.0000  90.0000 0100000   0.0000 180.0000 17.00000000    17\n",
        "inside.tle");
    Sgp4Propagator decaying(inside);
    Vector r;
    Vector v;
    decaying.Propagate(0.0, r, v);
    EXPECT_NEAR(r.GetLength(), 6455.0, 5.0);
    const std::string decayed =
        MessageOf<std::runtime_error>([&] { decaying.Propagate(42.37, r, v); });
    EXPECT_TRUE(StartsWith(decayed,
                           "Sgp4Propagator: satellite 99910 (catalogue number 99910) at 42.37 min "
                           "since its epoch: the satellite has decayed: its distance from the "
                           "Earth's centre, 632"))
        << decayed;
    // B* = 0.5 per Earth radius at 213 km: drag lowers the mean eccentricity e - B*·C4·t below
    // -0.001 within minutes (python3-sgp4: error 1 at 20 min).
    const auto dragged = TwoLineElementSet::ParseOne(
        "HIGH DRAG\n"
        "1 99905U 23055D   24045.12500000  .00431234  12345-5  50000-0 0    72\n"
        "2 99905  43.0000 200.0000 0008000  10.0000 350.0000 16.21234567 12347\n",
        "drag.tle");
    Sgp4Propagator draggedDown(dragged);
    draggedDown.Propagate(10.0, r, v);
    const std::string eccentricity =
        MessageOf<std::runtime_error>([&] { draggedDown.Propagate(20.0, r, v); });
    EXPECT_TRUE(StartsWith(eccentricity,
                           "Sgp4Propagator: satellite HIGH DRAG (catalogue number 99905) at 20 "
                           "min since its epoch: the mean eccentricity -0.00112"))
        << eccentricity;
}

TEST(Sgp4Propagator, SaginOrbitAgreesWithPythonSgp4)
{
    if (!HavePythonSgp4())
    {
        GTEST_SKIP() << "python3-sgp4 is not installed for " << Python()
                     << " (apt-get install python3-sgp4)";
    }
    const std::string tle = ShellQuote(SourcePath("test/data/leo.tle"));
    const auto ours = RunCommand(Orbit("--tle=" + tle + " --minutes=0:1440:10"));
    ASSERT_EQ(ours.exitStatus, 0) << ours.err;
    const auto reference = RunCommand(Reference("--tle=" + tle + " --minutes=0:1440:10"));
    ASSERT_EQ(reference.exitStatus, 0) << reference.err;
    const auto actual = ParseStates(ours.out, "minutes");
    const auto expected = ParseStates(reference.out, "minutes");
    // 7 element sets × 145 times (0, 10, ..., 1440).
    ASSERT_EQ(actual.size(), 7u * 145u);
    ASSERT_EQ(expected.size(), actual.size());
    double largestPositionKm = 0.0;
    double largestVelocityKmPerS = 0.0;
    for (size_t k = 0; k < actual.size(); ++k)
    {
        ASSERT_FALSE(expected[k].error) << expected[k].name << " at " << expected[k].t;
        EXPECT_EQ(actual[k].name, expected[k].name) << "row " << k;
        EXPECT_EQ(actual[k].t, 10.0 * (k % 145)) << "row " << k;
        EXPECT_EQ(actual[k].t, expected[k].t) << "row " << k;
        const double dr = CalculateDistance(actual[k].positionKm, expected[k].positionKm);
        const double dv = CalculateDistance(actual[k].velocityKmPerS, expected[k].velocityKmPerS);
        // Within 1 m and 1 mm/s.
        EXPECT_LT(dr, 1e-3) << actual[k].name << " at " << actual[k].t << " min";
        EXPECT_LT(dv, 1e-6) << actual[k].name << " at " << actual[k].t << " min";
        largestPositionKm = std::max(largestPositionKm, dr);
        largestVelocityKmPerS = std::max(largestVelocityKmPerS, dv);
    }
    RecordProperty("largest_position_difference_km", std::to_string(largestPositionKm));
    RecordProperty("largest_velocity_difference_km_s", std::to_string(largestVelocityKmPerS));
    std::cout << "sagin-orbit vs python3-sgp4 over " << actual.size()
              << " states: largest position difference " << largestPositionKm << " km, velocity "
              << largestVelocityKmPerS << " km/s" << std::endl;

    // The tool prints the propagator's doubles exactly (shortest round-trip form), and the
    // names are CSV-quoted where they hold a comma.
    const auto sets = TwoLineElementSet::ReadFile(SourcePath("test/data/leo.tle"));
    for (size_t s = 0; s < sets.size(); ++s)
    {
        const Sgp4Propagator propagator(sets[s]);
        Vector r;
        Vector v;
        propagator.Propagate(730.0, r, v);
        const StateRow& row = actual[s * 145 + 73];
        EXPECT_EQ(row.name, sets[s].GetLabel());
        EXPECT_EQ(row.positionKm.x, r.x);
        EXPECT_EQ(row.positionKm.z, r.z);
        EXPECT_EQ(row.velocityKmPerS.y, v.y);
    }
    EXPECT_NE(ours.out.find("\n\"HIGH DRAG, LOW\",0,"), std::string::npos);
}

TEST(Sgp4Propagator, AgreesWithPythonSgp4OnVerificationElementSets)
{
    // The near-Earth element sets of the verification file of Vallado et al. (2006), shipped
    // with python3-sgp4 (SGP4-VER.TLE): odd cases such as perigees below 98 km, eccentricities
    // below 1e-4 and satellites that decay, from a day before to a day after their epochs.
    if (!HavePythonSgp4())
    {
        GTEST_SKIP() << "python3-sgp4 is not installed for " << Python();
    }
    const auto where = RunCommand(ShellQuote(Python()) +
                                  " -c 'import os, sgp4; print(os.path.dirname(sgp4.__file__))'");
    ASSERT_EQ(where.exitStatus, 0) << where.err;
    const std::string verification = ReadFile(SplitLines(where.out).at(0) + "/SGP4-VER.TLE");
    // Its lines carry the verification's time range after column 69: keep the element sets that
    // sagin reads and that are near Earth. (The others are deep space, or malformed on purpose:
    // wrong checksums, a blank ephemeris type.)
    std::vector<std::string> lines;
    for (const auto& line : SplitLines(verification))
    {
        if (StartsWith(line, "1 ") || StartsWith(line, "2 "))
        {
            lines.push_back(line.substr(0, 69));
        }
    }
    std::string nearEarth;
    for (size_t i = 0; i + 1 < lines.size(); i += 2)
    {
        try
        {
            const auto set =
                TwoLineElementSet::ParseOne(lines[i] + "\n" + lines[i + 1], "SGP4-VER.TLE");
            Sgp4Propagator{set};
            nearEarth += set.ToString() + "\n";
        }
        catch (const std::invalid_argument&)
        {
            continue;
        }
    }
    TempFile file("near-earth.tle", nearEarth);
    const auto reference =
        RunCommand(Reference("--tle=" + ShellQuote(file.Path()) + " --minutes=-1440:1440:20"));
    ASSERT_EQ(reference.exitStatus, 0) << reference.err;
    const auto sets = TwoLineElementSet::Parse(nearEarth, "near-earth.tle");
    const auto expected = ParseStates(reference.out, "minutes");
    // 145 times from -1440 to 1440 min for each set.
    ASSERT_EQ(expected.size(), sets.size() * 145);
    EXPECT_GE(sets.size(), 9u);
    size_t errors = 0;
    double largestPositionKm = 0.0;
    double largestVelocityKmPerS = 0.0;
    for (size_t k = 0; k < expected.size(); ++k)
    {
        const Sgp4Propagator propagator(sets[k / 145]);
        Vector r;
        Vector v;
        if (expected[k].error)
        {
            // Where python3-sgp4 reports an error, so does the propagator.
            EXPECT_THROW(propagator.Propagate(expected[k].t, r, v), std::runtime_error)
                << expected[k].name << " at " << expected[k].t << " min";
            ++errors;
            continue;
        }
        propagator.Propagate(expected[k].t, r, v);
        const double dr = CalculateDistance(r, expected[k].positionKm);
        const double dv = CalculateDistance(v, expected[k].velocityKmPerS);
        EXPECT_LT(dr, 1e-3) << expected[k].name << " at " << expected[k].t << " min";
        EXPECT_LT(dv, 1e-6) << expected[k].name << " at " << expected[k].t << " min";
        largestPositionKm = std::max(largestPositionKm, dr);
        largestVelocityKmPerS = std::max(largestVelocityKmPerS, dv);
    }
    // Some of these satellites decay within the day: the comparison covers failures too.
    EXPECT_GT(errors, 0u);
    std::cout << "Sgp4Propagator vs python3-sgp4 on " << sets.size()
              << " verification element sets, " << expected.size() - errors << " states and "
              << errors << " failures: largest position difference " << largestPositionKm
              << " km, velocity " << largestVelocityKmPerS << " km/s" << std::endl;
}

TEST(SaginOrbit, BadOptionsAndFilesGiveOneLineAndStatus2)
{
    TempFile bad("bad.tle", ISS_NAME + "\n" + ISS_LINE1.substr(0, 68) + "\n" + ISS_LINE2 + "\n");
    TempFile geo("geo.tle",
                 "1 99908U 24030A   24045.00000000 -.00000100  00000-0  00000-0 0    15\n"
                 "2 99908   0.0500  90.0000 0002000 180.0000  90.0000  1.00271000  1003\n");
    TempFile empty("empty.tle", "\n");
    const std::string leo = "--tle=" + ShellQuote(SourcePath("test/data/leo.tle"));
    for (const auto& [args, expected] : std::vector<std::pair<std::string, std::string>>{
             {"--minutes=0:10:1", "--tle=FILE is required"},
             {leo, "--minutes=START:STOP:STEP is required"},
             {leo + " --minutes=0:10", "--minutes=\"0:10\" is not START:STOP:STEP"},
             {leo + " --minutes=0:1x:1", "--minutes: STOP \"1x\" is not a number"},
             {leo + " --minutes=0:10:0", "--minutes: STEP 0 is not positive"},
             {leo + " --minutes=10:0:1", "--minutes: START 10 is after STOP 0"},
             {leo + " --minutes=0:1e9:1", "--minutes=0:1e9:1 gives more than 10000000 times"},
             {leo + " --minutes=0:1:1 --days=3",
              "unknown option '--days' (options: --tle, --minutes, --PrintHelp)"},
             {"--tle=/nonexistent.tle --minutes=0:1:1",
              "/nonexistent.tle: cannot open element set file"},
             {"--tle=" + ShellQuote(empty.Path()) + " --minutes=0:1:1",
              empty.Path() + ": holds no element set"},
             {"--tle=" + ShellQuote(bad.Path()) + " --minutes=0:1:1",
              bad.Path() + ":2: line 1 has 68 characters, not 69"},
         })
    {
        const auto result = RunCommand(Orbit(args));
        EXPECT_EQ(result.exitStatus, 2) << args;
        EXPECT_EQ(result.err, "sagin-orbit: error: " + expected + "\n") << args;
        EXPECT_EQ(result.out, "") << args;
    }
    const auto deep = RunCommand(Orbit("--tle=" + ShellQuote(geo.Path()) + " --minutes=0:1:1"));
    EXPECT_EQ(deep.exitStatus, 2);
    EXPECT_TRUE(StartsWith(deep.err,
                           "sagin-orbit: error: Sgp4Propagator: satellite 99908 (catalogue "
                           "number 99908) has a period of 1436.1"))
        << deep.err;
    EXPECT_EQ(deep.out, "");

    // Times: START + i·STEP up to STOP, negative ones too (before the epoch).
    const auto times = RunCommand(Orbit(leo + " --minutes=-1:0.5:0.75"));
    ASSERT_EQ(times.exitStatus, 0) << times.err;
    const auto rows = ParseStates(times.out, "minutes");
    ASSERT_EQ(rows.size(), 7u * 3u); // -1, -0.25, 0.5
    EXPECT_EQ(rows[1].t, -0.25);
    EXPECT_EQ(rows[2].t, 0.5);
}

TEST(Sgp4MobilityModel, ElementSetAttribute)
{
    auto model = CreateObject<Sgp4MobilityModel>();
    EXPECT_FALSE(model->HasElementSet());
    EXPECT_THROW(model->GetPosition(), std::runtime_error);
    model->SetAttribute("ElementSet", StringValue(ISS));
    ASSERT_TRUE(model->HasElementSet());
    EXPECT_EQ(model->GetElementSet().GetCatalogueNumber(), 99901u);
    StringValue text;
    model->GetAttribute("ElementSet", text);
    EXPECT_EQ(text.Get() + "\n", ISS);

    // Bad text is refused with the parser's message and leaves the element set as it was.
    EXPECT_EQ(MessageOf<std::invalid_argument>([&model] {
                  model->SetAttribute("ElementSet",
                                      StringValue(ISS_LINE1.substr(0, 68) + "\n" + ISS_LINE2));
              }),
              "ns3::sagin::Sgp4MobilityModel::ElementSet:1: line 1 has 68 characters, not 69");
    EXPECT_THROW(model->SetAttribute("ElementSet", StringValue(ISS + ISS)), std::invalid_argument);
    EXPECT_EQ(model->GetElementSet().GetName(), ISS_NAME);

    // The same through the attribute system's defaults.
    Config::SetDefault("ns3::sagin::Sgp4MobilityModel::ElementSet",
                       StringValue(ISS_LINE1 + "\n" + ISS_LINE2));
    EXPECT_EQ(CreateObject<Sgp4MobilityModel>()->GetElementSet().GetLabel(), "99901");
    Config::SetDefault("ns3::sagin::Sgp4MobilityModel::ElementSet", StringValue("nonsense"));
    EXPECT_THROW(CreateObject<Sgp4MobilityModel>(), std::invalid_argument);
    Config::SetDefault("ns3::sagin::Sgp4MobilityModel::ElementSet", StringValue(""));

    // C++: SetElementSet; an empty text removes the element set.
    model->SetElementSet(TwoLineElementSet::ReadFile(SourcePath("test/data/leo.tle")).at(1));
    EXPECT_EQ(model->GetElementSet().GetName(), "STARLINK-LIKE 53");
    model->SetAttribute("ElementSet", StringValue(""));
    EXPECT_FALSE(model->HasElementSet());
}

TEST(Sgp4MobilityModel, LocalPositionAgreesWithPythonSgp4)
{
    if (!HavePythonSgp4())
    {
        GTEST_SKIP() << "python3-sgp4 is not installed for " << Python();
    }
    // Scenario epoch 18:00 UTC on the element set's day (epoch 13:09), origin in Munich.
    const std::string epoch = "2024-02-14T18:00:00";
    const GeoFrame frame(48.137, 11.575, 520.0);
    auto model = CreateObject<Sgp4MobilityModel>();
    model->SetAttribute("Epoch", StringValue(epoch + "Z"));
    model->SetFrame(frame);
    model->SetElementSet(TwoLineElementSet::ParseOne(ISS, "iss.tle"));

    // python3-sgp4 propagates to each instant from its own Julian date (Satrec.sgp4(jd, fr)).
    const std::vector<double> seconds{0.0, 60.0, 3600.5, 5400.0, 43210.25, 86400.0};
    std::string list;
    for (double t : seconds)
    {
        list += (list.empty() ? "" : ",") + std::to_string(t);
    }
    TempFile tle("iss.tle", ISS);
    const auto reference = RunCommand(
        Reference("--tle=" + ShellQuote(tle.Path()) + " --epoch=" + epoch + " --seconds=" + list));
    ASSERT_EQ(reference.exitStatus, 0) << reference.err;
    const auto expected = ParseStates(reference.out, "seconds");
    ASSERT_EQ(expected.size(), seconds.size());

    const JulianDate epochJd = JulianDate::FromIso8601(epoch);
    for (size_t k = 0; k < seconds.size(); ++k)
    {
        // TEME (km) → Earth-fixed by GMST at the instant → local frame (m).
        Vector r = Scaled(expected[k].positionKm, 1e3);
        Vector v = Scaled(expected[k].velocityKmPerS, 1e3);
        InertialToEarthFixed(GreenwichMeanSiderealTime(epochJd.AddSeconds(seconds[k])), r, v);
        const Vector local = frame.EcefToLocal(r);
        EXPECT_LT(CalculateDistance(model->GetPositionAt(Seconds(seconds[k])), local), 1e-3)
            << "at " << seconds[k] << " s";

        // The same through the simulator clock, with the velocity.
        Vector position;
        Vector velocity;
        Simulator::Schedule(Seconds(seconds[k]) - Simulator::Now(), [&] {
            position = model->GetPosition();
            velocity = model->GetVelocity();
        });
        Simulator::Run();
        EXPECT_LT(CalculateDistance(position, local), 1e-3) << "at " << seconds[k] << " s";
        EXPECT_LT(CalculateDistance(velocity, frame.RotateEcefToLocal(v)), 1e-6)
            << "at " << seconds[k] << " s";
    }
}

TEST(Sgp4MobilityModel, AltitudeIsPlausibleForLeo)
{
    auto model = CreateObject<Sgp4MobilityModel>();
    model->SetAttribute("Epoch", StringValue("2024-02-14T18:00:00Z"));
    model->SetFrame(GeoFrame(30.0, 120.0, 0.0));
    model->SetElementSet(TwoLineElementSet::ParseOne(ISS, "iss.tle"));
    // n = 15.50103472 rev/day = 1.12725e-3 rad/s, so a = (μ/n²)^(1/3) = 6796.9 km; with
    // e = 0.00067 the radius stays within 6792.3..6801.5 km. The ellipsoid's radius is 6378.1 km
    // at the equator and 6365 km at the orbit's highest latitude, 51.6°: heights of
    // 414..437 km, give or take J2's short-period terms (≈ 10 km). So [390, 450] km.
    double lowest = 1e9;
    double highest = 0.0;
    for (int minute = 0; minute <= 1440; minute += 5)
    {
        const Vector local = model->GetPositionAt(Minutes(minute));
        const double altitudeM = model->GetFrame().LocalToGeographic(local).z;
        lowest = std::min(lowest, altitudeM);
        highest = std::max(highest, altitudeM);
    }
    EXPECT_GT(lowest, 390e3);
    EXPECT_LT(highest, 450e3);
    // Over a day the orbit spans latitudes up to the inclination, so the height varies by more
    // than the eccentricity alone (2ae = 9.1 km) would make it.
    EXPECT_GT(highest - lowest, 9.1e3);
}
