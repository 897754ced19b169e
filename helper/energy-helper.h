// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_ENERGY_HELPER_H
#define SAGIN_ENERGY_HELPER_H

#include "ns3/device-profile.h"
#include "ns3/energy-source-container.h"
#include "ns3/node-container.h"
#include "ns3/node-role.h"
#include "ns3/object-factory.h"

#include <map>
#include <stdexcept>
#include <string>
#include <utility>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Installs on each node an energy source, a ComputeEnergyModel for its processor and a
 *        RadioEnergyModel for each of its SaginNetDevices.
 *
 * The source is an ns3::BasicEnergySource unless SetSource() names another EnergySource type
 * (e.g. ns3::LiIonEnergySource); like ns-3's EnergySourceHelper, the helper adds it to the
 * EnergySourceContainer aggregated to the node (creating the container when needed). The
 * ComputeEnergyModel is aggregated to the node as well, so that
 * `node->GetObject<ComputeEnergyModel>()` finds it; its profile follows the node's role:
 *
 * | role         | default profile      |
 * |--------------|----------------------|
 * | satellite    | `satellite-payload`  |
 * | UAV          | `quadro-p400`        |
 * | vehicle      | `drive-agx-xavier`   |
 * | base station | `edge-server`        |
 *
 * Each node gets its own copy of its role's profile. Nodes must have their role (NodeRole)
 * and, for radio models, their devices before Install(). Every error is a
 * std::invalid_argument with a one-line message that starts with "EnergyHelper: "; nothing is
 * installed on any node of a container when one of them is refused.
 */
class EnergyHelper
{
  public:
    EnergyHelper();

    /**
     * @brief Choose the type of the energy sources, then set some of its attributes.
     *
     * Attributes set before are forgotten. Nothing changes when an argument is refused.
     * @param typeName an EnergySource TypeId name, e.g. "ns3::LiIonEnergySource"
     * @param args pairs of attribute name (std::string) and value (AttributeValue)
     * @throws std::invalid_argument when the type is unknown, not an EnergySource or abstract,
     *         or an attribute is refused (see SetSourceAttribute())
     */
    template <typename... Args>
    void SetSource(const std::string& typeName, Args&&... args);

    /**
     * @brief Set an attribute of the energy sources.
     *
     * Besides the attribute's own checker, initial energies must be >= 0 J, supply voltages
     * > 0 V, battery thresholds in [0, 1] and update intervals > 0 (ns-3 accepts such values
     * and then fails or never advances).
     * @param name the attribute's name, e.g. "BasicEnergySourceInitialEnergyJ"
     * @param value its value
     * @throws std::invalid_argument when the source has no such attribute or the value is
     *         refused
     */
    void SetSourceAttribute(const std::string& name, const AttributeValue& value);

    /**
     * @brief Choose the compute profile of a role's nodes.
     * @param role the role
     * @param profile the profile (copied for each node)
     * @throws std::invalid_argument when @p profile is null
     */
    void SetComputeProfile(NodeRole::Role role, Ptr<DeviceProfile> profile);

    /**
     * @brief Choose a built-in compute profile for a role's nodes.
     * @param role the role
     * @param builtinName one of DeviceProfile::GetBuiltinNames()
     * @throws std::invalid_argument naming the known profiles when the name is unknown
     */
    void SetComputeProfile(NodeRole::Role role, const std::string& builtinName);

    /// @param role a role; @return the profile its nodes get (the helper's own instance)
    Ptr<DeviceProfile> GetComputeProfile(NodeRole::Role role) const;

    /**
     * @brief Set an attribute of the RadioEnergyModels.
     * @param name the attribute's name, e.g. "TxPowerW"
     * @param value its value
     * @throws std::invalid_argument when the model has no such attribute or the value is
     *         refused
     */
    void SetRadioAttribute(const std::string& name, const AttributeValue& value);

    /**
     * @brief Install a source and the energy models on each node.
     * @param nodes the nodes, each with a NodeRole
     * @return the sources, in the order of @p nodes
     * @throws std::invalid_argument when a node is null, has no role, already has a
     *         ComputeEnergyModel or is in the container twice
     */
    EnergySourceContainer Install(const NodeContainer& nodes) const;

    /**
     * @param node a node
     * @return its remaining energy over its initial energy (1 when full), NaN when it has no
     *         energy source (or an initial energy of 0)
     */
    static double GetStateOfCharge(Ptr<Node> node);

    /**
     * @param node a node
     * @return its source's remaining energy, in J, NaN when it has no energy source
     */
    static double GetRemainingEnergyJ(Ptr<Node> node);

    /**
     * @param node a node
     * @return the source of its ComputeEnergyModel, else the first source aggregated to it,
     *         else null
     */
    static Ptr<EnergySource> GetEnergySource(Ptr<Node> node);

  private:
    /// End of SetSource()'s attribute list.
    void SetSourceAttributes();

    /// SetSourceAttribute() for each pair of a SetSource() attribute list.
    template <typename... Args>
    void SetSourceAttributes(const std::string& name, const AttributeValue& value, Args&&... args);

    /**
     * @param typeName an EnergySource TypeId name
     * @throws std::invalid_argument when it is not one
     */
    void SetSourceType(const std::string& typeName);

    /**
     * @param what what is wrong
     * @return std::invalid_argument "EnergyHelper: what"
     */
    static std::invalid_argument Error(const std::string& what);

    ObjectFactory m_source;                                 //!< energy sources
    ObjectFactory m_radio;                                  //!< radio energy models
    std::map<NodeRole::Role, Ptr<DeviceProfile>> m_profile; //!< profile per role
};

template <typename... Args>
void
EnergyHelper::SetSource(const std::string& typeName, Args&&... args)
{
    const ObjectFactory previous = m_source;
    try
    {
        SetSourceType(typeName);
        SetSourceAttributes(std::forward<Args>(args)...);
    }
    catch (const std::invalid_argument&)
    {
        m_source = previous;
        throw;
    }
}

template <typename... Args>
void
EnergyHelper::SetSourceAttributes(const std::string& name,
                                  const AttributeValue& value,
                                  Args&&... args)
{
    SetSourceAttribute(name, value);
    SetSourceAttributes(std::forward<Args>(args)...);
}

} // namespace sagin
} // namespace ns3

#endif // SAGIN_ENERGY_HELPER_H
