// SPDX-License-Identifier: GPL-2.0-only

#include "learning-split-controller.h"

#include "input-file.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <libdeflate.h>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginLearningSplitController");

NS_OBJECT_ENSURE_REGISTERED(LearningSplitController);

namespace
{

/// The first bytes of a policy file.
constexpr char POLICY_MAGIC[8] = {'S', 'A', 'G', 'I', 'N', 'R', 'L', '\0'};

/// The version of the policy file layout.
constexpr uint32_t POLICY_VERSION = 1;

/// The most agents, and the longest key or name, a policy file may hold.
constexpr uint32_t MAX_AGENTS = 1000000;
constexpr uint32_t MAX_TEXT = 4096;

/// Appends little-endian integers and length-prefixed text to a byte string.
class PolicyWriter
{
  public:
    /// @param out the bytes
    explicit PolicyWriter(std::string& out)
        : m_out(out)
    {
    }

    /**
     * @param value a value
     * @param bytes its width
     */
    void Put(uint64_t value, int bytes)
    {
        for (int i = 0; i < bytes; ++i)
        {
            m_out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
        }
    }

    /// @param text a string, after its 4-byte length
    void PutText(const std::string& text)
    {
        Put(text.size(), 4);
        m_out += text;
    }

  private:
    std::string& m_out; //!< the bytes
};

/// Reads what PolicyWriter wrote, refusing to read beyond the end.
class PolicyReader
{
  public:
    /**
     * @param data the bytes
     * @param where the start of error messages (the file)
     */
    PolicyReader(const std::string& data, const std::string& where)
        : m_data(data),
          m_where(where)
    {
    }

    /**
     * @param bytes the width
     * @param what the field, for the message
     * @return the value
     */
    uint64_t Get(int bytes, const char* what)
    {
        Need(bytes, what);
        uint64_t value = 0;
        for (int i = 0; i < bytes; ++i)
        {
            value |= uint64_t{static_cast<uint8_t>(m_data[m_offset + i])} << (8 * i);
        }
        m_offset += bytes;
        return value;
    }

    /**
     * @param what the field
     * @return the text
     */
    std::string GetText(const char* what)
    {
        const uint64_t size = Get(4, what);
        if (size > MAX_TEXT)
        {
            throw std::invalid_argument(m_where + ": " + what + " of " + std::to_string(size) +
                                        " bytes is longer than " + std::to_string(MAX_TEXT));
        }
        Need(size, what);
        std::string text = m_data.substr(m_offset, size);
        m_offset += size;
        return text;
    }

    /**
     * @param size a number of bytes
     * @param what the field
     * @return those bytes
     */
    std::string GetBytes(uint64_t size, const char* what)
    {
        Need(size, what);
        std::string bytes = m_data.substr(m_offset, size);
        m_offset += size;
        return bytes;
    }

    /// @return the bytes not read yet
    size_t GetRemaining() const
    {
        return m_data.size() - m_offset;
    }

  private:
    /**
     * @param bytes bytes the next field needs
     * @param what the field
     */
    void Need(uint64_t bytes, const char* what) const
    {
        if (bytes > m_data.size() - m_offset)
        {
            throw std::invalid_argument(m_where + ": truncated in " + what + " (" +
                                        std::to_string(m_data.size()) + " bytes)");
        }
    }

    const std::string& m_data; //!< the bytes
    std::string m_where;       //!< message start
    size_t m_offset{0};        //!< the next byte
};

/**
 * @param data bytes
 * @return their CRC-32 (IEEE 802.3)
 */
uint32_t
Crc32(const std::string& data)
{
    return libdeflate_crc32(0, data.data(), data.size());
}

} // namespace

LearningSplitController::Agent::~Agent() = default;

TypeId
LearningSplitController::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::LearningSplitController")
            .SetParent<SplitController>()
            .SetGroupName("Sagin")
            .AddAttribute("Sharing",
                          "Who shares an agent: every node its own (node) or all nodes of a "
                          "role (role).",
                          EnumValue(PER_NODE),
                          MakeEnumAccessor(&LearningSplitController::m_sharing),
                          MakeEnumChecker(PER_NODE, "node", PER_ROLE, "role"))
            .AddAttribute("State",
                          "What an agent sees: the last split point (split, as in the published "
                          "experiment) or the last split with the uplink rate, SNR, battery and "
                          "server backlog (network).",
                          EnumValue(NETWORK),
                          MakeEnumAccessor(&LearningSplitController::m_stateKind),
                          MakeEnumChecker(LAST_SPLIT, "split", NETWORK, "network"))
            .AddAttribute("Training",
                          "Whether the controller explores and learns; false takes the greedy "
                          "split and leaves the policy as it is (evaluation).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&LearningSplitController::m_training),
                          MakeBooleanChecker())
            .AddAttribute("EpisodeSteps",
                          "Steps of an episode, after which an agent's trajectory ends; 0 "
                          "takes the algorithm's published value.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&LearningSplitController::m_episodeSteps),
                          MakeUintegerChecker<uint32_t>());
    return tid;
}

