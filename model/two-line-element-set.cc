// SPDX-License-Identifier: GPL-2.0-only

#include "two-line-element-set.h"

#include "input-file.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{

/// Length of lines 1 and 2, in characters.
constexpr size_t LINE_LENGTH = 69;
/// Longest name a name line may hold, in characters.
constexpr size_t MAX_NAME_LENGTH = 24;
/// Longest piece of a line quoted in a message, in characters.
constexpr size_t MAX_QUOTE_LENGTH = 30;

/// The values a numeric field may take.
struct Range
{
    double low;        //!< the smallest value
    bool lowIncluded;  //!< whether low itself is allowed
    double high;       //!< the largest value
    bool highIncluded; //!< whether high itself is allowed
    const char* unit;  //!< the unit, for messages
};

/// Inclination.
constexpr Range INCLINATION_RANGE{0.0, true, 180.0, true, " degrees"};
/// Right ascension, argument of perigee, mean anomaly.
constexpr Range ANGLE_RANGE{0.0, true, 360.0, true, " degrees"};
/// Day of the year: 1.0 is 1 January, 0 h; day 366 of a leap year ends at 367.
constexpr Range EPOCH_DAY_RANGE{1.0, true, 367.0, false, " days"};
/// Mean motion: 20 rev/day is an orbit whose semi-major axis (5,730 km) is inside the Earth.
constexpr Range MEAN_MOTION_RANGE{0.0, false, 20.0, false, " rev/day"};

/**
 * @param line a line
 * @return the line without trailing white space (blanks, tabs, a carriage return)
 */
std::string
WithoutTrailingSpace(const std::string& line)
{
    const auto end = line.find_last_not_of(" \t\r\v\f");
    return end == std::string::npos ? std::string() : line.substr(0, end + 1);
}

/**
 * @param line a line without trailing white space
 * @param prefix what it may start with
 * @return whether it does
 */
bool
StartsWith(const std::string& line, const char* prefix)
{
    return line.rfind(prefix, 0) == 0;
}

/**
 * @param text a piece of a line
 * @return the piece in double quotes, shortened to MAX_QUOTE_LENGTH characters and "..."
 */
std::string
Quote(const std::string& text)
{
    if (text.size() > MAX_QUOTE_LENGTH)
    {
        return "\"" + text.substr(0, MAX_QUOTE_LENGTH) + "...\"";
    }
    return "\"" + text + "\"";
}

/// @return whether @p c is an ASCII digit
bool
IsDigit(char c)
{
    return c >= '0' && c <= '9';
}

/**
 * @param text decimal digits, at least one, and optionally one point
 * @param value replaced by the number (correctly rounded)
 * @return whether @p text is such a number
 */
bool
ReadUnsignedDecimal(const std::string& text, double& value)
{
    if (text.find_first_of("0123456789") == std::string::npos ||
        text.find_first_not_of("0123456789.") != std::string::npos ||
        text.find('.') != text.rfind('.'))
    {
        return false;
    }
    // from_chars reads "5." and ".5" as the whole text only with a digit on each side.
    const std::string padded = "0" + text + (text.back() == '.' ? "0" : "");
    const auto result = std::from_chars(padded.data(), padded.data() + padded.size(), value);
    return result.ec == std::errc() && result.ptr == padded.data() + padded.size();
}

/**
 * @brief The checksum of a line: its first 68 characters summed modulo 10, digits counting their
 *        value, '-' counting 1 and anything else 0.
 * @param line a line of at least 68 characters
 * @return the checksum, 0..9
 */
int
Checksum(const std::string& line)
{
    int sum = 0;
    for (size_t i = 0; i + 1 < LINE_LENGTH; ++i)
    {
        if (IsDigit(line[i]))
        {
            sum += line[i] - '0';
        }
        else if (line[i] == '-')
        {
            sum += 1;
        }
    }
    return sum % 10;
}

/**
 * @brief Reads the fields of one line of an element set, and says where one is wrong.
 *
 * Columns are numbered from 1, as in the format's description.
 */
class LineReader
{
  public:
    /**
     * @param line the line, without trailing white space
     * @param which 1 or 2
     * @param source what the text is called in messages
     * @param lineNumber the line's number in the text
     */
    LineReader(const std::string& line, int which, const std::string& source, size_t lineNumber)
        : m_line(line),
          m_which(which),
          m_source(source),
          m_lineNumber(lineNumber)
    {
        if (m_line.size() != LINE_LENGTH)
        {
            Fail("has " + std::to_string(m_line.size()) + " characters, not " +
                 std::to_string(LINE_LENGTH));
        }
    }

