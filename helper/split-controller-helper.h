// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SPLIT_CONTROLLER_HELPER_H
#define SAGIN_SPLIT_CONTROLLER_HELPER_H

#include "ns3/split-controller.h"

#include "ns3/attribute.h"
#include "ns3/object-factory.h"
#include "ns3/ptr.h"

#include <string>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Creates split controllers of a type chosen by TypeId name, with attributes.
 *
 * The default type is ns3::sagin::FixedSplitController. Errors are one-line
 * std::invalid_argument messages starting with "SplitControllerHelper: ", where ns-3 would
 * abort.
 */
class SplitControllerHelper
{
  public:
    SplitControllerHelper();

    /**
     * @brief Change the type of the controllers; attributes set before are forgotten.
     * @param type a TypeId name, e.g. "ns3::sagin::GreedyOracleSplitController"
     * @throws std::invalid_argument when the TypeId is unknown, not a SplitController or has
     *         no constructor
     */
    void SetType(const std::string& type);

    /// @return the type of the controllers
    TypeId GetType() const;

    /**
     * @brief Set an attribute of the controllers this helper creates.
     * @param name the attribute's name, e.g. "LatencyWeight"
     * @param value its value
     * @throws std::invalid_argument when the type has no such attribute, it cannot be set at
     *         construction, or the value is refused
     */
    void Set(const std::string& name, const AttributeValue& value);

    /// @return a new controller, not yet configured
    Ptr<SplitController> Create() const;

    /**
     * @param costModel the cost model to configure the controller with
     * @return a new controller, configured (SplitController::Configure())
     * @throws std::invalid_argument from Configure()
     */
    Ptr<SplitController> Create(Ptr<SplitCostModel> costModel) const;

  private:
    ObjectFactory m_factory; //!< makes the controllers
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SPLIT_CONTROLLER_HELPER_H
