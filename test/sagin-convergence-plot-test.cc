// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-test-utils.h"

#include "ns3/sagin-module.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::test::InvalidArgumentMessage;

namespace
{

/// An RGB pixel of a rendered image.
struct Pixel
{
    int red;   //!< red
    int green; //!< green
    int blue;  //!< blue

    bool operator==(const Pixel& other) const
    {
        return red == other.red && green == other.green && blue == other.blue;
    }
};

/**
 * @param image RGB rows
 * @param width image width
 * @param x column
 * @param y row
 * @return the pixel
 */
Pixel
At(const std::vector<uint8_t>& image, uint32_t width, long x, long y)
{
    const size_t i = (static_cast<size_t>(y) * width + x) * 3;
    return Pixel{image[i], image[i + 1], image[i + 2]};
}

/// Prints a pixel in failure messages.
std::ostream&
operator<<(std::ostream& out, const Pixel& p)
{
    return out << "(" << p.red << ", " << p.green << ", " << p.blue << ")";
}

/**
 * @return a 400×300 plot of one series at 1 over steps 0..10 with the band [0, 2], in
 *         colour (200, 10, 30)
 */
ConvergencePlot
FlatPlot()
{
    ConvergencePlot plot(400, 300);
    plot.AddSeries("a",
                   std::vector<double>(11, 1.0),
                   std::vector<double>(11, 0.0),
                   std::vector<double>(11, 2.0),
                   ConvergencePlot::Colour{200, 10, 30});
    return plot;
}

} // namespace

TEST(ConvergencePlot, AxesFromTheData)
{
    // Chart area: columns 110 .. 400 − 1 − 24 = 375, rows 56 .. 300 − 1 − 70 = 229.
    // x: steps 0..10; about 6 ticks: 10/6 = 1.67 → spacing 2, axis 0..10.
    // y: values 0..2 padded by 5 % of 2 → −0.1..2.1; 2.2/6 = 0.367 → spacing 0.5, axis −0.5..2.5.
    const ConvergencePlot plot = FlatPlot();
    EXPECT_DOUBLE_EQ(plot.GetXPixel(0), 110.0);
    EXPECT_DOUBLE_EQ(plot.GetXPixel(10), 375.0);
    EXPECT_DOUBLE_EQ(plot.GetXPixel(5), 242.5); // 110 + 5/10·265
    EXPECT_DOUBLE_EQ(plot.GetYPixel(2.5), 56.0);
    EXPECT_DOUBLE_EQ(plot.GetYPixel(-0.5), 229.0);
    EXPECT_DOUBLE_EQ(plot.GetYPixel(1.0), 142.5); // 229 − 1.5/3·173
}

TEST(ConvergencePlot, LineBandAndBackground)
{
    const ConvergencePlot plot = FlatPlot();
    const auto image = plot.Render();
    ASSERT_EQ(image.size(), 400u * 300u * 3u);
    // The line at y = 1 crosses column round(242.5) = 243 at row round(142.5) = 143 (its 2×2
    // brush covers rows 143 and 144): the series' colour, opaque.
    EXPECT_EQ(At(image, 400, 243, 143), (Pixel{200, 10, 30}));
    EXPECT_EQ(At(image, 400, 243, 144), (Pixel{200, 10, 30}));
    // Inside the band, off the line and grid: y = 0.4 → row 229 − 0.9/3·173 = 177.1 → 177.
    // The colour at opacity 0.25 over white: round(0.25·c + 0.75·255) = (241, 194, 199)
    // (50 + 191.25, 2.5 + 191.25, 7.5 + 191.25).
    EXPECT_EQ(At(image, 400, 243, static_cast<long>(std::lround(plot.GetYPixel(0.4)))),
              (Pixel{241, 194, 199}));
    // Above the band (y = 2.3 → row 229 − 2.8/3·173 = 67.5 → 68, no grid line there: the
    // y = 2 line is at row 84.8 → 85): white.
    EXPECT_EQ(At(image, 400, 243, 68), (Pixel{255, 255, 255}));
    // The x axis is black from row 229 on. The grid line of y = 2 (light grey, 232) is at the
    // band's upper edge (row 85, included): the band blends over it, round(0.25·c + 0.75·232)
    // = (224, 177, 182) (50 + 174, 2.5 + 174 = 176.5 → 177, 7.5 + 174 = 181.5 → 182); the
    // grid line of y = 2.5 (row 56) is above the band: plain grey.
    EXPECT_EQ(At(image, 400, 243, 229), (Pixel{0, 0, 0}));
    EXPECT_EQ(At(image, 400, 200, 85), (Pixel{224, 177, 182}));
    EXPECT_EQ(At(image, 400, 200, 56), (Pixel{232, 232, 232}));
}

