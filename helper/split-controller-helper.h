// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SPLIT_CONTROLLER_HELPER_H
#define SAGIN_SPLIT_CONTROLLER_HELPER_H

#include "ns3/split-controller.h"

#include "ns3/attribute.h"
#include "ns3/object-factory.h"
#include "ns3/ptr.h"

#include <string>
#include <utility>
#include <vector>

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
 *
 * Programs that compare controllers name them by algorithm (SetAlgorithm()): "actor-critic",
 * "ppo", "dqn", "q-learning", "multi-q-learning", "random", "greedy-oracle" and "fixed-N"
 * (FixedSplitController with Split N). The TypeIds are looked up when the name is used, so
 * that controllers of a library loaded with the program (libsagin-torch) are found.
 */
class SplitControllerHelper
{
  public:
    /// A controller named by its algorithm.
    struct Algorithm
    {
        std::string name;                                            //!< e.g. "fixed-2"
        std::string typeName;                                        //!< its TypeId name
        std::vector<std::pair<std::string, std::string>> attributes; //!< name, value text
    };

    SplitControllerHelper();

    /**
     * @return the algorithm names, in a fixed order: the learning ones (actor-critic, ppo,
     *         dqn, q-learning, multi-q-learning), then random and greedy-oracle (fixed-N is
     *         not listed)
     */
    static std::vector<std::string> GetAlgorithmNames();

    /**
     * @param name an algorithm name (see GetAlgorithmNames(), or fixed-N with N a split point)
     * @return its TypeId name and attributes; whether the TypeId exists is not checked
     * @throws std::invalid_argument for an unknown name
     */
    static Algorithm LookupAlgorithm(const std::string& name);

    /**
     * @brief Change the type and attributes to an algorithm's (SetType(), then Set()).
     * @param name an algorithm name
     * @throws std::invalid_argument for an unknown name, or when its TypeId is not
     *         registered (e.g. a LibTorch controller without libsagin-torch), naming both
     */
    void SetAlgorithm(const std::string& name);

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
