// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * Cross-view retrieval with a split model: the gallery holds the satellite views of every
 * location, and each location's query fuses the embeddings of its first drone and street views
 * (FuseViews: (mean of street + mean of drone)/2, each embedding L2-normalised first); the
 * gallery is ranked by cosine similarity (EvaluateRetrieval).
 *
 * Prints CSV on standard output with the header
 * `locations,queries,unmatched,gallery,drone_images,street_images,recall_at_1,recall_at_5,recall_at_10,recall_at_top1,top1_rank,ap`
 * and one row: the locations of the source, the queries scored, the queries without a
 * satellite view of their location in the gallery (not scored), the gallery's images, the
 * drone and street images fused into the queries, Recall@1, @5, @10 and Recall@top1 (the recall
 * at rank top1_rank = round(0.01·gallery) + 1) and the mean trapezoidal AP, all in percent.
 *
 * Options:
 *  - `--model=NAME`: resnet50-usam (default), glqinet or a TorchScript archive FILE.pt
 *    (SplitModel::CreateByName).
 *  - `--weights=FILE`: a weights file for the model (LoadWeights); none: the model's seeded
 *    initialisation.
 *  - `--source=SOURCE`: `synthetic` (default: SyntheticWorld) or a folder laid out as
 *    University-1652's (ImageFolderSource: satellite/, drone/, street/ of building folders).
 *  - `--locations=N`: locations of the synthetic world, [1, 100000] (default 16).
 *  - `--drone-views=M`: drone views fused per location, [0, 1000] (default 4; a location with
 *    fewer uses what it has).
 *  - `--street-views=N`: street views fused per location, [0, 1000] (default 4).
 *  - `--input=S`: image side in pixels, [0, 2048]; 0 (default): the model's InputSize.
 *  - `--seed=SEED`: seed of the synthetic world (default 1).
 *  - `--splits`: the accuracy side of the split trade-off. The queries' images go through
 *    the model as the simulation sends them: the head up to each split point, FeatureCodec's
 *    encoding in each format (fp32, fp16 and int8, each without and with zstd), its decoding
 *    and the tail; the gallery is the satellites' own unsplit embeddings. Prints CSV with the
 *    header
 * `split,name,format,bytes_per_image,max_embedding_difference,recall_at_1,recall_at_5,recall_at_10,recall_at_top1,ap`:
 *    first the unsplit model (split `none`, format `-`, bytes 0), then one row per split point
 *    and format, bytes_per_image being the mean encoded size of one image's features (header
 *    included) and max_embedding_difference the largest difference of an element of a query
 *    image's embedding from its unsplit embedding. fp32 is exact, so its rows equal the
 *    unsplit one.
 *  - any ns-3 attribute default, e.g. `--ns3::sagin::ResNet50UsamModel::Seed=3`.
 *
 * Bad options (an unknown model, no views to fuse, a missing folder) print
 * `sagin-retrieval-eval: error: MESSAGE` on standard error and exit with status 2.
 *
 * Run it with `./sagin exec sagin-retrieval-eval --model=resnet50-usam --locations=16`.
 */

#include "ns3/command-line.h"
#include "ns3/core-module.h"
#include "ns3/sagin-module.h"

#include <algorithm>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/// Largest image side, in pixels.
constexpr uint32_t MAX_INPUT_SIZE = 2048;

/// The embeddings of a series of images, row-major.
struct Embeddings
{
    std::vector<float> rows; //!< the embeddings, L2-normalised
    uint32_t dim{0};         //!< their dimension
    uint32_t count{0};       //!< their number
};

/// How a query image becomes an embedding: unsplit, or through a split point and a format.
struct Path
{
    bool split{false};             //!< whether the image goes through head, codec and tail
    uint32_t point{0};             //!< the split point
    FeatureCodec::Format format{}; //!< the encoding of the features at it
    uint64_t bytes{0};             //!< sum of the encoded sizes, bytes
    uint64_t images{0};            //!< images encoded
    double maxDifference{0};       //!< largest element difference from the unsplit embedding
    /// The unsplit embeddings of the images in the order they are visited: recorded by an
    /// unsplit path, compared with by a split one (null: neither).
    std::vector<FeatureTensor>* unsplit{nullptr};
};

