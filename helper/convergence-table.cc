// SPDX-License-Identifier: GPL-2.0-only

#include "convergence-table.h"

#include "convergence-plot.h"
#include "program-options.h"

#include "ns3/log.h"

#include <cmath>
#include <fstream>
#include <hdf5.h>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginConvergenceTable");

namespace
{

/// z value of a two-sided 95 % normal interval.
constexpr double Z_95 = 1.96;

/// An HDF5 identifier closed when it goes out of scope.
class Hdf5Handle
{
  public:
    /**
     * @param id the identifier (negative: a failure, reported by the caller)
     * @param close its close function
     */
    Hdf5Handle(hid_t id, herr_t (*close)(hid_t))
        : m_id(id),
          m_close(close)
    {
    }

    ~Hdf5Handle()
    {
        if (m_id >= 0)
        {
            m_close(m_id);
        }
    }

    Hdf5Handle(const Hdf5Handle&) = delete;
    Hdf5Handle& operator=(const Hdf5Handle&) = delete;

    /// @return the identifier
    hid_t Get() const
    {
        return m_id;
    }

  private:
    hid_t m_id;               //!< the identifier
    herr_t (*m_close)(hid_t); //!< its close function
};

/**
 * @param status an HDF5 return value
 * @param path the file
 * @param what what was done
 * @throws std::runtime_error when it is negative
 */
void
Check(int64_t status, const std::string& path, const std::string& what)
{
    if (status < 0)
    {
        throw std::runtime_error("cannot write '" + path + "': HDF5 failed to " + what);
    }
}

/**
 * @brief Attach the table's attributes to a dataset.
 * @param dataset the dataset
 * @param path the file, for messages
 * @param environment the env attribute
 * @param seeds the seeds attribute
 * @param steps the steps attribute
 * @param optimum the optimum attribute, one per seed
 */
void
WriteAttributes(hid_t dataset,
                const std::string& path,
                const std::string& environment,
                uint64_t seeds,
                uint64_t steps,
                const std::vector<double>& optimum)
{
    Hdf5Handle text(H5Tcopy(H5T_C_S1), H5Tclose);
    Check(text.Get(), path, "copy a string type");
    Check(H5Tset_size(text.Get(), std::max<size_t>(1, environment.size())), path, "size a string");
    Hdf5Handle scalar(H5Screate(H5S_SCALAR), H5Sclose);
    Check(scalar.Get(), path, "create a scalar space");
    {
        Hdf5Handle attribute(
            H5Acreate2(dataset, "env", text.Get(), scalar.Get(), H5P_DEFAULT, H5P_DEFAULT),
            H5Aclose);
        Check(attribute.Get(), path, "create the attribute env");
        std::string value = environment;
        value.resize(std::max<size_t>(1, environment.size()), '\0');
        Check(H5Awrite(attribute.Get(), text.Get(), value.data()), path, "write env");
    }
    for (const auto& [name, value] :
         {std::make_pair("seeds", seeds), std::make_pair("steps", steps)})
    {
        Hdf5Handle attribute(
            H5Acreate2(dataset, name, H5T_STD_U64LE, scalar.Get(), H5P_DEFAULT, H5P_DEFAULT),
            H5Aclose);
        Check(attribute.Get(), path, std::string("create the attribute ") + name);
        Check(H5Awrite(attribute.Get(), H5T_NATIVE_UINT64, &value),
              path,
              std::string("write ") + name);
    }
    const hsize_t n = optimum.size();
    Hdf5Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
    Check(space.Get(), path, "create the optimum's space");
    Hdf5Handle attribute(
        H5Acreate2(dataset, "optimum", H5T_IEEE_F64LE, space.Get(), H5P_DEFAULT, H5P_DEFAULT),
        H5Aclose);
    Check(attribute.Get(), path, "create the attribute optimum");
    Check(H5Awrite(attribute.Get(), H5T_NATIVE_DOUBLE, optimum.data()), path, "write optimum");
}

/**
 * @param path a file
 * @return a stream writing it
 * @throws std::runtime_error naming it when it cannot be opened
 */
std::ofstream
OpenText(const std::string& path)
{
    std::ofstream out(path, std::ios::trunc);
    if (!out)
    {
        throw std::runtime_error("cannot write '" + path + "'");
    }
    return out;
}

/**
 * @param out a stream written to
 * @param path its file
 * @throws std::runtime_error naming it when writing failed
 */
void
CloseText(std::ofstream& out, const std::string& path)
{
    out.close();
    if (!out)
    {
        throw std::runtime_error("cannot write '" + path + "' (disk full?)");
    }
}

} // namespace