    /**
     * @param problem what is wrong, after "line N "
     * @throws std::invalid_argument "SOURCE:LINE: line N PROBLEM"
     */
    [[noreturn]] void Fail(const std::string& problem) const
    {
        std::ostringstream os;
        os << m_source << ':' << m_lineNumber << ": line " << m_which << ' ' << problem;
        throw std::invalid_argument(os.str());
    }

    /**
     * @param first the field's first column
     * @param last the field's last column
     * @return the field's text
     */
    std::string Text(int first, int last) const
    {
        return m_line.substr(first - 1, last - first + 1);
    }

    /**
     * @param column a column that separates fields
     * @throws std::invalid_argument when it is not blank
     */
    void ExpectBlank(int column) const
    {
        if (m_line[column - 1] != ' ')
        {
            Fail("column " + std::to_string(column) + " is " + Quote(Text(column, column)) +
                 ", not blank");
        }
    }

    /**
     * @param first the field's first column
     * @param last the field's last column
     * @param what the field's name
     * @param problem what is wrong with its value
     * @throws std::invalid_argument "line N columns A-B (WHAT) "TEXT" PROBLEM"
     */
    [[noreturn]] void FailField(int first,
                                int last,
                                const char* what,
                                const std::string& problem) const
    {
        std::string text = Text(first, last);
        const auto begin = text.find_first_not_of(' ');
        const auto end = text.find_last_not_of(' ');
        text = begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
        std::ostringstream os;
        os << (first == last ? "column " : "columns ") << first;
        if (first != last)
        {
            os << '-' << last;
        }
        os << " (" << what << ") " << Quote(text) << ' ' << problem;
        Fail(os.str());
    }

    /**
     * @brief A whole number, right-justified: blanks, then at least one digit.
     * @param first the field's first column
     * @param last the field's last column
     * @param what the field's name
     * @return the number
     */
    uint32_t Integer(int first, int last, const char* what) const
    {
        const std::string text = Text(first, last);
        const auto begin = text.find_first_not_of(' ');
        if (begin == std::string::npos ||
            text.find_first_not_of("0123456789", begin) != std::string::npos)
        {
            FailField(first, last, what, "is not a whole number");
        }
        return static_cast<uint32_t>(std::stoul(text.substr(begin)));
    }

    /**
     * @brief A number with a decimal point at a fixed column, right-justified: blanks, an
     *        optional sign, digits, the point, digits.
     * @param first the field's first column
     * @param last the field's last column
     * @param pointColumn the column of the decimal point
     * @param isSigned whether a sign may precede the digits
     * @param what the field's name
     * @return the number (correctly rounded)
     */
    double Decimal(int first, int last, int pointColumn, bool isSigned, const char* what) const
    {
        std::string text = Text(first, last);
        size_t begin = text.find_first_not_of(' ');
        bool negative = false;
        if (isSigned && begin != std::string::npos && (text[begin] == '-' || text[begin] == '+'))
        {
            negative = text[begin] == '-';
            ++begin;
        }
        double value = 0.0;
        if (begin == std::string::npos || !ReadUnsignedDecimal(text.substr(begin), value))
        {
            FailField(first, last, what, "is not a number");
        }
        if (m_line[pointColumn - 1] != '.')
        {
            FailField(first,
                      last,
                      what,
                      "has no decimal point in column " + std::to_string(pointColumn));
        }
        return negative ? -value : value;
    }

    /**
     * @brief A number in the implied-decimal exponent notation: a sign or blank, five digits
     *        (the mantissa after an implied "0."), the exponent's sign and digit; " 12345-3" is
     *        0.12345e-3.
     * @param first the field's first column (8 columns)
     * @param what the field's name
     * @return the number, as mantissa × 10^exponent
     */
    double ImpliedDecimal(int first, const char* what) const
    {
        const int last = first + 7;
        const std::string text = Text(first, last);
        bool ok = (text[0] == ' ' || text[0] == '+' || text[0] == '-') &&
                  (text[6] == '+' || text[6] == '-') && IsDigit(text[7]);
        for (int i = 1; i <= 5; ++i)
        {
            ok = ok && IsDigit(text[i]);
        }
        double mantissa = 0.0;
        if (!ok || !ReadUnsignedDecimal("." + text.substr(1, 5), mantissa))
        {
            FailField(first, last, what, "is not a number");
        }
        const int exponent = (text[6] == '-' ? -1 : 1) * (text[7] - '0');
        return (text[0] == '-' ? -mantissa : mantissa) * std::pow(10.0, exponent);
    }

