// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SCENARIO_HELPER_H
#define SAGIN_SCENARIO_HELPER_H

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Reads a scenario file (JSON) and applies it to the simulation's configuration.
 *
 * A scenario file is one JSON object with these keys, all optional:
 *
 *     {
 *       "name": "seed-compatible",              // shown in messages and stored with traces
 *       "description": "free text",
 *       "seed": 1,                              // ns-3 RngSeedManager seed, 1 .. 2^32-1
 *       "run": 1,                               // ns-3 RngSeedManager run number, >= 0
 *       "defaults": {                           // ns-3 attribute defaults, as Config::SetDefault
 *         "ns3::sagin::TriCoCostModel::UavImages": 3,
 *         "ns3::sagin::TriCoCostModel::PrivacyCosts": "0.9,0.6,0.5,0.5,0.5,0.1,0.05"
 *       }
 *     }
 *
 * Any other key, a value of the wrong type, an unknown attribute or a value the attribute
 * refuses is an error, found when the file is read: Load() and Parse() throw std::runtime_error
 * with a one-line message that starts with the file name and names the key.
 *
 * Command-line arguments take precedence when a program applies the scenario before parsing its
 * command line (see the sagin-seed-costs example).
 */
class ScenarioHelper
{
  public:
    ScenarioHelper();

    /**
     * @brief Read and check a scenario file.
     * @param path the file
     * @throws std::runtime_error "PATH: what is wrong" when the file cannot be read or is not a
     *         valid scenario
     */
    void Load(const std::string& path);

    /**
     * @brief Check a scenario given as text.
     * @param text the JSON text
     * @param origin the name used in messages (a file name, or e.g. "<string>")
     * @throws std::runtime_error "ORIGIN: what is wrong" when the text is not a valid scenario
     */
    void Parse(const std::string& text, const std::string& origin);

    /**
     * @brief Set the random-number seed and run, then every attribute default, in file order.
     * @throws std::runtime_error naming the first default that cannot be set and why
     */
    void Apply() const;

    /// @return the scenario's name (the file's base name when it has no "name")
    std::string GetName() const;
    /// @return where the scenario came from (the path given to Load())
    std::string GetOrigin() const;
    /// @return the scenario's full text, e.g. to store with traces
    std::string GetText() const;
    /// @return the RngSeedManager seed
    uint32_t GetSeed() const;
    /// @return the RngSeedManager run number
    uint64_t GetRun() const;
    /// @return the attribute defaults, (full attribute name, value as text), in file order
    const std::vector<std::pair<std::string, std::string>>& GetDefaults() const;

  private:
    /**
     * @brief Throw std::runtime_error "ORIGIN: what".
     * @param what what is wrong
     */
    [[noreturn]] void Fail(const std::string& what) const;

    std::string m_origin;                                        //!< file name for messages
    std::string m_text;                                          //!< the scenario text
    std::string m_name;                                          //!< scenario name
    uint32_t m_seed;                                             //!< RngSeedManager seed
    uint64_t m_run;                                              //!< RngSeedManager run
    std::vector<std::pair<std::string, std::string>> m_defaults; //!< attribute defaults
};

} // namespace sagin
} // namespace ns3

#endif /* SAGIN_SCENARIO_HELPER_H */
