// SPDX-License-Identifier: GPL-2.0-only

#include "cvl-scenario-spec.h"

#include "attribute-check.h"
#include "input-file.h"

#include "ns3/device-profile.h"
#include "ns3/log.h"
#include "ns3/split-controller.h"
#include "ns3/type-id.h"

#if __has_include("sagin-build-config.h")
#include "sagin-build-config.h" // SAGIN_DEFAULT_WEIGHTS_DIR of a standalone build
#endif

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCvlScenarioSpec");

namespace
{

using Json = nlohmann::ordered_json;

/// Walks a scenario document, with the JSON path of every value for messages.
class Reader
{
  public:
    explicit Reader(std::string origin)
        : m_origin(std::move(origin))
    {
        const auto slash = m_origin.find_last_of('/');
        m_folder = slash == std::string::npos ? "" : m_origin.substr(0, slash + 1);
    }

    [[noreturn]] void Fail(const std::string& path, const std::string& what) const
    {
        throw std::invalid_argument(m_origin + ": " + path + ": " + what);
    }

    /// Checks that an object has only known keys.
    void Object(const Json& value,
                const std::string& path,
                const std::set<std::string>& known) const
    {
        if (!value.is_object())
        {
            Fail(path, "must be an object, got " + Short(value));
        }
        for (const auto& item : value.items())
        {
            if (!known.count(item.key()))
            {
                std::string names;
                for (const auto& key : known)
                {
                    names += (names.empty() ? "" : ", ") + key;
                }
                Fail(Child(path, item.key()), "unknown key (known here: " + names + ")");
            }
        }
    }

    static std::string Child(const std::string& path, const std::string& key)
    {
        bool plain = !key.empty();
        for (char c : key)
        {
            plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
        }
        return plain ? path + "." + key : path + "[" + Json(key).dump() + "]";
    }

    static std::string Short(const Json& value)
    {
        std::string text = value.dump();
        return text.size() > 60 ? text.substr(0, 57) + "..." : text;
    }

    void Number(const Json& object,
                const std::string& path,
                const std::string& key,
                double& out,
                double low,
                double high,
                bool openLow = false) const
    {
        if (!object.contains(key))
        {
            return;
        }
        const Json& value = object[key];
        const std::string where = Child(path, key);
        if (!value.is_number())
        {
            Fail(where, "must be a number, got " + Short(value));
        }
        const double x = value.get<double>();
        if (!std::isfinite(x) || x > high || (openLow ? !(x > low) : x < low))
        {
            std::ostringstream range;
            range << (openLow ? "> " : ">= ") << low;
            if (std::isfinite(high))
            {
                range << " and <= " << high;
            }
            Fail(where, "must be a number " + range.str() + ", got " + Short(value));
        }
        out = x;
    }

    template <typename T>
    void Integer(const Json& object,
                 const std::string& path,
                 const std::string& key,
                 T& out,
                 uint64_t low,
                 uint64_t high) const
    {
        if (!object.contains(key))
        {
            return;
        }
        const Json& value = object[key];
        if (!value.is_number_integer() ||
            (value.is_number_integer() && !value.is_number_unsigned()) ||
            value.get<uint64_t>() < low || value.get<uint64_t>() > high)
        {
            Fail(Child(path, key),
                 "must be an integer in " + std::to_string(low) + ".." + std::to_string(high) +
                     ", got " + Short(value));
        }
        out = static_cast<T>(value.get<uint64_t>());
    }

    void Boolean(const Json& object,
                 const std::string& path,
                 const std::string& key,
                 bool& out) const
    {
        if (!object.contains(key))
        {
            return;
        }
        if (!object[key].is_boolean())
        {
            Fail(Child(path, key), "must be true or false, got " + Short(object[key]));
        }
        out = object[key].get<bool>();
    }