    /**
     * @brief A decimal without sign (see Decimal()) in a range.
     * @param first the field's first column
     * @param last the field's last column
     * @param pointColumn the column of the decimal point
     * @param what the field's name
     * @param range the values allowed
     * @return the number
     */
    double DecimalIn(int first,
                     int last,
                     int pointColumn,
                     const char* what,
                     const Range& range) const
    {
        const double value = Decimal(first, last, pointColumn, false, what);
        if (!((value > range.low || (range.lowIncluded && value == range.low)) &&
              (value < range.high || (range.highIncluded && value == range.high))))
        {
            std::ostringstream os;
            os << "is outside " << (range.lowIncluded ? "[" : "(") << range.low << ", "
               << range.high << (range.highIncluded ? "]" : ")") << range.unit;
            FailField(first, last, what, os.str());
        }
        return value;
    }

    /**
     * @brief The catalogue number, columns 3-7: five digits (blanks may lead) or Alpha-5 (a
     *        letter other than I and O, worth 10 for A to 33 for Z, then four digits).
     * @return the number
     */
    uint32_t CatalogueNumber() const
    {
        const char c = m_line[2];
        if (c >= 'A' && c <= 'Z')
        {
            const std::string digits = Text(4, 7);
            if (c == 'I' || c == 'O' || digits.find_first_not_of("0123456789") != std::string::npos)
            {
                FailField(3, 7, "catalogue number", "is not a catalogue number");
            }
            const uint32_t letter = (c - 'A') + 10 - (c > 'I' ? 1 : 0) - (c > 'O' ? 1 : 0);
            return letter * 10000 + static_cast<uint32_t>(std::stoul(digits));
        }
        return Integer(3, 7, "catalogue number");
    }

    /// @throws std::invalid_argument when the last digit is not the checksum
    void ExpectChecksum() const
    {
        const char last = m_line[LINE_LENGTH - 1];
        if (!IsDigit(last))
        {
            FailField(LINE_LENGTH, LINE_LENGTH, "checksum", "is not a digit");
        }
        const int sum = Checksum(m_line);
        if (sum != last - '0')
        {
            Fail("checksum is " + std::to_string(sum) + ", the last digit says " +
                 std::string(1, last));
        }
    }

  private:
    const std::string& m_line;   //!< the line
    int m_which;                 //!< 1 or 2
    const std::string& m_source; //!< what the text is called in messages
    size_t m_lineNumber;         //!< the line's number in the text
};

} // namespace

