// SPDX-License-Identifier: GPL-2.0-only

#include "trace-sink.h"

#include "ns3/log.h"
#include "ns3/program-options.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <hdf5.h>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <variant>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginTraceSink");

NS_OBJECT_ENSURE_REGISTERED(TraceSink);

namespace
{

/// The types of the table fields.
enum class FieldType
{
    FLOAT64, //!< double
    UINT32,  //!< uint32_t
    INT64,   //!< int64_t
    UINT64,  //!< uint64_t
    BOOL,    //!< bool, stored as uint8
    STRING,  //!< std::string, stored as a fixed-length null-padded byte string
};

/// A pointer to a record member of one of the field types, in the order of FieldType.
template <typename R>
using Member = std::
    variant<double R::*, uint32_t R::*, int64_t R::*, uint64_t R::*, bool R::*, std::string R::*>;

/// One field of a record kind.
template <typename R>
struct FieldSpec
{
    const char* name;    //!< the field's name in the tables
    Member<R> member;    //!< the record member
    std::size_t width{}; //!< for strings, the field's width in bytes
};

/// The width of the role fields: "satellite", "uav", "vehicle", "base-station".
constexpr std::size_t ROLE_WIDTH = 16;
/// The width of the request status: "ok", "timeout", "no-base-station", "depleted".
constexpr std::size_t STATUS_WIDTH = 24;
/// The width of the link class: "ground", "air-to-ground", "space-to-ground", "inter-satellite".
constexpr std::size_t LINK_CLASS_WIDTH = 24;
/// The width of the outage reason: the channel's reasons, e.g. "no-receiver-in-range".
constexpr std::size_t REASON_WIDTH = 32;

/// The table and fields of a record kind.
template <typename R>
struct RecordSpec;

/// The requests table.
template <>
struct RecordSpec<RequestRecord>
{
    static constexpr TraceSink::Table TABLE = TraceSink::REQUESTS; //!< its table

    /// @return its fields
    static const std::vector<FieldSpec<RequestRecord>>& Fields()
    {
        using R = RequestRecord;
        static const std::vector<FieldSpec<R>> fields{
            {"t_request_s", &R::tRequestS},
            {"node", &R::node},
            {"role", &R::role, ROLE_WIDTH},
            {"request", &R::request},
            {"base_station", &R::baseStation},
            {"split", &R::split},
            {"n_images", &R::nImages},
            {"payload_bytes", &R::payloadBytes},
            {"t_compute_device_s", &R::tComputeDeviceS},
            {"t_tx_s", &R::tTxS},
            {"t_prop_s", &R::tPropS},
            {"t_queue_s", &R::tQueueS},
            {"t_compute_server_s", &R::tComputeServerS},
            {"latency_s", &R::latencyS},
            {"energy_compute_j", &R::energyComputeJ},
            {"energy_tx_j", &R::energyTxJ},
            {"energy_server_j", &R::energyServerJ},
            {"privacy", &R::privacy},
            {"reward", &R::reward},
            {"matched", &R::matched},
            {"score", &R::score},
            {"true_location", &R::trueLocation},
            {"matched_location", &R::matchedLocation},
            {"location_error_m", &R::locationErrorM},
            {"status", &R::status, STATUS_WIDTH},
        };
        return fields;
    }
};

/// The node-states table.
template <>
struct RecordSpec<NodeStateRecord>
{
    static constexpr TraceSink::Table TABLE = TraceSink::NODE_STATES; //!< its table

    /// @return its fields
    static const std::vector<FieldSpec<NodeStateRecord>>& Fields()
    {
        using R = NodeStateRecord;
        static const std::vector<FieldSpec<R>> fields{
            {"t_s", &R::tS},
            {"node", &R::node},
            {"role", &R::role, ROLE_WIDTH},
            {"x_m", &R::xM},
            {"y_m", &R::yM},
            {"z_m", &R::zM},
            {"latitude_deg", &R::latitudeDeg},
            {"longitude_deg", &R::longitudeDeg},
            {"altitude_m", &R::altitudeM},
            {"energy_remaining_j", &R::energyRemainingJ},
            {"state_of_charge", &R::stateOfCharge},
            {"snr_db", &R::snrDb},
            {"rate_bps", &R::rateBps},
            {"base_station", &R::baseStation},
        };
        return fields;
    }
};

/// The handovers table.
template <>
struct RecordSpec<HandoverRecord>
{
    static constexpr TraceSink::Table TABLE = TraceSink::HANDOVERS; //!< its table

    /// @return its fields
    static const std::vector<FieldSpec<HandoverRecord>>& Fields()
    {
        using R = HandoverRecord;
        static const std::vector<FieldSpec<R>> fields{
            {"t_s", &R::tS},
            {"node", &R::node},
            {"from", &R::from},
            {"to", &R::to},
            {"via", &R::via},
            {"snr_db", &R::snrDb},
        };
        return fields;
    }
};

/// The outages table.
template <>
struct RecordSpec<OutageRecord>
{
    static constexpr TraceSink::Table TABLE = TraceSink::OUTAGES; //!< its table

