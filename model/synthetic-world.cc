// SPDX-License-Identifier: GPL-2.0-only

#include "synthetic-world.h"

#include "feature-tensor-impl.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginSyntheticWorld");

NS_OBJECT_ENSURE_REGISTERED(SyntheticWorld);

namespace
{

/// π.
constexpr double PI = 3.14159265358979323846;

/// A small seeded generator (SplitMix64): the parameters of scenes and views.
class SplitMix64
{
  public:
    /// @param seed the initial state
    explicit SplitMix64(uint64_t seed)
        : m_state(seed)
    {
    }

    /// @return the next 64 random bits
    uint64_t Next()
    {
        uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    /**
     * @param lo lower bound
     * @param hi upper bound
     * @return a uniform number in [lo, hi)
     */
    double Uniform(double lo, double hi)
    {
        return lo + (hi - lo) * static_cast<double>(Next() >> 11) * 0x1.0p-53;
    }

  private:
    uint64_t m_state; //!< the state
};

/**
 * @param seed the world's seed
 * @param location location index
 * @param stream 0 for the scene, 1 + the view kind for a view
 * @param index view index
 * @return the seed of that scene's or view's generator
 */
uint64_t
MixSeed(uint64_t seed, uint64_t location, uint64_t stream, uint64_t index)
{
    uint64_t state = SplitMix64(seed).Next();
    for (uint64_t part : {location, stream, index})
    {
        state = SplitMix64(state ^ (part * 0xd1b54a32d192ed03ULL + 0x8cb92ba72f3d8dd7ULL)).Next();
    }
    return state;
}

/// An RGB colour.
using Rgb = std::array<double, 3>;

/// A building: a rectangle in the road grid's frame (a along, b across), or a disc.
struct Building
{
    double a{0};      //!< centre, road frame
    double b{0};      //!< centre, road frame
    double halfA{0};  //!< half side along a (the radius of a disc)
    double halfB{0};  //!< half side along b
    double height{0}; //!< relative height (shadow length and roof brightness)
    Rgb colour{};     //!< roof colour
    bool disc{false}; //!< round instead of rectangular
};

/// What a scene is made of (all lengths in scene units: the scene spans [−1, 1]²).
struct SceneLayout
{
    Rgb ground{};                    //!< ground colour
    Rgb vegetation{};                //!< vegetation colour
    Rgb road{};                      //!< road colour
    double vegetationThreshold{0};   //!< vegetation where the noise exceeds this
    double roadAngle{0};             //!< angle of the road grid, rad
    double roadSpacing{0};           //!< distance between parallel roads
    double roadHalfWidth{0};         //!< half width of a road
    double roadOffsetA{0};           //!< position of the roads across a
    double roadOffsetB{0};           //!< position of the roads across b
    std::array<double, 2> shadow{};  //!< shadow offset per unit height (u, v)
    std::vector<Building> buildings; //!< buildings, the landmark last
};

/**
 * @param rng the scene's generator
 * @return a colour with each channel uniform in [lo, hi)
 */
Rgb
RandomColour(SplitMix64& rng, double lo, double hi)
{
    return {rng.Uniform(lo, hi), rng.Uniform(lo, hi), rng.Uniform(lo, hi)};
}

/**
 * @param x a value
 * @param period a period > 0
 * @return the distance from x to the nearest multiple of period
 */
double
DistanceToGrid(double x, double period)
{
    const double m = x - period * std::floor(x / period);
    return std::min(m, period - m);
}

/**
 * @param rng the scene's generator
 * @return the layout of a scene
 */
SceneLayout
MakeLayout(SplitMix64& rng)
{
    SceneLayout layout;
    layout.ground = {rng.Uniform(0.35, 0.7), rng.Uniform(0.33, 0.62), rng.Uniform(0.22, 0.5)};
    layout.vegetation = {rng.Uniform(0.08, 0.3), rng.Uniform(0.3, 0.55), rng.Uniform(0.08, 0.25)};
    const double grey = rng.Uniform(0.22, 0.45);
    layout.road = {grey, grey * rng.Uniform(0.95, 1.05), grey * rng.Uniform(0.95, 1.1)};
    layout.vegetationThreshold = rng.Uniform(0.45, 0.68);
    layout.roadAngle = rng.Uniform(0.0, PI / 2);
    layout.roadSpacing = rng.Uniform(0.4, 0.75);
    layout.roadHalfWidth = rng.Uniform(0.022, 0.04);
    layout.roadOffsetA = rng.Uniform(0.0, layout.roadSpacing);
    layout.roadOffsetB = rng.Uniform(0.0, layout.roadSpacing);
    const double sun = rng.Uniform(0.0, 2 * PI);
    const double shadowLength = rng.Uniform(0.02, 0.05);
    layout.shadow = {shadowLength * std::cos(sun), shadowLength * std::sin(sun)};

    std::array<Rgb, 3> palette;
    for (auto& colour : palette)
    {
        colour = RandomColour(rng, 0.2, 0.95);
    }
    const int nBuildings = 14 + static_cast<int>(rng.Next() % 18);
    const double margin = layout.roadHalfWidth + 0.02;
    for (int k = 0; k < nBuildings; ++k)
    {
        Building building;
        // A block of the road grid, then a rectangle inside it.
        const double s = layout.roadSpacing;
        const double blockA =
            layout.roadOffsetA + s * std::floor((rng.Uniform(-1.4, 1.4) - layout.roadOffsetA) / s);
        const double blockB =
            layout.roadOffsetB + s * std::floor((rng.Uniform(-1.4, 1.4) - layout.roadOffsetB) / s);
        const double inner = s - 2 * margin;
        building.halfA = rng.Uniform(0.15, 0.45) * inner;
        building.halfB = rng.Uniform(0.15, 0.45) * inner;
        building.a =
            blockA + margin + building.halfA + rng.Uniform(0.0, 1.0) * (inner - 2 * building.halfA);
        building.b =
            blockB + margin + building.halfB + rng.Uniform(0.0, 1.0) * (inner - 2 * building.halfB);
        building.height = rng.Uniform(0.2, 1.0);
        const Rgb& base = palette[rng.Next() % palette.size()];
        const double shade = rng.Uniform(0.85, 1.15);
        for (int c = 0; c < 3; ++c)
        {
            building.colour[c] = std::clamp(base[c] * shade, 0.0, 1.0);
        }
        layout.buildings.push_back(building);
    }
    // The landmark: large, at the centre, in a colour of its own.
    Building landmark;
    landmark.disc = rng.Next() % 2 == 0;
    landmark.halfA = rng.Uniform(0.12, 0.2);
    landmark.halfB = landmark.disc ? landmark.halfA : rng.Uniform(0.12, 0.2);
    landmark.height = 1.6;
    landmark.colour = RandomColour(rng, 0.1, 1.0);
    layout.buildings.push_back(landmark);
    return layout;
}

/**
 * @param generator the noise generator
 * @param grid side of the random lattice
 * @param size side of the field
 * @return a size×size field of value noise in [0, 1]: a grid×grid lattice of uniform values,
 *         bilinearly interpolated
 */
at::Tensor
ValueNoise(at::Generator& generator, int64_t grid, int64_t size)
{
    const auto lattice = at::rand({1, 1, grid, grid}, generator);
    return at::upsample_bilinear2d(lattice, {size, size}, false);
}

/**
 * @param layout the scene's layout
 * @param generator the texture generator
 * @param size side of the scene, pixels
 * @return the scene: 1×3×size×size in [0, 1]
 */
at::Tensor
RenderScene(const SceneLayout& layout, at::Generator& generator, int64_t size)
{
    const at::Tensor low = ValueNoise(generator, 6, size).contiguous();
    const at::Tensor vegetation =
        (0.6 * ValueNoise(generator, 8, size) + 0.3 * ValueNoise(generator, 16, size) +
         0.1 * ValueNoise(generator, 32, size))
            .contiguous();
    const at::Tensor fine =
        ValueNoise(generator, std::max<int64_t>(size / 4, 2), size).contiguous();
    const float* lowData = low.data_ptr<float>();
    const float* vegetationData = vegetation.data_ptr<float>();
    const float* fineData = fine.data_ptr<float>();

    at::Tensor scene = at::empty({1, 3, size, size}, at::kFloat);
    float* out = scene.data_ptr<float>();
    const int64_t plane = size * size;
    const double cosA = std::cos(layout.roadAngle);
    const double sinA = std::sin(layout.roadAngle);
    const double pixel = 2.0 / static_cast<double>(size); // scene units per pixel
    auto centre = [pixel](int64_t i) { return (static_cast<double>(i) + 0.5) * pixel - 1.0; };
    auto put = [out, plane](int64_t p, const Rgb& colour, double gain) {
        for (int c = 0; c < 3; ++c)
        {
            out[c * plane + p] = static_cast<float>(std::clamp(colour[c] * gain, 0.0, 1.0));
        }
    };

    // Ground, vegetation and roads.
    for (int64_t y = 0; y < size; ++y)
    {
        const double v = centre(y);
        for (int64_t x = 0; x < size; ++x)
        {
            const double u = centre(x);
            const int64_t p = y * size + x;
            const double texture = fineData[p];
            const double a = u * cosA + v * sinA;
            const double b = -u * sinA + v * cosA;
            const double toRoadA = DistanceToGrid(a - layout.roadOffsetA, layout.roadSpacing);
            const double toRoadB = DistanceToGrid(b - layout.roadOffsetB, layout.roadSpacing);
            if (toRoadA < layout.roadHalfWidth || toRoadB < layout.roadHalfWidth)
            {
                const bool centreLine =
                    (toRoadA < 0.12 * layout.roadHalfWidth && DistanceToGrid(b, 0.08) < 0.02) ||
                    (toRoadB < 0.12 * layout.roadHalfWidth && DistanceToGrid(a, 0.08) < 0.02);
                put(p, centreLine ? Rgb{0.92, 0.9, 0.75} : layout.road, 0.94 + 0.12 * texture);
            }
            else if (vegetationData[p] > layout.vegetationThreshold)
            {
                put(p, layout.vegetation, 0.7 + 0.6 * texture);
            }
            else
            {
                put(p, layout.ground, 0.8 + 0.4 * lowData[p] + 0.1 * (texture - 0.5));
            }
        }
    }

    // The pixels of a building's footprint shifted by (du, dv): calls f(p, a, b, edge) with the
    // pixel's position relative to the centre in the road frame and its distance to the edge.
    auto footprint = [&](const Building& building, double du, double dv, auto f) {
        const double reach = std::hypot(building.halfA, building.halfB);
        // The centre in scene coordinates (the road frame rotated back).
        const double cu = building.a * cosA - building.b * sinA + du;
        const double cv = building.a * sinA + building.b * cosA + dv;
        auto toPixel = [pixel](double s) { return static_cast<int64_t>((s + 1.0) / pixel); };
        const int64_t x0 = std::max<int64_t>(0, toPixel(cu - reach));
        const int64_t x1 = std::min<int64_t>(size - 1, toPixel(cu + reach));
        const int64_t y0 = std::max<int64_t>(0, toPixel(cv - reach));
        const int64_t y1 = std::min<int64_t>(size - 1, toPixel(cv + reach));
        for (int64_t y = y0; y <= y1; ++y)
        {
            for (int64_t x = x0; x <= x1; ++x)
            {
                const double ru = centre(x) - cu;
                const double rv = centre(y) - cv;
                const double a = ru * cosA + rv * sinA;
                const double b = -ru * sinA + rv * cosA;
                const double edge = building.disc ? building.halfA - std::hypot(a, b)
                                                  : std::min(building.halfA - std::abs(a),
                                                             building.halfB - std::abs(b));
                if (edge >= 0)
                {
                    f(y * size + x, edge);
                }
            }
        }
    };
    // Shadows first, then the roofs over them.
    for (const auto& building : layout.buildings)
    {
        footprint(building,
                  building.height * layout.shadow[0],
                  building.height * layout.shadow[1],
                  [&](int64_t p, double) {
                      for (int c = 0; c < 3; ++c)
                      {
                          out[c * plane + p] *= 0.55f;
                      }
                  });
    }
    for (const auto& building : layout.buildings)
    {
        const double gain = 0.8 + 0.15 * std::min(building.height, 1.0);
        footprint(building, 0, 0, [&](int64_t p, double edge) {
            const double parapet = edge < 1.5 * pixel ? 0.75 : 1.0;
            put(p, building.colour, parapet * (gain + 0.1 * (fineData[p] - 0.5)));
        });
    }
    return scene;
}

/// A 3×3 homography, row-major.
using Matrix3 = std::array<double, 9>;

/**
 * @param l left factor
 * @param r right factor
 * @return l·r
 */
Matrix3
Multiply(const Matrix3& l, const Matrix3& r)
{
    Matrix3 m{};
    for (int i = 0; i < 3; ++i)
    {
        for (int j = 0; j < 3; ++j)
        {
            for (int k = 0; k < 3; ++k)
            {
                m[3 * i + j] += l[3 * i + k] * r[3 * k + j];
            }
        }
    }
    return m;
}

/**
 * @param h homography from output coordinates (x right, y down, [−1, 1]) to scene
 *          coordinates (u east, v south, [−1, 1])
 * @param size side of the output, pixels
 * @param minW the least denominator (points beyond the horizon are clamped to it)
 * @param[out] w the denominator per output pixel, size×size
 * @return the sampling grid, 1×size×size×2
 */
at::Tensor
HomographyGrid(const Matrix3& h, int64_t size, double minW, at::Tensor& w)
{
    const auto steps = (at::arange(size, at::kFloat) + 0.5) * (2.0 / size) - 1.0;
    const auto x = steps.view({1, size});
    const auto y = steps.view({size, 1});
    w = h[6] * x + h[7] * y + h[8];
    const auto safeW = at::clamp_min(w, minW);
    const auto u = (h[0] * x + h[1] * y + h[2]) / safeW;
    const auto v = (h[3] * x + h[4] * y + h[5]) / safeW;
    return at::stack({u, v}, -1).unsqueeze(0);
}

/**
 * @param scene the scene
 * @param grid the sampling grid
 * @return the scene sampled bilinearly at the grid (reflection beyond its edges)
 */
at::Tensor
Sample(const at::Tensor& scene, const at::Tensor& grid)
{
    // interpolation 0: bilinear; padding 2: reflection.
    return at::grid_sampler(scene, grid, 0, 2, false);
}

/**
 * @param image 1×3×S×S
 * @param rng the view's generator
 * @param generator the view's noise generator
 * @param gain largest relative change of a channel's gain
 * @param offset largest change of a channel's offset
 * @param sigma standard deviation of the pixel noise
 * @return the image with colour changes and noise, clamped to [0, 1]
 */
at::Tensor
Degrade(const at::Tensor& image,
        SplitMix64& rng,
        at::Generator& generator,
        double gain,
        double offset,
        double sigma)
{
    std::array<float, 3> gains;
    std::array<float, 3> offsets;
    for (int c = 0; c < 3; ++c)
    {
        gains[c] = static_cast<float>(1.0 + rng.Uniform(-gain, gain));
        offsets[c] = static_cast<float>(rng.Uniform(-offset, offset));
    }
    const auto g = at::tensor(at::ArrayRef<float>(gains.data(), 3)).view({1, 3, 1, 1});
    const auto o = at::tensor(at::ArrayRef<float>(offsets.data(), 3)).view({1, 3, 1, 1});
    const auto noise = at::normal(0.0, sigma, image.sizes(), generator);
    return at::clamp(image * g + o + noise, 0.0, 1.0);
}

/**
 * @param scene the location's scene
 * @param rng the view's generator
 * @param size side of the view, pixels
 * @return a drone view
 */
at::Tensor
DroneView(const at::Tensor& scene, SplitMix64& rng, int64_t size)
{
    const double angle = rng.Uniform(-PI, PI);
    const double zoom = rng.Uniform(1.2, 1.8);
    const double tilt = rng.Uniform(0.15, 0.35);
    const double shiftU = rng.Uniform(-0.1, 0.1);
    const double shiftV = rng.Uniform(-0.1, 0.1);
    const double c = std::cos(angle) / zoom;
    const double s = std::sin(angle) / zoom;
    // Tilt (the top of the image is farther), then rotate, zoom and shift.
    const Matrix3 placement{c, -s, shiftU, s, c, shiftV, 0, 0, 1};
    const Matrix3 perspective{1, 0, 0, 0, 1, 0, 0, tilt, 1};
    at::Tensor w;
    const auto grid = HomographyGrid(Multiply(placement, perspective), size, 1e-3, w);
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(rng.Next());
    return Degrade(Sample(scene, grid), rng, generator, 0.06, 0.02, 0.02);
}

/**
 * @param scene the location's scene
 * @param rng the view's generator
 * @param size side of the view, pixels
 * @return a street view
 */
at::Tensor
StreetView(const at::Tensor& scene, SplitMix64& rng, int64_t size)
{
    // A camera on the ground at distance rho from the centre, looking towards it.
    const double rho = rng.Uniform(0.3, 0.7);
    const double bearing = rng.Uniform(0.0, 2 * PI);
    const double heading = bearing + PI + rng.Uniform(-25.0, 25.0) * PI / 180.0;
    const double horizon = rng.Uniform(-0.55, -0.35); // image y of the horizon
    const double k = rng.Uniform(0.12, 0.2);          // ground distance at unit depth
    const double aperture = rng.Uniform(0.8, 1.1);    // lateral extent per unit distance
    const double hazeDistance = rng.Uniform(0.8, 1.5);
    const double cu = rho * std::cos(bearing);
    const double cv = rho * std::sin(bearing);
    const double fu = std::cos(heading);
    const double fv = std::sin(heading);
    const double ru = -fv; // the right of the camera (v points south)
    const double rv = fu;
    // A ground point at image (x, y) below the horizon: distance d = k/(y − horizon), point
    // c + d·f + aperture·x·d·r; times (y − horizon) this is linear in (x, y, 1).
    const Matrix3 h{aperture * k * ru,
                    cu,
                    k * fu - cu * horizon,
                    aperture * k * rv,
                    cv,
                    k * fv - cv * horizon,
                    0,
                    1,
                    -horizon};
    at::Tensor w;
    const double minW = 1e-3;
    const auto grid = HomographyGrid(h, size, minW, w);
    const auto ground = Sample(scene, grid);
    const double brightness = rng.Uniform(0.9, 1.1);
    const auto haze =
        at::tensor({0.7f, 0.75f, 0.8f}).view({1, 3, 1, 1}) * static_cast<float>(brightness);
    const auto skyTop =
        at::tensor({0.35f, 0.55f, 0.85f}).view({1, 3, 1, 1}) * static_cast<float>(brightness);
    const auto distance = k / at::clamp_min(w, minW);
    const auto fog = at::exp(-distance / hazeDistance).view({1, 1, size, size});
    const auto steps = (at::arange(size, at::kFloat) + 0.5) * (2.0 / size) - 1.0;
    const auto up = at::clamp((horizon - steps) / (horizon + 1.0), 0.0, 1.0).view({1, 1, size, 1});
    const auto sky = haze + (skyTop - haze) * up;
    const auto isSky = (w <= minW).view({1, 1, size, size});
    const auto view =
        at::where(isSky, sky.expand({1, 3, size, size}), ground * fog + haze * (1 - fog));
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(rng.Next());
    return Degrade(view, rng, generator, 0.1, 0.03, 0.05);
}

} // namespace

TypeId
SyntheticWorld::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::SyntheticWorld")
            .SetParent<ImageSource>()
            .SetGroupName("Sagin")
            .AddConstructor<SyntheticWorld>()
            .AddAttribute("Locations",
                          "Number of locations (each with one satellite view).",
                          UintegerValue(16),
                          MakeUintegerAccessor(&SyntheticWorld::m_nLocations),
                          MakeUintegerChecker<uint32_t>(1, 1000000))
            .AddAttribute("DroneViews",
                          "Number of drone views per location.",
                          UintegerValue(4),
                          MakeUintegerAccessor(&SyntheticWorld::m_droneViews),
                          MakeUintegerChecker<uint32_t>(0, 100000))
            .AddAttribute("StreetViews",
                          "Number of street views per location.",
                          UintegerValue(4),
                          MakeUintegerAccessor(&SyntheticWorld::m_streetViews),
                          MakeUintegerChecker<uint32_t>(0, 100000))
            .AddAttribute("ImageSize",
                          "Side of the square images, in pixels (the scenes have twice it).",
                          UintegerValue(256),
                          MakeUintegerAccessor(&SyntheticWorld::m_imageSizePx),
                          MakeUintegerChecker<uint32_t>(16, 2048))
            .AddAttribute("Seed",
                          "Seed of every scene and view: the same seed gives the same images.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&SyntheticWorld::m_seed),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("SceneCache",
                          "Number of scenes kept for the next views (the least recently used "
                          "is dropped first; each takes 12·ImageSize² bytes); 0 keeps none.",
                          UintegerValue(16),
                          MakeUintegerAccessor(&SyntheticWorld::m_sceneCache),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Texture",
                          "Amplitude of a fine grain on every surface (a relative change of the "
                          "colour, dimensionless): 0 for none; textured images make the "
                          "similarity of a reconstruction to a blank guess low (sagin-privacy).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&SyntheticWorld::m_texture),
                          MakeDoubleChecker<double>(0.0, 1.0));
    return tid;
}

