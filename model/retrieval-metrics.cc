// SPDX-License-Identifier: GPL-2.0-only

#include "retrieval-metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

namespace
{

/**
 * @param function the calling function's name
 * @param what the matrix's name
 * @param size its number of elements
 * @param dim the number of columns
 * @return the number of rows
 * @throws std::invalid_argument when dim is 0 or does not divide size
 */
std::size_t
CountRows(const char* function, const char* what, std::size_t size, uint32_t dim)
{
    if (dim == 0)
    {
        throw std::invalid_argument(std::string(function) + ": the feature dimension is 0");
    }
    if (size % dim != 0)
    {
        throw std::invalid_argument(
            std::string(function) + ": " + what + " has " + std::to_string(size) +
            " elements, not a multiple of the dimension " + std::to_string(dim));
    }
    return size / dim;
}

/**
 * @param queries normalised query rows
 * @param gallery normalised gallery rows
 * @param dim the number of columns
 * @return the rankings (see RankByCosine)
 */
std::vector<std::vector<uint32_t>>
RankNormalised(const std::vector<double>& queries, const std::vector<double>& gallery, uint32_t dim)
{
    const std::size_t nQueries = queries.size() / dim;
    const std::size_t nGallery = gallery.size() / dim;
    std::vector<std::vector<uint32_t>> rankings(nQueries);
    std::vector<double> scores(nGallery);
    for (std::size_t q = 0; q < nQueries; ++q)
    {
        const double* query = queries.data() + q * dim;
        for (std::size_t g = 0; g < nGallery; ++g)
        {
            const double* entry = gallery.data() + g * dim;
            scores[g] = std::inner_product(query, query + dim, entry, 0.0);
        }
        auto& ranking = rankings[q];
        ranking.resize(nGallery);
        std::iota(ranking.begin(), ranking.end(), 0u);
        // Stable: equal scores keep the lower gallery index first.
        std::stable_sort(ranking.begin(), ranking.end(), [&scores](uint32_t a, uint32_t b) {
            return scores[a] > scores[b];
        });
    }
    return rankings;
}

} // namespace

std::vector<double>
NormaliseRows(const std::vector<float>& rows, uint32_t dim)
{
    const std::size_t nRows = CountRows("NormaliseRows", "the matrix", rows.size(), dim);
    std::vector<double> normalised(rows.begin(), rows.end());
    for (std::size_t r = 0; r < nRows; ++r)
    {
        double* row = normalised.data() + r * dim;
        const double norm = std::sqrt(std::inner_product(row, row + dim, row, 0.0));
        if (norm > 0.0)
        {
            std::transform(row, row + dim, row, [norm](double x) { return x / norm; });
        }
    }
    return normalised;
}

std::vector<std::vector<uint32_t>>
RankByCosine(const std::vector<float>& queries, const std::vector<float>& gallery, uint32_t dim)
{
    CountRows("RankByCosine", "the queries", queries.size(), dim);
    if (CountRows("RankByCosine", "the gallery", gallery.size(), dim) == 0)
    {
        throw std::invalid_argument("RankByCosine: the gallery is empty");
    }
    return RankNormalised(NormaliseRows(queries, dim), NormaliseRows(gallery, dim), dim);
}

double
AveragePrecision(const std::vector<uint32_t>& ranking,
                 const std::vector<int64_t>& galleryLabels,
                 int64_t queryLabel)
{
    std::vector<std::size_t> matchRanks;
    for (std::size_t rank = 0; rank < ranking.size(); ++rank)
    {
        if (ranking[rank] >= galleryLabels.size())
        {
            throw std::invalid_argument("AveragePrecision: the ranking names gallery entry " +
                                        std::to_string(ranking[rank]) + " of only " +
                                        std::to_string(galleryLabels.size()));
        }
        if (galleryLabels[ranking[rank]] == queryLabel)
        {
            matchRanks.push_back(rank);
        }
    }
    if (matchRanks.empty())
    {
        return -1.0;
    }
    const double recallStep = 1.0 / static_cast<double>(matchRanks.size());
    double ap = 0.0;
    for (std::size_t i = 0; i < matchRanks.size(); ++i)
    {
        const auto r = static_cast<double>(matchRanks[i]);
        const double precision = (i + 1.0) / (r + 1.0);
        const double previous = matchRanks[i] == 0 ? 1.0 : static_cast<double>(i) / r;
        ap += recallStep * (previous + precision) / 2.0;
    }
    return ap;
}

