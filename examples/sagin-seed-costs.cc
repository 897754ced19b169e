// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * The Tri-Co costs of the published experiment, per device and split point.
 *
 * Prints CSV on standard output with the header
 * `device,split,latency_s,energy_j,privacy,reward` and one row per device (uav, vehicle) and
 * split point, each number in the shortest form that reads back as the same double. Then, on
 * standard error only, the pair of split points with the lowest effect value
 * |reward_UAV| + |reward_vehicle|.
 *
 * Options:
 *  - `--scenario=FILE`: a scenario file (JSON) whose "defaults" set attributes, e.g. of
 *    ns3::sagin::TriCoCostModel; options on the command line take precedence over it.
 *  - `--uavProfile=NAME`, `--vehicleProfile=NAME`, `--serverProfile=NAME`: a built-in device
 *    profile for each device (quadro-p400, drive-agx-xavier, edge-server, satellite-payload);
 *    default: the experiment's.
 *  - any ns-3 attribute default, e.g. `--ns3::sagin::TriCoCostModel::UavImages=4`.
 *
 * Run it with `./sagin exec sagin-seed-costs [options]`.
 */

#include "ns3/command-line.h"
#include "ns3/core-module.h"
#include "ns3/sagin-module.h"

#include <charconv>
#include <iostream>
#include <sstream>
#include <string>

using namespace ns3;
using namespace ns3::sagin;

int
main(int argc, char* argv[])
{
    try
    {
        std::string scenarioPath;
        std::string uavProfile;
        std::string vehicleProfile;
        std::string serverProfile;
        CommandLine cmd(__FILE__);
        cmd.Usage("Tri-Co costs of the published experiment, as CSV on standard output.");
        ProgramOptions options(cmd);
        options.Add("scenario",
                    "scenario file (JSON) with attribute defaults",
                    scenarioPath,
                    MakeStringChecker());
        options.Add("uavProfile",
                    "built-in device profile of the UAV",
                    uavProfile,
                    MakeStringChecker());
        options.Add("vehicleProfile",
                    "built-in device profile of the vehicle",
                    vehicleProfile,
                    MakeStringChecker());
        options.Add("serverProfile",
                    "built-in device profile of the edge server",
                    serverProfile,
                    MakeStringChecker());
        options.Check(argc, argv);
        cmd.Parse(argc, argv);
        if (!scenarioPath.empty())
        {
            ScenarioHelper scenario;
            scenario.Load(scenarioPath);
            scenario.Apply();
            // Parse again so that the command line overrides the scenario's defaults.
            cmd.Parse(argc, argv);
        }

        auto model = CreateObject<TriCoCostModel>();
        if (!uavProfile.empty())
        {
            model->SetAttribute("UavProfile", PointerValue(DeviceProfile::GetBuiltin(uavProfile)));
        }
        if (!vehicleProfile.empty())
        {
            model->SetAttribute("VehicleProfile",
                                PointerValue(DeviceProfile::GetBuiltin(vehicleProfile)));
        }
        if (!serverProfile.empty())
        {
            model->SetAttribute("ServerProfile",
                                PointerValue(DeviceProfile::GetBuiltin(serverProfile)));
        }

        // Evaluate everything before printing, so that a bad configuration prints no rows.
        std::ostringstream csv;
        csv << "device,split,latency_s,energy_j,privacy,reward\n";
        for (auto device : {TriCoCostModel::UAV, TriCoCostModel::VEHICLE})
        {
            for (uint32_t split = 0; split < model->GetNSplits(); ++split)
            {
                const TriCoCost c = model->Evaluate(device, split);
                csv << TriCoCostModel::GetDeviceName(device) << ',' << split << ','
                    << ShortestText(c.latencyS) << ',' << ShortestText(c.energyJ) << ','
                    << ShortestText(c.privacy) << ',' << ShortestText(c.reward) << '\n';
            }
        }
        const auto best = model->FindOptimum();
        std::cout << csv.str() << std::flush;
        std::cerr << "optimum: uav split " << best.uavSplit << ", vehicle split "
                  << best.vehicleSplit
                  << ", effect |r_uav| + |r_vehicle| = " << ShortestText(best.effect) << std::endl;
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-seed-costs: error: " << e.what() << std::endl;
        return 2;
    }
}