LearningSplitController::LearningSplitController()
    : m_sharing(PER_NODE),
      m_stateKind(NETWORK),
      m_training(true),
      m_episodeSteps(0),
      m_seeds(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

LearningSplitController::~LearningSplitController()
{
    NS_LOG_FUNCTION(this);
}

void
LearningSplitController::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_slots.clear();
    m_order.clear();
    m_seeds = nullptr;
    SplitController::DoDispose();
}

bool
LearningSplitController::IsShareable() const
{
    return true;
}

int64_t
LearningSplitController::AssignStreams(int64_t stream)
{
    m_seeds->SetStream(stream);
    return 1;
}

uint32_t
LearningSplitController::GetStateSize() const
{
    return m_stateKind == LAST_SPLIT ? 1 : 5;
}

uint32_t
LearningSplitController::LastSplit(const SplitObservation& observation) const
{
    if (observation.lastSplit < 0)
    {
        return 0;
    }
    return std::min<uint32_t>(static_cast<uint32_t>(observation.lastSplit), GetNSplitPoints() - 1);
}

std::vector<float>
LearningSplitController::EncodeState(const SplitObservation& observation) const
{
    const uint32_t last = LastSplit(observation);
    const uint32_t splits = GetNSplitPoints();
    const double position = splits > 1 ? double(last) / double(splits - 1) : 0.0;
    if (m_stateKind == LAST_SPLIT)
    {
        return {static_cast<float>(position)};
    }
    const double rate = std::isfinite(observation.rateBps) && observation.rateBps > 0
                            ? std::log10(1.0 + observation.rateBps / 1e6) / 4.0
                            : 0.0;
    const double snr = std::isfinite(observation.snrDb) ? observation.snrDb / 40.0 : 0.0;
    const double charge =
        std::isfinite(observation.stateOfCharge) ? observation.stateOfCharge : 1.0;
    const double backlog =
        std::isfinite(observation.serverBacklogS) ? observation.serverBacklogS : 0.0;
    return {static_cast<float>(position),
            static_cast<float>(rate),
            static_cast<float>(snr),
            static_cast<float>(charge),
            static_cast<float>(backlog)};
}

std::string
LearningSplitController::GetAgentKey(const SplitObservation& observation) const
{
    if (m_sharing == PER_ROLE)
    {
        return observation.role.empty() ? std::string("any") : observation.role;
    }
    return "node " + std::to_string(observation.node);
}

uint32_t
LearningSplitController::GetNAgents() const
{
    return static_cast<uint32_t>(m_slots.size());
}

uint32_t
LearningSplitController::GetEpisodeSteps() const
{
    return m_episodeSteps > 0 ? m_episodeSteps : GetDefaultEpisodeSteps();
}

bool
LearningSplitController::IsTraining() const
{
    return m_training;
}

LearningSplitController::Slot&
LearningSplitController::GetSlot(const SplitObservation& observation)
{
    GetNSplitPoints(); // throws before Configure()
    const std::string key = GetAgentKey(observation);
    auto found = m_slots.find(key);
    if (found == m_slots.end())
    {
        const uint64_t seed = m_seeds->GetInteger(0, 0xFFFFFFFFu);
        Slot slot;
        slot.agent = CreateAgent(seed);
        found = m_slots.emplace(key, std::move(slot)).first;
        m_order.push_back(key);
        NS_LOG_DEBUG(GetInstanceTypeId().GetName()
                     << ": new agent for " << key << ", seed " << seed);
    }
    return found->second;
}

LearningSplitController::Agent&
LearningSplitController::GetAgent(const SplitObservation& observation)
{
    return *GetSlot(observation).agent;
}

uint32_t
LearningSplitController::Decide(const SplitObservation& observation)
{
    NS_LOG_FUNCTION(this << observation.node);
    Slot& slot = GetSlot(observation);
    const std::vector<float> state = EncodeState(observation);
    const uint32_t last = LastSplit(observation);
    const uint32_t split =
        m_training ? slot.agent->Act(state, last, true) : slot.agent->Greedy(state, last);
    return NotifyDecision(observation, split);
}

uint32_t
LearningSplitController::GetGreedySplit(const SplitObservation& observation)
{
    Slot& slot = GetSlot(observation);
    return slot.agent->Greedy(EncodeState(observation), LastSplit(observation));
}

void
LearningSplitController::Learn(const SplitTransition& transition)
{
    NS_LOG_FUNCTION(this << transition.split << transition.reward);
    if (!m_training)
    {
        return;
    }
    Slot& slot = GetSlot(transition.observation);
    Experience experience;
    experience.node = transition.observation.node;
    experience.state = EncodeState(transition.observation);
    experience.lastSplit = LastSplit(transition.observation);
    experience.split = transition.split;
    experience.reward = transition.reward;
    experience.next = EncodeState(transition.next);
    experience.nextLastSplit = LastSplit(transition.next);
    const uint32_t episode = GetEpisodeSteps();
    ++slot.stepsInEpisode;
    if (episode > 0 && slot.stepsInEpisode >= episode)
    {
        experience.episodeEnd = true;
        slot.stepsInEpisode = 0;
    }
    slot.agent->Update(experience);
}