RetrievalScores
EvaluateRetrieval(const std::vector<float>& queries,
                  const std::vector<int64_t>& queryLabels,
                  const std::vector<float>& gallery,
                  const std::vector<int64_t>& galleryLabels,
                  uint32_t dim)
{
    const std::size_t nQueries = CountRows("EvaluateRetrieval", "the queries", queries.size(), dim);
    const std::size_t nGallery = CountRows("EvaluateRetrieval", "the gallery", gallery.size(), dim);
    if (nQueries != queryLabels.size() || nGallery != galleryLabels.size())
    {
        throw std::invalid_argument(
            "EvaluateRetrieval: " + std::to_string(nQueries) + " queries with " +
            std::to_string(queryLabels.size()) + " labels, " + std::to_string(nGallery) +
            " gallery entries with " + std::to_string(galleryLabels.size()) + " labels");
    }
    if (nQueries == 0 || nGallery == 0)
    {
        throw std::invalid_argument("EvaluateRetrieval: no queries or no gallery entries");
    }
    RetrievalScores scores;
    scores.gallery = static_cast<uint32_t>(nGallery);
    scores.topOneK = static_cast<uint32_t>(std::lround(0.01 * static_cast<double>(nGallery))) + 1;
    const auto rankings = RankByCosine(queries, gallery, dim);
    for (std::size_t q = 0; q < nQueries; ++q)
    {
        const auto& ranking = rankings[q];
        const double ap = AveragePrecision(ranking, galleryLabels, queryLabels[q]);
        if (ap < 0.0)
        {
            ++scores.unmatched;
            continue;
        }
        ++scores.queries;
        scores.meanAp += ap;
        std::size_t first = 0;
        while (galleryLabels[ranking[first]] != queryLabels[q])
        {
            ++first;
        }
        scores.recallAt1 += first < 1 ? 1 : 0;
        scores.recallAt5 += first < 5 ? 1 : 0;
        scores.recallAt10 += first < 10 ? 1 : 0;
        scores.recallAtTop1 += first < scores.topOneK ? 1 : 0;
    }
    if (scores.queries > 0)
    {
        for (double* score : {&scores.recallAt1,
                              &scores.recallAt5,
                              &scores.recallAt10,
                              &scores.recallAtTop1,
                              &scores.meanAp})
        {
            *score /= scores.queries;
        }
    }
    return scores;
}

std::vector<float>
FuseViews(const std::vector<float>& street,
          uint32_t nStreet,
          const std::vector<float>& drone,
          uint32_t nDrone,
          uint32_t dim)
{
    const std::size_t streetRows =
        CountRows("FuseViews", "the street features", street.size(), dim);
    const std::size_t droneRows = CountRows("FuseViews", "the drone features", drone.size(), dim);
    if (nStreet == 0 && nDrone == 0)
    {
        throw std::invalid_argument("FuseViews: no street and no drone features to fuse");
    }
    if (streetRows < nStreet || droneRows < nDrone)
    {
        throw std::invalid_argument("FuseViews: asked for " + std::to_string(nStreet) +
                                    " street and " + std::to_string(nDrone) +
                                    " drone features, have " + std::to_string(streetRows) +
                                    " and " + std::to_string(droneRows));
    }
    // The mean of the first n rows of a matrix, in double precision.
    auto mean = [dim](const std::vector<float>& rows, uint32_t n) {
        std::vector<double> sum(dim, 0.0);
        for (uint32_t r = 0; r < n; ++r)
        {
            for (uint32_t j = 0; j < dim; ++j)
            {
                sum[j] += rows[std::size_t{r} * dim + j];
            }
        }
        for (double& x : sum)
        {
            x /= n;
        }
        return sum;
    };
    std::vector<float> fused(dim);
    if (nStreet == 0 || nDrone == 0)
    {
        const auto only = nStreet == 0 ? mean(drone, nDrone) : mean(street, nStreet);
        std::copy(only.begin(), only.end(), fused.begin());
        return fused;
    }
    const auto streetMean = mean(street, nStreet);
    const auto droneMean = mean(drone, nDrone);
    for (uint32_t j = 0; j < dim; ++j)
    {
        fused[j] = static_cast<float>((streetMean[j] + droneMean[j]) / 2.0);
    }
    return fused;
}

} // namespace sagin
} // namespace ns3
