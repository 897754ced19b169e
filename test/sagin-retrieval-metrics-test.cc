// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-test-utils.h"

#include "ns3/sagin-module.h"

#include <cmath>
#include <cstdio>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::test;

namespace
{

/**
 * @param rows row-major values
 * @param dim the number of columns
 * @return the rows as a JSON array of arrays
 */
std::string
JsonRows(const std::vector<float>& rows, uint32_t dim)
{
    std::ostringstream json;
    json << '[';
    for (std::size_t r = 0; r < rows.size() / dim; ++r)
    {
        json << (r ? ",[" : "[");
        for (uint32_t j = 0; j < dim; ++j)
        {
            char number[32];
            std::snprintf(number, sizeof(number), "%.9g", rows[r * dim + j]);
            json << (j ? "," : "") << number;
        }
        json << ']';
    }
    return json.str() + "]";
}

/**
 * @param labels integers
 * @return them as a JSON array
 */
std::string
JsonLabels(const std::vector<int64_t>& labels)
{
    std::string json = "[";
    for (std::size_t i = 0; i < labels.size(); ++i)
    {
        json += (i ? "," : "") + std::to_string(labels[i]);
    }
    return json + "]";
}

/**
 * @param count number of values
 * @param rng a generator
 * @return standard normal values (drawn with a portable Box-Muller transform)
 */
std::vector<float>
Normals(std::size_t count, std::mt19937_64& rng)
{
    std::vector<float> values(count);
    for (auto& value : values)
    {
        // mt19937_64 is the same everywhere; std::normal_distribution is not.
        const double u1 = (static_cast<double>(rng() >> 11) + 1.0) * 0x1.0p-53;
        const double u2 = static_cast<double>(rng() >> 11) * 0x1.0p-53;
        value = static_cast<float>(std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307 * u2));
    }
    return values;
}

} // namespace

TEST(RetrievalMetrics, HandComputedCase)
{
    // Gallery (2-D): g0 = (1, 0) label 0, g1 = (0, 1) label 1, g2 = (1, 1) label 0,
    // g3 = (−1, 0) label 2.
    const std::vector<float> gallery{1, 0, 0, 1, 1, 1, -1, 0};
    const std::vector<int64_t> galleryLabels{0, 1, 0, 2};
    // q0 = (2, 1) label 0: cosines g0 2/√5 = 0.894, g1 1/√5 = 0.447, g2 3/√10 = 0.949,
    // g3 −0.894: ranking g2, g0, g1, g3; matches at ranks 0 and 1: AP = ½·(1 + 1)/2 +
    // ½·(1/1 + 2/2)/2 = 1.
    // q1 = (0, 1) label 2: cosines 0, 1, 0.707, 0 (g0 and g3 tie: g0 first): ranking g1, g2,
    // g0, g3; the match at rank 3: AP = (0/3 + 1/4)/2 = 0.125.
    // q2 = (0, 3) label 7: no match in the gallery, left out.
    const std::vector<float> queries{2, 1, 0, 1, 0, 3};
    const std::vector<int64_t> queryLabels{0, 2, 7};
    const auto rankings = RankByCosine(queries, gallery, 2);
    ASSERT_EQ(rankings.size(), 3u);
    EXPECT_EQ(rankings[0], (std::vector<uint32_t>{2, 0, 1, 3}));
    EXPECT_EQ(rankings[1], (std::vector<uint32_t>{1, 2, 0, 3}));
    EXPECT_DOUBLE_EQ(AveragePrecision(rankings[0], galleryLabels, 0), 1.0);
    EXPECT_DOUBLE_EQ(AveragePrecision(rankings[1], galleryLabels, 2), 0.125);
    EXPECT_EQ(AveragePrecision(rankings[2], galleryLabels, 7), -1.0);

    const auto scores = EvaluateRetrieval(queries, queryLabels, gallery, galleryLabels, 2);
    EXPECT_EQ(scores.queries, 2u);
    EXPECT_EQ(scores.unmatched, 1u);
    EXPECT_EQ(scores.gallery, 4u);
    // round(0.01·4) + 1 = 1.
    EXPECT_EQ(scores.topOneK, 1u);
    // First matches at ranks 0 and 3: R@1 = 1/2, R@5 = R@10 = 2/2, R@top1 = R@1.
    EXPECT_DOUBLE_EQ(scores.recallAt1, 0.5);
    EXPECT_DOUBLE_EQ(scores.recallAt5, 1.0);
    EXPECT_DOUBLE_EQ(scores.recallAt10, 1.0);
    EXPECT_DOUBLE_EQ(scores.recallAtTop1, 0.5);
    // (1 + 0.125)/2.
    EXPECT_DOUBLE_EQ(scores.meanAp, 0.5625);
}