/**
 * @param model the model
 * @param images one image, 1×3×S×S
 * @param path how: unsplit, or head, encoding, decoding and tail (its byte count grows)
 * @return the embedding
 */
FeatureTensor
EmbedOne(Ptr<SplitModel> model, const FeatureTensor& images, Path& path)
{
    if (!path.split)
    {
        FeatureTensor embedding = model->Forward(images);
        if (path.unsplit)
        {
            path.unsplit->push_back(embedding);
        }
        return embedding;
    }
    const std::vector<uint8_t> bytes =
        FeatureCodec::Encode(model->Head(images, path.point), path.format);
    path.bytes += bytes.size();
    ++path.images;
    const FeatureTensor embedding = model->Tail(FeatureCodec::Decode(bytes), path.point);
    if (path.unsplit)
    {
        path.maxDifference =
            std::max(path.maxDifference,
                     embedding.MaxAbsDifference(path.unsplit->at(path.images - 1)));
    }
    return embedding;
}

/**
 * @param model the model
 * @param images the images
 * @param path how each becomes an embedding
 * @param[in,out] embeddings where to append their L2-normalised embeddings
 */
void
Embed(Ptr<SplitModel> model,
      const std::vector<FeatureTensor>& images,
      Path& path,
      Embeddings& embeddings)
{
    for (const FeatureTensor& image : images)
    {
        const FeatureTensor embedding = EmbedOne(model, image, path);
        const auto dim = static_cast<uint32_t>(embedding.GetElementCount());
        if (embeddings.count > 0 && dim != embeddings.dim)
        {
            throw std::runtime_error(
                "the model's embeddings change size: " + std::to_string(embeddings.dim) + " then " +
                std::to_string(dim));
        }
        embeddings.dim = dim;
        const auto normalised = NormaliseRows(embedding.ToFloats(), dim);
        embeddings.rows.insert(embeddings.rows.end(), normalised.begin(), normalised.end());
        ++embeddings.count;
    }
}

/**
 * @param source the images
 * @param location a location
 * @param view a kind of view
 * @param count how many of its first views
 * @return them
 */
std::vector<FeatureTensor>
Images(Ptr<ImageSource> source, uint32_t location, ImageSource::View view, uint32_t count)
{
    std::vector<FeatureTensor> images;
    for (uint32_t index = 0; index < count; ++index)
    {
        images.push_back(source->GetImage(location, view, index));
    }
    return images;
}

/// A location's query images.
struct Query
{
    uint32_t location{0};              //!< the location
    std::vector<FeatureTensor> drone;  //!< its first drone views
    std::vector<FeatureTensor> street; //!< its first street views
};

/**
 * @param model the model
 * @param queries the queries' images
 * @param path how each image becomes an embedding
 * @param[out] labels the queries' locations
 * @return the fused queries (FuseViews), row-major
 */
std::vector<float>
FuseQueries(Ptr<SplitModel> model,
            const std::vector<Query>& queries,
            Path& path,
            std::vector<int64_t>& labels)
{
    std::vector<float> fusedRows;
    labels.clear();
    for (const Query& query : queries)
    {
        Embeddings drone;
        Embeddings street;
        Embed(model, query.drone, path, drone);
        Embed(model, query.street, path, street);
        const uint32_t dim = std::max(drone.dim, street.dim);
        const auto fused = FuseViews(street.rows,
                                     static_cast<uint32_t>(query.street.size()),
                                     drone.rows,
                                     static_cast<uint32_t>(query.drone.size()),
                                     dim);
        fusedRows.insert(fusedRows.end(), fused.begin(), fused.end());
        labels.push_back(query.location);
    }
    return fusedRows;
}

/**
 * @param name the source option
 * @param size the image side
 * @param locations the synthetic world's Locations
 * @param droneViews its DroneViews
 * @param streetViews its StreetViews
 * @param seed its Seed
 * @return the image source
 */
