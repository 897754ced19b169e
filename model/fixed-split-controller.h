// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_FIXED_SPLIT_CONTROLLER_H
#define SAGIN_FIXED_SPLIT_CONTROLLER_H

#include "split-controller.h"

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief A baseline controller that always chooses the same split point (attribute Split).
 */
class FixedSplitController : public SplitController
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    FixedSplitController();
    ~FixedSplitController() override;

    /**
     * @param observation what the node observes (not used)
     * @return the Split attribute
     * @throws std::logic_error before Configure(); std::invalid_argument naming Split when it
     *         is out of range
     */
    uint32_t Decide(const SplitObservation& observation) override;

  protected:
    void DoConfigure() override;

  private:
    /// @throws std::invalid_argument naming Split, its value and the count when out of range
    void CheckSplit() const;

    uint32_t m_split; //!< the split point chosen every time
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_FIXED_SPLIT_CONTROLLER_H