TEST(RetrievalMetrics, AveragePrecisionOfSeveralMatches)
{
    // Market-1501's trapezoid: the mean of the precisions before and at each match, weighted
    // by the recall step 1/n. Matches (label 9) at ranks 1 and 3 of 4:
    // ½·(0/1 + 1/2)/2 + ½·(1/3 + 2/4)/2 = 0.125 + 0.2083333 = 1/3.
    const std::vector<int64_t> labels{5, 9, 5, 9};
    EXPECT_NEAR(AveragePrecision({0, 1, 2, 3}, labels, 9), 1.0 / 3.0, 1e-15);
    // Ranking g1, g0, g2, g3: matches at ranks 0 and 3: ½·(1 + 1)/2 + ½·(1/3 + 2/4)/2 =
    // 0.5 + 0.2083333 = 0.7083333.
    EXPECT_NEAR(AveragePrecision({1, 0, 2, 3}, labels, 9), 0.5 + 5.0 / 24.0, 1e-15);
    // A single match ranked second: (0/1 + 1/2)/2 = 0.25.
    EXPECT_DOUBLE_EQ(AveragePrecision({0, 1}, {1, 2}, 2), 0.25);
    EXPECT_NE(InvalidArgumentMessage([] {
                  AveragePrecision({4}, {1, 2}, 2);
              }).find("entry 4"),
              std::string::npos);
}

TEST(RetrievalMetrics, NormalisationAndTies)
{
    // (3, 4)/5 = (0.6, 0.8); a row of zeros stays zero.
    const auto rows = NormaliseRows({3, 4, 0, 0}, 2);
    EXPECT_DOUBLE_EQ(rows[0], 0.6);
    EXPECT_DOUBLE_EQ(rows[1], 0.8);
    EXPECT_EQ(rows[2], 0.0);
    // Rows along (1, 1) tie with cosine 1 (lengths 4√2, 2√2, √2 normalise exactly): the lower
    // index first; (0, 1) has cosine 0.707 and comes last.
    const auto ranking = RankByCosine({1, 1}, {0, 1, 4, 4, 2, 2, 1, 1}, 2)[0];
    EXPECT_EQ(ranking, (std::vector<uint32_t>{1, 2, 3, 0}));
    // Recall@top1 at G = 250: round(2.5) + 1 = 4 (halves round up).
    std::vector<float> gallery(250, 0.0f);
    std::vector<int64_t> galleryLabels(250);
    for (int i = 0; i < 250; ++i)
    {
        galleryLabels[i] = i;
        gallery[i] = static_cast<float>(250 - i); // 1-D: all cosines 1, ranking by index
    }
    const auto scores = EvaluateRetrieval({1}, {3}, gallery, galleryLabels, 1);
    EXPECT_EQ(scores.topOneK, 4u);
    // The match (label 3) is at rank 3: not within 1, within 4.
    EXPECT_EQ(scores.recallAt1, 0.0);
    EXPECT_EQ(scores.recallAtTop1, 1.0);
}

TEST(RetrievalMetrics, FuseViews)
{
    // Street rows (1, 2), (3, 4): mean (2, 3); drone rows (5, 5), (7, 9) of three: mean (6, 7);
    // fused ((2 + 6)/2, (3 + 7)/2) = (4, 5).
    const std::vector<float> street{1, 2, 3, 4};
    const std::vector<float> drone{5, 5, 7, 9, 100, 100};
    EXPECT_EQ(FuseViews(street, 2, drone, 2, 2), (std::vector<float>{4, 5}));
    // No street view: the drone mean alone; one street view and no drone: that row.
    EXPECT_EQ(FuseViews(street, 0, drone, 2, 2), (std::vector<float>{6, 7}));
    EXPECT_EQ(FuseViews(street, 1, drone, 0, 2), (std::vector<float>{1, 2}));
    // Three drone rows: (5 + 7 + 100)/3 = 37.333, (5 + 9 + 100)/3 = 38; with (1, 2): (19.1667, 20).
    const auto three = FuseViews(street, 1, drone, 3, 2);
    EXPECT_NEAR(three[0], (1 + 112.0 / 3) / 2, 1e-5);
    EXPECT_NEAR(three[1], 20.0, 1e-5);
    EXPECT_NE(InvalidArgumentMessage([&] { FuseViews(street, 0, drone, 0, 2); }).find("no street"),
              std::string::npos);
    EXPECT_NE(InvalidArgumentMessage([&] { FuseViews(street, 3, drone, 1, 2); }).find("3 street"),
              std::string::npos);
}