TwoLineElementSet
TwoLineElementSet::FromLines(const std::string& name,
                             const std::string& line1,
                             const std::string& line2,
                             const std::string& source,
                             size_t line1Number)
{
    TwoLineElementSet set;
    set.m_name = name;
    set.m_line1 = line1;
    set.m_line2 = line2;

    const LineReader one(line1, 1, source, line1Number);
    for (int column : {2, 9, 18, 33, 44, 53, 62, 64})
    {
        one.ExpectBlank(column);
    }
    set.m_catalogueNumber = one.CatalogueNumber();
    set.m_classification = line1[7];
    if (set.m_classification != 'U' && set.m_classification != 'C' && set.m_classification != 'S')
    {
        one.FailField(8, 8, "classification", "is not U, C or S");
    }
    // International designator: blank, or launch year and number (5 digits) and a piece of one
    // to three letters, left-justified.
    const std::string designator = one.Text(10, 17);
    const std::string piece = WithoutTrailingSpace(designator.substr(5));
    if (!WithoutTrailingSpace(designator).empty() &&
        (designator.substr(0, 5).find_first_not_of("0123456789") != std::string::npos ||
         piece.empty() ||
         piece.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos))
    {
        one.FailField(10, 17, "international designator", "is not YYNNNPPP");
    }
    set.m_internationalDesignator = WithoutTrailingSpace(designator);

    if (!IsDigit(line1[18]) || !IsDigit(line1[19]))
    {
        one.FailField(19, 20, "epoch year", "is not two digits");
    }
    const int twoDigitYear = (line1[18] - '0') * 10 + (line1[19] - '0');
    // Element sets began in 1957: 57-99 are 1957-1999, 00-56 are 2000-2056.
    set.m_epochYear = twoDigitYear < 57 ? 2000 + twoDigitYear : 1900 + twoDigitYear;
    set.m_epochDayOfYear = one.DecimalIn(21, 32, 24, "epoch day", EPOCH_DAY_RANGE);
    // The epoch as a Julian date, its fraction read from the digits after the point so that it
    // keeps their precision: midnight of 1 January, plus the whole days, plus the fraction.
    double fraction = 0.0;
    ReadUnsignedDecimal(one.Text(24, 32), fraction);
    const JulianDate january1 = JulianDate::FromCalendar(set.m_epochYear, 1, 1, 0, 0, 0.0);
    set.m_epoch = JulianDate{january1.day + std::floor(set.m_epochDayOfYear) - 1.0, fraction};

    set.m_nDotOver2 = one.Decimal(34, 43, 35, true, "first derivative of mean motion");
    set.m_nDdotOver6 = one.ImpliedDecimal(45, "second derivative of mean motion");
    set.m_bStar = one.ImpliedDecimal(54, "B* drag term");
    set.m_ephemerisType = one.Integer(63, 63, "ephemeris type");
    set.m_elementSetNumber = one.Integer(65, 68, "element set number");
    one.ExpectChecksum();

    const LineReader two(line2, 2, source, line1Number + 1);
    for (int column : {2, 8, 17, 26, 34, 43, 52})
    {
        two.ExpectBlank(column);
    }
    const uint32_t catalogueNumber2 = two.CatalogueNumber();
    set.m_inclinationDeg = two.DecimalIn(9, 16, 12, "inclination", INCLINATION_RANGE);
    set.m_raanDeg = two.DecimalIn(18, 25, 21, "right ascension of the node", ANGLE_RANGE);
    const std::string eccentricity = two.Text(27, 33);
    if (eccentricity.find_first_not_of("0123456789") != std::string::npos)
    {
        two.FailField(27, 33, "eccentricity", "is not seven digits");
    }
    ReadUnsignedDecimal("." + eccentricity, set.m_eccentricity);
    set.m_argumentOfPerigeeDeg = two.DecimalIn(35, 42, 38, "argument of perigee", ANGLE_RANGE);
    set.m_meanAnomalyDeg = two.DecimalIn(44, 51, 47, "mean anomaly", ANGLE_RANGE);
    set.m_meanMotionRevPerDay = two.DecimalIn(53, 63, 55, "mean motion", MEAN_MOTION_RANGE);
    set.m_revolutionNumber = two.Integer(64, 68, "revolution number");
    two.ExpectChecksum();

    if (catalogueNumber2 != set.m_catalogueNumber)
    {
        two.Fail("catalogue number " + std::to_string(catalogueNumber2) +
                 " differs from line 1's " + std::to_string(set.m_catalogueNumber));
    }
    return set;
}

std::vector<TwoLineElementSet>
TwoLineElementSet::Parse(const std::string& text, const std::string& source)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
    {
        lines.push_back(WithoutTrailingSpace(line));
    }
    auto fail = [&source](size_t lineNumber, const std::string& problem) {
        throw std::invalid_argument(source + ":" + std::to_string(lineNumber) + ": " + problem);
    };

    std::vector<TwoLineElementSet> sets;
    size_t i = 0;
    while (i < lines.size())
    {
        if (lines[i].empty())
        {
            ++i;
            continue;
        }
        std::string name;
        if (!StartsWith(lines[i], "1 ") && !StartsWith(lines[i], "2 "))
        {
            name = StartsWith(lines[i], "0 ") ? lines[i].substr(2) : lines[i];
            if (name.size() > MAX_NAME_LENGTH)
            {
                fail(i + 1,
                     "name line " + Quote(lines[i]) + " has a name of " +
                         std::to_string(name.size()) +
                         " characters, at most 24 (lines 1 and 2 start with \"1 \" and \"2 \")");
            }
            if (name.find_first_not_of(' ') == std::string::npos)
            {
                fail(i + 1, "name line " + Quote(lines[i]) + " has no name");
            }
            ++i;
            if (i == lines.size() || !StartsWith(lines[i], "1 "))
            {
                fail(i,
                     "name line " + Quote(lines[i - 1]) +
                         " is not followed by line 1 (a line starting with \"1 \")");
            }
        }
        if (StartsWith(lines[i], "2 "))
        {
            fail(i + 1, "line 2 has no line 1 before it");
        }
        if (i + 1 == lines.size() || !StartsWith(lines[i + 1], "2 "))
        {
            fail(i + 1,
                 "line 1 is not followed by line 2 (" +
                     (i + 1 == lines.size() ? std::string("the text ends")
                                            : "the next line is " + Quote(lines[i + 1])) +
                     ")");
        }
        sets.push_back(FromLines(name, lines[i], lines[i + 1], source, i + 1));
        i += 2;
    }
    return sets;
}

