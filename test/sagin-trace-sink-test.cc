// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-test-utils.h"

#include "ns3/sagin-module.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <gtest/gtest.h>
#include <limits>
#include <map>
#include <regex>
#include <sstream>
#include <unistd.h>
#include <variant>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::test;

namespace
{

const double NaN = std::numeric_limits<double>::quiet_NaN(); //!< a NaN

/// An expected table cell: a double, a signed or unsigned integer, or a string.
using Cell = std::variant<double, int64_t, uint64_t, std::string>;
/// An expected row.
using Row = std::vector<Cell>;

/// The statuses of requests, with edge cases: empty, the full width (24), comma and quote.
const std::vector<std::string> STATUSES{"ok",
                                        "timeout",
                                        "no-base-station",
                                        "depleted",
                                        "",
                                        "abcdefghijklmnopqrstuvwx",
                                        "a,\"b\""};

/**
 * @param i the row number
 * @return a request record whose fields vary with @p i, with NaN, infinities, -0, extreme
 *         integers and the strings of STATUSES
 */
RequestRecord
MakeRequest(uint64_t i)
{
    RequestRecord r;
    r.tRequestS = 0.1 * i + 1.0 / 3.0;
    r.node = i % 7;
    r.role = i % 2 ? "vehicle" : "uav";
    r.request = i == 3 ? std::numeric_limits<uint64_t>::max() : i + (1ULL << 40);
    r.baseStation = 100 + i % 3;
    r.split = i % 7;
    r.nImages = 1 + i % 5;
    r.payloadBytes = 9437220 * (i % 3);
    r.tComputeDeviceS = 1e-3 * (i + 1) / 3.0;
    r.tTxS = i % 11 == 0 ? NaN : 0.02 * i;
    r.tPropS = 3.3356409519815204e-06 * i;
    r.tQueueS = i == 9 ? std::numeric_limits<double>::infinity() : 0.0;
    r.tComputeServerS = 1.5e-4;
    r.latencyS = r.tComputeDeviceS + r.tTxS + r.tPropS + r.tQueueS + r.tComputeServerS;
    r.energyComputeJ = i == 5 ? -0.0 : 30.0 * r.tComputeDeviceS;
    r.energyTxJ = i == 6 ? std::numeric_limits<double>::denorm_min() : 1e-300 * i;
    r.energyServerJ = i == 8 ? -std::numeric_limits<double>::infinity() : 1e300;
    r.privacy = (i % 7) / 7.0;
    r.reward = -(r.latencyS + r.privacy);
    r.matched = i % 4 == 0;
    r.score = r.matched ? 0.5 + i * 1e-4 : NaN;
    r.trueLocation = i % 1652;
    r.matchedLocation = i == 7 ? std::numeric_limits<int64_t>::min()
                               : (r.matched ? static_cast<int64_t>(i % 1652) : -1);
    r.locationErrorM = r.matched ? 12.5 * i : NaN;
    r.status = STATUSES[i % STATUSES.size()];
    return r;
}

/**
 * @param r a request record
 * @return its expected row, in the order of the table's fields
 */
Row
Cells(const RequestRecord& r)
{
    return {r.tRequestS,
            uint64_t{r.node},
            r.role,
            r.request,
            uint64_t{r.baseStation},
            uint64_t{r.split},
            uint64_t{r.nImages},
            r.payloadBytes,
            r.tComputeDeviceS,
            r.tTxS,
            r.tPropS,
            r.tQueueS,
            r.tComputeServerS,
            r.latencyS,
            r.energyComputeJ,
            r.energyTxJ,
            r.energyServerJ,
            r.privacy,
            r.reward,
            uint64_t{r.matched},
            r.score,
            uint64_t{r.trueLocation},
            r.matchedLocation,
            r.locationErrorM,
            r.status};
}

/**
 * @param i the row number
 * @return a node-state record; row 2 has a role of the full width (16)
 */
NodeStateRecord
MakeNodeState(uint64_t i)
{
    NodeStateRecord r;
    r.tS = 0.5 * i;
    r.node = i;
    r.role = i == 2 ? "0123456789abcdef" : (i % 4 == 0 ? "base-station" : "satellite");
    r.xM = 1e4 * std::sin(0.1 * i);
    r.yM = -1e4 * std::cos(0.1 * i);
    r.zM = 550e3 + i;
    r.latitudeDeg = 48.8 + 1e-7 * i;
    r.longitudeDeg = -2.35 - 1e-7 * i;
    r.altitudeM = 120.25;
    r.energyRemainingJ = i % 3 == 0 ? NaN : 1e5 - i;
    r.stateOfCharge = i % 3 == 0 ? NaN : 1.0 - i / 1000.0;
    r.snrDb = i % 5 == 0 ? NaN : -3.5 + i;
    r.rateBps = i % 5 == 0 ? NaN : 163.154e6 + i;
    r.baseStation = i % 4 == 0 ? -1 : static_cast<int64_t>(i);
    return r;
}

/**
 * @param r a node-state record
 * @return its expected row
 */
Row
Cells(const NodeStateRecord& r)
{
    return {r.tS,
            uint64_t{r.node},
            r.role,
            r.xM,
            r.yM,
            r.zM,
            r.latitudeDeg,
            r.longitudeDeg,
            r.altitudeM,
            r.energyRemainingJ,
            r.stateOfCharge,
            r.snrDb,
            r.rateBps,
            r.baseStation};
}

/**
 * @param i the row number
 * @return a handover record
 */
HandoverRecord
MakeHandover(uint64_t i)
{
    HandoverRecord r;
    r.tS = 1.0 / (i + 1);
    r.node = 1000 + i;
    r.from = i % 2 ? -1 : static_cast<int64_t>(i);
    r.to = i % 3 ? static_cast<int64_t>(i + 1) : -1;
    r.via = i % 5 ? -1 : static_cast<int64_t>(2000 + i);
    r.snrDb = i % 2 ? NaN : 3.52;
    return r;
}

/**
 * @param r a handover record
 * @return its expected row
 */
Row
Cells(const HandoverRecord& r)
{
    return {r.tS, uint64_t{r.node}, r.from, r.to, r.via, r.snrDb};
}

/// The link classes and outage reasons the channel reports, and a reason with a line end.
const std::vector<std::string> LINK_CLASSES{"ground", "a2g", "s2g", "isl", "inter-satellite"};
/// Outage reasons.
const std::vector<std::string> REASONS{"not-visible",
                                       "earth-blocked",
                                       "snr-below-minimum",
                                       "coincident-nodes",
                                       "no-receiver-in-range",
                                       "unknown-destination",
                                       "two\nlines"};

/**
 * @param i the row number
 * @return an outage record
 */
OutageRecord
MakeOutage(uint64_t i)
{
    OutageRecord r;
    r.tS = 2.0 + i * 1e-6;
    r.sender = i;
    r.receiver = 4294967295U - i;
    r.linkClass = LINK_CLASSES[i % LINK_CLASSES.size()];
    r.reason = REASONS[i % REASONS.size()];
    r.snrDb = i % 2 ? NaN : -12.25;
    return r;
}

/**
 * @param r an outage record
 * @return its expected row
 */
Row
Cells(const OutageRecord& r)
{
    return {r.tS, uint64_t{r.sender}, uint64_t{r.receiver}, r.linkClass, r.reason, r.snrDb};
}

/**
 * @param i the row number
 * @return a depletion record
 */
DepletionRecord
MakeDepletion(uint64_t i)
{
    DepletionRecord r;
    r.tS = 3600.0 + i;
    r.node = 7 + i;
    r.role = i % 2 ? "vehicle" : "uav";
    return r;
}

/**
 * @param r a depletion record
 * @return its expected row
 */
Row
Cells(const DepletionRecord& r)
{
    return {r.tS, uint64_t{r.node}, r.role};
}

/// The rows written by WriteAll, per table.
constexpr uint64_t REQUEST_ROWS = 1000;   //!< 10 flushes of 100 rows, 16 chunks of 64
constexpr uint64_t NODE_STATE_ROWS = 250; //!< 2 flushes of 100, 50 left for Close()
constexpr uint64_t HANDOVER_ROWS = 40;    //!< left for Close()
constexpr uint64_t OUTAGE_ROWS = 30;      //!< left for Close()
constexpr uint64_t DEPLETION_ROWS = 2;    //!< left for Close()

/**
 * @brief Write the rows of every table, interleaved.
 * @param sink an open sink
 */
void
WriteAll(Ptr<TraceSink> sink)
{
    for (uint64_t i = 0; i < REQUEST_ROWS; ++i)
    {
        sink->Write(MakeRequest(i));
        if (i < NODE_STATE_ROWS)
        {
            sink->Write(MakeNodeState(i));
        }
        if (i < HANDOVER_ROWS)
        {
            sink->Write(MakeHandover(i));
        }
        if (i < OUTAGE_ROWS)
        {
            sink->Write(MakeOutage(i));
        }
        if (i < DEPLETION_ROWS)
        {
            sink->Write(MakeDepletion(i));
        }
    }
}

/**
 * @param format "hdf5" or "csv"
 * @param flushRows rows buffered per table
 * @param chunkRows HDF5 chunk size
 * @param compression deflate level
 * @return a sink with these attributes
 */
Ptr<TraceSink>
MakeSink(const std::string& format,
         uint32_t flushRows = 4096,
         uint32_t chunkRows = 1024,
         uint32_t compression = 4)
{
    return CreateObjectWithAttributes<TraceSink>("Format",
                                                 StringValue(format),
                                                 "FlushRows",
                                                 UintegerValue(flushRows),
                                                 "ChunkRows",
                                                 UintegerValue(chunkRows),
                                                 "Compression",
                                                 UintegerValue(compression));
}

/// @return the metadata of the tests: a scenario text with a line end and a non-ASCII letter
TraceMetadata
MakeMetadata()
{
    TraceMetadata m;
    m.scenarioName = "trace-test";
    m.scenarioText = "{\"name\": \"trace-test\",\n \"description\": \"5° mask\"}";
    m.seed = 7;
    m.run = 3;
    m.versions = {{"sagin", "0.1.0"}, {"ns-3", "3.37"}};
    m.extra = {{"note", "a, b"}};
    return m;
}

/**
 * @param hex hex digits
 * @return the bytes they spell
 */
std::string
Unhex(const std::string& hex)
{
    std::string text;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    {
        text += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    return text;
}

/// What test/trace-sink-reader.py printed about a trace.
struct Reading
{
    std::map<std::string, std::string> attributes; //!< name → "KIND VALUE"
    std::map<std::string, std::string> tables;     //!< name → the "table" line's rest
    std::map<std::string, std::string> fields;     //!< name → FIELD:TYPE,...
    std::vector<std::string> strpads;              //!< "TABLE FIELD PAD"
    std::map<std::string, std::vector<std::vector<std::string>>> rows; //!< name → rows of texts
};

/// @return whether the Debian Python has h5py
bool
HaveH5py()
{
    return RunCommand(ShellQuote(Python()) + " -c 'import h5py'").exitStatus == 0;
}

/**
 * @brief Read a trace with test/trace-sink-reader.py (h5py or Python's csv module).
 * @param format "hdf5" or "csv"
 * @param path the file or folder
 * @return what it printed
 */
Reading
ReadTrace(const std::string& format, const std::string& path)
{
    const auto result = RunCommand(ShellQuote(Python()) + " " +
                                   ShellQuote(SourcePath("test/trace-sink-reader.py")) + " " +
                                   format + " " + ShellQuote(path));
    EXPECT_EQ(result.exitStatus, 0) << result.err;
    Reading reading;
    for (const auto& line : SplitLines(result.out))
    {
        std::istringstream in(line);
        std::string kind;
        std::string name;
        in >> kind >> name;
        std::string rest;
        std::getline(in, rest);
        rest = rest.empty() ? rest : rest.substr(1);
        if (kind == "attr")
        {
            const auto space = rest.find(' ');
            reading.attributes[name] = rest.substr(0, space) + " " + Unhex(rest.substr(space + 1));
        }
        else if (kind == "table")
        {
            reading.tables[name] = rest;
        }
        else if (kind == "fields")
        {
            reading.fields[name] = rest;
        }
        else if (kind == "strpad")
        {
            reading.strpads.push_back(name + " " + rest);
        }
        else if (kind == "row")
        {
            // "INDEX HEX HEX ...", one space between cells (an empty string has no digits).
            std::vector<std::string> words;
            std::size_t start = 0;
            while (true)
            {
                const auto space = rest.find(' ', start);
                words.push_back(Unhex(rest.substr(start, space - start)));
                if (space == std::string::npos)
                {
                    break;
                }
                start = space + 1;
            }
            EXPECT_EQ(rest.substr(0, rest.find(' ')), std::to_string(reading.rows[name].size()))
                << line;
            const std::vector<std::string> row(words.begin() + 1, words.end());
            reading.rows[name].push_back(row);
        }
    }
    return reading;
}

/**
 * @brief Compare the rows read back with the rows written, cell by cell: doubles parsed from
 *        their text (NaN with NaN, the sign of zero included), integers and strings as text.
 * @param table the table's name
 * @param expected the rows written
 * @param actual the texts read back
 */
void
ExpectRows(const std::string& table,
           const std::vector<Row>& expected,
           const std::vector<std::vector<std::string>>& actual)
{
    ASSERT_EQ(actual.size(), expected.size()) << table;
    for (std::size_t r = 0; r < expected.size(); ++r)
    {
        ASSERT_EQ(actual[r].size(), expected[r].size()) << table << " row " << r;
        for (std::size_t c = 0; c < expected[r].size(); ++c)
        {
            const auto& text = actual[r][c];
            const auto where = table + " row " + std::to_string(r) + " column " +
                               std::to_string(c) + ": '" + text + "'";
            const auto& cell = expected[r][c];
            if (const auto* d = std::get_if<double>(&cell))
            {
                char* end = nullptr;
                const double value = std::strtod(text.c_str(), &end);
                EXPECT_TRUE(!text.empty() && *end == '\0') << where;
                if (std::isnan(*d))
                {
                    EXPECT_TRUE(std::isnan(value)) << where;
                }
                else
                {
                    EXPECT_EQ(value, *d) << where;
                    EXPECT_EQ(std::signbit(value), std::signbit(*d)) << where;
                }
            }
            else if (const auto* i = std::get_if<int64_t>(&cell))
            {
                EXPECT_EQ(text, std::to_string(*i)) << where;
            }
            else if (const auto* u = std::get_if<uint64_t>(&cell))
            {
                EXPECT_EQ(text, std::to_string(*u)) << where;
            }
            else
            {
                EXPECT_EQ(text, std::get<std::string>(cell)) << where;
            }
        }
    }
}

/**
 * @brief Check every table of a trace written by WriteAll.
 * @param reading the trace read back
 */
void
ExpectAllRows(const Reading& reading)
{
    std::vector<Row> requests;
    std::vector<Row> nodeStates;
    std::vector<Row> handovers;
    std::vector<Row> outages;
    std::vector<Row> depletions;
    for (uint64_t i = 0; i < REQUEST_ROWS; ++i)
    {
        requests.push_back(Cells(MakeRequest(i)));
    }
    for (uint64_t i = 0; i < NODE_STATE_ROWS; ++i)
    {
        nodeStates.push_back(Cells(MakeNodeState(i)));
    }
    for (uint64_t i = 0; i < HANDOVER_ROWS; ++i)
    {
        handovers.push_back(Cells(MakeHandover(i)));
    }
    for (uint64_t i = 0; i < OUTAGE_ROWS; ++i)
    {
        outages.push_back(Cells(MakeOutage(i)));
    }
    for (uint64_t i = 0; i < DEPLETION_ROWS; ++i)
    {
        depletions.push_back(Cells(MakeDepletion(i)));
    }
    const auto rows = [&](const std::string& name) {
        const auto it = reading.rows.find(name);
        return it == reading.rows.end() ? std::vector<std::vector<std::string>>{} : it->second;
    };
    ExpectRows("requests", requests, rows("requests"));
    ExpectRows("node_states", nodeStates, rows("node_states"));
    ExpectRows("handovers", handovers, rows("handovers"));
    ExpectRows("outages", outages, rows("outages"));
    ExpectRows("depletions", depletions, rows("depletions"));
}

/// The field names and numpy types of each table, as h5py reports them.
const std::map<std::string, std::string> HDF5_FIELDS{
    {"requests",
     "t_request_s:<f8,node:<u4,role:|S16,request:<u8,base_station:<u4,split:<u4,n_images:<u4,"
     "payload_bytes:<u8,t_compute_device_s:<f8,t_tx_s:<f8,t_prop_s:<f8,t_queue_s:<f8,"
     "t_compute_server_s:<f8,latency_s:<f8,energy_compute_j:<f8,energy_tx_j:<f8,"
     "energy_server_j:<f8,privacy:<f8,reward:<f8,matched:|u1,score:<f8,true_location:<u4,"
     "matched_location:<i8,location_error_m:<f8,status:|S24"},
    {"node_states",
     "t_s:<f8,node:<u4,role:|S16,x_m:<f8,y_m:<f8,z_m:<f8,latitude_deg:<f8,longitude_deg:<f8,"
     "altitude_m:<f8,energy_remaining_j:<f8,state_of_charge:<f8,snr_db:<f8,rate_bps:<f8,"
     "base_station:<i8"},
    {"handovers", "t_s:<f8,node:<u4,from:<i8,to:<i8,via:<i8,snr_db:<f8"},
    {"outages", "t_s:<f8,sender:<u4,receiver:<u4,link_class:|S24,reason:|S32,snr_db:<f8"},
    {"depletions", "t_s:<f8,node:<u4,role:|S16"},
};

/**
 * @param hdf5Fields a table's HDF5_FIELDS entry
 * @return the CSV header as the reader prints it: the names, types left empty
 */
std::string
CsvFields(const std::string& hdf5Fields)
{
    return std::regex_replace(hdf5Fields, std::regex(":[^,]*"), ":");
}

/**
 * @brief Redirects the process's standard error into a file while it lives.
 */
class StderrCapture
{
  public:
    StderrCapture()
        : m_file("stderr.txt", "")
    {
        std::fflush(stderr);
        m_saved = dup(2);
        const int fd = open(m_file.Path().c_str(), O_WRONLY | O_TRUNC);
        dup2(fd, 2);
        close(fd);
    }

    ~StderrCapture()
    {
        Restore();
    }

    StderrCapture(const StderrCapture&) = delete;
    StderrCapture& operator=(const StderrCapture&) = delete;

    /// @return what was written to standard error; the redirection ends
    std::string Text()
    {
        Restore();
        return ReadFile(m_file.Path());
    }

  private:
    /// @brief End the redirection.
    void Restore()
    {
        if (m_saved >= 0)
        {
            std::fflush(stderr);
            dup2(m_saved, 2);
            close(m_saved);
            m_saved = -1;
        }
    }

    TempFile m_file; //!< where standard error goes
    int m_saved{-1}; //!< the original standard error
};

/// @return a fresh temporary folder's path, removed with the returned TempFile's folder
std::string
FolderOf(const TempFile& file)
{
    return std::filesystem::path(file.Path()).parent_path().string();
}

} // namespace

TEST(TraceSink, Hdf5TablesReadBackWithH5py)
{
    if (!HaveH5py())
    {
        GTEST_SKIP() << "h5py is not installed for " << Python() << " (Debian: python3-h5py)";
    }
    TempFile marker("marker", "");
    // A missing parent folder is created.
    const auto path = FolderOf(marker) + "/run/traces.h5";
    auto sink = MakeSink("hdf5", 100, 64, 4);
    sink->Open(path, MakeMetadata());
    EXPECT_TRUE(sink->IsOpen());
    WriteAll(sink);
    EXPECT_EQ(sink->GetRowCount(TraceSink::REQUESTS), REQUEST_ROWS);
    EXPECT_EQ(sink->GetRowCount(TraceSink::NODE_STATES), NODE_STATE_ROWS);
    EXPECT_EQ(sink->GetRowCount(TraceSink::HANDOVERS), HANDOVER_ROWS);
    EXPECT_EQ(sink->GetRowCount(TraceSink::OUTAGES), OUTAGE_ROWS);
    EXPECT_EQ(sink->GetRowCount(TraceSink::DEPLETIONS), DEPLETION_ROWS);
    sink->Close();
    EXPECT_FALSE(sink->IsOpen());
    sink->Close(); // closing twice does nothing
    // The counts stay after Close().
    EXPECT_EQ(sink->GetRowCount(TraceSink::REQUESTS), REQUEST_ROWS);

    const auto reading = ReadTrace("hdf5", path);
    // 1000 rows in chunks of 64 (16 chunks), written in 10 extensions of FlushRows = 100.
    EXPECT_EQ(reading.tables.at("requests"),
              "shape=(1000,) maxshape=(None,) chunks=(64,) compression=gzip opts=4 shuffle=True");
    EXPECT_EQ(reading.tables.at("node_states"),
              "shape=(250,) maxshape=(None,) chunks=(64,) compression=gzip opts=4 shuffle=True");
    EXPECT_EQ(reading.tables.at("handovers"),
              "shape=(40,) maxshape=(None,) chunks=(64,) compression=gzip opts=4 shuffle=True");
    EXPECT_EQ(reading.tables.at("outages"),
              "shape=(30,) maxshape=(None,) chunks=(64,) compression=gzip opts=4 shuffle=True");
    EXPECT_EQ(reading.tables.at("depletions"),
              "shape=(2,) maxshape=(None,) chunks=(64,) compression=gzip opts=4 shuffle=True");
    for (const auto& [table, fields] : HDF5_FIELDS)
    {
        EXPECT_EQ(reading.fields.at(table), fields) << table;
    }
    // Every string field is null-padded.
    EXPECT_EQ(reading.strpads,
              (std::vector<std::string>{"requests role nullpad",
                                        "requests status nullpad",
                                        "node_states role nullpad",
                                        "outages link_class nullpad",
                                        "outages reason nullpad",
                                        "depletions role nullpad"}));
    ExpectAllRows(reading);

    // The root attributes: the metadata, the HDF5 version h5py itself was built with (Debian's
    // h5py and libhdf5 are the same library), the layout version.
    const auto hdf5Version =
        RunCommand(ShellQuote(Python()) + " -c 'import h5py; print(h5py.version.hdf5_version)'");
    ASSERT_EQ(hdf5Version.exitStatus, 0);
    const std::map<std::string, std::string> attributes{
        {"format_version", "<u4 1"},
        {"hdf5_version", "str " + SplitLines(hdf5Version.out).at(0)},
        {"note", "str a, b"},
        {"ns3_version", "str 3.37"},
        {"run", "<u8 3"},
        {"sagin_version", "str 0.1.0"},
        {"scenario", "str " + MakeMetadata().scenarioText},
        {"scenario_name", "str trace-test"},
        {"seed", "<u4 7"},
    };
    EXPECT_EQ(reading.attributes, attributes);
}

TEST(TraceSink, CsvTablesReadBackWithCsvModule)
{
    TempFile marker("marker", "");
    const auto folder = FolderOf(marker) + "/csv/run-1";
    auto sink = MakeSink("csv", 100);
    sink->Open(folder, MakeMetadata());
    WriteAll(sink);
    sink->Close();

    for (const auto& name : {"requests", "node_states", "handovers", "outages", "depletions"})
    {
        EXPECT_TRUE(std::filesystem::is_regular_file(folder + "/" + name + ".csv")) << name;
    }
    const auto reading = ReadTrace("csv", folder);
    for (const auto& [table, fields] : HDF5_FIELDS)
    {
        EXPECT_EQ(reading.fields.at(table), CsvFields(fields)) << table;
    }
    ExpectAllRows(reading);
    // metadata.json: the same names as the HDF5 attributes, without hdf5_version.
    const std::map<std::string, std::string> attributes{
        {"format_version", "int 1"},
        {"note", "str a, b"},
        {"ns3_version", "str 3.37"},
        {"run", "int 3"},
        {"sagin_version", "str 0.1.0"},
        {"scenario", "str " + MakeMetadata().scenarioText},
        {"scenario_name", "str trace-test"},
        {"seed", "int 7"},
    };
    EXPECT_EQ(reading.attributes, attributes);

    // The text itself. Request 0: t = 0.1·0 + 1/3 = 0.3333333333333333 (16 digits, the shortest
    // that reads back), node 0, "uav", request 2^40 = 1099511627776, base station 100, split 0,
    // 1 image, 0 bytes, t_compute_device = 1e-3/3 = 0.0003333333333333333 (fixed and scientific
    // notation are both 21 characters long; a tie is written in fixed notation, as printf's %f),
    // t_tx NaN (0 % 11 == 0), t_prop 0, t_queue 0, t_compute_server 1.5e-4 = 0.00015 (a tie of
    // 7 characters), latency NaN (it adds t_tx), energy_compute 30·1e-3/3 = 0.01,
    // energy_tx 0, energy_server 1e300 (1e+300, shorter than 301 digits), privacy 0, reward NaN,
    // matched 1, score 0.5, true location 0, matched location 0, error 0, status "ok".
    const auto lines = SplitLines(ReadFile(folder + "/requests.csv"));
    ASSERT_EQ(lines.size(), REQUEST_ROWS + 1);
    EXPECT_EQ(lines[1],
              "0.3333333333333333,0,uav,1099511627776,100,0,1,0,0.0003333333333333333,nan,0,0,"
              "0.00015,nan,0.01,0,1e+300,0,nan,1,0.5,0,0,0,ok");
    // Request 6: status a,"b" is quoted with its quote doubled; request 4: empty status.
    const std::string quoted = ",\"a,\"\"b\"\"\"";
    ASSERT_GE(lines[7].size(), quoted.size());
    EXPECT_EQ(lines[7].substr(lines[7].size() - quoted.size()), quoted);
    EXPECT_EQ(lines[5].back(), ',');
}

TEST(TraceSink, EmptyTablesAndNoCompression)
{
    if (!HaveH5py())
    {
        GTEST_SKIP() << "h5py is not installed for " << Python() << " (Debian: python3-h5py)";
    }
    TempFile marker("marker", "");
    const auto path = FolderOf(marker) + "/empty.h5";
    // Default ChunkRows (1024); Compression 0: neither deflate nor shuffle.
    auto sink = MakeSink("hdf5", 4096, 1024, 0);
    TraceMetadata metadata;
    sink->Open(path, metadata);
    sink->Close();
    const auto reading = ReadTrace("hdf5", path);
    for (const auto& [table, fields] : HDF5_FIELDS)
    {
        EXPECT_EQ(reading.tables.at(table),
                  "shape=(0,) maxshape=(None,) chunks=(1024,) compression=None opts=None "
                  "shuffle=False")
            << table;
        EXPECT_EQ(reading.fields.at(table), fields) << table;
        EXPECT_EQ(reading.rows.count(table), 0U) << table;
    }
    // An empty metadata: empty texts, the default seed and run (1, 1).
    EXPECT_EQ(reading.attributes.at("scenario"), "str ");
    EXPECT_EQ(reading.attributes.at("seed"), "<u4 1");
    EXPECT_EQ(reading.attributes.at("run"), "<u8 1");
}

TEST(TraceSink, RowsSurviveDestructionWithoutClose)
{
    if (!HaveH5py())
    {
        GTEST_SKIP() << "h5py is not installed for " << Python() << " (Debian: python3-h5py)";
    }
    TempFile marker("marker", "");
    for (const std::string format : {"hdf5", "csv"})
    {
        const auto path = FolderOf(marker) + "/unwound-" + format;
        try
        {
            // FlushRows 4096: the 10 rows are only buffered when the exception unwinds the sink's
            // last Ptr, whose destruction disposes it and closes it.
            auto sink = MakeSink(format);
            sink->Open(path, MakeMetadata());
            for (uint64_t i = 0; i < 10; ++i)
            {
                sink->Write(MakeRequest(i));
            }
            throw std::runtime_error("simulation failed");
        }
        catch (const std::runtime_error& e)
        {
            EXPECT_EQ(std::string(e.what()), "simulation failed");
        }
        const auto reading = ReadTrace(format, path);
        std::vector<Row> requests;
        for (uint64_t i = 0; i < 10; ++i)
        {
            requests.push_back(Cells(MakeRequest(i)));
        }
        ExpectRows(format + " requests", requests, reading.rows.at("requests"));
    }
}

TEST(TraceSink, FlushWritesBufferedRows)
{
    TempFile marker("marker", "");
    const auto folder = FolderOf(marker) + "/flushed";
    auto sink = MakeSink("csv", 1000);
    sink->Open(folder, MakeMetadata());
    for (uint64_t i = 0; i < 5; ++i)
    {
        sink->Write(MakeHandover(i));
    }
    // 5 rows < FlushRows = 1000: only the header is in the file.
    EXPECT_EQ(SplitLines(ReadFile(folder + "/handovers.csv")).size(), 1U);
    sink->Flush();
    // Header + 5 rows.
    EXPECT_EQ(SplitLines(ReadFile(folder + "/handovers.csv")).size(), 6U);
    EXPECT_EQ(sink->GetRowCount(TraceSink::HANDOVERS), 5U);
    EXPECT_EQ(sink->GetRowCount(TraceSink::REQUESTS), 0U);
    // Disposing closes the sink.
    sink->Dispose();
    EXPECT_FALSE(sink->IsOpen());
}

TEST(TraceSink, Attributes)
{
    auto sink = CreateObject<TraceSink>();
    StringValue format;
    UintegerValue value;
    sink->GetAttribute("Format", format);
    EXPECT_EQ(format.Get(), "hdf5");
    sink->GetAttribute("ChunkRows", value);
    EXPECT_EQ(value.Get(), 1024U);
    sink->GetAttribute("Compression", value);
    EXPECT_EQ(value.Get(), 4U);
    sink->GetAttribute("FlushRows", value);
    EXPECT_EQ(value.Get(), 4096U);
    EXPECT_FALSE(sink->SetAttributeFailSafe("Compression", UintegerValue(10)));
    EXPECT_FALSE(sink->SetAttributeFailSafe("ChunkRows", UintegerValue(0)));
    EXPECT_FALSE(sink->SetAttributeFailSafe("FlushRows", UintegerValue(0)));
    EXPECT_EQ(TraceSink::GetTableName(TraceSink::NODE_STATES), "node_states");
    EXPECT_EQ(TraceSink::GetFieldNames(TraceSink::HANDOVERS),
              (std::vector<std::string>{"t_s", "node", "from", "to", "via", "snr_db"}));
}

TEST(TraceSink, StringWidthsFitSaginValues)
{
    // The longest values sagin writes: roles "base-station" (12), statuses "no-base-station"
    // (15), link classes "inter-satellite" (15), reasons "no-receiver-in-range" (20).
    EXPECT_EQ(TraceSink::GetStringWidth(TraceSink::REQUESTS, "role"), 16U);
    EXPECT_EQ(TraceSink::GetStringWidth(TraceSink::REQUESTS, "status"), 24U);
    EXPECT_EQ(TraceSink::GetStringWidth(TraceSink::NODE_STATES, "role"), 16U);
    EXPECT_EQ(TraceSink::GetStringWidth(TraceSink::OUTAGES, "link_class"), 24U);
    EXPECT_EQ(TraceSink::GetStringWidth(TraceSink::OUTAGES, "reason"), 32U);
    EXPECT_EQ(TraceSink::GetStringWidth(TraceSink::DEPLETIONS, "role"), 16U);
    EXPECT_EQ(
        InvalidArgumentMessage([] { TraceSink::GetStringWidth(TraceSink::REQUESTS, "node"); }),
        "TraceSink: the table requests has no string field 'node'");

    TempFile marker("marker", "");
    auto sink = MakeSink("hdf5");
    sink->Open(FolderOf(marker) + "/widths.h5", MakeMetadata());
    for (const auto& role : {"satellite", "uav", "vehicle", "base-station"})
    {
        NodeStateRecord state;
        state.role = role;
        EXPECT_NO_THROW(sink->Write(state)) << role;
    }
    for (const auto& reason : REASONS)
    {
        OutageRecord outage;
        outage.reason = reason;
        outage.linkClass = "space-to-ground";
        EXPECT_NO_THROW(sink->Write(outage)) << reason;
    }
    // One byte too long, and a NUL: refused, naming the table and field; nothing counted.
    RequestRecord request;
    request.role = "0123456789abcdefg";
    EXPECT_EQ(InvalidArgumentMessage([&] { sink->Write(request); }),
              "TraceSink: requests field 'role': '0123456789abcdefg' is longer than 16 bytes");
    request.role = "uav";
    request.status = std::string("ok\0no", 5);
    EXPECT_EQ(InvalidArgumentMessage([&] { sink->Write(request); }),
              "TraceSink: requests field 'status': 'ok' holds a NUL character");
    EXPECT_EQ(sink->GetRowCount(TraceSink::REQUESTS), 0U);
    EXPECT_EQ(sink->GetRowCount(TraceSink::NODE_STATES), 4U);
    sink->Close();
}

TEST(TraceSink, Errors)
{
    TempFile file("plain-file", "not a folder");
    const auto folder = FolderOf(file);
    TraceMetadata metadata;

    auto bad = MakeSink("xml");
    EXPECT_EQ(InvalidArgumentMessage([&] { bad->Open(folder + "/t.xml", metadata); }),
              "TraceSink: unknown Format 'xml' (known: hdf5, csv)");
    EXPECT_FALSE(bad->IsOpen());

    // A path under a regular file: its folder cannot be created.
    const auto under = file.Path() + "/sub/traces.h5";
    auto sink = MakeSink("hdf5");
    StderrCapture capture;
    const auto message = RuntimeErrorMessage([&] { sink->Open(under, metadata); });
    EXPECT_EQ(message.rfind(under + ": cannot create the folder " + file.Path() + "/sub (", 0), 0U)
        << message;
    // An existing folder as the HDF5 file: HDF5 refuses; its error stack is not printed.
    const auto hdf5Message = RuntimeErrorMessage([&] { sink->Open(folder, metadata); });
    EXPECT_EQ(hdf5Message.rfind(folder + ": cannot create the HDF5 file (", 0), 0U) << hdf5Message;
    EXPECT_EQ(hdf5Message.find('\n'), std::string::npos) << hdf5Message;
    EXPECT_EQ(capture.Text(), "");
    EXPECT_FALSE(sink->IsOpen());

    auto csv = MakeSink("csv");
    const auto csvMessage = RuntimeErrorMessage([&] { csv->Open(file.Path() + "/csv", metadata); });
    EXPECT_EQ(csvMessage.rfind(file.Path() + "/csv: cannot create the folder (", 0), 0U)
        << csvMessage;

    // Writing to a sink that is not open.
    EXPECT_EQ(RuntimeErrorMessage([&] { sink->Write(DepletionRecord{}); }),
              "TraceSink: a record was written to a sink that is not open");

    // Opening twice.
    sink->Open(folder + "/ok.h5", metadata);
    EXPECT_EQ(RuntimeErrorMessage([&] { sink->Open(folder + "/other.h5", metadata); }),
              folder + "/other.h5: the trace sink is already open on " + folder + "/ok.h5");
    sink->Close();
    EXPECT_EQ(RuntimeErrorMessage([&] { sink->Write(DepletionRecord{}); }),
              "TraceSink: a record was written to a sink that is not open (closed: " + folder +
                  "/ok.h5)");

    // Metadata names: the sink's own hdf5_version, a clash, a software name without letters.
    metadata.versions = {{"HDF5", "1.0"}};
    EXPECT_EQ(InvalidArgumentMessage([&] { sink->Open(folder + "/clash.h5", metadata); }),
              "TraceSink: the metadata name 'hdf5_version' is given twice");
    metadata.versions = {{"--", "1.0"}};
    EXPECT_EQ(InvalidArgumentMessage([&] { sink->Open(folder + "/clash.h5", metadata); }),
              "TraceSink: the software name '--' of a version has no letter or digit");
    metadata.versions.clear();
    metadata.extra = {{"seed", "2"}};
    EXPECT_EQ(InvalidArgumentMessage([&] { sink->Open(folder + "/clash.h5", metadata); }),
              "TraceSink: the metadata name 'seed' is given twice");
    EXPECT_FALSE(std::filesystem::exists(folder + "/clash.h5"));
}
