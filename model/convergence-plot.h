// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_CONVERGENCE_PLOT_H
#define SAGIN_CONVERGENCE_PLOT_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief A line chart of series over steps, each with a translucent band (e.g. a mean and its
 *        95 % confidence interval), rasterised to RGB and written as PNG.
 *
 * Value i of a series is drawn at x = i. The axes span every value of every series and band
 * and every reference line, widened by 5 % and rounded to their ticks (1, 2 or 5 times a power
 * of ten). Bands are drawn first, each pixel of a series' band blended once with the series'
 * colour at BAND_OPACITY over what is below; then the reference lines (dashed grey), the
 * series' lines (2 pixels wide, opaque), the axes with ticks and tick labels, the title, the
 * axis labels and a legend with a colour swatch per series in the upper right corner. Text uses
 * the stb_easy_font bitmap font at twice its size. NaN values leave gaps.
 */
class ConvergencePlot
{
  public:
    /// An RGB colour.
    struct Colour
    {
        uint8_t red{0};   //!< red, 0..255
        uint8_t green{0}; //!< green, 0..255
        uint8_t blue{0};  //!< blue, 0..255
    };

    /// Opacity of the bands, 0..1.
    static constexpr double BAND_OPACITY = 0.25;

    /**
     * @param widthPx image width, in pixels, 200..8192
     * @param heightPx image height, in pixels, 150..8192
     * @throws std::invalid_argument for a size out of range
     */
    ConvergencePlot(uint32_t widthPx = 960, uint32_t heightPx = 600);

    /// @param title the title above the chart
    void SetTitle(const std::string& title);
    /// @param label the label of the x axis
    void SetXLabel(const std::string& label);
    /// @param label the label of the y axis (written above it)
    void SetYLabel(const std::string& label);

    /**
     * @brief Add a series in the next palette colour (GetPaletteColour()).
     * @param name its legend entry
     * @param values its values, one per step
     * @param lower the lower edge of its band (empty: no band)
     * @param upper the upper edge of its band (empty: no band)
     * @throws std::invalid_argument when the band's size differs from the values'
     */
    void AddSeries(const std::string& name,
                   const std::vector<double>& values,
                   const std::vector<double>& lower = {},
                   const std::vector<double>& upper = {});

    /**
     * @brief Add a series in a given colour.
     * @param name its legend entry
     * @param values its values, one per step
     * @param lower the lower edge of its band (empty: no band)
     * @param upper the upper edge of its band (empty: no band)
     * @param colour its colour
     * @throws std::invalid_argument when the band's size differs from the values'
     */
    void AddSeries(const std::string& name,
                   const std::vector<double>& values,
                   const std::vector<double>& lower,
                   const std::vector<double>& upper,
                   Colour colour);

    /**
     * @brief Add a horizontal dashed reference line (e.g. the optimum), named in the legend.
     * @param name its legend entry
     * @param value its y value
     */
    void AddReference(const std::string& name, double value);

    /// @return the image width, in pixels
    uint32_t GetWidth() const;
    /// @return the image height, in pixels
    uint32_t GetHeight() const;

    /**
     * @param x an x value (a step)
     * @return its pixel column (the series added so far set the axes), before rounding
     */
    double GetXPixel(double x) const;

    /**
     * @param y a y value
     * @return its pixel row (the series added so far set the axes), before rounding
     */
    double GetYPixel(double y) const;

    /**
     * @return the image, rows from the top, 3 bytes (RGB) per pixel: width·height·3 bytes
     */
    std::vector<uint8_t> Render() const;

    /**
     * @brief Render and write the image as PNG.
     * @param path the file
     * @throws std::runtime_error when it cannot be written (naming it)
     */
    void WritePng(const std::string& path) const;

    /**
     * @param index a series index
     * @return the palette's colour for it (10 colours, repeating)
     */
    static Colour GetPaletteColour(uint32_t index);

  private:
    /// One series.
    struct Series
    {
        std::string name;           //!< legend entry
        std::vector<double> values; //!< values per step
        std::vector<double> lower;  //!< band's lower edge (empty: none)
        std::vector<double> upper;  //!< band's upper edge (empty: none)
        Colour colour;              //!< colour
    };

    /// One reference line.
    struct Reference
    {
        std::string name; //!< legend entry
        double value;     //!< y value
    };

    /// The axes' ranges and ticks.
    struct Axes
    {
        double xMin{0};  //!< least x
        double xMax{1};  //!< greatest x
        double xTick{1}; //!< x tick spacing
        double yMin{0};  //!< least y
        double yMax{1};  //!< greatest y
        double yTick{1}; //!< y tick spacing
    };

    /// @return the axes for the series and references so far
    Axes ComputeAxes() const;

    uint32_t m_widthPx;                  //!< image width, pixels
    uint32_t m_heightPx;                 //!< image height, pixels
    std::string m_title;                 //!< title
    std::string m_xLabel;                //!< x axis label
    std::string m_yLabel;                //!< y axis label
    std::vector<Series> m_series;        //!< the series
    std::vector<Reference> m_references; //!< reference lines
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CONVERGENCE_PLOT_H
