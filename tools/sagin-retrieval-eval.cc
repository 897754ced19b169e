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

/**
 * @param model the model
 * @param source the images
 * @param location a location
 * @param view a kind of view
 * @param count how many of its first views
 * @param[in,out] embeddings where to append their L2-normalised embeddings
 */
void
Embed(Ptr<SplitModel> model,
      Ptr<ImageSource> source,
      uint32_t location,
      ImageSource::View view,
      uint32_t count,
      Embeddings& embeddings)
{
    for (uint32_t index = 0; index < count; ++index)
    {
        const FeatureTensor embedding = model->Forward(source->GetImage(location, view, index));
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
        std::vector<float> queries;
        std::vector<int64_t> queryLabels;
        uint32_t droneImages = 0;
        uint32_t streetImages = 0;
        for (uint32_t location = 0; location < source->GetNLocations(); ++location)
        {
            const uint32_t nSatellite = source->GetNViews(location, ImageSource::SATELLITE);
            Embed(model, source, location, ImageSource::SATELLITE, nSatellite, gallery);
            galleryLabels.insert(galleryLabels.end(), nSatellite, location);
            const uint32_t nDrone =
                std::min(droneViews, source->GetNViews(location, ImageSource::DRONE));
            const uint32_t nStreet =
                std::min(streetViews, source->GetNViews(location, ImageSource::STREET));
            if (nDrone + nStreet == 0)
            {
                continue; // nothing to ask with
            }
            Embeddings drone;
            Embeddings street;
            Embed(model, source, location, ImageSource::DRONE, nDrone, drone);
            Embed(model, source, location, ImageSource::STREET, nStreet, street);
            const uint32_t dim = std::max(drone.dim, street.dim);
            const auto fused = FuseViews(street.rows, nStreet, drone.rows, nDrone, dim);
            queries.insert(queries.end(), fused.begin(), fused.end());
            queryLabels.push_back(location);
            droneImages += nDrone;
            streetImages += nStreet;
        }
        if (queryLabels.empty() || galleryLabels.empty())
        {
            throw std::runtime_error("the source has " + std::to_string(galleryLabels.size()) +
                                     " satellite images and " + std::to_string(queryLabels.size()) +
                                     " locations with drone or street images: nothing to rank");
        }
        const RetrievalScores scores =
            EvaluateRetrieval(queries, queryLabels, gallery.rows, galleryLabels, gallery.dim);
        std::ostringstream csv;
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