    /// @return its fields
    static const std::vector<FieldSpec<OutageRecord>>& Fields()
    {
        using R = OutageRecord;
        static const std::vector<FieldSpec<R>> fields{
            {"t_s", &R::tS},
            {"sender", &R::sender},
            {"receiver", &R::receiver},
            {"link_class", &R::linkClass, LINK_CLASS_WIDTH},
            {"reason", &R::reason, REASON_WIDTH},
            {"snr_db", &R::snrDb},
        };
        return fields;
    }
};

/// The depletions table.
template <>
struct RecordSpec<DepletionRecord>
{
    static constexpr TraceSink::Table TABLE = TraceSink::DEPLETIONS; //!< its table

    /// @return its fields
    static const std::vector<FieldSpec<DepletionRecord>>& Fields()
    {
        using R = DepletionRecord;
        static const std::vector<FieldSpec<R>> fields{
            {"t_s", &R::tS},
            {"node", &R::node},
            {"role", &R::role, ROLE_WIDTH},
        };
        return fields;
    }
};

/// One column of a table, as stored in a packed row.
struct Column
{
    std::string name;   //!< field name
    FieldType type;     //!< field type
    std::size_t width;  //!< bytes in the packed row
    std::size_t offset; //!< position in the packed row
};

/// A table's columns and the size of its packed rows (the HDF5 compound type, without padding).
struct Schema
{
    std::string name;            //!< table name
    std::vector<Column> columns; //!< its columns
    std::size_t rowBytes{0};     //!< bytes of a packed row
};

/**
 * @param type a field type
 * @param stringWidth the width of a string field
 * @return the bytes of a field of that type in a packed row
 */
std::size_t
FieldBytes(FieldType type, std::size_t stringWidth)
{
    switch (type)
    {
    case FieldType::FLOAT64:
    case FieldType::INT64:
    case FieldType::UINT64:
        return 8;
    case FieldType::UINT32:
        return 4;
    case FieldType::BOOL:
        return 1;
    case FieldType::STRING:
        return stringWidth;
    }
    return 0;
}

/**
 * @param name the table's name
 * @return the schema of the records R
 */
template <typename R>
Schema
MakeSchema(const std::string& name)
{
    Schema schema;
    schema.name = name;
    for (const auto& field : RecordSpec<R>::Fields())
    {
        const auto type = static_cast<FieldType>(field.member.index());
        const auto width = FieldBytes(type, field.width);
        schema.columns.push_back(Column{field.name, type, width, schema.rowBytes});
        schema.rowBytes += width;
    }
    return schema;
}

/**
 * @param table a table
 * @return its schema
 */
const Schema&
GetSchema(TraceSink::Table table)
{
    static const std::array<Schema, TraceSink::TABLE_COUNT> schemas{
        MakeSchema<RequestRecord>("requests"),
        MakeSchema<NodeStateRecord>("node_states"),
        MakeSchema<HandoverRecord>("handovers"),
        MakeSchema<OutageRecord>("outages"),
        MakeSchema<DepletionRecord>("depletions"),
    };
    if (static_cast<std::size_t>(table) >= TraceSink::TABLE_COUNT)
    {
        throw std::invalid_argument("TraceSink: no table number " + std::to_string(table));
    }
    return schemas[table];
}

/**
 * @brief Pack a record into a row of its table's schema.
 * @param record the record
 * @param row receives the packed row (GetSchema(table).rowBytes bytes)
 * @throws std::invalid_argument naming the table and field when a string does not fit
 */
template <typename R>
void
Pack(const R& record, std::vector<char>& row)
{
    const auto& schema = GetSchema(RecordSpec<R>::TABLE);
    row.resize(schema.rowBytes);
    const auto& fields = RecordSpec<R>::Fields();
    for (std::size_t i = 0; i < fields.size(); ++i)
    {
        char* out = row.data() + schema.columns[i].offset;
        std::visit(
            [&](auto member) {
                const auto& value = record.*member;
                using T = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<T, std::string>)
                {
                    const auto width = fields[i].width;
                    if (value.size() > width || value.find('\0') != std::string::npos)
                    {
                        throw std::invalid_argument(
                            "TraceSink: " + schema.name + " field '" + fields[i].name + "': '" +
                            value.substr(0, value.find('\0')) + "' " +
                            (value.size() > width
                                 ? "is longer than " + std::to_string(width) + " bytes"
                                 : "holds a NUL character"));
                    }
                    std::memcpy(out, value.data(), value.size());
                    std::memset(out + value.size(), 0, width - value.size());
                }
                else if constexpr (std::is_same_v<T, bool>)
                {
                    *out = value ? 1 : 0;
                }
                else
                {
                    std::memcpy(out, &value, sizeof(value));
                }
            },
            fields[i].member);
    }
}

