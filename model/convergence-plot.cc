// SPDX-License-Identifier: GPL-2.0-only

#include "convergence-plot.h"

#include "ns3/log.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>
#include <stb/stb_easy_font.h>
#include <stb/stb_image_write.h>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginConvergencePlot");

namespace
{

/// Margins around the chart, in pixels.
constexpr int LEFT_MARGIN_PX = 110;
constexpr int RIGHT_MARGIN_PX = 24;  //!< right margin
constexpr int TOP_MARGIN_PX = 56;    //!< top margin (title and y label)
constexpr int BOTTOM_MARGIN_PX = 70; //!< bottom margin (tick labels and x label)
constexpr float TEXT_SCALE = 2.0F;   //!< stb_easy_font pixels per font unit
constexpr int TICK_LENGTH_PX = 6;    //!< length of a tick mark
constexpr int TARGET_TICKS = 6;      //!< about how many ticks an axis has

const ConvergencePlot::Colour WHITE{255, 255, 255};  //!< background
const ConvergencePlot::Colour BLACK{0, 0, 0};        //!< axes and text
const ConvergencePlot::Colour GRID{232, 232, 232};   //!< grid lines
const ConvergencePlot::Colour REFERENCE{90, 90, 90}; //!< reference lines
const ConvergencePlot::Colour FRAME{160, 160, 160};  //!< legend frame

/// An RGB raster with clipped drawing.
class Canvas
{
  public:
    Canvas(int width, int height)
        : m_width(width),
          m_height(height),
          m_pixels(static_cast<size_t>(width) * height * 3, 255)
    {
    }

    /// Set a pixel; outside the image nothing happens.
    void Set(int x, int y, ConvergencePlot::Colour c)
    {
        if (x < 0 || y < 0 || x >= m_width || y >= m_height)
        {
            return;
        }
        uint8_t* p = &m_pixels[(static_cast<size_t>(y) * m_width + x) * 3];
        p[0] = c.red;
        p[1] = c.green;
        p[2] = c.blue;
    }

    /// Blend a colour over a pixel with the given opacity.
    void Blend(int x, int y, ConvergencePlot::Colour c, double opacity)
    {
        if (x < 0 || y < 0 || x >= m_width || y >= m_height)
        {
            return;
        }
        uint8_t* p = &m_pixels[(static_cast<size_t>(y) * m_width + x) * 3];
        const uint8_t over[3] = {c.red, c.green, c.blue};
        for (int k = 0; k < 3; ++k)
        {
            p[k] = static_cast<uint8_t>(std::lround(opacity * over[k] + (1 - opacity) * p[k]));
        }
    }

    /// Fill the rectangle [x0, x1) × [y0, y1).
    void Fill(int x0, int y0, int x1, int y1, ConvergencePlot::Colour c)
    {
        for (int y = std::max(y0, 0); y < std::min(y1, m_height); ++y)
        {
            for (int x = std::max(x0, 0); x < std::min(x1, m_width); ++x)
            {
                Set(x, y, c);
            }
        }
    }

    /**
     * Draw text with stb_easy_font at TEXT_SCALE.
     * @param x left edge, pixels
     * @param y top edge, pixels
     * @param text the text (ASCII)
     * @param c its colour
     */
    void Text(double x, double y, const std::string& text, ConvergencePlot::Colour c)
    {
        std::vector<char> chars(text.begin(), text.end());
        chars.push_back('\0');
        std::vector<char> vertices(text.size() * 400 + 1024);
        const int quads = stb_easy_font_print(0,
                                              0,
                                              chars.data(),
                                              nullptr,
                                              vertices.data(),
                                              static_cast<int>(vertices.size()));
        constexpr size_t VERTEX_BYTES = 16; // x, y, z as float, then RGBA
        for (int q = 0; q < quads; ++q)
        {
            float minX = std::numeric_limits<float>::max();
            float minY = minX;
            float maxX = -minX;
            float maxY = -minX;
            for (int v = 0; v < 4; ++v)
            {
                float xy[2];
                std::copy_n(&vertices[(q * 4 + v) * VERTEX_BYTES],
                            sizeof(xy),
                            reinterpret_cast<char*>(xy));
                minX = std::min(minX, xy[0]);
                maxX = std::max(maxX, xy[0]);
                minY = std::min(minY, xy[1]);
                maxY = std::max(maxY, xy[1]);
            }
            Fill(static_cast<int>(std::lround(x + minX * TEXT_SCALE)),
                 static_cast<int>(std::lround(y + minY * TEXT_SCALE)),
                 static_cast<int>(std::lround(x + maxX * TEXT_SCALE)),
                 static_cast<int>(std::lround(y + maxY * TEXT_SCALE)),
                 c);
        }
    }