TwoLineElementSet
TwoLineElementSet::ParseOne(const std::string& text, const std::string& source)
{
    auto sets = Parse(text, source);
    if (sets.size() != 1)
    {
        throw std::invalid_argument(source + ": holds " + std::to_string(sets.size()) +
                                    " element sets, not one");
    }
    return sets.front();
}

std::vector<TwoLineElementSet>
TwoLineElementSet::ReadFile(const std::string& path)
{
    if (std::filesystem::is_directory(path))
    {
        throw std::runtime_error(path + ": is a directory, not an element set file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw std::runtime_error(path + ": cannot open element set file");
    }
    std::string content;
    if (!ReadAtMost(in, MAX_INPUT_FILE_BYTES, content))
    {
        throw std::runtime_error(path + ": larger than 64 MiB, not an element set file");
    }
    if (in.bad())
    {
        throw std::runtime_error(path + ": cannot read element set file");
    }
    return Parse(content, path);
}

const std::string&
TwoLineElementSet::GetName() const
{
    return m_name;
}

std::string
TwoLineElementSet::GetLabel() const
{
    return m_name.empty() ? std::to_string(m_catalogueNumber) : m_name;
}

uint32_t
TwoLineElementSet::GetCatalogueNumber() const
{
    return m_catalogueNumber;
}

char
TwoLineElementSet::GetClassification() const
{
    return m_classification;
}

const std::string&
TwoLineElementSet::GetInternationalDesignator() const
{
    return m_internationalDesignator;
}

int
TwoLineElementSet::GetEpochYear() const
{
    return m_epochYear;
}

double
TwoLineElementSet::GetEpochDayOfYear() const
{
    return m_epochDayOfYear;
}

JulianDate
TwoLineElementSet::GetEpoch() const
{
    return m_epoch;
}

double
TwoLineElementSet::GetNDotOver2RevPerDay2() const
{
    return m_nDotOver2;
}

double
TwoLineElementSet::GetNDdotOver6RevPerDay3() const
{
    return m_nDdotOver6;
}

double
TwoLineElementSet::GetBStarPerEarthRadius() const
{
    return m_bStar;
}

uint32_t
TwoLineElementSet::GetEphemerisType() const
{
    return m_ephemerisType;
}

uint32_t
TwoLineElementSet::GetElementSetNumber() const
{
    return m_elementSetNumber;
}

double
TwoLineElementSet::GetInclinationDeg() const
{
    return m_inclinationDeg;
}

double
TwoLineElementSet::GetRaanDeg() const
{
    return m_raanDeg;
}

double
TwoLineElementSet::GetEccentricity() const
{
    return m_eccentricity;
}

double
TwoLineElementSet::GetArgumentOfPerigeeDeg() const
{
    return m_argumentOfPerigeeDeg;
}

double
TwoLineElementSet::GetMeanAnomalyDeg() const
{
    return m_meanAnomalyDeg;
}

double
TwoLineElementSet::GetMeanMotionRevPerDay() const
{
    return m_meanMotionRevPerDay;
}

uint32_t
TwoLineElementSet::GetRevolutionNumber() const
{
    return m_revolutionNumber;
}

const std::string&
TwoLineElementSet::GetLine1() const
{
    return m_line1;
}

const std::string&
TwoLineElementSet::GetLine2() const
{
    return m_line2;
}

std::string
TwoLineElementSet::ToString() const
{
    return (m_name.empty() ? "" : m_name + "\n") + m_line1 + "\n" + m_line2;
}

} // namespace sagin
} // namespace ns3
