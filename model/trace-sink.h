// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_TRACE_SINK_H
#define SAGIN_TRACE_SINK_H

#include "cvl-records.h"

#include "ns3/object.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief What a trace file says about the run that wrote it.
 */
struct TraceMetadata
{
    std::string scenarioName; //!< the scenario's name
    std::string scenarioText; //!< the scenario's full text (JSON)
    uint32_t seed{1};         //!< ns-3 RngSeedManager seed
    uint64_t run{1};          //!< ns-3 RngSeedManager run number
    /// (software, version), e.g. {"sagin", "0.1.0"}, {"ns-3", "3.37"}; stored as the attribute
    /// SOFTWARE_version, where SOFTWARE keeps only the letters (lower case), digits and '_'
    std::vector<std::pair<std::string, std::string>> versions;
    /// further (name, text) pairs, stored under their own names
    std::vector<std::pair<std::string, std::string>> extra;
};

/**
 * @ingroup sagin
 * @brief Writes the records of the cross-view localization job (requests, node states,
 *        handovers, outages, depletions) as tables in an HDF5 file or in CSV files.
 *
 * HDF5 (Format "hdf5"): Open(path) creates the file (and its parent folders). Each record kind
 * is a dataset at the root (requests, node_states, handovers, outages, depletions): a
 * one-dimensional table of a compound type whose fields are the record's members in snake case
 * (tRequestS → t_request_s), float64, uint32, int64, uint64, uint8 (bools) and fixed-length,
 * null-padded byte strings; extendible (unlimited maximum size), chunked by ChunkRows rows and
 * compressed with the shuffle and deflate filters (Compression > 0). Every table exists from
 * Open() on, also when it stays empty. The root's attributes hold the metadata: scenario,
 * scenario_name, seed, run, SOFTWARE_version for each version (hdf5_version is added),
 * format_version and the extra pairs. `pandas.DataFrame(h5py.File(path)["requests"][:])` reads
 * a table.
 *
 * CSV (Format "csv"): Open(path) creates the folder @p path with one file per table
 * (requests.csv, ...) and metadata.json (the same names and values as the HDF5 attributes). Each
 * file starts with a header line of the field names; numbers are written in the shortest form
 * that reads back as the same double, NaN as `nan`, and strings are quoted only when they hold a
 * comma, a quote or a line end.
 *
 * Rows are buffered, FlushRows per table, then written; Flush() writes them all. Close() writes
 * what is left and closes the files; it is also called by Dispose() and by the destructor, so
 * that the rows already given to Write() are kept when the program ends early (an exception
 * that unwinds the sink's last Ptr).
 *
 * A string longer than its field's width (GetStringWidth()) or holding a NUL character is refused
 * in both formats, so that a run that works with one format works with the other.
 */
class TraceSink : public Object
{
  public:
    /// The tables, one per record kind.
    enum Table
    {
        REQUESTS,    //!< RequestRecord
        NODE_STATES, //!< NodeStateRecord
        HANDOVERS,   //!< HandoverRecord
        OUTAGES,     //!< OutageRecord
        DEPLETIONS,  //!< DepletionRecord
    };

    /// The number of tables.
    static constexpr std::size_t TABLE_COUNT = 5;

    /// The layout version written as the format_version attribute.
    static constexpr uint32_t FORMAT_VERSION = 1;

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    TraceSink();
    /// Closes the sink (see Close()); an error is reported on stderr, not thrown.
    ~TraceSink() override;

    /**
     * @brief Create the output and its empty tables.
     * @param path the HDF5 file (Format "hdf5"), or the folder of the CSV files (Format "csv");
     *        missing parent folders are created, an existing file is replaced
     * @param metadata the run's description
     * @throws std::invalid_argument when Format is unknown, an attribute is out of range or the
     *         metadata names clash; std::runtime_error naming the path when the output cannot be
     *         created, or when the sink is already open
     */
    void Open(const std::string& path, const TraceMetadata& metadata);

    /// @return whether Open() succeeded and Close() has not been called since
    bool IsOpen() const;

    /// @return the path given to the last Open()
    std::string GetPath() const;

    /**
     * @brief Add a row to the requests table.
     * @param record the row
     * @throws std::runtime_error when the sink is not open or the rows cannot be written;
     *         std::invalid_argument naming the field when a string does not fit
     */
    void Write(const RequestRecord& record);
    /// @copydoc Write(const RequestRecord&)
    void Write(const NodeStateRecord& record);
    /// @copydoc Write(const RequestRecord&)
    void Write(const HandoverRecord& record);
    /// @copydoc Write(const RequestRecord&)
    void Write(const OutageRecord& record);
    /// @copydoc Write(const RequestRecord&)
    void Write(const DepletionRecord& record);

    /**
     * @brief Write every buffered row and flush the files to the operating system.
     * @throws std::runtime_error naming the path when writing fails
     */
    void Flush();

    /**
     * @brief Write every buffered row and close the output; does nothing when not open.
     * @throws std::runtime_error naming the path when writing or closing fails (the sink is
     *         closed nevertheless)
     */
    void Close();

    /**
     * @param table a table
     * @return the rows given to Write() for it since Open(), buffered ones included
     */
    uint64_t GetRowCount(Table table) const;

    /**
     * @param table a table
     * @return its name: the HDF5 dataset, and the CSV file without ".csv"
     */
    static std::string GetTableName(Table table);

    /**
     * @param table a table
     * @return its field names, in order
     */
    static std::vector<std::string> GetFieldNames(Table table);

    /**
     * @param table a table
     * @param field one of its string fields (e.g. "status")
     * @return the field's width in bytes: the longest string it holds
     * @throws std::invalid_argument when the table has no such string field
     */
    static std::size_t GetStringWidth(Table table, const std::string& field);

    /// The open output (HDF5 file or CSV folder); defined in trace-sink.cc.
    class Writer;

  protected:
    void DoDispose() override;

  private:
    /**
     * @brief Check that the sink is open.
     * @throws std::runtime_error when it is not
     */
    void CheckOpen() const;

    /**
     * @brief Count the row packed for a table and hand it to the writer.
     * @param table the table
     */
    void Count(Table table);

    std::string m_format;                     //!< "hdf5" or "csv"
    uint32_t m_chunkRows;                     //!< HDF5 chunk size, in rows
    uint32_t m_compression;                   //!< deflate level, 0 (none) .. 9
    uint32_t m_flushRows;                     //!< rows buffered per table before they are written
    std::string m_path;                       //!< the output
    std::unique_ptr<Writer> m_writer;         //!< the open output, or null
    std::array<uint64_t, TABLE_COUNT> m_rows; //!< rows given per table
};

} // namespace sagin
} // namespace ns3

#endif /* SAGIN_TRACE_SINK_H */