/**
 * @brief Read a number from a packed row.
 * @param p where it starts
 * @return the number
 */
template <typename T>
T
Load(const char* p)
{
    T value;
    std::memcpy(&value, p, sizeof(value));
    return value;
}

/// A root attribute of the trace file (a metadata entry).
struct MetadataItem
{
    std::string name;   //!< the attribute's name
    FieldType type;     //!< STRING, UINT32 or UINT64
    std::string text;   //!< the value, for STRING
    uint64_t number{0}; //!< the value, for UINT32 and UINT64
};

/**
 * @param software a software name, e.g. "ns-3"
 * @return the name of its version attribute, e.g. "ns3_version"
 * @throws std::invalid_argument when nothing of the name is left
 */
std::string
VersionAttributeName(const std::string& software)
{
    std::string name;
    for (const char c : software)
    {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_')
        {
            name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    if (name.empty())
    {
        throw std::invalid_argument("TraceSink: the software name '" + software +
                                    "' of a version has no letter or digit");
    }
    return name + "_version";
}

/// @return the version of the HDF5 library in use, e.g. "1.10.8"
std::string
Hdf5Version()
{
    unsigned major = 0;
    unsigned minor = 0;
    unsigned release = 0;
    H5get_libversion(&major, &minor, &release);
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

/**
 * @brief Create the parent folders of a file.
 * @param path the file
 * @throws std::runtime_error naming the path when they cannot be created
 */
void
CreateParentFolders(const std::string& path)
{
    const auto parent = std::filesystem::path(path).parent_path();
    if (parent.empty())
    {
        return;
    }
    std::error_code error;
    std::filesystem::create_directories(parent, error);
    if (error)
    {
        throw std::runtime_error(path + ": cannot create the folder " + parent.string() + " (" +
                                 error.message() + ")");
    }
}

} // namespace

/**
 * @brief The open output of a TraceSink: buffers the packed rows of each table and writes them.
 */
class TraceSink::Writer
{
  public:
    /**
     * @param path the output
     * @param flushRows rows buffered per table before they are written
     */
    Writer(const std::string& path, uint32_t flushRows)
        : m_path(path),
          m_flushRows(flushRows)
    {
    }

    virtual ~Writer() = default;
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    /**
     * @param table a table
     * @return the scratch row to pack the table's next row into
     */
    std::vector<char>& Row(Table table)
    {
        return m_scratch[table];
    }

    /**
     * @brief Buffer the scratch row of a table; write the buffered rows once FlushRows are there.
     * @param table the table
     */
    void Append(Table table)
    {
        auto& buffer = m_buffers[table];
        buffer.insert(buffer.end(), m_scratch[table].begin(), m_scratch[table].end());
        if (++m_buffered[table] >= m_flushRows)
        {
            WriteBuffered(table);
        }
    }

    /// @brief Write every buffered row and flush the files.
    void Flush()
    {
        for (std::size_t t = 0; t < TABLE_COUNT; ++t)
        {
            WriteBuffered(static_cast<Table>(t));
        }
        FlushFiles();
    }

    /// @brief Write every buffered row and close the files (also after an error).
    void Close()
    {
        try
        {
            for (std::size_t t = 0; t < TABLE_COUNT; ++t)
            {
                WriteBuffered(static_cast<Table>(t));
            }
        }
        catch (...)
        {
            try
            {
                CloseFiles();
            }
            catch (const std::exception&)
            {
                // The first error is the one reported.
            }
            throw;
        }
        CloseFiles();
    }

  protected:
    /**
     * @brief Write rows to a table.
     * @param table the table
     * @param rows the packed rows
     * @param count how many
     */
    virtual void WriteRows(Table table, const char* rows, std::size_t count) = 0;
    /// @brief Hand the written rows to the operating system.
    virtual void FlushFiles() = 0;
    /// @brief Close the files; called once.
    virtual void CloseFiles() = 0;

    std::string m_path; //!< the output

  private:
    /**
     * @brief Write a table's buffered rows; they stay buffered when writing fails.
     * @param table the table
     */
    void WriteBuffered(Table table)
    {
        if (m_buffered[table] == 0)
        {
            return;
        }
        WriteRows(table, m_buffers[table].data(), m_buffered[table]);
        m_buffers[table].clear();
        m_buffered[table] = 0;
    }

    uint32_t m_flushRows;                                 //!< rows buffered before writing
    std::array<std::vector<char>, TABLE_COUNT> m_scratch; //!< the row being packed
    std::array<std::vector<char>, TABLE_COUNT> m_buffers; //!< packed rows not yet written
    std::array<std::size_t, TABLE_COUNT> m_buffered{};    //!< rows in m_buffers
};

namespace
{

/// An HDF5 identifier, closed with the object.
class Hdf5Id
{
  public:
    /// The function that closes an identifier of this kind.
    using Closer = herr_t (*)(hid_t);

    Hdf5Id() = default;

    /**
     * @param id the identifier (negative: none)
     * @param close the function that closes it
     */
    Hdf5Id(hid_t id, Closer close)
        : m_id(id),
          m_close(close)
    {
    }

    ~Hdf5Id()
    {
        Release();
    }

    Hdf5Id(const Hdf5Id&) = delete;
    Hdf5Id& operator=(const Hdf5Id&) = delete;

    /// @param other the identifier to take over
    Hdf5Id(Hdf5Id&& other) noexcept
        : m_id(other.m_id),
          m_close(other.m_close)
    {
        other.m_id = H5I_INVALID_HID;
    }

    /**
     * @param other the identifier to take over
     * @return this
     */
    Hdf5Id& operator=(Hdf5Id&& other) noexcept
    {
        if (this != &other)
        {
            Release();
            m_id = other.m_id;
            m_close = other.m_close;
            other.m_id = H5I_INVALID_HID;
        }
        return *this;
    }

    /// @return the identifier
    hid_t Get() const
    {
        return m_id;
    }

    /**
     * @brief Close the identifier now.
     * @return the status of the close function (0 when there was nothing to close)
     */
    herr_t Release()
    {
        herr_t status = 0;
        if (m_id >= 0 && m_close != nullptr)
        {
            status = m_close(m_id);
        }
        m_id = H5I_INVALID_HID;
        return status;
    }

  private:
    hid_t m_id{H5I_INVALID_HID}; //!< the identifier
    Closer m_close{nullptr};     //!< its close function
};

/**
 * @brief Turns HDF5's printing of its error stack off while it lives, and restores it after: the
 *        errors become exceptions with one line.
 */
class QuietHdf5Errors
{
  public:
    QuietHdf5Errors()
    {
        H5Eget_auto2(H5E_DEFAULT, &m_function, &m_data);
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    }

    ~QuietHdf5Errors()
    {
        H5Eset_auto2(H5E_DEFAULT, m_function, m_data);
    }

    QuietHdf5Errors(const QuietHdf5Errors&) = delete;
    QuietHdf5Errors& operator=(const QuietHdf5Errors&) = delete;

  private:
    H5E_auto2_t m_function{nullptr}; //!< the printing function in force before
    void* m_data{nullptr};           //!< its data
};

/**
 * @brief Collects the innermost description of HDF5's error stack (H5Ewalk2 callback).
 * @param n the position on the stack
 * @param error the error
 * @param data a std::string receiving the description
 * @return 0 to go on walking
 */
herr_t
CollectHdf5Error(unsigned n, const H5E_error2_t* error, void* data)
{
    auto& text = *static_cast<std::string*>(data);
    if (error->desc != nullptr && error->desc[0] != '\0')
    {
        text = error->desc;
    }
    return 0;
}

/// @return the innermost description on HDF5's error stack, which is then cleared
std::string
Hdf5ErrorText()
{
    std::string text;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, CollectHdf5Error, &text);
    H5Eclear2(H5E_DEFAULT);
    for (auto& c : text)
    {
        if (c == '\n' || c == '\r')
        {
            c = ' ';
        }
    }
    return text.empty() ? "unknown HDF5 error" : text;
}

/// The HDF5 output: one extendible, chunked, compressed dataset per table.
class Hdf5Writer : public TraceSink::Writer
{
  public:
    /**
     * @param path the file
     * @param metadata the root attributes
     * @param flushRows rows buffered per table
     * @param chunkRows rows per chunk
     * @param compression deflate level (0: no filters)
     */
    Hdf5Writer(const std::string& path,
               const std::vector<MetadataItem>& metadata,
               uint32_t flushRows,
               uint32_t chunkRows,
               uint32_t compression)
        : Writer(path, flushRows)
    {
        QuietHdf5Errors quiet;
        CreateParentFolders(path);
        m_file = Hdf5Id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
        Check(m_file.Get(), "cannot create the HDF5 file");
        for (const auto& item : metadata)
        {
            WriteAttribute(item);
        }
        Hdf5Id creation(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
        Check(creation.Get(), "cannot create a dataset property list");
        const hsize_t chunk = chunkRows;
        Check(H5Pset_chunk(creation.Get(), 1, &chunk), "cannot set the chunk size");
        if (compression > 0)
        {
            Check(H5Pset_shuffle(creation.Get()), "cannot set the shuffle filter");
            Check(H5Pset_deflate(creation.Get(), compression), "cannot set the deflate filter");
        }
        const hsize_t empty = 0;
        const hsize_t unlimited = H5S_UNLIMITED;
        for (std::size_t t = 0; t < TraceSink::TABLE_COUNT; ++t)
        {
            const auto& schema = GetSchema(static_cast<TraceSink::Table>(t));
            auto& table = m_tables[t];
            table.memoryType = MakeType(schema, true);
            const auto fileType = MakeType(schema, false);
            Hdf5Id space(H5Screate_simple(1, &empty, &unlimited), H5Sclose);
            Check(space.Get(), "cannot create a dataspace");
            table.dataset = Hdf5Id(H5Dcreate2(m_file.Get(),
                                              schema.name.c_str(),
                                              fileType.Get(),
                                              space.Get(),
                                              H5P_DEFAULT,
                                              creation.Get(),
                                              H5P_DEFAULT),
                                   H5Dclose);
            Check(table.dataset.Get(), "cannot create the dataset " + schema.name);
        }
        FlushFiles();
    }

    ~Hdf5Writer() override
    {
        // After an error: close what is open, datasets before the file.
        QuietHdf5Errors quiet;
        for (auto& table : m_tables)
        {
            table.dataset.Release();
            table.memoryType.Release();
        }
        m_file.Release();
    }

  protected:
    void WriteRows(TraceSink::Table t, const char* rows, std::size_t count) override
    {
        QuietHdf5Errors quiet;
        auto& table = m_tables[t];
        const auto& name = GetSchema(t).name;
        const hsize_t start = table.rows;
        const hsize_t n = count;
        const hsize_t size = start + n;
        Check(H5Dset_extent(table.dataset.Get(), &size), "cannot extend the dataset " + name);
        Hdf5Id fileSpace(H5Dget_space(table.dataset.Get()), H5Sclose);
        Check(fileSpace.Get(), "cannot get the dataspace of " + name);
        Check(H5Sselect_hyperslab(fileSpace.Get(), H5S_SELECT_SET, &start, nullptr, &n, nullptr),
              "cannot select rows of " + name);
        Hdf5Id memorySpace(H5Screate_simple(1, &n, nullptr), H5Sclose);
        Check(memorySpace.Get(), "cannot create a dataspace");
        Check(H5Dwrite(table.dataset.Get(),
                       table.memoryType.Get(),
                       memorySpace.Get(),
                       fileSpace.Get(),
                       H5P_DEFAULT,
                       rows),
              "cannot write " + std::to_string(count) + " rows to " + name);
        table.rows = size;
    }

    void FlushFiles() override
    {
        QuietHdf5Errors quiet;
        Check(H5Fflush(m_file.Get(), H5F_SCOPE_LOCAL), "cannot flush the file");
    }

    void CloseFiles() override
    {
        QuietHdf5Errors quiet;
        bool ok = true;
        for (auto& table : m_tables)
        {
            ok = table.dataset.Release() >= 0 && ok;
            table.memoryType.Release();
        }
        ok = m_file.Release() >= 0 && ok;
        if (!ok)
        {
            throw std::runtime_error(m_path + ": cannot close the HDF5 file (" + Hdf5ErrorText() +
                                     ")");
        }
    }

  private:
    /// A table's dataset.
    struct Dataset
    {
        Hdf5Id dataset;    //!< the dataset
        Hdf5Id memoryType; //!< the compound type of the packed rows in memory
        hsize_t rows{0};   //!< rows in the dataset
    };

    /**
     * @brief Throw on a failed HDF5 call.
     * @param status the call's result (negative for a failure)
     * @param what what failed
     * @throws std::runtime_error "PATH: WHAT (HDF5's reason)"
     */
    void Check(int64_t status, const std::string& what) const
    {
        if (status < 0)
        {
            throw std::runtime_error(m_path + ": " + what + " (" + Hdf5ErrorText() + ")");
        }
    }

    /**
     * @param schema a table's schema
     * @param native whether the type describes the packed rows in memory (else in the file,
     *        little-endian)
     * @return the compound type of its rows
     */
    Hdf5Id MakeType(const Schema& schema, bool native) const
    {
        Hdf5Id type(H5Tcreate(H5T_COMPOUND, schema.rowBytes), H5Tclose);
        Check(type.Get(), "cannot create the type of " + schema.name);
        for (const auto& column : schema.columns)
        {
            Hdf5Id string;
            hid_t member = H5I_INVALID_HID;
            switch (column.type)
            {
            case FieldType::FLOAT64:
                member = native ? H5T_NATIVE_DOUBLE : H5T_IEEE_F64LE;
                break;
            case FieldType::UINT32:
                member = native ? H5T_NATIVE_UINT32 : H5T_STD_U32LE;
                break;
            case FieldType::INT64:
                member = native ? H5T_NATIVE_INT64 : H5T_STD_I64LE;
                break;
            case FieldType::UINT64:
                member = native ? H5T_NATIVE_UINT64 : H5T_STD_U64LE;
                break;
            case FieldType::BOOL:
                member = native ? H5T_NATIVE_UINT8 : H5T_STD_U8LE;
                break;
            case FieldType::STRING:
                string = Hdf5Id(H5Tcopy(H5T_C_S1), H5Tclose);
                Check(string.Get(), "cannot create a string type");
                Check(H5Tset_size(string.Get(), column.width), "cannot set a string width");
                Check(H5Tset_strpad(string.Get(), H5T_STR_NULLPAD), "cannot set string padding");
                member = string.Get();
                break;
            }
            Check(H5Tinsert(type.Get(), column.name.c_str(), column.offset, member),
                  "cannot add the field " + column.name + " to the type of " + schema.name);
        }
        return type;
    }

    /**
     * @brief Write a scalar attribute at the root: a variable-length UTF-8 string or a number.
     * @param item the attribute
     */
    void WriteAttribute(const MetadataItem& item)
    {
        Hdf5Id space(H5Screate(H5S_SCALAR), H5Sclose);
        Check(space.Get(), "cannot create a dataspace");
        Hdf5Id stringType;
        hid_t fileType = H5T_STD_U64LE;
        hid_t memoryType = H5T_NATIVE_UINT64;
        const char* text = item.text.c_str();
        const void* value = &item.number;
        const uint32_t number32 = static_cast<uint32_t>(item.number);
        if (item.type == FieldType::STRING)
        {
            stringType = Hdf5Id(H5Tcopy(H5T_C_S1), H5Tclose);
            Check(stringType.Get(), "cannot create a string type");
            Check(H5Tset_size(stringType.Get(), H5T_VARIABLE), "cannot create a string type");
            Check(H5Tset_cset(stringType.Get(), H5T_CSET_UTF8), "cannot create a string type");
            fileType = memoryType = stringType.Get();
            value = &text;
        }
        else if (item.type == FieldType::UINT32)
        {
            fileType = H5T_STD_U32LE;
            memoryType = H5T_NATIVE_UINT32;
            value = &number32;
        }
        const auto what = "cannot write the attribute " + item.name;
        Hdf5Id attribute(H5Acreate2(m_file.Get(),
                                    item.name.c_str(),
                                    fileType,
                                    space.Get(),
                                    H5P_DEFAULT,
                                    H5P_DEFAULT),
                         H5Aclose);
        Check(attribute.Get(), what);
        Check(H5Awrite(attribute.Get(), memoryType, value), what);
    }

    Hdf5Id m_file;                                        //!< the file
    std::array<Dataset, TraceSink::TABLE_COUNT> m_tables; //!< the datasets
};

/**
 * @param text a string
 * @return the string as a CSV field: quoted (with doubled quotes) when it holds a comma, a
 *         quote or a line end
 */
std::string
CsvField(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos)
    {
        return text;
    }
    std::string quoted = "\"";
    for (const char c : text)
    {
        quoted += c;
        if (c == '"')
        {
            quoted += '"';
        }
    }
    return quoted + '"';
}

/**
 * @param value a double
 * @return its shortest exact text; "nan" for every NaN
 */
std::string
CsvNumber(double value)
{
    return std::isnan(value) ? "nan" : ShortestText(value);
}

/// The CSV output: a folder with one file per table and metadata.json.
class CsvWriter : public TraceSink::Writer
{
  public:
    /**
     * @param path the folder
     * @param metadata the entries of metadata.json
     * @param flushRows rows buffered per table
     */
    CsvWriter(const std::string& path,
              const std::vector<MetadataItem>& metadata,
              uint32_t flushRows)
        : Writer(path, flushRows)
    {
        std::error_code error;
        std::filesystem::create_directories(path, error);
        if (error)
        {
            throw std::runtime_error(path + ": cannot create the folder (" + error.message() + ")");
        }
        nlohmann::ordered_json json = nlohmann::ordered_json::object();
        for (const auto& item : metadata)
        {
            if (item.type == FieldType::STRING)
            {
                json[item.name] = item.text;
            }
            else
            {
                json[item.name] = item.number;
            }
        }
        std::ofstream metadataFile;
        Open(metadataFile, "metadata.json");
        metadataFile << json.dump(2) << '\n';
        metadataFile.close();
        Check(metadataFile, "metadata.json", "cannot write");
        for (std::size_t t = 0; t < TraceSink::TABLE_COUNT; ++t)
        {
            const auto& schema = GetSchema(static_cast<TraceSink::Table>(t));
            auto& file = m_files[t];
            Open(file, schema.name + ".csv");
            for (std::size_t i = 0; i < schema.columns.size(); ++i)
            {
                file << (i > 0 ? "," : "") << schema.columns[i].name;
            }
            file << '\n';
            file.flush();
            Check(file, schema.name + ".csv", "cannot write");
        }
    }

  protected:
    void WriteRows(TraceSink::Table t, const char* rows, std::size_t count) override
    {
        const auto& schema = GetSchema(t);
        std::string text;
        for (std::size_t r = 0; r < count; ++r)
        {
            const char* row = rows + r * schema.rowBytes;
            for (std::size_t i = 0; i < schema.columns.size(); ++i)
            {
                const auto& column = schema.columns[i];
                const char* p = row + column.offset;
                if (i > 0)
                {
                    text += ',';
                }
                switch (column.type)
                {
                case FieldType::FLOAT64:
                    text += CsvNumber(Load<double>(p));
                    break;
                case FieldType::UINT32:
                    text += std::to_string(Load<uint32_t>(p));
                    break;
                case FieldType::INT64:
                    text += std::to_string(Load<int64_t>(p));
                    break;
                case FieldType::UINT64:
                    text += std::to_string(Load<uint64_t>(p));
                    break;
                case FieldType::BOOL:
                    text += *p != 0 ? '1' : '0';
                    break;
                case FieldType::STRING:
                    text += CsvField(std::string(p, strnlen(p, column.width)));
                    break;
                }
            }
            text += '\n';
        }
        m_files[t].write(text.data(), static_cast<std::streamsize>(text.size()));
        Check(m_files[t], schema.name + ".csv", "cannot write");
    }

    void FlushFiles() override
    {
        for (std::size_t t = 0; t < TraceSink::TABLE_COUNT; ++t)
        {
            m_files[t].flush();
            Check(m_files[t],
                  GetSchema(static_cast<TraceSink::Table>(t)).name + ".csv",
                  "cannot write");
        }
    }

    void CloseFiles() override
    {
        std::string failed;
        for (std::size_t t = 0; t < TraceSink::TABLE_COUNT; ++t)
        {
            m_files[t].close();
            if (!m_files[t] && failed.empty())
            {
                failed = GetSchema(static_cast<TraceSink::Table>(t)).name + ".csv";
            }
        }
        if (!failed.empty())
        {
            throw std::runtime_error(m_path + "/" + failed + ": cannot close");
        }
    }

  private:
    /**
     * @brief Create a file of the folder.
     * @param file the stream to open
     * @param name the file's name
     * @throws std::runtime_error naming the file when it cannot be created
     */
    void Open(std::ofstream& file, const std::string& name) const
    {
        errno = 0;
        file.open(m_path + "/" + name, std::ios::binary | std::ios::trunc);
        if (!file)
        {
            throw std::runtime_error(
                m_path + "/" + name + ": cannot create the file" +
                (errno != 0 ? std::string(" (") + std::strerror(errno) + ")" : std::string()));
        }
    }

    /**
     * @brief Throw when a stream failed.
     * @param file the stream
     * @param name its file's name
     * @param what what failed
     */
    void Check(const std::ofstream& file, const std::string& name, const std::string& what) const
    {
        if (!file)
        {
            throw std::runtime_error(m_path + "/" + name + ": " + what);
        }
    }

    std::array<std::ofstream, TraceSink::TABLE_COUNT> m_files; //!< the tables' files
};

} // namespace

TypeId
TraceSink::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::TraceSink")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<TraceSink>()
            .AddAttribute("Format",
                          "Output format: \"hdf5\" (one file) or \"csv\" (a folder of files).",
                          StringValue("hdf5"),
                          MakeStringAccessor(&TraceSink::m_format),
                          MakeStringChecker())
            .AddAttribute("ChunkRows",
                          "HDF5 chunk size, in rows (1 .. 2^20).",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&TraceSink::m_chunkRows),
                          MakeUintegerChecker<uint32_t>(1, 1U << 20))
            .AddAttribute("Compression",
                          "HDF5 deflate level, 0 (no compression) .. 9; with the shuffle filter "
                          "when above 0.",
                          UintegerValue(4),
                          MakeUintegerAccessor(&TraceSink::m_compression),
                          MakeUintegerChecker<uint32_t>(0, 9))
            .AddAttribute("FlushRows",
                          "Rows buffered per table before they are written, in rows (>= 1).",
                          UintegerValue(4096),
                          MakeUintegerAccessor(&TraceSink::m_flushRows),
                          MakeUintegerChecker<uint32_t>(1));
    return tid;
}