    void String(const Json& object,
                const std::string& path,
                const std::string& key,
                std::string& out,
                const std::vector<std::string>& allowed = {}) const
    {
        if (!object.contains(key))
        {
            return;
        }
        const Json& value = object[key];
        if (!value.is_string() || value.get<std::string>().empty())
        {
            Fail(Child(path, key), "must be a non-empty string, got " + Short(value));
        }
        const std::string text = value.get<std::string>();
        if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), text) == allowed.end())
        {
            std::string names;
            for (const auto& name : allowed)
            {
                names += (names.empty() ? "" : ", ") + name;
            }
            Fail(Child(path, key), "must be one of " + names + ", got " + Short(value));
        }
        out = text;
    }

    /// A file name, relative to the scenario's folder; the file must exist.
    void File(const Json& object,
              const std::string& path,
              const std::string& key,
              std::string& out,
              bool folder = false) const
    {
        std::string name;
        String(object, path, key, name);
        if (name.empty())
        {
            return;
        }
        if (key == "weights" && name[0] == '@')
        {
            // Trained weights by name, in the weights folder.
            const std::string folder = CvlScenarioSpec::GetWeightsFolder();
            if (folder.empty())
            {
                Fail(Child(path, key),
                     "'" + name + "' names trained weights, but SAGIN_WEIGHTS_DIR is not set");
            }
            const std::string file = folder + "/" + name.substr(1) + ".pt";
            struct stat info;
            if (name.size() == 1 || name.find('/') != std::string::npos ||
                stat(file.c_str(), &info) != 0 || S_ISDIR(info.st_mode))
            {
                Fail(Child(path, key),
                     "no trained weights '" + name + "' (no file " + file +
                         "; `./sagin setup` trains the default ones)");
            }
            out = file;
            return;
        }
        if (name[0] != '/')
        {
            name = m_folder + name;
        }
        struct stat info;
        if (stat(name.c_str(), &info) != 0)
        {
            Fail(Child(path, key),
                 "no such " + std::string(folder ? "folder" : "file") + " '" + name + "'");
        }
        if (folder != S_ISDIR(info.st_mode))
        {
            Fail(Child(path, key),
                 "'" + name + "' is " + (folder ? "not a folder" : "a folder, not a file"));
        }
        out = name;
    }

    void Profile(const Json& object,
                 const std::string& path,
                 const std::string& key,
                 std::string& out) const
    {
        String(object, path, key, out, DeviceProfile::GetBuiltinNames());
    }

    /// ns-3 attribute text of a JSON scalar.
    std::string AttributeText(const Json& value, const std::string& where) const
    {
        if (value.is_string())
        {
            return value.get<std::string>();
        }
        if (value.is_number() || value.is_boolean())
        {
            return value.dump();
        }
        Fail(where, "must be a string, a number or a boolean, got " + Short(value));
    }

    /// @return the scenario file's folder, with a trailing slash, or empty
    const std::string& Folder() const
    {
        return m_folder;
    }

  private:
    std::string m_origin; //!< the file name
    std::string m_folder; //!< its folder, with a trailing slash, or empty
};

/// Short controller names.
const std::vector<std::pair<std::string, std::string>> CONTROLLERS = {
    {"fixed", "ns3::sagin::FixedSplitController"},
    {"random", "ns3::sagin::RandomSplitController"},
    {"greedy-oracle", "ns3::sagin::GreedyOracleSplitController"},
    {"q-learning", "ns3::sagin::QLearningSplitController"},
    {"multi-q-learning", "ns3::sagin::MultiStepQLearningSplitController"},
    {"actor-critic", "ns3::sagin::ActorCriticSplitController"},
    {"ppo", "ns3::sagin::PpoSplitController"},
    {"dqn", "ns3::sagin::DqnSplitController"},
};

/**
 * @param tid a TypeId
 * @param ancestor a TypeId name
 * @return whether tid is ancestor or derives from it
 */
bool
Derives(TypeId tid, const std::string& ancestor)
{
    while (tid.GetName() != "ns3::Object" && tid != tid.GetParent())
    {
        if (tid.GetName() == ancestor)
        {
            return true;
        }
        tid = tid.GetParent();
    }
    return false;
}

/**
 * @param tid a TypeId
 * @return whether it is a split controller
 */
bool
IsSplitController(TypeId tid)
{
    return Derives(tid, "ns3::sagin::SplitController");
}

} // namespace

