// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_RANDOM_SPLIT_CONTROLLER_H
#define SAGIN_RANDOM_SPLIT_CONTROLLER_H

#include "split-controller.h"

#include "ns3/random-variable-stream.h"

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief A baseline controller that chooses a split point uniformly at random, independently
 *        for each request, from an ns-3 UniformRandomVariable (AssignStreams() fixes its
 *        stream).
 */
class RandomSplitController : public SplitController
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    RandomSplitController();
    ~RandomSplitController() override;

    /**
     * @param observation what the node observes (not used)
     * @return a split point drawn uniformly from 0 .. GetNSplitPoints() − 1
     * @throws std::logic_error before Configure()
     */
    uint32_t Decide(const SplitObservation& observation) override;

    /**
     * @param stream the stream of the random variable
     * @return 1, the number of streams used
     */
    int64_t AssignStreams(int64_t stream) override;

  protected:
    void DoDispose() override;

  private:
    Ptr<UniformRandomVariable> m_random; //!< draws the split points
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_RANDOM_SPLIT_CONTROLLER_H