void
LearningSplitController::Save(const std::string& path) const
{
    NS_LOG_FUNCTION(this << path);
    std::string bytes(POLICY_MAGIC, sizeof(POLICY_MAGIC));
    PolicyWriter writer(bytes);
    writer.Put(POLICY_VERSION, 4);
    writer.PutText(GetInstanceTypeId().GetName());
    writer.Put(GetNSplitPoints(), 4);
    writer.Put(m_stateKind, 1);
    writer.Put(GetStateSize(), 4);
    writer.Put(m_sharing, 1);
    writer.Put(m_order.size(), 4);
    for (const auto& key : m_order)
    {
        std::ostringstream agent;
        m_slots.at(key).agent->Save(agent);
        writer.PutText(key);
        writer.Put(m_slots.at(key).stepsInEpisode, 4);
        writer.Put(agent.str().size(), 8);
        bytes += agent.str();
    }
    writer.Put(Crc32(bytes), 4);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out)
    {
        throw std::runtime_error(GetInstanceTypeId().GetName() + ": cannot write policy file '" +
                                 path + "'");
    }
}

void
LearningSplitController::Load(const std::string& path)
{
    NS_LOG_FUNCTION(this << path);
    const std::string where = "policy file '" + path + "'";
    if (const std::string why = ExplainNotRegularFile(path); !why.empty())
    {
        throw std::invalid_argument(where + ": " + why);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw std::invalid_argument(where + ": cannot be read");
    }
    std::ostringstream content;
    content << in.rdbuf();
    const std::string bytes = content.str();
    if (bytes.size() < sizeof(POLICY_MAGIC) + 4 ||
        std::memcmp(bytes.data(), POLICY_MAGIC, sizeof(POLICY_MAGIC)) != 0)
    {
        throw std::invalid_argument(where + ": not a sagin policy file");
    }
    const std::string body = bytes.substr(0, bytes.size() - 4);
    PolicyReader tail(bytes.substr(bytes.size() - 4), where);
    const auto stored = static_cast<uint32_t>(tail.Get(4, "checksum"));
    if (stored != Crc32(body))
    {
        throw std::invalid_argument(where + ": checksum mismatch (damaged file)");
    }
    PolicyReader reader(body, where);
    reader.GetBytes(sizeof(POLICY_MAGIC), "magic");
    const uint64_t version = reader.Get(4, "version");
    if (version != POLICY_VERSION)
    {
        throw std::invalid_argument(where + ": version " + std::to_string(version) +
                                    ", this build reads version " + std::to_string(POLICY_VERSION));
    }
    const std::string type = reader.GetText("controller type");
    const std::string mine = GetInstanceTypeId().GetName();
    if (type != mine)
    {
        throw std::invalid_argument(where + ": written by " + type + ", not " + mine);
    }
    auto expect = [&where](uint64_t got, uint64_t want, const std::string& what) {
        if (got != want)
        {
            throw std::invalid_argument(where + ": " + what + " " + std::to_string(got) +
                                        ", this controller has " + std::to_string(want));
        }
    };
    expect(reader.Get(4, "split points"), GetNSplitPoints(), "split points");
    expect(reader.Get(1, "state kind"), m_stateKind, "state kind (0 split, 1 network)");
    expect(reader.Get(4, "state size"), GetStateSize(), "state size");
    expect(reader.Get(1, "sharing"), m_sharing, "sharing (0 node, 1 role)");
    const uint64_t count = reader.Get(4, "agent count");
    if (count > MAX_AGENTS)
    {
        throw std::invalid_argument(where + ": " + std::to_string(count) + " agents (at most " +
                                    std::to_string(MAX_AGENTS) + ")");
    }
    std::map<std::string, Slot> slots;
    std::vector<std::string> order;
    for (uint64_t i = 0; i < count; ++i)
    {
        const std::string key = reader.GetText("agent key");
        const auto steps = static_cast<uint32_t>(reader.Get(4, "episode step"));
        const uint64_t size = reader.Get(8, "agent size");
        std::istringstream blob(reader.GetBytes(size, "agent parameters"));
        Slot slot;
        slot.agent = CreateAgent(m_seeds->GetInteger(0, 0xFFFFFFFFu));
        slot.stepsInEpisode = steps;
        try
        {
            slot.agent->Load(blob);
        }
        catch (const std::invalid_argument& error)
        {
            throw std::invalid_argument(where + ": agent '" + key + "': " + error.what());
        }
        if (!slots.emplace(key, std::move(slot)).second)
        {
            throw std::invalid_argument(where + ": agent '" + key + "' appears twice");
        }
        order.push_back(key);
    }
    if (reader.GetRemaining() != 0)
    {
        throw std::invalid_argument(where + ": " + std::to_string(reader.GetRemaining()) +
                                    " bytes after the last agent");
    }
    m_slots = std::move(slots);
    m_order = std::move(order);
}

} // namespace sagin
} // namespace ns3