TEST(RetrievalMetrics, RefusesBadSizes)
{
    EXPECT_NE(InvalidArgumentMessage([] {
                  NormaliseRows({1, 2, 3}, 2);
              }).find("multiple"),
              std::string::npos);
    EXPECT_NE(InvalidArgumentMessage([] {
                  NormaliseRows({1, 2}, 0);
              }).find("dimension is 0"),
              std::string::npos);
    EXPECT_NE(InvalidArgumentMessage([] {
                  RankByCosine({1, 2}, {}, 2);
              }).find("empty"),
              std::string::npos);
    EXPECT_NE(InvalidArgumentMessage([] {
                  EvaluateRetrieval({1, 2}, {0, 1}, {1, 2}, {0}, 2);
              }).find("1 queries with 2 labels"),
              std::string::npos);
    EXPECT_NE(InvalidArgumentMessage([] {
                  EvaluateRetrieval({}, {}, {1, 2}, {0}, 2);
              }).find("no queries"),
              std::string::npos);
}

TEST(RetrievalMetrics, AgreesWithNumpyReference)
{
    // 40 queries and 60 gallery rows of 16 random features, labels 0..29 for the gallery (two
    // rows each) and 0..34 for the queries (so some have no match); fusion of 3 of 4 street
    // rows and 2 of 2 drone rows.
    std::mt19937_64 rng(20240611);
    const uint32_t dim = 16;
    const auto queries = Normals(40 * dim, rng);
    const auto gallery = Normals(60 * dim, rng);
    const auto street = Normals(4 * dim, rng);
    const auto drone = Normals(2 * dim, rng);
    std::vector<int64_t> queryLabels(40);
    std::vector<int64_t> galleryLabels(60);
    for (int i = 0; i < 40; ++i)
    {
        queryLabels[i] = static_cast<int64_t>(rng() % 35);
    }
    for (int i = 0; i < 60; ++i)
    {
        galleryLabels[i] = i / 2;
    }
    const TempFile input(
        "input.json",
        "{\"queries\":" + JsonRows(queries, dim) + ",\"query_labels\":" + JsonLabels(queryLabels) +
            ",\"gallery\":" + JsonRows(gallery, dim) + ",\"gallery_labels\":" +
            JsonLabels(galleryLabels) + ",\"street\":" + JsonRows(street, dim) +
            ",\"drone\":" + JsonRows(drone, dim) + ",\"n_street\":3,\"n_drone\":2}");
    const auto run = RunCommand(ShellQuote(Python()) + " " +
                                ShellQuote(SourcePath("test/retrieval-reference.py")) + " " +
                                ShellQuote(input.Path()));
    ASSERT_EQ(run.exitStatus, 0) << run.err;
    std::map<std::string, double> reference;
    std::vector<std::vector<uint32_t>> referenceRankings;
    std::vector<double> referenceFused;
    for (const auto& line : SplitLines(run.out))
    {
        std::istringstream words(line);
        std::string name;
        words >> name;
        if (name == "ranking")
        {
            uint32_t index;
            words >> index;
            referenceRankings.emplace_back();
            for (uint32_t g; words >> g;)
            {
                referenceRankings.back().push_back(g);
            }
        }
        else if (name == "fused")
        {
            for (double x; words >> x;)
            {
                referenceFused.push_back(x);
            }
        }
        else
        {
            words >> reference[name];
        }
    }
    const auto scores = EvaluateRetrieval(queries, queryLabels, gallery, galleryLabels, dim);
    EXPECT_EQ(scores.queries, reference["queries"]);
    EXPECT_EQ(scores.unmatched, reference["unmatched"]);
    EXPECT_GT(scores.unmatched, 0u); // the case covers queries without a match
    EXPECT_EQ(scores.topOneK, reference["top1_k"]);
    EXPECT_NEAR(scores.recallAt1, reference["recall_at_1"], 1e-12);
    EXPECT_NEAR(scores.recallAt5, reference["recall_at_5"], 1e-12);
    EXPECT_NEAR(scores.recallAt10, reference["recall_at_10"], 1e-12);
    EXPECT_NEAR(scores.recallAtTop1, reference["recall_at_top1"], 1e-12);
    EXPECT_NEAR(scores.meanAp, reference["mean_ap"], 1e-12);
    EXPECT_EQ(RankByCosine(queries, gallery, dim), referenceRankings);
    const auto fused = FuseViews(street, 3, drone, 2, dim);
    ASSERT_EQ(fused.size(), referenceFused.size());
    for (uint32_t j = 0; j < dim; ++j)
    {
        EXPECT_NEAR(fused[j], referenceFused[j], 1e-6) << j;
    }
}
