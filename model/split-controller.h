// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SPLIT_CONTROLLER_H
#define SAGIN_SPLIT_CONTROLLER_H

#include "split-cost-model.h"
#include "split-observation.h"

#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Decides the split point of each request of a UAV or vehicle, and may learn from the
 *        reward of what it decided.
 *
 * A controller is configured once with a SplitCostModel (Configure()), which gives the number
 * of split points and the cost predictions that a model-based controller may use. Then, per
 * request, the application calls Decide() with what the node observes and, once the request
 * is answered, Learn() with the transition and its reward
 *
 *     reward = −(w_T·latency + w_E·energy + w_P·privacy[split])
 *
 * (GetReward()), where privacy[i] is the confidentiality cost of split point i: the i-th
 * value of the Confidentiality attribute, or the "cost" of the i-th entry of "splits" in the
 * confidentiality profile named by the ConfidentialityFile attribute (a JSON file, as
 * sagin-privacy writes it: ReadConfidentialityProfile()), or by default the published
 * experiment's costs for the 7 split points of ResNet-50 with USAM. At most one of the two
 * attributes may be set.
 *
 * Subclasses implement Decide() and return through NotifyDecision(), which checks the split
 * point and fires the Decision trace; learning controllers override Learn(); controllers that
 * draw random numbers override AssignStreams(); DoConfigure() checks a subclass's attributes
 * against the cost model.
 */
class SplitController : public Object
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    SplitController();
    ~SplitController() override;

    /**
     * @brief TracedCallback signature of a decision.
     * @param observation what the controller saw
     * @param split the split point it chose
     */
    typedef void (*DecisionTracedCallback)(const SplitObservation& observation, uint32_t split);

    /**
     * @brief Give the controller its cost model, the number of split points and the check of
     *        its attributes against them.
     * @param costModel the cost model, with its split profiles set
     * @throws std::invalid_argument when the cost model is null or has no profiles, an
     *         attribute does not fit the number of split points, or the ConfidentialityFile
     *         cannot be read or is not a profile of as many split points (one line naming the
     *         attribute, and the file and the JSON path of the bad value)
     */
    void Configure(Ptr<SplitCostModel> costModel);

    /**
     * @brief Choose the split point of a request.
     * @param observation what the requesting node observes
     * @return a split point, 0 .. GetNSplitPoints() − 1
     * @throws std::logic_error when Configure() was not called
     */
    virtual uint32_t Decide(const SplitObservation& observation) = 0;

    /**
     * @brief Learn from the outcome of a decision. The default does nothing.
     * @param transition the observation, decision, cost, reward and next observation
     */
    virtual void Learn(const SplitTransition& transition);

    /**
     * @param split a split point
     * @return its confidentiality cost
     * @throws std::logic_error before Configure(); std::invalid_argument out of range
     */
    double GetPrivacy(uint32_t split) const;

    /**
     * @param latencyS a request's latency, in s
     * @param energyJ its energy, in J
     * @param split its split point
     * @return −(LatencyWeight·latencyS + EnergyWeight·energyJ + PrivacyWeight·GetPrivacy(split))
     */
    double GetReward(double latencyS, double energyJ, uint32_t split) const;

    /**
     * @return the number of split points of the cost model
     * @throws std::logic_error when Configure() was not called
     */
    uint32_t GetNSplitPoints() const;

    /**
     * @return the cost model given to Configure()
     * @throws std::logic_error when Configure() was not called
     */
    Ptr<SplitCostModel> GetCostModel() const;

    /**
     * @brief Fix the random-number streams the controller uses.
     * @param stream the first stream index
     * @return the number of streams used (0 by default)
     */
    virtual int64_t AssignStreams(int64_t stream);

    /**
     * @return whether one object can decide for many nodes (it tells them apart by the
     *         observation's node and role); CvlHelper then installs one object for all its
     *         queries. The default is false: one object per node.
     */
    virtual bool IsShareable() const;

    /**
     * @return the published experiment's confidentiality costs of the 7 split points of
     *         ResNet-50 with USAM, the default of the Confidentiality attribute
     */
    static std::vector<double> GetPublishedConfidentiality();

    /**
     * @return the names of the split points of the ConfidentialityFile profile ("name" of each
     *         entry of "splits", empty where an entry has none), in order; empty before
     *         Configure() and when the costs do not come from a profile
     */
    const std::vector<std::string>& GetConfidentialityNames() const;

    /**
     * @brief Read a confidentiality profile: a JSON object whose "splits" is an array with one
     *        object per split point, in order, each with its confidentiality "cost" (a number in
     *        [0, 1]) and optionally its "name" (unique); other keys are allowed and ignored.
     *
     *     {"model": "resnet50-usam", "input": 64,
     *      "splits": [{"name": "conv1", "open_ssim": 0.99, "closed_ssim": 0.9, "cost": 0.93},
     *                 ...]}
     *
     * @param path the file
     * @param names if not null, receives each split point's name ("" where it has none)
     * @return the cost of each split point, in order
     * @throws std::invalid_argument one line "PATH: $.json.path: what is wrong" (or
     *         "PATH: what is wrong" for a file that cannot be read or is not JSON)
     */
    static std::vector<double> ReadConfidentialityProfile(
        const std::string& path,
        std::vector<std::string>* names = nullptr);

  protected:
    void DoDispose() override;

    /**
     * @brief Check the subclass's attributes against the cost model; called at the end of
     *        Configure(). The default does nothing.
     * @throws std::invalid_argument naming the attribute
     */
    virtual void DoConfigure();

    /**
     * @brief Check a split point and fire the Decision trace; Decide() returns through it.
     * @param observation what the controller saw
     * @param split the split point it chose
     * @return @p split
     * @throws std::logic_error when @p split is out of range (a defect of the controller)
     */
    uint32_t NotifyDecision(const SplitObservation& observation, uint32_t split);

    /**
     * @param what what is wrong
     * @return a std::invalid_argument whose message starts with this controller's TypeId name
     */
    std::invalid_argument Error(const std::string& what) const;

  private:
    double m_latencyWeight;                  //!< w_T, per s
    double m_energyWeight;                   //!< w_E, per J
    double m_privacyWeight;                  //!< w_P
    std::string m_confidentialityText;       //!< the Confidentiality attribute
    std::string m_confidentialityFile;       //!< the ConfidentialityFile attribute
    std::vector<double> m_privacy;           //!< confidentiality cost per split point
    std::vector<std::string> m_privacyNames; //!< the profile's split point names
    Ptr<SplitCostModel> m_costModel;         //!< the cost model, once configured
    uint32_t m_nSplitPoints;                 //!< number of split points, 0 before Configure()

    /// Fired on each decision: observation and split point.
    TracedCallback<const SplitObservation&, uint32_t> m_decisionTrace;
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SPLIT_CONTROLLER_H
