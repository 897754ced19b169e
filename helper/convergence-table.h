// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_CONVERGENCE_TABLE_H
#define SAGIN_CONVERGENCE_TABLE_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The per-step effect values of several split-control algorithms over the same seeds
 *        and steps, with the optimum per seed: summaries, and the files of sagin-rl-compare.
 *
 * For each algorithm, seed k (0-based) and step s (0-based), the table holds the effect of
 * step s (lower is better) and the greedy effect after it (the effect of the policy the
 * algorithm has learnt by then, which is what converges). The final effect of a seed is its
 * greedy effect after the last step; its steps to the optimum are the first step s from which
 * every greedy effect up to the last step is within a tolerance of the seed's optimum, or −1.
 *
 * Files:
 *  - WriteHdf5(): per algorithm a dataset "/NAME" (effect) and "/greedy_effect/NAME", seeds ×
 *    steps float64, each with the attributes env (string), seeds and steps (uint64) and
 *    optimum (float64, one per seed);
 *  - WriteCsv(): `algorithm,seed,step,effect,greedy_effect`, one row per value;
 *  - WriteSummaryCsv(): `algorithm,seed,final_effect,optimum,steps_to_optimum`;
 *  - WritePlot(): the mean greedy effect over the seeds per step with its 95 % band (mean ±
 *    1.96·sd/√K, sd the sample standard deviation; no band for one seed) and the mean optimum
 *    as a dashed line (ConvergencePlot).
 * Numbers in CSV are written in their shortest form that reads back exactly (ShortestText).
 */
class ConvergenceTable
{
  public:
    /**
     * @param environment the environment's name (stored with the data)
     * @param seeds the number of seeds, > 0
     * @param steps the number of steps, > 0
     * @throws std::invalid_argument for 0 seeds or steps
     */
    ConvergenceTable(const std::string& environment, uint32_t seeds, uint32_t steps);

    /**
     * @param algorithm a new algorithm's name (its values start as NaN)
     * @throws std::invalid_argument when it is already there or empty
     */
    void AddAlgorithm(const std::string& algorithm);

    /**
     * @param algorithm an algorithm
     * @param seed a seed index
     * @param step a step index
     * @param effect the effect of the step
     * @param greedyEffect the greedy effect after it
     * @throws std::out_of_range for an unknown algorithm or an index out of range
     */
    void Set(const std::string& algorithm,
             uint32_t seed,
             uint32_t step,
             double effect,
             double greedyEffect);

    /**
     * @param seed a seed index
     * @param optimum the least effect for it
     * @throws std::out_of_range for a seed out of range
     */
    void SetOptimum(uint32_t seed, double optimum);

    /// @return the environment's name
    std::string GetEnvironment() const;
    /// @return the number of seeds
    uint32_t GetNSeeds() const;
    /// @return the number of steps
    uint32_t GetNSteps() const;
    /// @return the algorithms, in the order they were added
    std::vector<std::string> GetAlgorithms() const;

    /**
     * @param algorithm an algorithm
     * @param seed a seed index
     * @param step a step index
     * @return the effect of the step
     */
    double GetEffect(const std::string& algorithm, uint32_t seed, uint32_t step) const;

    /**
     * @param algorithm an algorithm
     * @param seed a seed index
     * @param step a step index
     * @return the greedy effect after it
     */
    double GetGreedyEffect(const std::string& algorithm, uint32_t seed, uint32_t step) const;

    /**
     * @param seed a seed index
     * @return its optimum (NaN when not set)
     */
    double GetOptimum(uint32_t seed) const;

    /**
     * @param algorithm an algorithm
     * @param seed a seed index
     * @return the greedy effect after the last step
     */
    double GetFinalEffect(const std::string& algorithm, uint32_t seed) const;

    /**
     * @param algorithm an algorithm
     * @param seed a seed index
     * @param tolerance the largest difference from the optimum that counts as reaching it
     * @return the first step from which the greedy effect stays within the tolerance of the
     *         optimum up to the last step, or −1
     */
    int64_t GetStepsToOptimum(const std::string& algorithm,
                              uint32_t seed,
                              double tolerance = 1e-6) const;

    /**
     * @param algorithm an algorithm
     * @param[out] mean the mean greedy effect over the seeds, per step
     * @param[out] lower mean − 1.96·sd/√K per step (= mean for one seed)
     * @param[out] upper mean + 1.96·sd/√K per step
     */
    void GetGreedyBand(const std::string& algorithm,
                       std::vector<double>& mean,
                       std::vector<double>& lower,
                       std::vector<double>& upper) const;

    /**
     * @param path the HDF5 file (replaced)
     * @throws std::runtime_error naming the file when it cannot be written
     */
    void WriteHdf5(const std::string& path) const;

    /**
     * @param path the CSV file (replaced)
     * @throws std::runtime_error naming the file when it cannot be written
     */
    void WriteCsv(const std::string& path) const;

    /**
     * @param path the CSV file (replaced)
     * @throws std::runtime_error naming the file when it cannot be written
     */
    void WriteSummaryCsv(const std::string& path) const;

    /**
     * @param path the PNG file (replaced)
     * @param yLabel the label of the effect axis
     * @throws std::runtime_error naming the file when it cannot be written
     */
    void WritePlot(const std::string& path, const std::string& yLabel) const;

  private:
    /// The values of one algorithm, seed-major.
    struct Values
    {
        std::vector<double> effect; //!< effect per seed and step
        std::vector<double> greedy; //!< greedy effect per seed and step
    };

    /**
     * @param algorithm an algorithm
     * @return its values
     * @throws std::out_of_range when unknown
     */
    const Values& Find(const std::string& algorithm) const;

    /**
     * @param seed a seed index
     * @param step a step index
     * @return the index of the value
     * @throws std::out_of_range when out of range
     */
    size_t Index(uint32_t seed, uint32_t step) const;

    std::string m_environment;              //!< the environment's name
    uint32_t m_seeds;                       //!< number of seeds
    uint32_t m_steps;                       //!< number of steps
    std::vector<std::string> m_order;       //!< algorithms in order of addition
    std::map<std::string, Values> m_values; //!< values by algorithm
    std::vector<double> m_optimum;          //!< optimum per seed
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CONVERGENCE_TABLE_H