TraceSink::TraceSink()
    : m_chunkRows(1024),
      m_compression(4),
      m_flushRows(4096),
      m_rows{}
{
    NS_LOG_FUNCTION(this);
}

TraceSink::~TraceSink()
{
    NS_LOG_FUNCTION(this);
    try
    {
        Close();
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin: TraceSink: " << e.what() << std::endl;
    }
}

void
TraceSink::DoDispose()
{
    NS_LOG_FUNCTION(this);
    try
    {
        Close();
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin: TraceSink: " << e.what() << std::endl;
    }
    Object::DoDispose();
}

void
TraceSink::Open(const std::string& path, const TraceMetadata& metadata)
{
    NS_LOG_FUNCTION(this << path);
    if (m_writer)
    {
        throw std::runtime_error(path + ": the trace sink is already open on " + m_path);
    }
    if (m_format != "hdf5" && m_format != "csv")
    {
        throw std::invalid_argument("TraceSink: unknown Format '" + m_format +
                                    "' (known: hdf5, csv)");
    }
    if (m_chunkRows == 0 || m_compression > 9 || m_flushRows == 0)
    {
        throw std::invalid_argument("TraceSink: ChunkRows and FlushRows must be at least 1, "
                                    "Compression at most 9");
    }
    if (path.empty())
    {
        throw std::invalid_argument("TraceSink: empty output path");
    }
    std::vector<MetadataItem> items{
        {"scenario_name", FieldType::STRING, metadata.scenarioName},
        {"scenario", FieldType::STRING, metadata.scenarioText},
        {"seed", FieldType::UINT32, "", metadata.seed},
        {"run", FieldType::UINT64, "", metadata.run},
        {"format_version", FieldType::UINT32, "", FORMAT_VERSION},
    };
    for (const auto& [software, version] : metadata.versions)
    {
        items.push_back({VersionAttributeName(software), FieldType::STRING, version});
    }
    if (m_format == "hdf5")
    {
        items.push_back({"hdf5_version", FieldType::STRING, Hdf5Version()});
    }
    for (const auto& [name, text] : metadata.extra)
    {
        if (name.empty() || name == "." || name.find('\0') != std::string::npos)
        {
            throw std::invalid_argument("TraceSink: bad metadata name '" + name + "'");
        }
        items.push_back({name, FieldType::STRING, text});
    }
    for (std::size_t i = 0; i < items.size(); ++i)
    {
        for (std::size_t j = 0; j < i; ++j)
        {
            if (items[i].name == items[j].name)
            {
                throw std::invalid_argument("TraceSink: the metadata name '" + items[i].name +
                                            "' is given twice");
            }
        }
    }
    if (m_format == "hdf5")
    {
        m_writer =
            std::make_unique<Hdf5Writer>(path, items, m_flushRows, m_chunkRows, m_compression);
    }
    else
    {
        m_writer = std::make_unique<CsvWriter>(path, items, m_flushRows);
    }
    m_path = path;
    m_rows.fill(0);
}