SyntheticWorld::SyntheticWorld()
    : m_nLocations(16),
      m_droneViews(4),
      m_streetViews(4),
      m_imageSizePx(256),
      m_seed(1),
      m_sceneCache(16),
      m_scenesSizePx(0),
      m_scenesSeed(0),
      m_scenesTexture(0)
{
    NS_LOG_FUNCTION(this);
}

SyntheticWorld::~SyntheticWorld()
{
    NS_LOG_FUNCTION(this);
}

void
SyntheticWorld::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_scenes.clear();
    m_sceneUse.clear();
    ImageSource::DoDispose();
}

void
SyntheticWorld::CheckLocation(uint32_t location, const char* function) const
{
    if (location >= m_nLocations)
    {
        throw std::out_of_range(std::string("SyntheticWorld::") + function + ": location " +
                                std::to_string(location) + " is beyond the " +
                                std::to_string(m_nLocations) + " locations");
    }
}

uint32_t
SyntheticWorld::GetNLocations() const
{
    return m_nLocations;
}

std::string
SyntheticWorld::GetLocationName(uint32_t location) const
{
    CheckLocation(location, "GetLocationName");
    char name[32];
    std::snprintf(name, sizeof(name), "synthetic-%04u", location);
    return name;
}

uint32_t
SyntheticWorld::GetNViews(uint32_t location, View view) const
{
    CheckLocation(location, "GetNViews");
    switch (view)
    {
    case SATELLITE:
        return 1;
    case DRONE:
        return m_droneViews;
    case STREET:
        return m_streetViews;
    }
    return 0;
}