CvlScenarioSpec
CvlScenarioSpec::Load(const std::string& path)
{
    struct stat info;
    if (stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
    {
        throw std::invalid_argument(path + ": is a folder, not a scenario file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw std::invalid_argument(path + ": cannot open scenario file");
    }
    std::string text;
    if (!ReadAtMost(in, MAX_INPUT_FILE_BYTES, text))
    {
        throw std::invalid_argument(path + ": larger than 64 MiB, not a scenario file");
    }
    if (in.bad())
    {
        throw std::invalid_argument(path + ": cannot read scenario file");
    }
    return Parse(text, path);
}

void
CvlScenarioSpec::SetPolicyFiles(const std::string& load, const std::string& save)
{
    TypeId tid;
    const bool learns = TypeId::LookupByNameFailSafe(controllerType, &tid) &&
                        Derives(tid, "ns3::sagin::LearningSplitController");
    for (const auto& [option, name] :
         {std::make_pair("--policy", &load), std::make_pair("--save-policy", &save)})
    {
        if (!name->empty() && !learns)
        {
            throw std::invalid_argument(std::string(option) + ": '" + controllerType +
                                        "' does not learn: only a LearningSplitController has a "
                                        "policy");
        }
    }
    struct stat info;
    if (!load.empty())
    {
        if (stat(load.c_str(), &info) != 0 || S_ISDIR(info.st_mode))
        {
            throw std::invalid_argument("--policy: no such file '" + load + "'");
        }
        controllerPolicy = load;
    }
    if (!save.empty())
    {
        const size_t slash = save.rfind('/');
        const std::string folder = slash == std::string::npos ? "." : save.substr(0, slash + 1);
        if (stat(folder.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
        {
            throw std::invalid_argument("--save-policy: no such folder '" + folder + "'");
        }
        controllerSavePolicy = save;
    }
}

CvlScenarioSpec
CvlScenarioSpec::Parse(const std::string& text, const std::string& origin)
{
    const Reader r(origin);
    CvlScenarioSpec spec;
    spec.origin = origin;
    spec.text = text;
    const auto slash = origin.find_last_of('/');
    spec.name = origin.substr(slash == std::string::npos ? 0 : slash + 1);
    if (spec.name.size() > 5 && spec.name.compare(spec.name.size() - 5, 5, ".json") == 0)
    {
        spec.name.resize(spec.name.size() - 5);
    }

    Json doc;
    try
    {
        doc = json::Parse<Json>(text);
    }
    catch (const std::invalid_argument& e)
    {
        throw std::invalid_argument(origin + ": " + e.what());
    }
    const double inf = std::numeric_limits<double>::infinity();
    r.Object(doc, "$", {"name",          "description", "seed",       "run",        "duration_s",
                        "epoch",         "origin",      "satellites", "uavs",       "vehicles",
                        "base_stations", "energy",      "images",     "model",      "fidelity",
                        "codec",         "compress",    "queries",    "controller", "traces",
                        "defaults",      "transport",   "flow",       "association"});
    r.String(doc, "$", "name", spec.name);
    if (doc.contains("description") && !doc["description"].is_string())
    {
        r.Fail("$.description", "must be a string, got " + Reader::Short(doc["description"]));
    }
    r.String(doc, "$", "description", spec.description);
    r.Integer(doc, "$", "seed", spec.seed, 1, UINT32_MAX);
    r.Integer(doc, "$", "run", spec.run, 0, UINT64_MAX);
    r.Number(doc, "$", "duration_s", spec.durationS, 0, 1e9, true);
    r.String(doc, "$", "epoch", spec.epoch);

    if (doc.contains("origin"))
    {
        const Json& o = doc["origin"];
        r.Object(o, "$.origin", {"latitude_deg", "longitude_deg", "altitude_m"});
        r.Number(o, "$.origin", "latitude_deg", spec.latitudeDeg, -90, 90);
        r.Number(o, "$.origin", "longitude_deg", spec.longitudeDeg, -180, 180);
        r.Number(o, "$.origin", "altitude_m", spec.altitudeM, -500, 1e4);
    }
    if (doc.contains("satellites"))
    {
        const Json& s = doc["satellites"];
        const std::string p = "$.satellites";
        r.Object(s, p, {"walker", "tle", "profile", "imaging_interval_s", "imaging_elevation_deg"});
        if (s.contains("walker") && s.contains("tle"))
        {
            r.Fail(p, "give either \"walker\" or \"tle\", not both");
        }
        if (s.contains("walker"))
        {
            const Json& w = s["walker"];
            const std::string pw = p + ".walker";
            r.Object(w, pw, {"satellites", "planes", "phasing", "altitude_km", "inclination_deg"});
            r.Integer(w, pw, "satellites", spec.walkerSatellites, 0, 100000);
            r.Integer(w, pw, "planes", spec.walkerPlanes, 1, 100000);
            r.Integer(w, pw, "phasing", spec.walkerPhasing, 0, 100000);
            r.Number(w, pw, "altitude_km", spec.walkerAltitudeKm, 100, 1e5);
            r.Number(w, pw, "inclination_deg", spec.walkerInclinationDeg, 0, 180);
            if (spec.walkerSatellites % spec.walkerPlanes != 0)
            {
                r.Fail(pw + ".planes",
                       std::to_string(spec.walkerSatellites) + " satellites do not divide into " +
                           std::to_string(spec.walkerPlanes) + " planes");
            }
            if (spec.walkerPhasing >= spec.walkerPlanes && spec.walkerSatellites > 0)
            {
                r.Fail(pw + ".phasing",
                       "must be less than the planes (" + std::to_string(spec.walkerPlanes) +
                           "), got " + std::to_string(spec.walkerPhasing));
            }
        }
        r.File(s, p, "tle", spec.tleFile);
        r.Profile(s, p, "profile", spec.satelliteProfile);
        r.Number(s, p, "imaging_interval_s", spec.imagingIntervalS, 0, 1e9, true);
        r.Number(s, p, "imaging_elevation_deg", spec.imagingElevationDeg, 0, 90);
    }
    if (doc.contains("uavs"))
    {
        const Json& u = doc["uavs"];
        const std::string p = "$.uavs";
        r.Object(u,
                 p,
                 {"count",
                  "altitude_m",
                  "speed_mps",
                  "hover_s",
                  "patrol_half_side_m",
                  "profile",
                  "images",
                  "battery_j"});
        r.Integer(u, p, "count", spec.uavs, 0, 10000);
        r.Number(u, p, "altitude_m", spec.uavAltitudeM, 1, 20000);
        r.Number(u, p, "speed_mps", spec.uavSpeedMps, 0, 1000, true);
        r.Number(u, p, "hover_s", spec.uavHoverS, 0, 1e9);
        r.Number(u, p, "patrol_half_side_m", spec.patrolHalfSideM, 0, 1e6, true);
        r.Profile(u, p, "profile", spec.uavProfile);
        r.Integer(u, p, "images", spec.uavImages, 1, 64);
        r.Number(u, p, "battery_j", spec.uavBatteryJ, 0, inf, true);
    }
    if (doc.contains("vehicles"))
    {
        const Json& v = doc["vehicles"];
        const std::string p = "$.vehicles";
        r.Object(v,
                 p,
                 {"count", "profile", "images", "battery_j", "ns2_trace", "area_half_side_m"});
        if (v.contains("area_half_side_m") && v.contains("ns2_trace"))
        {
            r.Fail(p + ".area_half_side_m", "applies to the random walk, not to an ns2_trace");
        }
        r.Number(v, p, "area_half_side_m", spec.vehicleHalfSideM, 0, 1e6, true);
        r.Integer(v, p, "count", spec.vehicles, 0, 10000);
        r.Profile(v, p, "profile", spec.vehicleProfile);
        r.Integer(v, p, "images", spec.vehicleImages, 1, 64);
        r.Number(v, p, "battery_j", spec.vehicleBatteryJ, 0, inf, true);
        r.File(v, p, "ns2_trace", spec.ns2Trace);
    }
    if (doc.contains("base_stations"))
    {
        const Json& b = doc["base_stations"];
        const std::string p = "$.base_stations";
        r.Object(b,
                 p,
                 {"sites_m",
                  "count",
                  "spacing_m",
                  "layout",
                  "antenna_height_m",
                  "profile",
                  "match_threshold"});
        if (b.contains("sites_m") &&
            (b.contains("count") || b.contains("spacing_m") || b.contains("layout")))
        {
            r.Fail(p,
                   "give either \"sites_m\" or \"count\", \"spacing_m\" and \"layout\", not "
                   "both");
        }
        if (b.contains("sites_m"))
        {
            const Json& sites = b["sites_m"];
            if (!sites.is_array() || sites.empty())
            {
                r.Fail(p + ".sites_m",
                       "must be a non-empty array of [x, y] pairs, got " + Reader::Short(sites));
            }
            for (size_t i = 0; i < sites.size(); ++i)
            {
                const Json& site = sites[i];
                const std::string ps = p + ".sites_m[" + std::to_string(i) + "]";
                if (!site.is_array() || site.size() != 2 || !site[0].is_number() ||
                    !site[1].is_number() || !std::isfinite(site[0].get<double>()) ||
                    !std::isfinite(site[1].get<double>()))
                {
                    r.Fail(ps, "must be [x, y] in m, got " + Reader::Short(site));
                }
                spec.baseStationSites.emplace_back(site[0].get<double>(), site[1].get<double>());
            }
        }
        else
        {
            uint32_t count = 2;
            double spacing = 500;
            r.Integer(b, p, "count", count, 1, 10000);
            r.Number(b, p, "spacing_m", spacing, 0, 1e6, true);
            std::string layout = "line";
            r.String(b, p, "layout", layout, {"line", "grid"});
            // A line along x, or a square grid row by row (the last row may be short), centred
            // on the origin.
            const uint32_t columns =
                layout == "grid" ? static_cast<uint32_t>(std::ceil(std::sqrt(double(count))))
                                 : count;
            const uint32_t rows = (count + columns - 1) / columns;
            for (uint32_t i = 0; i < count; ++i)
            {
                const uint32_t column = i % columns;
                const uint32_t row = i / columns;
                spec.baseStationSites.emplace_back((column - (columns - 1) / 2.0) * spacing,
                                                   (row - (rows - 1) / 2.0) * spacing);
            }
        }
        r.Number(b, p, "antenna_height_m", spec.antennaHeightM, 0, 1000);
        r.Profile(b, p, "profile", spec.serverProfile);
        r.Number(b, p, "match_threshold", spec.matchThreshold, -1, 1);
    }
    if (spec.baseStationSites.empty())
    {
        spec.baseStationSites = {Vector2D(-250, 0), Vector2D(250, 0)};
    }
    if (doc.contains("energy"))
    {
        r.Object(doc["energy"], "$.energy", {"source"});
        r.String(doc["energy"], "$.energy", "source", spec.energySource, {"basic", "li-ion"});
    }
    if (doc.contains("images"))
    {
        const Json& i = doc["images"];
        const std::string p = "$.images";
        r.Object(i,
                 p,
                 {"source",
                  "locations",
                  "drone_views",
                  "street_views",
                  "seed",
                  "size",
                  "spacing_m",
                  "root"});
        r.String(i, p, "source", spec.imageSource, {"synthetic", "folder"});
        if (spec.imageSource == "folder")
        {
            for (const char* key : {"locations", "drone_views", "street_views", "seed"})
            {
                if (i.contains(key))
                {
                    r.Fail(Reader::Child(p, key), "applies to the synthetic source only");
                }
            }
            if (!i.contains("root"))
            {
                r.Fail(p, "a folder source needs \"root\"");
            }
            r.File(i, p, "root", spec.imageRoot, true);
        }
        else if (i.contains("root"))
        {
            r.Fail(p + ".root", "applies to the folder source only");
        }
        r.Integer(i, p, "locations", spec.locations, 1, 100000);
        r.Integer(i, p, "drone_views", spec.droneViews, 1, 1000);
        r.Integer(i, p, "street_views", spec.streetViews, 1, 1000);
        r.Integer(i, p, "seed", spec.imageSeed, 0, UINT32_MAX);
        r.Integer(i, p, "size", spec.imageSize, 32, 2048);
        r.Number(i, p, "spacing_m", spec.locationSpacingM, 1, 1e6);
    }
    if (doc.contains("model"))
    {
        const Json& m = doc["model"];
        const std::string p = "$.model";
        r.Object(m, p, {"name", "file", "weights"});
        r.String(m, p, "name", spec.model, {"resnet50-usam", "glqinet", "torchscript"});
        if (spec.model == "torchscript")
        {
            if (!m.contains("file"))
            {
                r.Fail(p, "a torchscript model needs \"file\"");
            }
            if (m.contains("weights"))
            {
                r.Fail(p + ".weights", "a torchscript archive holds its own weights");
            }
        }
        else if (m.contains("file"))
        {
            r.Fail(p + ".file", "applies to torchscript models only");
        }
        r.File(m, p, "file", spec.modelFile);
        r.File(m, p, "weights", spec.weightsFile);
    }
    r.String(doc, "$", "fidelity", spec.fidelity, {"full", "profiled"});
    if (doc.contains("association"))
    {
        const Json& a = doc["association"];
        const std::string p = "$.association";
        r.Object(a, p, {"interval_s", "candidates"});
        r.Number(a, p, "interval_s", spec.associationIntervalS, 0, 1e6, true);
        r.Integer(a, p, "candidates", spec.associationCandidates, 0, 100000);
    }
    r.String(doc, "$", "transport", spec.transport, {"packet", "flow"});
    if (doc.contains("flow"))
    {
        const Json& f = doc["flow"];
        const std::string p = "$.flow";
        if (spec.transport != "flow")
        {
            r.Fail(p,
                   "applies to \"transport\": \"flow\" only (this scenario's transport is \"" +
                       spec.transport + "\")");
        }
        r.Object(f, p, {"geometry_step_s", "min_geometry_step_s", "snr_threshold_db"});
        r.Number(f, p, "geometry_step_s", spec.flowGeometryStepS, 0, 1e6, true);
        r.Number(f, p, "min_geometry_step_s", spec.flowMinGeometryStepS, 0, 1e6, true);
        r.Number(f, p, "snr_threshold_db", spec.flowSnrThresholdDb, 0, 100, true);
        if (spec.flowMinGeometryStepS > spec.flowGeometryStepS)
        {
            r.Fail(p + ".min_geometry_step_s",
                   "must not exceed geometry_step_s (" + Json(spec.flowGeometryStepS).dump() +
                       " s), got " + Json(spec.flowMinGeometryStepS).dump());
        }
    }
    r.String(doc, "$", "codec", spec.codec, {"fp32", "fp16", "int8"});
    r.Boolean(doc, "$", "compress", spec.compress);
    if (spec.compress && spec.fidelity == "profiled")
    {
        r.Fail("$.compress",
               "compression needs \"fidelity\": \"full\" (in profiled fidelity "
               "the compressed size is unknown)");
    }
    if (doc.contains("queries"))
    {
        const Json& q = doc["queries"];
        r.Object(q, "$.queries", {"interval_s", "timeout_s", "protocol"});
        r.Number(q, "$.queries", "interval_s", spec.queryIntervalS, 0.001, 1e9);
        r.Number(q, "$.queries", "timeout_s", spec.timeoutS, 0.001, 1e9);
        r.String(q, "$.queries", "protocol", spec.protocol, {"tcp", "udp"});
    }
    if (doc.contains("controller"))
    {
        const Json& c = doc["controller"];
        const std::string p = "$.controller";
        r.Object(c, p, {"type", "attributes", "policy", "save_policy", "confidentiality"});
        std::string type = spec.controllerType;
        r.String(c, p, "type", type);
        for (const auto& [shortName, full] : CONTROLLERS)
        {
            if (type == shortName)
            {
                type = full;
            }
        }
        TypeId tid;
        if (!TypeId::LookupByNameFailSafe(type, &tid))
        {
            std::string names;
            for (const auto& entry : CONTROLLERS)
            {
                names += entry.first + ", ";
            }
            r.Fail(p + ".type",
                   "unknown controller '" + type + "' (known: " + names +
                       "or the TypeId name of a SplitController)");
        }
        if (!IsSplitController(tid))
        {
            r.Fail(p + ".type", "'" + type + "' is not a ns3::sagin::SplitController");
        }
        spec.controllerType = type;
        for (const char* key : {"policy", "save_policy"})
        {
            if (c.contains(key) && !Derives(tid, "ns3::sagin::LearningSplitController"))
            {
                r.Fail(Reader::Child(p, key),
                       "'" + type +
                           "' does not learn: only a LearningSplitController has a policy");
            }
        }
        r.File(c, p, "policy", spec.controllerPolicy);
        r.File(c, p, "confidentiality", spec.controllerConfidentiality);
        if (!spec.controllerConfidentiality.empty())
        {
            try
            {
                SplitController::ReadConfidentialityProfile(spec.controllerConfidentiality);
            }
            catch (const std::invalid_argument& error)
            {
                r.Fail(p + ".confidentiality", error.what());
            }
        }
        r.String(c, p, "save_policy", spec.controllerSavePolicy);
        if (!spec.controllerSavePolicy.empty() && spec.controllerSavePolicy[0] != '/')
        {
            spec.controllerSavePolicy = r.Folder() + spec.controllerSavePolicy;
        }
        if (!spec.controllerSavePolicy.empty())
        {
            const size_t slash = spec.controllerSavePolicy.rfind('/');
            const std::string folder =
                slash == std::string::npos ? "." : spec.controllerSavePolicy.substr(0, slash + 1);
            struct stat info;
            if (stat(folder.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
            {
                r.Fail(p + ".save_policy", "no such folder '" + folder + "'");
            }
        }
        if (c.contains("attributes"))
        {
            const Json& attributes = c["attributes"];
            if (!attributes.is_object())
            {
                r.Fail(p + ".attributes",
                       "must be an object of attribute names and values, got " +
                           Reader::Short(attributes));
            }
            for (const auto& item : attributes.items())
            {
                const std::string where = Reader::Child(p + ".attributes", item.key());
                const std::string value = r.AttributeText(item.value(), where);
                TypeId::AttributeInformation info;
                if (!tid.LookupAttributeByName(item.key(), &info))
                {
                    r.Fail(where, "'" + type + "' has no attribute '" + item.key() + "'");
                }
                const std::string why = ExplainInvalidValue(info.checker, value);
                if (!why.empty())
                {
                    r.Fail(where, why);
                }
                spec.controllerAttributes.emplace_back(item.key(), value);
            }
            // Each of these sets the confidentiality costs: one at most.
            const bool costs = attributes.contains("Confidentiality");
            const bool file = attributes.contains("ConfidentialityFile");
            if (!spec.controllerConfidentiality.empty() && (costs || file))
            {
                r.Fail(p,
                       std::string("give either \"confidentiality\" or \"attributes\".\"") +
                           (costs ? "Confidentiality" : "ConfidentialityFile") + "\", not both");
            }
            if (costs && file)
            {
                r.Fail(p + ".attributes",
                       "give either \"Confidentiality\" or \"ConfidentialityFile\", not both");
            }
        }
    }
    if (doc.contains("traces"))
    {
        const Json& t = doc["traces"];
        const std::string p = "$.traces";
        r.Object(t, p, {"format", "directory", "sample_interval_s"});
        r.String(t, p, "format", spec.traceFormat, {"hdf5", "csv"});
        r.String(t, p, "directory", spec.traceDirectory);
        r.Number(t, p, "sample_interval_s", spec.sampleIntervalS, 0.001, 1e9);
    }
    if (spec.traceDirectory.empty())
    {
        spec.traceDirectory = "traces/" + spec.name;
    }
    if (doc.contains("defaults"))
    {
        const Json& defaults = doc["defaults"];
        if (!defaults.is_object())
        {
            r.Fail("$.defaults",
                   "must be an object of attribute names and values, got " +
                       Reader::Short(defaults));
        }
        for (const auto& item : defaults.items())
        {
            const std::string where = Reader::Child("$.defaults", item.key());
            const std::string value = r.AttributeText(item.value(), where);
            const std::string why = ExplainInvalidSetting(item.key(), value);
            if (!why.empty())
            {
                r.Fail(where, why);
            }
            spec.defaults.emplace_back(item.key(), value);
        }
    }
    if (spec.uavs + spec.vehicles == 0)
    {
        r.Fail("$",
               "a scenario needs at least one UAV or vehicle (\"uavs\".\"count\", "
               "\"vehicles\".\"count\")");
    }
    if (!spec.ns2Trace.empty() && spec.vehicles == 0)
    {
        r.Fail("$.vehicles.ns2_trace", "a mobility trace needs vehicles (\"count\" > 0)");
    }
    return spec;
}

std::string
CvlScenarioSpec::GetWeightsFolder()
{
    const char* variable = std::getenv("SAGIN_WEIGHTS_DIR");
    if (variable && *variable)
    {
        return variable;
    }
#ifdef SAGIN_DEFAULT_WEIGHTS_DIR
    return SAGIN_DEFAULT_WEIGHTS_DIR;
#else
    return "";
#endif
}

} // namespace sagin
} // namespace ns3
