// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_CVL_SCENARIO_SPEC_H
#define SAGIN_CVL_SCENARIO_SPEC_H

#include "ns3/vector.h"

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
 * @brief A cross-view localization scenario file, read and checked.
 *
 * The file is a JSON object; every key is optional except where noted, and any key not listed
 * here is an error. Units are in the key names.
 *
 *     {
 *       "name": "default", "description": "...", "seed": 1, "run": 1,
 *       "duration_s": 60, "epoch": "2026-01-01T00:00:00Z",
 *       "origin": {"latitude_deg": 48.137, "longitude_deg": 11.575, "altitude_m": 0},
 *       "satellites": {"walker": {"satellites": 24, "planes": 6, "phasing": 1,
 *                                 "altitude_km": 550, "inclination_deg": 53},
 *                      "tle": "FILE",                       // instead of "walker"
 *                      "profile": "satellite-payload",
 *                      "imaging_interval_s": 5, "imaging_elevation_deg": 30},
 *       "uavs": {"count": 3, "altitude_m": 100, "speed_mps": 15, "hover_s": 0,
 *                "patrol_half_side_m": 500, "profile": "quadro-p400", "images": 3,
 *                "battery_j": 360000},
 *       "vehicles": {"count": 3, "profile": "drive-agx-xavier", "images": 1,
 *                    "battery_j": 1800000, "area_half_side_m": 500},  // or "ns2_trace": "FILE"
 *       "base_stations": {"sites_m": [[-250, 0], [250, 0]],
 *                         // or "count", "spacing_m" and "layout": "line" (along x) or "grid"
 *                         "antenna_height_m": 25, "profile": "edge-server",
 *                         "match_threshold": 0.5},
 *       "association": {"interval_s": 0.1, "candidates": 8},  // 0 candidates: all stations
 *       "energy": {"source": "basic"},                        // or "li-ion"
 *       "images": {"source": "synthetic", "locations": 16, "drone_views": 4,
 *                  "street_views": 4, "seed": 1, "size": 256, "spacing_m": 250},
 *                 // or {"source": "folder", "root": "DIR", "size": 256, "spacing_m": 250}
 *       "model": {"name": "resnet50-usam", "weights": "FILE"},  // glqinet, or torchscript + "file"
 *       "fidelity": "full", "codec": "fp32", "compress": false,
 *       "transport": "packet",                                // or "flow"
 *       "flow": {"geometry_step_s": 0.1, "min_geometry_step_s": 0.005,
 *                "snr_threshold_db": 1},                      // with "transport": "flow" only
 *       "queries": {"interval_s": 2, "timeout_s": 30, "protocol": "tcp"},  // or "udp"
 *       "controller": {"type": "greedy-oracle", "attributes": {"LatencyWeight": 0.4}},
 *                 // type: fixed, random, greedy-oracle, q-learning, multi-q-learning,
 *                 // actor-critic, ppo, dqn, or a TypeId name; a learning one may also have
 *                 // "policy": "FILE" (loaded before the run) and "save_policy": "FILE"
 *                 // (written after it); any may have "confidentiality": "FILE", a
 *                 // confidentiality profile whose "cost" per split point replaces the
 *                 // published costs (SplitController's ConfidentialityFile)
 *       "traces": {"format": "hdf5", "directory": "traces/default", "sample_interval_s": 1},
 *       "defaults": {"ns3::sagin::SaginChannel::MinSnr": -5}
 *     }
 *
 * Relative file names (TLE, trace, weights, model, image folder, policies, confidentiality
 * profile) are relative to the scenario file's folder; a weights name `@NAME` is trained weights
 * NAME.pt in the weights folder (GetWeightsFolder(): `./sagin setup` trains `@resnet50-usam-64`
 * there); the trace directory is relative to the working directory. Errors name the file and the
 * JSON path of the first bad value, e.g. `default.json: $.uavs.count: must be an integer in
 * 0..10000, got -1`.
 */
struct CvlScenarioSpec
{
    std::string origin;                        //!< where the scenario came from (a path)
    std::string text;                          //!< the scenario's text
    std::string name;                          //!< its name (the file's base name without one)
    std::string description;                   //!< its description
    uint32_t seed{1};                          //!< RngSeedManager seed
    uint64_t run{1};                           //!< RngSeedManager run
    double durationS{60};                      //!< simulated time, s
    std::string epoch{"2026-01-01T00:00:00Z"}; //!< UTC of simulation time 0

    double latitudeDeg{48.137};  //!< origin latitude, degrees
    double longitudeDeg{11.575}; //!< origin longitude, degrees
    double altitudeM{0};         //!< origin altitude, m

    uint32_t walkerSatellites{0};                      //!< Walker-delta T (0: no shell)
    uint32_t walkerPlanes{1};                          //!< P
    uint32_t walkerPhasing{0};                         //!< F
    double walkerAltitudeKm{550};                      //!< shell altitude, km
    double walkerInclinationDeg{53};                   //!< shell inclination, degrees
    std::string tleFile;                               //!< TLE file instead of a shell
    std::string satelliteProfile{"satellite-payload"}; //!< on-board compute profile
    double imagingIntervalS{5};                        //!< time between imaging passes, s
    double imagingElevationDeg{30};                    //!< least elevation for imaging, degrees

