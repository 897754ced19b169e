// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_CVL_SCENARIO_H
#define SAGIN_CVL_SCENARIO_H

#include "cvl-scenario-spec.h"

#include "ns3/application-container.h"
#include "ns3/association-manager.h"
#include "ns3/cvl-context.h"
#include "ns3/cvl-monitor.h"
#include "ns3/cvl-records.h"
#include "ns3/learning-split-controller.h"
#include "ns3/node-container.h"
#include "ns3/sagin-channel.h"
#include "ns3/trace-sink.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Builds and runs a cross-view localization scenario from a CvlScenarioSpec: the nodes
 *        of every role with their mobility, radios on one SaginChannel, the Internet stack,
 *        association, energy sources, the split model and image source, the applications and
 *        controllers, the monitor and the trace sink.
 *
 * Build() sets the seed and run, sagin's network defaults (9000-byte frames, TCP segments of 8948
 * bytes, 4 MiB buffers), then the scenario's attribute defaults (which may override them), and
 * builds everything; every error is thrown before the simulation starts. Run() runs it for the
 * scenario's duration, writing the traces as they come, and closes the trace sink (also when an
 * exception ends the run: the rows written so far are kept).
 */
class CvlScenario
{
  public:
    /// Statistics of the requests of one role.
    struct RoleSummary
    {
        uint64_t requests{0};                //!< requests recorded
        uint64_t completed{0};               //!< with a reply
        uint64_t matched{0};                 //!< with a match
        uint64_t correct{0};                 //!< matched to the true location
        std::vector<double> latenciesS;      //!< latencies of the completed requests, s
        double energyJ{0};                   //!< device + server energy of the completed, J
        std::map<uint32_t, uint64_t> splits; //!< split point → completed requests
    };

    /// @param spec the scenario
    explicit CvlScenario(CvlScenarioSpec spec);
    ~CvlScenario();

    /// @param directory where traces go, instead of the scenario's
    void SetTraceDirectory(const std::string& directory);
    /// @param versions (name, version) pairs stored with the traces, besides sagin's own
    void AddVersions(const std::vector<std::pair<std::string, std::string>>& versions);
    /**
     * @param progress called every twentieth of the duration (at least every simulated
     *        second) with the simulated time in s and the requests so far
     */
    void SetProgress(std::function<void(double, uint64_t)> progress);

    /**
     * @brief Set the seed and run, sagin's TCP defaults, then the scenario's attribute
     *        defaults (Build() does it when it has not been done; a program calls it before
     *        parsing its command line, so that the command line takes precedence).
     * @throws std::invalid_argument naming a default that cannot be set
     */
    void ApplyDefaults();

    /**
     * @brief Build the scenario.
     * @throws std::invalid_argument or std::runtime_error naming what is wrong
     */
    void Build();

    /// @brief Run the simulation for the scenario's duration and close the traces.
    void Run();

    /// @return the scenario
    const CvlScenarioSpec& GetSpec() const;
    /// @return the trace file (hdf5) or folder (csv)
    std::string GetTracePath() const;
    /// @return per role ("uav", "vehicle") statistics of the requests
    const std::map<std::string, RoleSummary>& GetSummary() const;
    /// @return every request record, in the order they finished
    const std::vector<RequestRecord>& GetRequests() const;
    /// @return the shared context
    Ptr<CvlContext> GetContext() const;
    /// @return the monitor, whose trace sources carry every record
    Ptr<CvlMonitor> GetMonitor() const;
    /// @return the channel
    Ptr<SaginChannel> GetChannel() const;
    /// @return the query applications
    ApplicationContainer GetQueries() const;
    /// @return the nodes of a role
    NodeContainer GetNodes(const std::string& role) const;

    /**
     * @brief Write the learning controller's policy (what "save_policy" does after Run()).
     * @param path the policy file
     * @throws std::invalid_argument when the controller does not learn, std::runtime_error when
     *         the file cannot be written
     */
    void SavePolicy(const std::string& path) const;

    /// @return the learning controllers of the queries (one when shared), after Build()
    std::vector<Ptr<LearningSplitController>> GetLearningControllers() const;

  private:
    void Record(const RequestRecord& record);
    void Progress();

    CvlScenarioSpec m_spec;                                      //!< the scenario
    std::vector<std::pair<std::string, std::string>> m_versions; //!< stored with the traces
    std::function<void(double, uint64_t)> m_progress;            //!< progress callback
    bool m_built;                                                //!< whether Build() ran
    bool m_defaultsApplied;                                      //!< whether ApplyDefaults() ran
    NodeContainer m_satellites;                                  //!< satellites
    NodeContainer m_baseStations;                                //!< base stations
    NodeContainer m_uavs;                                        //!< UAVs
    NodeContainer m_vehicles;                                    //!< vehicles
    Ptr<SaginChannel> m_channel;                                 //!< the channel
    Ptr<AssociationManager> m_association;                       //!< association
    Ptr<CvlContext> m_context;                                   //!< shared context
    Ptr<CvlMonitor> m_monitor;                                   //!< records
    Ptr<TraceSink> m_sink;                                       //!< trace output
    ApplicationContainer m_queries;                              //!< query applications
    ApplicationContainer m_servers;                              //!< server applications
    ApplicationContainer m_references;                           //!< reference applications
    std::vector<RequestRecord> m_requests;                       //!< every request
    std::map<std::string, RoleSummary> m_summary;                //!< per role
    std::vector<Ptr<LearningSplitController>> m_learners;        //!< learning controllers
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CVL_SCENARIO_H