ConvergenceTable::ConvergenceTable(const std::string& environment, uint32_t seeds, uint32_t steps)
    : m_environment(environment),
      m_seeds(seeds),
      m_steps(steps),
      m_optimum(seeds, std::numeric_limits<double>::quiet_NaN())
{
    NS_LOG_FUNCTION(this << environment << seeds << steps);
    if (seeds == 0 || steps == 0)
    {
        throw std::invalid_argument("ConvergenceTable: needs at least one seed and one step, not " +
                                    std::to_string(seeds) + " and " + std::to_string(steps));
    }
}

void
ConvergenceTable::AddAlgorithm(const std::string& algorithm)
{
    if (algorithm.empty() || m_values.count(algorithm) > 0)
    {
        throw std::invalid_argument("ConvergenceTable: algorithm '" + algorithm +
                                    "' is empty or already there");
    }
    const size_t n = static_cast<size_t>(m_seeds) * m_steps;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    m_values[algorithm] = Values{std::vector<double>(n, nan), std::vector<double>(n, nan)};
    m_order.push_back(algorithm);
}

size_t
ConvergenceTable::Index(uint32_t seed, uint32_t step) const
{
    if (seed >= m_seeds || step >= m_steps)
    {
        throw std::out_of_range("ConvergenceTable: seed " + std::to_string(seed) + ", step " +
                                std::to_string(step) + " out of " + std::to_string(m_seeds) +
                                " × " + std::to_string(m_steps));
    }
    return static_cast<size_t>(seed) * m_steps + step;
}

const ConvergenceTable::Values&
ConvergenceTable::Find(const std::string& algorithm) const
{
    auto it = m_values.find(algorithm);
    if (it == m_values.end())
    {
        throw std::out_of_range("ConvergenceTable: no algorithm '" + algorithm + "'");
    }
    return it->second;
}

void
ConvergenceTable::Set(const std::string& algorithm,
                      uint32_t seed,
                      uint32_t step,
                      double effect,
                      double greedyEffect)
{
    const size_t index = Index(seed, step);
    auto& values = const_cast<Values&>(Find(algorithm));
    values.effect[index] = effect;
    values.greedy[index] = greedyEffect;
}

void
ConvergenceTable::SetOptimum(uint32_t seed, double optimum)
{
    m_optimum.at(seed) = optimum;
}

std::string
ConvergenceTable::GetEnvironment() const
{
    return m_environment;
}

uint32_t
ConvergenceTable::GetNSeeds() const
{
    return m_seeds;
}

uint32_t
ConvergenceTable::GetNSteps() const
{
    return m_steps;
}

std::vector<std::string>
ConvergenceTable::GetAlgorithms() const
{
    return m_order;
}

double
ConvergenceTable::GetEffect(const std::string& algorithm, uint32_t seed, uint32_t step) const
{
    return Find(algorithm).effect[Index(seed, step)];
}

double
ConvergenceTable::GetGreedyEffect(const std::string& algorithm, uint32_t seed, uint32_t step) const
{
    return Find(algorithm).greedy[Index(seed, step)];
}

double
ConvergenceTable::GetOptimum(uint32_t seed) const
{
    return m_optimum.at(seed);
}

double
ConvergenceTable::GetFinalEffect(const std::string& algorithm, uint32_t seed) const
{
    return GetGreedyEffect(algorithm, seed, m_steps - 1);
}

int64_t
ConvergenceTable::GetStepsToOptimum(const std::string& algorithm,
                                    uint32_t seed,
                                    double tolerance) const
{
    const Values& values = Find(algorithm);
    const double optimum = GetOptimum(seed);
    int64_t from = -1;
    for (int64_t step = m_steps - 1; step >= 0; --step)
    {
        // NaN compares false: it breaks the run like a value away from the optimum.
        if (!(std::abs(values.greedy[Index(seed, static_cast<uint32_t>(step))] - optimum) <=
              tolerance))
        {
            break;
        }
        from = step;
    }
    return from;
}

void
ConvergenceTable::GetGreedyBand(const std::string& algorithm,
                                std::vector<double>& mean,
                                std::vector<double>& lower,
                                std::vector<double>& upper) const
{
    const Values& values = Find(algorithm);
    mean.assign(m_steps, 0);
    lower.assign(m_steps, 0);
    upper.assign(m_steps, 0);
    for (uint32_t step = 0; step < m_steps; ++step)
    {
        double sum = 0;
        for (uint32_t seed = 0; seed < m_seeds; ++seed)
        {
            sum += values.greedy[Index(seed, step)];
        }
        const double m = sum / m_seeds;
        double squares = 0;
        for (uint32_t seed = 0; seed < m_seeds; ++seed)
        {
            const double d = values.greedy[Index(seed, step)] - m;
            squares += d * d;
        }
        const double sd = m_seeds > 1 ? std::sqrt(squares / (m_seeds - 1)) : 0.0;
        const double half = Z_95 * sd / std::sqrt(static_cast<double>(m_seeds));
        mean[step] = m;
        lower[step] = m - half;
        upper[step] = m + half;
    }
}