Ptr<ImageSource>
MakeSource(const std::string& name,
           uint32_t size,
           uint32_t locations,
           uint32_t droneViews,
           uint32_t streetViews,
           uint64_t seed)
{
    if (name == "synthetic")
    {
        auto world = CreateObject<SyntheticWorld>();
        if (!world->SetAttributeFailSafe("ImageSize", UintegerValue(size)))
        {
            throw std::invalid_argument("--input: the synthetic world needs images of 16 to "
                                        "2048 pixels, not " +
                                        std::to_string(size));
        }
        world->SetAttribute("Locations", UintegerValue(locations));
        world->SetAttribute("DroneViews", UintegerValue(droneViews));
        world->SetAttribute("StreetViews", UintegerValue(streetViews));
        world->SetAttribute("Seed", UintegerValue(seed));
        return world;
    }
    auto folder = CreateObjectWithAttributes<ImageFolderSource>("Root",
                                                                StringValue(name),
                                                                "ImageSize",
                                                                UintegerValue(size));
    folder->Load(); // one line naming the folder or file when it is not usable
    return folder;
}

/**
 * @param fraction a share in [0, 1]
 * @return it in percent, in the shortest form
 */
std::string
Percent(double fraction)
{
    return ShortestText(100.0 * fraction);
}

} // namespace