    uint32_t uavs{0};                      //!< number of UAVs
    double uavAltitudeM{100};              //!< flight altitude, m
    double uavSpeedMps{15};                //!< cruise speed, m/s
    double uavHoverS{0};                   //!< hover at each waypoint, s
    double patrolHalfSideM{500};           //!< patrol square half side, m
    std::string uavProfile{"quadro-p400"}; //!< compute profile
    uint32_t uavImages{3};                 //!< images per request
    double uavBatteryJ{360000};            //!< battery for compute and radio, J

    uint32_t vehicles{0};                           //!< number of vehicles
    std::string vehicleProfile{"drive-agx-xavier"}; //!< compute profile
    uint32_t vehicleImages{1};                      //!< images per request
    double vehicleBatteryJ{1800000};                //!< battery for compute and radio, J
    std::string ns2Trace;                           //!< SUMO/ns-2 mobility trace
    double vehicleHalfSideM{500};                   //!< random-walk square half side, m

    std::vector<Vector2D> baseStationSites;   //!< sites in the local frame, m
    double antennaHeightM{25};                //!< antenna height, m
    std::string serverProfile{"edge-server"}; //!< edge-server compute profile
    double matchThreshold{0.5};               //!< least cosine similarity of a match

    double associationIntervalS{0.1};  //!< time between association evaluations, s
    uint32_t associationCandidates{8}; //!< nearest base stations evaluated (0: all)

    std::string energySource{"basic"}; //!< "basic" or "li-ion"

    std::string imageSource{"synthetic"}; //!< "synthetic" or "folder"
    uint32_t locations{16};               //!< synthetic locations
    uint32_t droneViews{4};               //!< synthetic drone views per location
    uint32_t streetViews{4};              //!< synthetic street views per location
    uint32_t imageSeed{1};                //!< synthetic world seed
    uint32_t imageSize{256};              //!< image side, pixels
    double locationSpacingM{250};         //!< location grid spacing, m
    std::string imageRoot;                //!< University-1652-style folder

    std::string model{"resnet50-usam"}; //!< "resnet50-usam", "glqinet" or "torchscript"
    std::string modelFile;              //!< TorchScript archive
    std::string weightsFile;            //!< weights file

    std::string fidelity{"full"};       //!< "full" or "profiled"
    std::string transport{"packet"};    //!< "packet" or "flow"
    double flowGeometryStepS{0.1};      //!< flow transport: longest geometry step, s
    double flowMinGeometryStepS{0.005}; //!< flow transport: shortest geometry step, s
    double flowSnrThresholdDb{1.0};     //!< flow transport: SNR move that shortens the step, dB
    std::string codec{"fp32"};          //!< "fp32", "fp16" or "int8"
    bool compress{false};               //!< zstd compression of features

    double queryIntervalS{2};    //!< time between queries, s
    double timeoutS{30};         //!< longest wait for a reply, s
    std::string protocol{"tcp"}; //!< transport of the requests: "tcp" or "udp"

    std::string controllerType{"ns3::sagin::GreedyOracleSplitController"}; //!< TypeId name
    std::vector<std::pair<std::string, std::string>> controllerAttributes; //!< name, value
    std::string controllerPolicy;          //!< policy file loaded into a learning controller
    std::string controllerSavePolicy;      //!< where its policy is saved at the end of a run
    std::string controllerConfidentiality; //!< confidentiality profile (ConfidentialityFile)

    std::string traceFormat{"hdf5"}; //!< "hdf5" or "csv"
    std::string traceDirectory;      //!< where traces go (default traces/NAME)
    double sampleIntervalS{1};       //!< node-state sample period, s

    std::vector<std::pair<std::string, std::string>> defaults; //!< ns-3 attribute defaults

    /**
     * @brief Read and check a scenario file.
     * @param path the file
     * @return the scenario
     * @throws std::invalid_argument "PATH: $.json.path: what is wrong"
     */
    static CvlScenarioSpec Load(const std::string& path);

    /**
     * @brief Check a scenario given as text.
     * @param text the JSON text
     * @param origin the file name used in messages and for relative file names
     * @return the scenario
     * @throws std::invalid_argument "ORIGIN: $.json.path: what is wrong"
     */
    static CvlScenarioSpec Parse(const std::string& text, const std::string& origin);

    /**
     * @brief Where trained weights named `@NAME` in "model.weights" are: NAME.pt in this
     *        folder.
     * @return the environment variable SAGIN_WEIGHTS_DIR when it is set, else the build
     *         folder's weights/ (where `./sagin setup` trains the default weights), or empty
     *         in a build that has no such folder
     */
    static std::string GetWeightsFolder();

    /**
     * @brief Set the policy files of a learning controller, as "controller.policy" and
     *        "controller.save_policy" do (an empty name leaves that one as it is).
     * @param load a policy file to load before the run (must exist)
     * @param save where to write the policy after the run (its folder must exist)
     * @throws std::invalid_argument naming the option ("--policy", "--save-policy") and what is
     *         wrong: the controller does not learn, no such file, no such folder
     */
    void SetPolicyFiles(const std::string& load, const std::string& save);
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CVL_SCENARIO_SPEC_H
