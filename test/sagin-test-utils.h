// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_TEST_UTILS_H
#define SAGIN_TEST_UTILS_H

#include "ns3/node.h"
#include "ns3/sagin-module.h"
#include "ns3/vector.h"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace sagin
{
namespace test
{

/// What a program printed and how it ended.
struct ProgramResult
{
    int exitStatus{-1}; //!< exit status, or -1 when it did not exit normally
    std::string out;    //!< standard output
    std::string err;    //!< standard error
};

/**
 * @brief Run a shell command line and capture its output.
 * @param commandLine the command, run by /bin/sh
 * @return exit status, standard output and standard error
 */
ProgramResult RunCommand(const std::string& commandLine);

/**
 * @param relative a path inside the source tree, e.g. "scenarios/seed-compatible.json"
 * @return the absolute path
 */
std::string SourcePath(const std::string& relative);

/**
 * @param name a program's name, e.g. "sagin-seed-costs"
 * @return the path of the built program
 */
std::string ProgramPath(const std::string& name);

/// @return the build tree these tests were built in
std::string BuildDir();

/// @return the Debian Python interpreter that has the reference packages
std::string Python();

/**
 * @param path a file
 * @return its content
 * @throws std::runtime_error when it cannot be read
 */
std::string ReadFile(const std::string& path);

/**
 * @param text some text
 * @return its lines, without the line ends
 */
std::vector<std::string> SplitLines(const std::string& text);

/**
 * @param text a string to pass to /bin/sh as one word
 * @return the string quoted for the shell
 */
std::string ShellQuote(const std::string& text);

/**
 * @brief A file in a fresh temporary directory, removed with the object.
 */
class TempFile
{
  public:
    /**
     * @param name the file name inside the temporary directory
     * @param content what to write in it
     */
    TempFile(const std::string& name, const std::string& content);
    ~TempFile();
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    /// @return the file's path
    const std::string& Path() const;

  private:
    std::string m_dir;  //!< the temporary directory
    std::string m_path; //!< the file
};

/**
 * @param role the node's role
 * @param position its position in the local frame, m
 * @return a node with that role and a constant-position mobility model
 */
Ptr<Node> MakeNode(NodeRole::Role role, const Vector& position);

/**
 * @param type a learning controller's TypeId name
 * @param attributes attributes to set, as text
 * @return the controller, state "split", configured with the seed environment's 7 split points
 */
Ptr<LearningSplitController> SeedController(
    const std::string& type,
    const std::vector<std::pair<std::string, std::string>>& attributes = {});

/**
 * @param last the last split point
 * @return the observation of a UAV (node 0, 3 images) after it
 */
SplitObservation UavObservation(int32_t last);

/**
 * @param satelliteGainDbi the satellites' antenna gains, each way, in dBi
 * @return a device helper whose devices all have 23 dBm, 0 dBi antennas (except satellites'),
 *         a 7 dB noise figure and 20 MHz, and whose link classes all use free space at 1 GHz
 *         (a 1 km link then has an SNR of 24.54192 dB and 163.154 Mbit/s)
 */
SaginNetDeviceHelper UniformRadios(double satelliteGainDbi = 0.0);

/**
 * @param f a callable
 * @return the message of the std::invalid_argument that @p f throws, or "" when it throws none
 */
template <typename F>
std::string
InvalidArgumentMessage(F f)
{
    try
    {
        f();
    }
    catch (const std::invalid_argument& e)
    {
        return e.what();
    }
    return "";
}

/**
 * @param f a callable
 * @return the message of the std::runtime_error that @p f throws, or "" when it throws none
 */
template <typename F>
std::string
RuntimeErrorMessage(F f)
{
    try
    {
        f();
    }
    catch (const std::runtime_error& e)
    {
        return e.what();
    }
    return "";
}

} // namespace test
} // namespace sagin
} // namespace ns3

#endif /* SAGIN_TEST_UTILS_H */