void
ConvergenceTable::WriteHdf5(const std::string& path) const
{
    NS_LOG_FUNCTION(this << path);
    // HDF5 would print its error stack: the exception says it in one line instead.
    H5E_auto2_t printer = nullptr;
    void* printerData = nullptr;
    H5Eget_auto2(H5E_DEFAULT, &printer, &printerData);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    try
    {
        Hdf5Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
        Check(file.Get(), path, "create the file");
        Hdf5Handle group(
            H5Gcreate2(file.Get(), "greedy_effect", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
            H5Gclose);
        Check(group.Get(), path, "create the group greedy_effect");
        const hsize_t dims[2] = {m_seeds, m_steps};
        Hdf5Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose);
        Check(space.Get(), path, "create a dataspace");
        for (const auto& algorithm : m_order)
        {
            const Values& values = Find(algorithm);
            for (const auto& [where, data] : {std::make_pair(file.Get(), &values.effect),
                                              std::make_pair(group.Get(), &values.greedy)})
            {
                Hdf5Handle dataset(H5Dcreate2(where,
                                              algorithm.c_str(),
                                              H5T_IEEE_F64LE,
                                              space.Get(),
                                              H5P_DEFAULT,
                                              H5P_DEFAULT,
                                              H5P_DEFAULT),
                                   H5Dclose);
                Check(dataset.Get(), path, "create the dataset " + algorithm);
                Check(H5Dwrite(dataset.Get(),
                               H5T_NATIVE_DOUBLE,
                               H5S_ALL,
                               H5S_ALL,
                               H5P_DEFAULT,
                               data->data()),
                      path,
                      "write the dataset " + algorithm);
                WriteAttributes(dataset.Get(), path, m_environment, m_seeds, m_steps, m_optimum);
            }
        }
    }
    catch (...)
    {
        H5Eclear2(H5E_DEFAULT);
        H5Eset_auto2(H5E_DEFAULT, printer, printerData);
        throw;
    }
    H5Eset_auto2(H5E_DEFAULT, printer, printerData);
}

void
ConvergenceTable::WriteCsv(const std::string& path) const
{
    NS_LOG_FUNCTION(this << path);
    std::ofstream out = OpenText(path);
    out << "algorithm,seed,step,effect,greedy_effect\n";
    for (const auto& algorithm : m_order)
    {
        const Values& values = Find(algorithm);
        for (uint32_t seed = 0; seed < m_seeds; ++seed)
        {
            for (uint32_t step = 0; step < m_steps; ++step)
            {
                const size_t index = Index(seed, step);
                out << algorithm << ',' << seed << ',' << step << ','
                    << ShortestText(values.effect[index]) << ','
                    << ShortestText(values.greedy[index]) << '\n';
            }
        }
    }
    CloseText(out, path);
}

void
ConvergenceTable::WriteSummaryCsv(const std::string& path) const
{
    NS_LOG_FUNCTION(this << path);
    std::ofstream out = OpenText(path);
    out << "algorithm,seed,final_effect,optimum,steps_to_optimum\n";
    for (const auto& algorithm : m_order)
    {
        for (uint32_t seed = 0; seed < m_seeds; ++seed)
        {
            out << algorithm << ',' << seed << ',' << ShortestText(GetFinalEffect(algorithm, seed))
                << ',' << ShortestText(GetOptimum(seed)) << ','
                << GetStepsToOptimum(algorithm, seed) << '\n';
        }
    }
    CloseText(out, path);
}

void
ConvergenceTable::WritePlot(const std::string& path, const std::string& yLabel) const
{
    NS_LOG_FUNCTION(this << path);
    ConvergencePlot plot;
    plot.SetTitle("Greedy policy over training: " + m_environment + ", " + std::to_string(m_seeds) +
                  " seeds, mean and 95% band");
    plot.SetXLabel("step");
    plot.SetYLabel(yLabel);
    for (const auto& algorithm : m_order)
    {
        std::vector<double> mean;
        std::vector<double> lower;
        std::vector<double> upper;
        GetGreedyBand(algorithm, mean, lower, upper);
        plot.AddSeries(algorithm, mean, lower, upper);
    }
    double optimum = 0;
    for (double value : m_optimum)
    {
        optimum += value;
    }
    if (std::isfinite(optimum))
    {
        plot.AddReference("optimum", optimum / m_seeds);
    }
    plot.WritePng(path);
}

} // namespace sagin
} // namespace ns3