uint32_t
SyntheticWorld::GetImageSize() const
{
    return m_imageSizePx;
}

FeatureTensor
SyntheticWorld::GetScene(uint32_t location)
{
    NS_LOG_FUNCTION(this << location);
    CheckLocation(location, "GetScene");
    const uint32_t size = 2 * m_imageSizePx;
    if (m_scenesSizePx != size || m_scenesSeed != m_seed || m_scenesTexture != m_texture)
    {
        // The attributes changed: the kept scenes are no longer this world's.
        m_scenes.clear();
        m_sceneUse.clear();
        m_scenesSizePx = size;
        m_scenesSeed = m_seed;
        m_scenesTexture = m_texture;
    }
    auto found = m_scenes.find(location);
    if (found != m_scenes.end())
    {
        m_sceneUse.splice(m_sceneUse.begin(), m_sceneUse, found->second.second);
        return found->second.first;
    }
    SplitMix64 rng(MixSeed(m_seed, location, 0, 0));
    const SceneLayout layout = MakeLayout(rng);
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(rng.Next());
    at::Tensor rendered = RenderScene(layout, generator, size);
    if (m_texture > 0.0)
    {
        // A generator of its own, drawn after the others: the rest of the scene is unchanged.
        at::Generator grainGenerator = at::make_generator<at::CPUGeneratorImpl>(rng.Next());
        const at::Tensor grain = ValueNoise(grainGenerator, size / 2, size);
        rendered = at::clamp(rendered * (1.0 + m_texture * (2.0 * grain - 1.0)), 0.0, 1.0);
    }
    FeatureTensor scene = WrapTensor(rendered);
    if (m_sceneCache == 0)
    {
        return scene;
    }
    while (m_scenes.size() >= m_sceneCache)
    {
        m_scenes.erase(m_sceneUse.back());
        m_sceneUse.pop_back();
    }
    m_sceneUse.push_front(location);
    m_scenes.emplace(location, std::make_pair(scene, m_sceneUse.begin()));
    return scene;
}

