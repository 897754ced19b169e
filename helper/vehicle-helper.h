// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_VEHICLE_HELPER_H
#define SAGIN_VEHICLE_HELPER_H

#include "role-helper.h"

#include "ns3/position-allocator.h"
#include "ns3/rectangle.h"

#include <string>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Installs ground vehicles: an ns-3 ground mobility model (or a SUMO trace) and
 *        NodeRole::VEHICLE.
 *
 * Install() creates a mobility model of any ns-3 type (SetMobilityModel(), Set()) and places it
 * with a position allocator. The default is ns3::RandomWalk2dMobilityModel in the rectangle
 * x, y ∈ [-500, 500] m (Mode Time, Time 10 s, Speed uniform in [5, 15] m/s), started at a
 * position drawn uniformly in the same rectangle (ns3::RandomRectanglePositionAllocator).
 * Every vehicle carries its antenna at SetAntennaHeight() above the ground (default 1.5 m): the
 * allocated position's z is the ground height, and the model starts at z = ground + antenna
 * height. Ground models of ns-3 move in the horizontal plane (zero vertical velocity), so z
 * stays there.
 *
 * InstallFromNs2Trace() moves vehicles along an ns-2 movement trace, such as SUMO's
 * traceExporter writes (`--ns2mobility-output`), with ns-3's Ns2MobilityHelper. The trace's
 * node i is the i-th node of the container, trace times count from the installation, and
 * trace coordinates are local-frame coordinates in m. Each vehicle gets an
 * ns3::HierarchicalMobilityModel: the child is the ns3::ConstantVelocityMobilityModel that
 * Ns2MobilityHelper drives, the parent a constant position (0, 0, antenna height), so that
 * z = the trace's Z_ (SUMO writes 0) + the antenna height at all times. The trace is checked
 * before ns-3 reads it (see InstallFromNs2Trace()).
 */
class VehicleHelper : public RoleHelper
{
  public:
    VehicleHelper();

    /**
     * @brief Create the vehicles' mobility models as another type; attributes set before are
     *        forgotten (Set() sets the new type's attributes).
     * @param type the TypeId name of an ns3::MobilityModel, e.g.
     *        "ns3::ConstantVelocityMobilityModel"
     * @throws std::invalid_argument when the type is unknown or not a mobility model
     */
    void SetMobilityModel(const std::string& type);

    /**
     * @param allocator where Install() places vehicles (z = ground height)
     * @throws std::invalid_argument when null
     */
    void SetPositionAllocator(Ptr<PositionAllocator> allocator);
    /// @return where Install() places vehicles
    Ptr<PositionAllocator> GetPositionAllocator() const;

    /**
     * @param heightM antenna height above the ground, in m, ≥ 0
     * @throws std::invalid_argument when negative or not finite
     */
    void SetAntennaHeight(double heightM);

    /**
     * @brief Drive in @p area: the random walk's Bounds and the uniform initial positions
     *        (default: a 1 km square around the origin).
     * @param area the area, local frame, m
     */
    void SetArea(const Rectangle& area);
    /// @return antenna height above the ground, in m
    double GetAntennaHeight() const;

    /**
     * @brief Fix the random-number streams of the mobility models installed on @p nodes, as
     *        ns-3's MobilityHelper::AssignStreams (the position allocator's streams are fixed
     *        with GetPositionAllocator()->AssignStreams() before Install()).
     * @param nodes vehicles installed by this helper
     * @param stream the first stream index
     * @return the number of streams used
     */
    int64_t AssignStreams(const NodeContainer& nodes, int64_t stream);

    /**
     * @brief Install one vehicle at the allocator's next position.
     * @param node a node without a mobility model
     * @return its mobility model
     * @throws std::invalid_argument when the node already has a mobility model
     */
    Ptr<MobilityModel> Install(Ptr<Node> node) const;

    /**
     * @brief Install vehicles at the allocator's next positions.
     * @param nodes nodes without a mobility model
     * @throws std::invalid_argument when a node already has a mobility model; then no node is
     *         changed
     */
    void Install(const NodeContainer& nodes) const;

    /**
     * @brief Move vehicles along an ns-2 movement trace (e.g. from SUMO) with ns-3's
     *        Ns2MobilityHelper.
     *
     * The whole file is checked first: every line, after removing a '#' comment, blanks and a
     * final ';', must be empty, `$node_(i) set X_|Y_|Z_ value` or
     * `$ns_ at t "$node_(i) setdest x y speed"`, with finite numbers, t ≥ 0, speed ≥ 0, times
     * not decreasing per node, i < the number of nodes; every node must have an initial X_ and
     * Y_. Scheduled `$ns_ at t "$node_(i) set X_ v"` statements are refused: ns-3.37's
     * Ns2MobilityHelper applies them at once rather than at t. (ns-3 itself aborts on a missing
     * file and skips other malformed lines silently.)
     * @param path the trace file
     * @param nodes the vehicles, node i of the trace being nodes.Get(i); without a mobility model
     * @throws std::invalid_argument "VehicleHelper: PATH:LINE: what is wrong" (or "PATH: ...")
     *         for a file that cannot be read or is refused; then no node is changed
     */
    void InstallFromNs2Trace(const std::string& path, const NodeContainer& nodes) const;

  private:
    /**
     * @param node the node, checked
     * @param model its mobility model
     */
    void Place(Ptr<Node> node, Ptr<MobilityModel> model) const;

    /**
     * @brief Check an ns-2 trace for InstallFromNs2Trace().
     * @param path the trace file
     * @param nodeCount the number of nodes it must move
     * @throws std::invalid_argument naming the file, the line and what is wrong
     */
    void CheckNs2Trace(const std::string& path, uint32_t nodeCount) const;

    Ptr<PositionAllocator> m_positions; //!< where Install() places vehicles
    double m_antennaHeightM;            //!< antenna height above the ground, m
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_VEHICLE_HELPER_H
