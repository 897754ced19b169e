// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_PROGRAM_OPTIONS_H
#define SAGIN_PROGRAM_OPTIONS_H

#include "ns3/attribute.h"
#include "ns3/command-line.h"

#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief A program's command-line options, checked before ns3::CommandLine parses them.
 *
 * ns3::CommandLine prints the whole help and exits with status 1 on an unknown option or a value
 * it cannot read, wraps negative numbers into unsigned ones and aborts on malformed attribute
 * text. A program registers each option here, with an attribute checker that says which values
 * are valid, and calls Check() first: it throws std::invalid_argument with one line naming the
 * first bad argument, so that the program can print it and exit with status 2.
 *
 * @code
 *   CommandLine cmd(__FILE__);
 *   ProgramOptions options(cmd);
 *   uint32_t uavs = 2;
 *   options.Add("uavs", "number of UAVs", uavs, MakeUintegerChecker<uint32_t>(0, 10000));
 *   options.Check(argc, argv); // also the --ns3::... attribute and global-value arguments
 *   cmd.Parse(argc, argv);
 * @endcode
 */
class ProgramOptions
{
  public:
    /// @param cmd the command line the options are registered with
    explicit ProgramOptions(CommandLine& cmd);

    /**
     * @brief Register an option with the command line and the checker of its values.
     * @param name the option's name, without dashes
     * @param help its help text
     * @param value where its value goes
     * @param checker which texts are valid values, e.g. MakeDoubleChecker<double>(0, 1)
     */
    template <typename T>
    void Add(const std::string& name,
             const std::string& help,
             T& value,
             Ptr<const AttributeChecker> checker);

    /**
     * @brief Check every argument: this program's options with their checkers, ns-3's own
     *        options (--PrintHelp, ...), --ns3::... attribute defaults and global values
     *        (--RngRun, ...).
     * @param argc the argument count
     * @param argv the arguments
     * @throws std::invalid_argument with one line naming the first bad argument
     */
    void Check(int argc, char* argv[]) const;

  private:
    /// One registered option.
    struct Option
    {
        std::string name;                    //!< name, without dashes
        Ptr<const AttributeChecker> checker; //!< its valid values
        bool flag;                           //!< whether it may stand without a value (bool)
    };

    CommandLine& m_cmd;            //!< the command line
    std::vector<Option> m_options; //!< the registered options
};

template <typename T>
void
ProgramOptions::Add(const std::string& name,
                    const std::string& help,
                    T& value,
                    Ptr<const AttributeChecker> checker)
{
    m_cmd.AddValue(name, help, value);
    m_options.push_back(Option{name, checker, std::is_same_v<T, bool>});
}

/**
 * @ingroup sagin
 * @param value a double
 * @return its shortest decimal form that reads back as the same double (programs print their
 *         numbers so, so that CSV output loses nothing)
 */
std::string ShortestText(double value);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_PROGRAM_OPTIONS_H
