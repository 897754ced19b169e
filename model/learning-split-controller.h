// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_LEARNING_SPLIT_CONTROLLER_H
#define SAGIN_LEARNING_SPLIT_CONTROLLER_H

#include "split-controller.h"

#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The common part of the controllers that learn from their rewards: agents per node or
 *        per role, the state they see, exploration and evaluation modes, episodes, random
 *        streams, and saving and loading trained policies.
 *
 * A subclass is one algorithm: it creates an Agent (CreateAgent()) with its hyper-parameters,
 * and the base class gives each agent its experience. With Sharing "node" every requesting
 * node has an agent of its own; with "role" all nodes of a role (UAV, vehicle) share one. One
 * controller object may serve many nodes (CvlHelper installs one for all its queries when
 * IsShareable() is true), so sharing by role is sharing between nodes.
 *
 * The state an agent sees (State attribute):
 *  - "split": the node's last split point, the state of the published experiment, as a
 *    position in [0, 1]: split/(K − 1) of K split points (1 value, 0 before any decision);
 *  - "network": that position, the uplink rate
 *    log10(1 + rate/1 Mbit/s)/4, the SNR in dB/40, the battery's state of charge (1 without a
 *    battery) and the edge server's backlog in s (5 values; unknown rates and SNRs count 0).
 *
 * Learning: Learn() turns a transition into an Experience (state, split, reward, next state,
 * and whether it closes an episode of GetEpisodeSteps() steps) for the agent that decided: an
 * episode ends the agent's trajectory for its updates (returns are not carried across it), and
 * an environment that restarts (the published experiment's, SeedSplitEnvironment) restarts
 * then. With
 * Training false, Decide() takes the greedy split and Learn() does nothing: the evaluation of
 * a trained policy.
 *
 * Save() writes every agent to a file with the controller's type, its split points, state and
 * sharing, and a CRC-32 of the whole; Load() refuses a file that is not one, is damaged, or was
 * written for another algorithm, number of split points, state or sharing, with one line naming
 * the file and the mismatch.
 */
class LearningSplitController : public SplitController
{
  public:
    /// Who shares an agent.
    enum Sharing
    {
        PER_NODE = 0, //!< one agent per requesting node
        PER_ROLE = 1  //!< one agent per role
    };

    /// What an agent sees.
    enum StateKind
    {
        LAST_SPLIT = 0, //!< the last split point (the published experiment)
        NETWORK = 1     //!< last split, rate, SNR, battery and server backlog
    };

    /// One step of an agent's experience.
    struct Experience
    {
        uint32_t node{0};          //!< the node that decided (agents shared by a role keep
                                   //!< each node's trajectory apart)
        std::vector<float> state;  //!< the state of the decision
        uint32_t lastSplit{0};     //!< the split point before it
        uint32_t split{0};         //!< the split point chosen
        double reward{0};          //!< its reward
        std::vector<float> next;   //!< the state of the agent's next decision
        uint32_t nextLastSplit{0}; //!< the split point before that (= split)
        bool episodeEnd{false};    //!< whether this step closes an episode
    };

    /**
     * @brief A learner: decides from states and learns from experience. Agents draw random
     *        numbers only from the generators they were created with.
     */
    class Agent
    {
      public:
        virtual ~Agent();

        /**
         * @param state the state
         * @param lastSplit the split point before
         * @param explore whether to explore (training) or take the greedy choice
         * @return a split point
         */
        virtual uint32_t Act(const std::vector<float>& state, uint32_t lastSplit, bool explore) = 0;

        /**
         * @param state the state
         * @param lastSplit the split point before
         * @return the greedy split point, without side effects
         */
        virtual uint32_t Greedy(const std::vector<float>& state, uint32_t lastSplit) const = 0;

        /// @param experience one step, in the order of the agent's decisions
        virtual void Update(const Experience& experience) = 0;

        /// @param out where to write the agent's parameters
        virtual void Save(std::ostream& out) const = 0;

        /**
         * @param in the parameters, as Save() wrote them
         * @throws std::invalid_argument when they do not fit this agent (what is wrong)
         */
        virtual void Load(std::istream& in) = 0;
    };

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    LearningSplitController();
    ~LearningSplitController() override;

    uint32_t Decide(const SplitObservation& observation) override;
    void Learn(const SplitTransition& transition) override;

    /**
     * @param observation what a node observes
     * @return the split point its agent takes greedily, without exploring or learning (a new
     *         agent is created for a node or role not seen before)
     */
    uint32_t GetGreedySplit(const SplitObservation& observation);

    /// @return true: one object can serve many nodes (see Sharing)
    bool IsShareable() const override;

    /**
     * @param stream the first stream
     * @return 1: the stream that seeds the agents
     */
    int64_t AssignStreams(int64_t stream) override;

    /**
     * @brief Write every agent to a file.
     * @param path the file
     * @throws std::runtime_error when it cannot be written (naming it)
     */
    void Save(const std::string& path) const;

    /**
     * @brief Replace the agents by those of a file written by Save().
     * @param path the file
     * @throws std::invalid_argument for a missing, damaged or mismatched file (one line naming
     *         the file and what is wrong)
     */
    void Load(const std::string& path);

    /// @return the number of values of a state
    uint32_t GetStateSize() const;

    /**
     * @param observation what a node observes
     * @return the state its agent sees
     */
    std::vector<float> EncodeState(const SplitObservation& observation) const;

    /**
     * @param observation what a node observes
     * @return the key of its agent: "node N" or the role
     */
    std::string GetAgentKey(const SplitObservation& observation) const;

    /// @return the number of agents so far
    uint32_t GetNAgents() const;

    /// @return the steps of an episode: EpisodeSteps, or the algorithm's default when it is 0
    uint32_t GetEpisodeSteps() const;

    /// @return whether the controller explores and learns
    bool IsTraining() const;

  protected:
    void DoDispose() override;

    /**
     * @param seed the seed of the agent's generators
     * @return a new agent with the subclass's hyper-parameters
     */
    virtual std::unique_ptr<Agent> CreateAgent(uint64_t seed) = 0;

    /**
     * @param observation what a node observes
     * @return its agent, created when new
     */
    Agent& GetAgent(const SplitObservation& observation);

    /// @return the algorithm's own steps per episode, used when EpisodeSteps is 0
    virtual uint32_t GetDefaultEpisodeSteps() const = 0;

  private:
    /// An agent with its bookkeeping.
    struct Slot
    {
        std::unique_ptr<Agent> agent; //!< the learner
        uint32_t stepsInEpisode{0};   //!< steps of the current episode so far
    };

    /**
     * @param observation what a node observes
     * @return its slot, created when new
     */
    Slot& GetSlot(const SplitObservation& observation);

    /**
     * @param observation an observation
     * @return its last split point, 0 for none
     */
    uint32_t LastSplit(const SplitObservation& observation) const;

    Sharing m_sharing;                   //!< who shares an agent
    StateKind m_stateKind;               //!< what an agent sees
    bool m_training;                     //!< explore and learn
    uint32_t m_episodeSteps;             //!< steps per episode, 0 for the algorithm's
    Ptr<UniformRandomVariable> m_seeds;  //!< draws the agents' seeds
    std::map<std::string, Slot> m_slots; //!< the agents by key
    std::vector<std::string> m_order;    //!< the keys in order of creation
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_LEARNING_SPLIT_CONTROLLER_H