bool
TraceSink::IsOpen() const
{
    return m_writer != nullptr;
}

std::string
TraceSink::GetPath() const
{
    return m_path;
}

void
TraceSink::CheckOpen() const
{
    if (!m_writer)
    {
        throw std::runtime_error("TraceSink: a record was written to a sink that is not open" +
                                 (m_path.empty() ? std::string() : " (closed: " + m_path + ")"));
    }
}

void
TraceSink::Count(Table table)
{
    ++m_rows[table];
    m_writer->Append(table);
}

void
TraceSink::Write(const RequestRecord& record)
{
    NS_LOG_FUNCTION(this);
    CheckOpen();
    Pack(record, m_writer->Row(REQUESTS));
    Count(REQUESTS);
}

void
TraceSink::Write(const NodeStateRecord& record)
{
    NS_LOG_FUNCTION(this);
    CheckOpen();
    Pack(record, m_writer->Row(NODE_STATES));
    Count(NODE_STATES);
}

void
TraceSink::Write(const HandoverRecord& record)
{
    NS_LOG_FUNCTION(this);
    CheckOpen();
    Pack(record, m_writer->Row(HANDOVERS));
    Count(HANDOVERS);
}

void
TraceSink::Write(const OutageRecord& record)
{
    NS_LOG_FUNCTION(this);
    CheckOpen();
    Pack(record, m_writer->Row(OUTAGES));
    Count(OUTAGES);
}

