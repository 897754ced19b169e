// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SPATIAL_INDEX_H
#define SAGIN_SPATIAL_INDEX_H

#include "ns3/vector.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Points of the local frame in an R-tree (Boost.Geometry), for the nearest or the
 *        nearby nodes of a point without a scan of all of them.
 *
 * Build() indexes a set of points by their position in the vector; the queries return those
 * indices, in increasing order (so that callers keep the order of their own lists).
 */
class SpatialIndex
{
  public:
    SpatialIndex();
    ~SpatialIndex();
    SpatialIndex(SpatialIndex&&) noexcept;
    SpatialIndex& operator=(SpatialIndex&&) noexcept;

    /// @param points the points to index (replaces the previous ones)
    void Build(const std::vector<Vector>& points);

    /// @return the number of points indexed
    std::size_t GetN() const;

    /**
     * @param point a point
     * @param k how many
     * @return the indices of the @p k points nearest to @p point (all when there are fewer),
     *         in increasing order
     */
    std::vector<std::size_t> Nearest(const Vector& point, std::size_t k) const;

    /**
     * @param point a point
     * @param radius a distance, m
     * @return the indices of the points within @p radius of @p point, in increasing order
     */
    std::vector<std::size_t> Within(const Vector& point, double radius) const;

  private:
    struct Tree;
    std::unique_ptr<Tree> m_tree; //!< the R-tree
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SPATIAL_INDEX_H
