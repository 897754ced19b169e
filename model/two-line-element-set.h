// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_TWO_LINE_ELEMENT_SET_H
#define SAGIN_TWO_LINE_ELEMENT_SET_H

#include "geo-frame.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief One two-line element set (TLE): the mean orbital elements of a satellite at an epoch,
 *        in the NORAD format that SGP4 reads.
 *
 * An element set is two lines of 69 characters, optionally preceded by a name line: either a
 * bare name of at most 24 characters or "0 NAME". Line 1 (columns, 1-based):
 * | columns | field                                                          |
 * |---------|----------------------------------------------------------------|
 * | 1       | line number `1`                                                |
 * | 3-7     | catalogue number (5 digits, or Alpha-5: a letter and 4 digits) |
 * | 8       | classification (U, C or S)                                     |
 * | 10-17   | international designator (launch year, number, piece)         |
 * | 19-20   | epoch year (57-99: 19xx, 00-56: 20xx)                          |
 * | 21-32   | epoch day of the year with fraction (1.0 = 1 January, 0 h UTC) |
 * | 34-43   | ṅ/2, half the first derivative of the mean motion, rev/day²    |
 * | 45-52   | n̈/6, a sixth of the second derivative, rev/day³ (implied decimal) |
 * | 54-61   | B* drag term, per Earth radius (implied decimal, e.g. ` 12345-3`) |
 * | 63      | ephemeris type                                                 |
 * | 65-68   | element set number                                             |
 * | 69      | checksum                                                       |
 *
 * Line 2:
 * | columns | field                                                     |
 * |---------|-----------------------------------------------------------|
 * | 1       | line number `2`                                           |
 * | 3-7     | catalogue number (the same as line 1's)                   |
 * | 9-16    | inclination, degrees                                      |
 * | 18-25   | right ascension of the ascending node, degrees            |
 * | 27-33   | eccentricity (implied leading decimal point)              |
 * | 35-42   | argument of perigee, degrees                              |
 * | 44-51   | mean anomaly, degrees                                     |
 * | 53-63   | mean motion, revolutions per day                          |
 * | 64-68   | revolution number at epoch                                |
 * | 69      | checksum                                                  |
 *
 * The parsers are strict: each line starts with its number and a blank, has 69 characters
 * (trailing white space and a carriage return are ignored), its last digit is the sum of its
 * first 68 characters modulo 10 (digits count their value, '-' counts 1, anything else 0), the
 * separating columns are blank, every numeric field reads as a number in its range, and both
 * lines carry the same catalogue number. A malformed element set is refused with a
 * std::invalid_argument whose one-line message names the source, its line number and the field,
 * e.g. `iss.tle:3: line 2 checksum is 7, the last digit says 4`.
 */
class TwoLineElementSet
{
  public:
    /**
     * @brief Read every element set in a text.
     *
     * Name lines are optional; blank lines between element sets are ignored. A line that starts
     * with "1 " is line 1, one that starts with "2 " is line 2, any other non-blank line is a
     * name line.
     * @param text the text, e.g. a file's content
     * @param source what the text is called in messages, e.g. the file's name
     * @return the element sets, in the order of the text (none for a text without any)
     * @throws std::invalid_argument naming the source, line and field for the first malformed one
     */
    static std::vector<TwoLineElementSet> Parse(const std::string& text, const std::string& source);

    /**
     * @brief Read the one element set of a text (Parse() that wants exactly one).
     * @param text the two or three lines of one element set
     * @param source what the text is called in messages
     * @return the element set
     * @throws std::invalid_argument when the text is malformed or holds no or several sets
     */
    static TwoLineElementSet ParseOne(const std::string& text, const std::string& source);

    /**
     * @brief Read every element set in a file.
     * @param path the file
     * @return the element sets, in file order
     * @throws std::runtime_error when the file cannot be read; std::invalid_argument (messages
     *         starting with @p path) when it is malformed
     */
    static std::vector<TwoLineElementSet> ReadFile(const std::string& path);

    /// @return the name of the name line, without a "0 " prefix and trailing blanks; empty when
    ///         the element set has no name line
    const std::string& GetName() const;
    /// @return the name when there is one, otherwise the catalogue number
    std::string GetLabel() const;
    /// @return the catalogue number (Alpha-5 numbers as 100000 and above: A0000 = 100000)
    uint32_t GetCatalogueNumber() const;
    /// @return the classification: 'U' (unclassified), 'C' or 'S'
    char GetClassification() const;
    /// @return the international designator, without trailing blanks (may be empty)
    const std::string& GetInternationalDesignator() const;
    /// @return the year of the epoch, four digits (1957 to 2056)
    int GetEpochYear() const;
    /// @return the epoch's day of the year with fraction, in days (1.0 = 1 January, 0 h UTC)
    double GetEpochDayOfYear() const;
    /// @return the epoch as a Julian date (UTC)
    JulianDate GetEpoch() const;
    /// @return ṅ/2, half the first time derivative of the mean motion, in rev/day²
    double GetNDotOver2RevPerDay2() const;
    /// @return n̈/6, a sixth of the second time derivative of the mean motion, in rev/day³
    double GetNDdotOver6RevPerDay3() const;
    /// @return the B* drag term, in 1/Earth radii
    double GetBStarPerEarthRadius() const;
    /// @return the ephemeris type digit (0 for element sets meant for SGP4)
    uint32_t GetEphemerisType() const;
    /// @return the element set number
    uint32_t GetElementSetNumber() const;
    /// @return the inclination, in degrees, [0, 180]
    double GetInclinationDeg() const;
    /// @return the right ascension of the ascending node, in degrees, [0, 360]
    double GetRaanDeg() const;
    /// @return the eccentricity, [0, 1)
    double GetEccentricity() const;
    /// @return the argument of perigee, in degrees, [0, 360]
    double GetArgumentOfPerigeeDeg() const;
    /// @return the mean anomaly, in degrees, [0, 360]
    double GetMeanAnomalyDeg() const;
    /// @return the (Kozai) mean motion, in revolutions per day, (0, 20)
    double GetMeanMotionRevPerDay() const;
    /// @return the revolution number at epoch
    uint32_t GetRevolutionNumber() const;

    /// @return line 1, 69 characters
    const std::string& GetLine1() const;
    /// @return line 2, 69 characters
    const std::string& GetLine2() const;
    /// @return the name line (when there is one), line 1 and line 2, separated by '\n'
    std::string ToString() const;

  private:
    TwoLineElementSet() = default;

    /**
     * @brief Check and read one element set.
     * @param name the name, empty when there is no name line
     * @param line1 line 1, trailing white space removed
     * @param line2 line 2, trailing white space removed
     * @param source what the text is called in messages
     * @param line1Number the number of line 1 in the text (line 2 is the next one)
     * @return the element set
     * @throws std::invalid_argument naming the source, line and field of the first problem
     */
    static TwoLineElementSet FromLines(const std::string& name,
                                       const std::string& line1,
                                       const std::string& line2,
                                       const std::string& source,
                                       size_t line1Number);

    std::string m_name;                    //!< name line's name, or empty
    std::string m_line1;                   //!< line 1
    std::string m_line2;                   //!< line 2
    uint32_t m_catalogueNumber{0};         //!< catalogue number
    char m_classification{'U'};            //!< classification
    std::string m_internationalDesignator; //!< international designator
    int m_epochYear{2000};                 //!< epoch year, four digits
    double m_epochDayOfYear{1.0};          //!< epoch day of year with fraction, days
    JulianDate m_epoch;                    //!< epoch as a Julian date
    double m_nDotOver2{0.0};               //!< ṅ/2, rev/day²
    double m_nDdotOver6{0.0};              //!< n̈/6, rev/day³
    double m_bStar{0.0};                   //!< B*, 1/Earth radii
    uint32_t m_ephemerisType{0};           //!< ephemeris type
    uint32_t m_elementSetNumber{0};        //!< element set number
    double m_inclinationDeg{0.0};          //!< inclination, degrees
    double m_raanDeg{0.0};                 //!< right ascension of the ascending node, degrees
    double m_eccentricity{0.0};            //!< eccentricity
    double m_argumentOfPerigeeDeg{0.0};    //!< argument of perigee, degrees
    double m_meanAnomalyDeg{0.0};          //!< mean anomaly, degrees
    double m_meanMotionRevPerDay{0.0};     //!< mean motion, rev/day
    uint32_t m_revolutionNumber{0};        //!< revolution number at epoch
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_TWO_LINE_ELEMENT_SET_H