int
main(int argc, char* argv[])
{
    try
    {
        std::string modelName = "resnet50-usam";
        std::string weights;
        std::string sourceName = "synthetic";
        uint32_t locations = 16;
        uint32_t droneViews = 4;
        uint32_t streetViews = 4;
        uint32_t inputSize = 0;
        uint64_t seed = 1;
        bool splits = false;
        CommandLine cmd(__FILE__);
        cmd.Usage("Cross-view retrieval with a split model: Recall@K and AP as CSV.");
        ProgramOptions options(cmd);
        options.Add("model",
                    "the model: resnet50-usam, glqinet or a TorchScript FILE.pt",
                    modelName,
                    MakeStringChecker());
        options.Add("weights", "a weights file for the model", weights, MakeStringChecker());
        options.Add("source",
                    "the images: synthetic, or a University-1652-style folder",
                    sourceName,
                    MakeStringChecker());
        options.Add("locations",
                    "locations of the synthetic world",
                    locations,
                    MakeUintegerChecker<uint32_t>(1, 100000));
        options.Add("drone-views",
                    "drone views fused per location",
                    droneViews,
                    MakeUintegerChecker<uint32_t>(0, 1000));
        options.Add("street-views",
                    "street views fused per location",
                    streetViews,
                    MakeUintegerChecker<uint32_t>(0, 1000));
        options.Add("input",
                    "image side in pixels (0: the model's InputSize)",
                    inputSize,
                    MakeUintegerChecker<uint32_t>(0, MAX_INPUT_SIZE));
        options.Add("seed", "seed of the synthetic world", seed, MakeUintegerChecker<uint64_t>());
        options.Add("splits",
                    "accuracy per split point and feature format (head, codec, tail)",
                    splits,
                    MakeBooleanChecker());
        options.Check(argc, argv);
        cmd.Parse(argc, argv);
        if (droneViews == 0 && streetViews == 0)
        {
            throw std::invalid_argument("--drone-views and --street-views are both 0: no query");
        }

        Ptr<SplitModel> model;
        try
        {
            model = SplitModel::CreateByName(modelName, inputSize);
        }
        catch (const std::invalid_argument& e)
        {
            throw std::invalid_argument(std::string("--model: ") + e.what());
        }
        if (!weights.empty())
        {
            model->LoadWeights(weights);
        }
        UintegerValue modelInput;
        model->GetAttribute("InputSize", modelInput);
        const auto size = static_cast<uint32_t>(modelInput.Get());
        const Ptr<ImageSource> source =
            MakeSource(sourceName, size, locations, droneViews, streetViews, seed);

        Embeddings gallery;
        std::vector<int64_t> galleryLabels;
        std::vector<Query> queries;
        uint32_t droneImages = 0;
        uint32_t streetImages = 0;
        Path satellites;
        for (uint32_t location = 0; location < source->GetNLocations(); ++location)
        {
            const uint32_t nSatellite = source->GetNViews(location, ImageSource::SATELLITE);
            Embed(model,
                  Images(source, location, ImageSource::SATELLITE, nSatellite),
                  satellites,
                  gallery);
            galleryLabels.insert(galleryLabels.end(), nSatellite, location);
            const uint32_t nDrone =
                std::min(droneViews, source->GetNViews(location, ImageSource::DRONE));
            const uint32_t nStreet =
                std::min(streetViews, source->GetNViews(location, ImageSource::STREET));
            if (nDrone + nStreet == 0)
            {
                continue; // nothing to ask with
            }
            queries.push_back({location,
                               Images(source, location, ImageSource::DRONE, nDrone),
                               Images(source, location, ImageSource::STREET, nStreet)});
            droneImages += nDrone;
            streetImages += nStreet;
        }
        if (queries.empty() || galleryLabels.empty())
        {
            throw std::runtime_error("the source has " + std::to_string(galleryLabels.size()) +
                                     " satellite images and " + std::to_string(queries.size()) +
                                     " locations with drone or street images: nothing to rank");
        }
        auto evaluate = [&](Path& path) {
            std::vector<int64_t> labels;
            const std::vector<float> fused = FuseQueries(model, queries, path, labels);
            return EvaluateRetrieval(fused, labels, gallery.rows, galleryLabels, gallery.dim);
        };
        std::vector<FeatureTensor> unsplitEmbeddings; // each query image's, once
        Path unsplit;
        unsplit.unsplit = &unsplitEmbeddings;
        const RetrievalScores scores = evaluate(unsplit);
        std::ostringstream csv;
        if (splits)
        {
            auto row = [&csv](const std::string& split,
                              const std::string& name,
                              const std::string& format,
                              double bytes,
                              double difference,
                              const RetrievalScores& s) {
                csv << split << ',' << name << ',' << format << ',' << ShortestText(bytes) << ','
                    << ShortestText(difference) << ',' << Percent(s.recallAt1) << ','
                    << Percent(s.recallAt5) << ',' << Percent(s.recallAt10) << ','
                    << Percent(s.recallAtTop1) << ',' << Percent(s.meanAp) << '\n';
            };
            csv << "split,name,format,bytes_per_image,max_embedding_difference,recall_at_1,"
                   "recall_at_5,recall_at_10,recall_at_top1,ap\n";
            row("none", "unsplit", "-", 0, 0, scores);
            for (uint32_t point = 0; point < model->GetNSplitPoints(); ++point)
            {
                for (const auto codec : {FeatureCodec::Codec::FP32,
                                         FeatureCodec::Codec::FP16,
                                         FeatureCodec::Codec::INT8})
                {
                    for (const bool compress : {false, true})
                    {
                        Path path;
                        path.unsplit = &unsplitEmbeddings;
                        path.split = true;
                        path.point = point;
                        path.format = {codec, compress};
                        const RetrievalScores s = evaluate(path);
                        row(std::to_string(point),
                            model->GetSplitPointName(point),
                            FeatureCodec::GetFormatName(path.format),
                            static_cast<double>(path.bytes) / static_cast<double>(path.images),
                            path.maxDifference,
                            s);
                    }
                }
            }
            std::cout << csv.str() << std::flush;
            return 0;
        }
        csv << "locations,queries,unmatched,gallery,drone_images,street_images,recall_at_1,"
               "recall_at_5,recall_at_10,recall_at_top1,top1_rank,ap\n"
            << source->GetNLocations() << ',' << scores.queries << ',' << scores.unmatched << ','
            << scores.gallery << ',' << droneImages << ',' << streetImages << ','
            << Percent(scores.recallAt1) << ',' << Percent(scores.recallAt5) << ','
            << Percent(scores.recallAt10) << ',' << Percent(scores.recallAtTop1) << ','
            << scores.topOneK << ',' << Percent(scores.meanAp) << '\n';
        std::cout << csv.str() << std::flush;
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-retrieval-eval: error: " << e.what() << std::endl;
        return 2;
    }
}
