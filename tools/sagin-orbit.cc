// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * SGP4 positions and velocities of the satellites of a two-line element file.
 *
 * Prints CSV on standard output with the header
 * `name,minutes,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s`: for every element set of the file, in
 * file order, the TEME position (km) and velocity (km/s) at START, START + STEP, ... (the times
 * START + i·STEP that do not exceed STOP), in minutes since that element set's own epoch. The name
 * is the element set's name line, or its catalogue number when it has none (CSV-quoted when it
 * holds a comma or a quote). Every number is printed in the shortest form that reads back as the
 * same double. Near-Earth element sets only (period below 225 minutes).
 *
 * Options:
 *  - `--tle=FILE`: the element file (required): element sets of two lines, each optionally
 *    preceded by a name line; blank lines are ignored.
 *  - `--minutes=START:STOP:STEP`: the times, in minutes since each epoch (required); STEP > 0,
 *    START <= STOP, at most 10,000,000 times.
 *
 * A malformed file or option, a deep-space element set or a time that SGP4 cannot reach (a
 * decayed satellite) prints `sagin-orbit: error: MESSAGE` on standard error, nothing on standard
 * output, and exits with status 2.
 *
 * Run it with `./sagin exec sagin-orbit --tle=FILE --minutes=0:1440:10`.
 */

#include "ns3/command-line.h"
#include "ns3/core-module.h"
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

/// The most times --minutes may give.
constexpr double MAX_TIMES = 1e7;

/**
 * @param text a CSV field
 * @return the field, in double quotes (inner quotes doubled) when it needs them
 */
std::string
CsvField(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos)
    {
        return text;
    }
    std::string quoted = "\"";
    for (char c : text)
    {
        quoted += c == '"' ? "\"\"" : std::string(1, c);
    }
    return quoted + "\"";
}

/**
 * @param text a number
 * @param what the number's name, for the message
 * @return its value
 * @throws std::invalid_argument when it is not a finite number
 */
double
ReadNumber(const std::string& text, const char* what)
{
    double value = 0.0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || result.ec != std::errc() || result.ptr != text.data() + text.size() ||
        !std::isfinite(value))
    {
        throw std::invalid_argument("--minutes: " + std::string(what) + " \"" + text +
                                    "\" is not a number");
    }
    return value;
}

/// The times of --minutes=START:STOP:STEP.
struct TimeRange
{
    double start; //!< first time, min
    double stop;  //!< no time beyond it, min
    double step;  //!< between times, min
};

/**
 * @param text START:STOP:STEP
 * @return the range
 * @throws std::invalid_argument when it is malformed
 */
TimeRange
ReadTimeRange(const std::string& text)
{
    const auto first = text.find(':');
    const auto second = first == std::string::npos ? first : text.find(':', first + 1);
    if (second == std::string::npos || text.find(':', second + 1) != std::string::npos)
    {
        throw std::invalid_argument("--minutes=\"" + text + "\" is not START:STOP:STEP");
    }
    TimeRange range{ReadNumber(text.substr(0, first), "START"),
                    ReadNumber(text.substr(first + 1, second - first - 1), "STOP"),
                    ReadNumber(text.substr(second + 1), "STEP")};
    if (!(range.step > 0.0))
    {
        throw std::invalid_argument("--minutes: STEP " + ShortestText(range.step) +
                                    " is not positive");
    }
    if (range.start > range.stop)
    {
        throw std::invalid_argument("--minutes: START " + ShortestText(range.start) +
                                    " is after STOP " + ShortestText(range.stop));
    }
    if ((range.stop - range.start) / range.step >= MAX_TIMES)
    {
        throw std::invalid_argument("--minutes=" + text + " gives more than 10000000 times");
    }
    return range;
}

} // namespace

int
main(int argc, char* argv[])
{
    try
    {
        std::string tlePath;
        std::string minutes;
        CommandLine cmd(__FILE__);
        cmd.Usage("SGP4 TEME positions and velocities of the satellites of an element file, as "
                  "CSV on standard output.");
        ProgramOptions options(cmd);
        options.Add("tle", "element file (two-line element sets)", tlePath, MakeStringChecker());
        options.Add("minutes",
                    "times since each epoch, START:STOP:STEP, in minutes",
                    minutes,
                    MakeStringChecker());
        options.Check(argc, argv);
        cmd.Parse(argc, argv);
        if (tlePath.empty())
        {
            throw std::invalid_argument("--tle=FILE is required");
        }
        if (minutes.empty())
        {
            throw std::invalid_argument("--minutes=START:STOP:STEP is required");
        }
        const TimeRange range = ReadTimeRange(minutes);
        const auto sets = TwoLineElementSet::ReadFile(tlePath);
        if (sets.empty())
        {
            throw std::invalid_argument(tlePath + ": holds no element set");
        }

        // Propagate everything before printing, so that a failure prints no rows.
        std::ostringstream csv;
        csv << "name,minutes,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s\n";
        for (const auto& set : sets)
        {
            const Sgp4Propagator propagator(set);
            const std::string name = CsvField(set.GetLabel());
            for (uint64_t i = 0;; ++i)
            {
                const double t = range.start + static_cast<double>(i) * range.step;
                if (t > range.stop)
                {
                    break;
                }
                Vector r;
                Vector v;
                propagator.Propagate(t, r, v);
                csv << name << ',' << ShortestText(t) << ',' << ShortestText(r.x) << ','
                    << ShortestText(r.y) << ',' << ShortestText(r.z) << ',' << ShortestText(v.x)
                    << ',' << ShortestText(v.y) << ',' << ShortestText(v.z) << '\n';
            }
        }
        std::cout << csv.str() << std::flush;
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-orbit: error: " << e.what() << std::endl;
        return 2;
    }
}
