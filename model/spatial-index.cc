// SPDX-License-Identifier: GPL-2.0-only

#include "spatial-index.h"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <iterator>
#include <utility>

namespace ns3
{
namespace sagin
{

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace
{

typedef bg::model::point<double, 3, bg::cs::cartesian> Point;
typedef bg::model::box<Point> Box;
typedef std::pair<Point, std::size_t> Entry;

Point
ToPoint(const Vector& v)
{
    return Point(v.x, v.y, v.z);
}

/** The indices of some entries, in increasing order. */
std::vector<std::size_t>
SortedIndices(const std::vector<Entry>& entries)
{
    std::vector<std::size_t> indices;
    indices.reserve(entries.size());
    for (const auto& entry : entries)
    {
        indices.push_back(entry.second);
    }
    std::sort(indices.begin(), indices.end());
    return indices;
}

} // namespace

struct SpatialIndex::Tree
{
    bgi::rtree<Entry, bgi::rstar<16>> rtree; //!< the points and their indices
};

SpatialIndex::SpatialIndex()
    : m_tree(std::make_unique<Tree>())
{
}

SpatialIndex::~SpatialIndex() = default;
SpatialIndex::SpatialIndex(SpatialIndex&&) noexcept = default;
SpatialIndex& SpatialIndex::operator=(SpatialIndex&&) noexcept = default;

void
SpatialIndex::Build(const std::vector<Vector>& points)
{
    std::vector<Entry> entries;
    entries.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i)
    {
        entries.emplace_back(ToPoint(points[i]), i);
    }
    // The packing constructor builds a balanced tree at once.
    m_tree->rtree = bgi::rtree<Entry, bgi::rstar<16>>(entries.begin(), entries.end());
}

std::size_t
SpatialIndex::GetN() const
{
    return m_tree->rtree.size();
}

std::vector<std::size_t>
SpatialIndex::Nearest(const Vector& point, std::size_t k) const
{
    std::vector<Entry> found;
    if (k > 0)
    {
        m_tree->rtree.query(bgi::nearest(ToPoint(point), static_cast<unsigned>(k)),
                            std::back_inserter(found));
    }
    return SortedIndices(found);
}

std::vector<std::size_t>
SpatialIndex::Within(const Vector& point, double radius) const
{
    const Box box(Point(point.x - radius, point.y - radius, point.z - radius),
                  Point(point.x + radius, point.y + radius, point.z + radius));
    const Point centre = ToPoint(point);
    std::vector<Entry> found;
    m_tree->rtree.query(bgi::intersects(box) && bgi::satisfies([&](const Entry& entry) {
                            return bg::distance(entry.first, centre) <= radius;
                        }),
                        std::back_inserter(found));
    return SortedIndices(found);
}

} // namespace sagin
} // namespace ns3