TEST(ConvergencePlot, PaletteColourAndLegendSwatch)
{
    // Without a colour the first series takes palette colour 0, also in its legend swatch.
    ConvergencePlot plot(400, 300);
    plot.AddSeries("a", std::vector<double>(11, 1.0));
    const auto image = plot.Render();
    const auto c = ConvergencePlot::GetPaletteColour(0);
    const Pixel colour{c.red, c.green, c.blue};
    EXPECT_EQ(At(image, 400, 243, 143), colour); // as in LineBandAndBackground
    // Legend: "a" is 1 character, stb_easy_font width w·2 pixels; box width = ceil(2w) + 14 +
    // 24, at x0 = 375 − 8 − width, y0 = 56 + 8; the swatch spans x0 + 8 .. x0 + 22 and rows
    // y0 + 8 .. y0 + 22: its centre (x0 + 15, 79) is the colour. The last pixel of the box's
    // right edge is column 375 − 8 − 1 = 366 whatever the text width: the swatch's centre is
    // found by scanning row 79 leftwards from it for the colour.
    bool found = false;
    for (long x = 366; x > 250 && !found; --x)
    {
        found = At(image, 400, x, 79) == colour;
    }
    EXPECT_TRUE(found);
    EXPECT_EQ(ConvergencePlot::GetPaletteColour(10).red, c.red); // 10 colours, repeating
}

TEST(ConvergencePlot, PngFileHasTheImageSize)
{
    // PNG: 8-byte signature, then the IHDR chunk (length, "IHDR", width, height big-endian,
    // bit depth 8, colour type 2 = RGB).
    ConvergencePlot plot(320, 240);
    plot.AddSeries("a", {1, 2, 3});
    test::TempFile file("plot.png", "");
    plot.WritePng(file.Path());
    const std::string png = test::ReadFile(file.Path());
    ASSERT_GT(png.size(), 33u);
    EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(png.substr(12, 4), "IHDR");
    const auto u32 = [&](size_t at) {
        return (static_cast<uint32_t>(static_cast<uint8_t>(png[at])) << 24) |
               (static_cast<uint32_t>(static_cast<uint8_t>(png[at + 1])) << 16) |
               (static_cast<uint32_t>(static_cast<uint8_t>(png[at + 2])) << 8) |
               static_cast<uint8_t>(png[at + 3]);
    };
    EXPECT_EQ(u32(16), 320u);
    EXPECT_EQ(u32(20), 240u);
    EXPECT_EQ(static_cast<int>(png[24]), 8);
    EXPECT_EQ(static_cast<int>(png[25]), 2);
}

TEST(ConvergencePlot, RefusesBadInput)
{
    EXPECT_NE(InvalidArgumentMessage([] { ConvergencePlot(100, 300); }).find("200..8192"),
              std::string::npos);
    ConvergencePlot plot;
    EXPECT_NE(InvalidArgumentMessage([&] {
                  plot.AddSeries("b", {1, 2}, {0}, {3, 4});
              }).find("series 'b' has 2 values"),
              std::string::npos);
    EXPECT_NE(test::RuntimeErrorMessage([&] {
                  plot.WritePng("/nonexistent/dir/x.png");
              }).find("'/nonexistent/dir/x.png'"),
              std::string::npos);
}

TEST(ConvergenceTable, StepsToOptimumAndBand)
{
    ConvergenceTable table("test", 2, 4);
    table.AddAlgorithm("x");
    table.SetOptimum(0, 1.0);
    table.SetOptimum(1, 1.0);
    // Seed 0: greedy effects 5, 1, 1, 1 → within 1e-6 of 1 from step 1 to the end.
    // Seed 1: 1, 1, 3, 1 + 2e-6 → the last step is off: −1.
    const double greedy[2][4] = {{5, 1, 1, 1}, {1, 1, 3, 1 + 2e-6}};
    for (uint32_t seed = 0; seed < 2; ++seed)
    {
        for (uint32_t step = 0; step < 4; ++step)
        {
            table.Set("x", seed, step, 10.0 + step, greedy[seed][step]);
        }
    }
    EXPECT_EQ(table.GetStepsToOptimum("x", 0), 1);
    EXPECT_EQ(table.GetStepsToOptimum("x", 1), -1);
    EXPECT_EQ(table.GetStepsToOptimum("x", 1, 1e-5), 3); // 2e-6 is within 1e-5
    EXPECT_DOUBLE_EQ(table.GetFinalEffect("x", 0), 1.0);
    EXPECT_DOUBLE_EQ(table.GetEffect("x", 1, 2), 12.0);
    std::vector<double> mean;
    std::vector<double> lower;
    std::vector<double> upper;
    table.GetGreedyBand("x", mean, lower, upper);
    // Step 2: values 1 and 3: mean 2, sample sd √((1 + 1)/1) = √2, half width
    // 1.96·√2/√2 = 1.96.
    EXPECT_DOUBLE_EQ(mean[2], 2.0);
    EXPECT_NEAR(lower[2], 0.04, 1e-12);
    EXPECT_NEAR(upper[2], 3.96, 1e-12);
    // Step 1: both 1: no spread.
    EXPECT_DOUBLE_EQ(lower[1], 1.0);
    EXPECT_DOUBLE_EQ(upper[1], 1.0);
    EXPECT_THROW(table.Set("y", 0, 0, 1, 1), std::out_of_range);
    EXPECT_THROW(table.Set("x", 2, 0, 1, 1), std::out_of_range);
    EXPECT_THROW(table.AddAlgorithm("x"), std::invalid_argument);
    EXPECT_THROW(ConvergenceTable("t", 0, 1), std::invalid_argument);
}