FeatureTensor
SyntheticWorld::GetRawImage(uint32_t location, View view, uint32_t index)
{
    NS_LOG_FUNCTION(this << location << view << index);
    const uint32_t nViews = GetNViews(location, view);
    if (index >= nViews)
    {
        throw std::out_of_range("SyntheticWorld: " + ViewToString(view) + " view " +
                                std::to_string(index) + " is beyond the " + std::to_string(nViews) +
                                " of location " + std::to_string(location));
    }
    torch::NoGradGuard noGrad;
    const at::Tensor scene = UnwrapTensor(GetScene(location));
    const auto size = static_cast<int64_t>(m_imageSizePx);
    SplitMix64 rng(MixSeed(m_seed, location, 1 + static_cast<uint64_t>(view), index));
    switch (view)
    {
    case SATELLITE:
        return WrapTensor(at::avg_pool2d(scene, {2, 2}));
    case DRONE:
        return WrapTensor(DroneView(scene, rng, size));
    case STREET:
        return WrapTensor(StreetView(scene, rng, size));
    }
    return FeatureTensor();
}

FeatureTensor
SyntheticWorld::GetImage(uint32_t location, View view, uint32_t index)
{
    return Normalise(GetRawImage(location, view, index));
}

} // namespace sagin
} // namespace ns3