    /// @return the pixels
    std::vector<uint8_t> Take()
    {
        return std::move(m_pixels);
    }

  private:
    int m_width;                   //!< width, pixels
    int m_height;                  //!< height, pixels
    std::vector<uint8_t> m_pixels; //!< RGB rows
};

/// @return the width of a text at TEXT_SCALE, in pixels
double
TextWidth(const std::string& text)
{
    std::vector<char> chars(text.begin(), text.end());
    chars.push_back('\0');
    return stb_easy_font_width(chars.data()) * TEXT_SCALE;
}

/// Height of a line of text at TEXT_SCALE, in pixels.
constexpr double TEXT_HEIGHT_PX = 7 * TEXT_SCALE;

/**
 * @param span a range's width (> 0)
 * @return a tick spacing of 1, 2 or 5 times a power of ten giving about TARGET_TICKS ticks
 */
double
TickSpacing(double span)
{
    const double raw = span / TARGET_TICKS;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double normalised = raw / magnitude;
    const double factor = normalised < 1.5 ? 1 : normalised < 3.5 ? 2 : normalised < 7.5 ? 5 : 10;
    return factor * magnitude;
}

/**
 * @param value a tick value
 * @param spacing the tick spacing
 * @return its label, with as many decimals as the spacing needs
 */
std::string
TickLabel(double value, double spacing)
{
    const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(spacing) + 1e-9)));
    if (std::abs(value) < spacing * 1e-6)
    {
        value = 0; // no "-0"
    }
    char text[64];
    std::snprintf(text, sizeof(text), "%.*f", decimals, value);
    return text;
}

} // namespace

ConvergencePlot::ConvergencePlot(uint32_t widthPx, uint32_t heightPx)
    : m_widthPx(widthPx),
      m_heightPx(heightPx)
{
    NS_LOG_FUNCTION(this << widthPx << heightPx);
    if (widthPx < 200 || widthPx > 8192 || heightPx < 150 || heightPx > 8192)
    {
        throw std::invalid_argument("ConvergencePlot: the image must be 200..8192 by 150..8192 "
                                    "pixels, not " +
                                    std::to_string(widthPx) + "x" + std::to_string(heightPx));
    }
}

void
ConvergencePlot::SetTitle(const std::string& title)
{
    m_title = title;
}

void
ConvergencePlot::SetXLabel(const std::string& label)
{
    m_xLabel = label;
}

void
ConvergencePlot::SetYLabel(const std::string& label)
{
    m_yLabel = label;
}

void
ConvergencePlot::AddSeries(const std::string& name,
                           const std::vector<double>& values,
                           const std::vector<double>& lower,
                           const std::vector<double>& upper)
{
    AddSeries(name, values, lower, upper, GetPaletteColour(static_cast<uint32_t>(m_series.size())));
}

void
ConvergencePlot::AddSeries(const std::string& name,
                           const std::vector<double>& values,
                           const std::vector<double>& lower,
                           const std::vector<double>& upper,
                           Colour colour)
{
    NS_LOG_FUNCTION(this << name << values.size());
    const bool band = !lower.empty() || !upper.empty();
    if (band && (lower.size() != values.size() || upper.size() != values.size()))
    {
        throw std::invalid_argument("ConvergencePlot: series '" + name + "' has " +
                                    std::to_string(values.size()) + " values but a band of " +
                                    std::to_string(lower.size()) + " and " +
                                    std::to_string(upper.size()));
    }
    m_series.push_back(Series{name, values, lower, upper, colour});
}

void
ConvergencePlot::AddReference(const std::string& name, double value)
{
    m_references.push_back(Reference{name, value});
}

