// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_RETRIEVAL_METRICS_H
#define SAGIN_RETRIEVAL_METRICS_H

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The scores of a retrieval experiment (cross-view localization: queries are drone and
 *        street features, the gallery holds the satellite views), as fractions in [0, 1].
 */
struct RetrievalScores
{
    uint32_t queries{0};    //!< queries with at least one true match in the gallery (evaluated)
    uint32_t unmatched{0};  //!< queries without a true match (left out of every score)
    uint32_t gallery{0};    //!< gallery entries
    uint32_t topOneK{1};    //!< the K of recallAtTop1: round(0.01·gallery) + 1
    double recallAt1{0};    //!< share of queries whose first true match is ranked first
    double recallAt5{0};    //!< share of queries whose first true match is within the top 5
    double recallAt10{0};   //!< share of queries whose first true match is within the top 10
    double recallAtTop1{0}; //!< share within the top topOneK (the top 1 % of the gallery)
    double meanAp{0};       //!< mean over queries of the trapezoidal average precision
};

/**
 * @ingroup sagin
 * @brief Scale each row of a row-major matrix to unit Euclidean length (rows of zeros stay
 *        zeros).
 * @param rows the matrix, rows.size() / dim rows of dim elements
 * @param dim the number of columns, > 0
 * @return the normalised rows, in double precision
 * @throws std::invalid_argument when dim is 0 or does not divide rows.size()
 */
std::vector<double> NormaliseRows(const std::vector<float>& rows, uint32_t dim);

/**
 * @ingroup sagin
 * @brief Rank a gallery for each query by cosine similarity.
 *
 * The function L2-normalises the queries and the gallery itself (NormaliseRows), so the
 * caller may pass features of any length. Each query's ranking lists the gallery indices by
 * descending similarity; equal similarities keep the lower gallery index first.
 * @param queries Q×dim query features, row-major
 * @param gallery G×dim gallery features, row-major
 * @param dim the feature dimension
 * @return Q rankings of G gallery indices each
 * @throws std::invalid_argument for sizes that dim does not divide, or an empty gallery
 */
std::vector<std::vector<uint32_t>> RankByCosine(const std::vector<float>& queries,
                                                const std::vector<float>& gallery,
                                                uint32_t dim);

/**
 * @ingroup sagin
 * @brief The Market-1501-style (trapezoidal) average precision of one ranking.
 *
 * With the true matches at 0-based ranks r_0 < r_1 < ... < r_{n−1} of the ranking, AP =
 * Σ_i (1/n)·(p_old,i + p_i)/2, with p_i = (i + 1)/(r_i + 1) and p_old,i = i/r_i (1 when
 * r_i = 0).
 * @param ranking gallery indices, best first
 * @param galleryLabels the label of every gallery entry
 * @param queryLabel the query's label
 * @return the AP in [0, 1], or −1 when no gallery entry has the query's label
 * @throws std::invalid_argument when the ranking names an entry beyond the labels
 */
double AveragePrecision(const std::vector<uint32_t>& ranking,
                        const std::vector<int64_t>& galleryLabels,
                        int64_t queryLabel);

/**
 * @ingroup sagin
 * @brief Evaluate cross-view retrieval: rank the gallery for each query by cosine similarity
 *        (RankByCosine: the function L2-normalises the features) and score the rankings.
 *
 * Recall@K is the share of queries whose first true match (a gallery entry with the query's
 * label) is within the first K; Recall@top1 is Recall@K at K = round(0.01·G) + 1; the mean AP
 * averages AveragePrecision over the queries. Queries without any true match in the gallery are
 * left out of every score and counted in RetrievalScores::unmatched.
 * @param queries Q×dim query features, row-major
 * @param queryLabels Q labels
 * @param gallery G×dim gallery features, row-major
 * @param galleryLabels G labels
 * @param dim the feature dimension
 * @return the scores
 * @throws std::invalid_argument when the sizes disagree or there is no query or gallery entry
 */
RetrievalScores EvaluateRetrieval(const std::vector<float>& queries,
                                  const std::vector<int64_t>& queryLabels,
                                  const std::vector<float>& gallery,
                                  const std::vector<int64_t>& galleryLabels,
                                  uint32_t dim);

/**
 * @ingroup sagin
 * @brief Multi-view fusion of one location's query features: the mean of its first nStreet
 *        street (vehicle) features and the mean of its first nDrone drone (UAV) features,
 *        fused = (mean_street + mean_drone)/2; with nStreet = 0 (or nDrone = 0) the other mean
 *        alone. The features are used as given (not normalised here).
 * @param street street features, row-major, at least nStreet rows of dim
 * @param nStreet how many street features to use
 * @param drone drone features, row-major, at least nDrone rows of dim
 * @param nDrone how many drone features to use
 * @param dim the feature dimension, > 0
 * @return the fused feature, dim elements
 * @throws std::invalid_argument when both counts are 0, or a matrix has fewer rows than asked
 */
std::vector<float> FuseViews(const std::vector<float>& street,
                             uint32_t nStreet,
                             const std::vector<float>& drone,
                             uint32_t nDrone,
                             uint32_t dim);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_RETRIEVAL_METRICS_H
