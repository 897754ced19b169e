// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * The split profile of a split model: per split point, the shape and size of the features the
 * device sends and the multiply-accumulates of the head (device) and the tail (edge server),
 * measured by running the model once on one image.
 *
 * Prints CSV on standard output with the header
 * `split,name,shape,elements,bytes_fp32,head_gmac,tail_gmac` and one row per split point: its
 * index and name, the shape of one image's features (e.g. `64x192x192`), their elements and
 * bytes as float32, and the head's and tail's multiply-accumulates in units of 10^9, each number
 * in the shortest form that reads back as the same double.
 *
 * Options:
 *  - `--model=NAME`: the model (default resnet50-usam):
 *    - `resnet50-usam`: ResNet50UsamModel, ResNet-50 with two USAM blocks;
 *    - `glqinet`: GlqiNetModel, GLQINet on ConvNeXt-Tiny (input at least 128);
 *    - `FILE.pt`: TorchScriptModel, a TorchScript archive split at its top-level children.
 *  - `--input=SIZE`: the side of the square input image, in pixels, [1, 2048] (default 384).
 *  - any ns-3 attribute default of the model, e.g.
 *    `--ns3::sagin::ResNet50UsamModel::FlipAndSum=true`.
 *
 * Bad options (an unknown model, a size out of range) print `sagin-split-profile: error:
 * MESSAGE` on standard error and exit with status 2.
 *
 * Run it with `./sagin exec sagin-split-profile --model=resnet50-usam --input=384`.
 */

#include "ns3/command-line.h"
#include "ns3/core-module.h"
#include "ns3/sagin-module.h"

#include <charconv>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/// Largest input side, in pixels.
constexpr uint32_t MAX_INPUT_SIZE = 2048;

/**
 * @param shape sizes of dimensions
 * @return them joined with 'x', e.g. "64x192x192"
 */
std::string
ShapeText(const std::vector<int64_t>& shape)
{
    std::string text;
    for (int64_t size : shape)
    {
        text += (text.empty() ? "" : "x") + std::to_string(size);
    }
    return text;
}

} // namespace

int
main(int argc, char* argv[])
{
    try
    {
        std::string modelName = "resnet50-usam";
        uint32_t inputSize = 384;
        CommandLine cmd(__FILE__);
        cmd.Usage("The split profile of a split model, as CSV on standard output.");
        ProgramOptions options(cmd);
        options.Add("model",
                    "the model: resnet50-usam, glqinet or a TorchScript FILE.pt",
                    modelName,
                    MakeStringChecker());
        options.Add("input",
                    "side of the square input image, in pixels",
                    inputSize,
                    MakeUintegerChecker<uint32_t>(1, MAX_INPUT_SIZE));
        options.Check(argc, argv);
        cmd.Parse(argc, argv);

        Ptr<SplitModel> model;
        try
        {
            model = SplitModel::CreateByName(modelName, inputSize);
        }
        catch (const std::invalid_argument& e)
        {
            throw std::invalid_argument(std::string("--model: ") + e.what());
        }
        std::ostringstream csv;
        csv << "split,name,shape,elements,bytes_fp32,head_gmac,tail_gmac\n";
        for (const auto& point : model->GetProfile(inputSize))
        {
            csv << point.split << ',' << point.name << ',' << ShapeText(point.shape) << ','
                << point.elements << ',' << point.bytesFp32 << ','
                << ShortestText(point.headMacs / 1e9) << ',' << ShortestText(point.tailMacs / 1e9)
                << '\n';
        }
        std::cout << csv.str() << std::flush;
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-split-profile: error: " << e.what() << std::endl;
        return 2;
    }
}