uint32_t
ConvergencePlot::GetWidth() const
{
    return m_widthPx;
}

uint32_t
ConvergencePlot::GetHeight() const
{
    return m_heightPx;
}

ConvergencePlot::Colour
ConvergencePlot::GetPaletteColour(uint32_t index)
{
    static const Colour PALETTE[] = {{31, 119, 180},
                                     {255, 127, 14},
                                     {44, 160, 44},
                                     {214, 39, 40},
                                     {148, 103, 189},
                                     {140, 86, 75},
                                     {227, 119, 194},
                                     {127, 127, 127},
                                     {188, 189, 34},
                                     {23, 190, 207}};
    return PALETTE[index % (sizeof(PALETTE) / sizeof(PALETTE[0]))];
}

ConvergencePlot::Axes
ConvergencePlot::ComputeAxes() const
{
    Axes axes;
    size_t points = 0;
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    const auto include = [&](const std::vector<double>& values) {
        for (double v : values)
        {
            if (std::isfinite(v))
            {
                low = std::min(low, v);
                high = std::max(high, v);
            }
        }
    };
    for (const auto& series : m_series)
    {
        points = std::max(points, series.values.size());
        include(series.values);
        include(series.lower);
        include(series.upper);
    }
    for (const auto& reference : m_references)
    {
        include({reference.value});
    }
    if (!(low <= high))
    {
        low = 0;
        high = 1;
    }
    const double pad = high > low ? 0.05 * (high - low) : std::max(0.05 * std::abs(high), 0.5);
    axes.yTick = TickSpacing(high - low + 2 * pad);
    axes.yMin = std::floor((low - pad) / axes.yTick) * axes.yTick;
    axes.yMax = std::ceil((high + pad) / axes.yTick) * axes.yTick;
    const double lastX = points > 1 ? static_cast<double>(points - 1) : 1.0;
    axes.xTick = TickSpacing(lastX);
    axes.xMin = 0;
    axes.xMax = std::ceil(lastX / axes.xTick) * axes.xTick;
    return axes;
}

double
ConvergencePlot::GetXPixel(double x) const
{
    const Axes axes = ComputeAxes();
    const double left = LEFT_MARGIN_PX;
    const double right = static_cast<double>(m_widthPx) - 1 - RIGHT_MARGIN_PX;
    return left + (x - axes.xMin) / (axes.xMax - axes.xMin) * (right - left);
}

double
ConvergencePlot::GetYPixel(double y) const
{
    const Axes axes = ComputeAxes();
    const double top = TOP_MARGIN_PX;
    const double bottom = static_cast<double>(m_heightPx) - 1 - BOTTOM_MARGIN_PX;
    return bottom - (y - axes.yMin) / (axes.yMax - axes.yMin) * (bottom - top);
}