void
TraceSink::Write(const DepletionRecord& record)
{
    NS_LOG_FUNCTION(this);
    CheckOpen();
    Pack(record, m_writer->Row(DEPLETIONS));
    Count(DEPLETIONS);
}

void
TraceSink::Flush()
{
    NS_LOG_FUNCTION(this);
    if (m_writer)
    {
        m_writer->Flush();
    }
}

void
TraceSink::Close()
{
    NS_LOG_FUNCTION(this);
    if (!m_writer)
    {
        return;
    }
    // Closed whatever happens: the writer's destructor releases what Close() could not.
    const auto writer = std::move(m_writer);
    writer->Close();
}

uint64_t
TraceSink::GetRowCount(Table table) const
{
    GetSchema(table); // checks the table
    return m_rows[table];
}

std::string
TraceSink::GetTableName(Table table)
{
    return GetSchema(table).name;
}

std::vector<std::string>
TraceSink::GetFieldNames(Table table)
{
    std::vector<std::string> names;
    for (const auto& column : GetSchema(table).columns)
    {
        names.push_back(column.name);
    }
    return names;
}

std::size_t
TraceSink::GetStringWidth(Table table, const std::string& field)
{
    const auto& schema = GetSchema(table);
    for (const auto& column : schema.columns)
    {
        if (column.name == field && column.type == FieldType::STRING)
        {
            return column.width;
        }
    }
    throw std::invalid_argument("TraceSink: the table " + schema.name + " has no string field '" +
                                field + "'");
}

} // namespace sagin
} // namespace ns3