std::vector<uint8_t>
ConvergencePlot::Render() const
{
    NS_LOG_FUNCTION(this);
    const Axes axes = ComputeAxes();
    const int width = static_cast<int>(m_widthPx);
    const int height = static_cast<int>(m_heightPx);
    const int left = LEFT_MARGIN_PX;
    const int right = width - 1 - RIGHT_MARGIN_PX;
    const int top = TOP_MARGIN_PX;
    const int bottom = height - 1 - BOTTOM_MARGIN_PX;
    const auto xPixel = [&](double x) {
        return left + (x - axes.xMin) / (axes.xMax - axes.xMin) * (right - left);
    };
    const auto yPixel = [&](double y) {
        return bottom - (y - axes.yMin) / (axes.yMax - axes.yMin) * (bottom - top);
    };
    const auto inPlot = [&](int x, int y) {
        return x >= left && x <= right && y >= top && y <= bottom;
    };
    Canvas canvas(width, height);
    const int xTicks = static_cast<int>(std::lround((axes.xMax - axes.xMin) / axes.xTick));
    const int yTicks = static_cast<int>(std::lround((axes.yMax - axes.yMin) / axes.yTick));

    // Grid.
    for (int i = 0; i <= xTicks; ++i)
    {
        const int x = static_cast<int>(std::lround(xPixel(axes.xMin + i * axes.xTick)));
        canvas.Fill(x, top, x + 1, bottom + 1, GRID);
    }
    for (int i = 0; i <= yTicks; ++i)
    {
        const int y = static_cast<int>(std::lround(yPixel(axes.yMin + i * axes.yTick)));
        canvas.Fill(left, y, right + 1, y + 1, GRID);
    }

    // Bands: per pixel column, the band's extent over the steps the column covers.
    const double stepsPerColumn = (axes.xMax - axes.xMin) / (right - left);
    for (const auto& series : m_series)
    {
        if (series.lower.empty())
        {
            continue;
        }
        const auto n = static_cast<int64_t>(series.values.size());
        for (int px = left; px <= right; ++px)
        {
            const double x = axes.xMin + (px - left) * stepsPerColumn;
            const auto first =
                std::max<int64_t>(0,
                                  static_cast<int64_t>(std::ceil(x - stepsPerColumn / 2 - 1e-9)));
            const auto last =
                std::min<int64_t>(n - 1,
                                  static_cast<int64_t>(std::floor(x + stepsPerColumn / 2 + 1e-9)));
            double low = std::numeric_limits<double>::infinity();
            double high = -low;
            if (first > last && x <= n - 1)
            {
                // Between two steps: the band interpolated linearly.
                const auto i = static_cast<size_t>(std::floor(x));
                const double f = x - i;
                const size_t j = std::min(i + 1, series.values.size() - 1);
                low = series.lower[i] + f * (series.lower[j] - series.lower[i]);
                high = series.upper[i] + f * (series.upper[j] - series.upper[i]);
            }
            for (int64_t i = first; i <= last; ++i)
            {
                if (std::isfinite(series.lower[i]) && std::isfinite(series.upper[i]))
                {
                    low = std::min(low, series.lower[i]);
                    high = std::max(high, series.upper[i]);
                }
            }
            if (!(std::isfinite(low) && std::isfinite(high)))
            {
                continue;
            }
            const int y0 = std::max(top, static_cast<int>(std::lround(yPixel(high))));
            const int y1 = std::min(bottom, static_cast<int>(std::lround(yPixel(low))));
            for (int y = y0; y <= y1; ++y)
            {
                canvas.Blend(px, y, series.colour, BAND_OPACITY);
            }
        }
    }

    // Reference lines, dashed.
    for (const auto& reference : m_references)
    {
        const int y = static_cast<int>(std::lround(yPixel(reference.value)));
        for (int x = left; x <= right; ++x)
        {
            if ((x - left) % 12 < 7 && inPlot(x, y))
            {
                canvas.Set(x, y, REFERENCE);
                canvas.Set(x, y + 1, REFERENCE);
            }
        }
    }

    // Lines, 2 pixels wide: a 2×2 brush stepped along each segment.
    for (const auto& series : m_series)
    {
        const auto plot = [&](double x, double y) {
            const int px = static_cast<int>(std::lround(x));
            const int py = static_cast<int>(std::lround(y));
            for (int dy = 0; dy < 2; ++dy)
            {
                for (int dx = 0; dx < 2; ++dx)
                {
                    if (inPlot(px + dx, py + dy))
                    {
                        canvas.Set(px + dx, py + dy, series.colour);
                    }
                }
            }
        };
        for (size_t i = 0; i < series.values.size(); ++i)
        {
            const double y0 = series.values[i];
            if (!std::isfinite(y0))
            {
                continue;
            }
            const double ax = xPixel(static_cast<double>(i));
            const double ay = yPixel(y0);
            plot(ax, ay);
            if (i + 1 >= series.values.size() || !std::isfinite(series.values[i + 1]))
            {
                continue;
            }
            const double bx = xPixel(static_cast<double>(i + 1));
            const double by = yPixel(series.values[i + 1]);
            const int n =
                static_cast<int>(std::ceil(std::max(std::abs(bx - ax), std::abs(by - ay))));
            for (int k = 1; k <= n; ++k)
            {
                const double t = static_cast<double>(k) / n;
                plot(ax + t * (bx - ax), ay + t * (by - ay));
            }
        }
    }

    // Axes, ticks and their labels.
    canvas.Fill(left - 1, top, left + 1, bottom + 2, BLACK);
    canvas.Fill(left - 1, bottom, right + 1, bottom + 2, BLACK);
    for (int i = 0; i <= xTicks; ++i)
    {
        const double value = axes.xMin + i * axes.xTick;
        const int x = static_cast<int>(std::lround(xPixel(value)));
        canvas.Fill(x, bottom + 2, x + 2, bottom + 2 + TICK_LENGTH_PX, BLACK);
        const std::string label = TickLabel(value, axes.xTick);
        canvas.Text(x - TextWidth(label) / 2, bottom + 4 + TICK_LENGTH_PX, label, BLACK);
    }
    for (int i = 0; i <= yTicks; ++i)
    {
        const double value = axes.yMin + i * axes.yTick;
        const int y = static_cast<int>(std::lround(yPixel(value)));
        canvas.Fill(left - 1 - TICK_LENGTH_PX, y, left - 1, y + 2, BLACK);
        const std::string label = TickLabel(value, axes.yTick);
        canvas.Text(left - 4 - TICK_LENGTH_PX - TextWidth(label),
                    y - TEXT_HEIGHT_PX / 2,
                    label,
                    BLACK);
    }

    // Title and axis labels.
    canvas.Text((width - TextWidth(m_title)) / 2, 8, m_title, BLACK);
    canvas.Text(8, top - TEXT_HEIGHT_PX - 10, m_yLabel, BLACK);
    canvas.Text((left + right - TextWidth(m_xLabel)) / 2,
                height - TEXT_HEIGHT_PX - 10,
                m_xLabel,
                BLACK);

    // Legend: a framed box in the upper right corner of the chart.
    std::vector<std::pair<std::string, const Colour*>> entries;
    for (const auto& series : m_series)
    {
        entries.emplace_back(series.name, &series.colour);
    }
    for (const auto& reference : m_references)
    {
        entries.emplace_back(reference.name, nullptr);
    }
    if (!entries.empty())
    {
        constexpr int SWATCH_PX = 14;
        constexpr int ROW_PX = 22;
        constexpr int PAD_PX = 8;
        double textWidth = 0;
        for (const auto& entry : entries)
        {
            textWidth = std::max(textWidth, TextWidth(entry.first));
        }
        const int boxWidth = static_cast<int>(std::ceil(textWidth)) + SWATCH_PX + 3 * PAD_PX;
        const int boxHeight = static_cast<int>(entries.size()) * ROW_PX + PAD_PX;
        const int x0 = right - 8 - boxWidth;
        const int y0 = top + 8;
        canvas.Fill(x0 - 1, y0 - 1, x0 + boxWidth + 1, y0 + boxHeight + 1, FRAME);
        canvas.Fill(x0, y0, x0 + boxWidth, y0 + boxHeight, WHITE);
        for (size_t k = 0; k < entries.size(); ++k)
        {
            const int rowY = y0 + PAD_PX + static_cast<int>(k) * ROW_PX;
            if (entries[k].second)
            {
                canvas.Fill(x0 + PAD_PX,
                            rowY,
                            x0 + PAD_PX + SWATCH_PX,
                            rowY + SWATCH_PX,
                            *entries[k].second);
            }
            else
            {
                canvas.Fill(x0 + PAD_PX, rowY + 6, x0 + PAD_PX + 5, rowY + 8, REFERENCE);
                canvas.Fill(x0 + PAD_PX + 9,
                            rowY + 6,
                            x0 + PAD_PX + SWATCH_PX,
                            rowY + 8,
                            REFERENCE);
            }
            canvas.Text(x0 + 2 * PAD_PX + SWATCH_PX, rowY, entries[k].first, BLACK);
        }
    }
    return canvas.Take();
}

void
ConvergencePlot::WritePng(const std::string& path) const
{
    NS_LOG_FUNCTION(this << path);
    const std::vector<uint8_t> pixels = Render();
    const int width = static_cast<int>(m_widthPx);
    if (!stbi_write_png(path.c_str(),
                        width,
                        static_cast<int>(m_heightPx),
                        3,
                        pixels.data(),
                        width * 3))
    {
        throw std::runtime_error("ConvergencePlot: cannot write the PNG file '" + path + "'");
    }
}

} // namespace sagin
} // namespace ns3
