// SPDX-License-Identifier: GPL-2.0-only

#include "vehicle-helper.h"

#include "ns3/constant-position-mobility-model.h"
#include "ns3/constant-velocity-mobility-model.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/hierarchical-mobility-model.h"
#include "ns3/log.h"
#include "ns3/ns2-mobility-helper.h"
#include "ns3/pointer.h"
#include "ns3/random-variable-stream.h"
#include "ns3/random-walk-2d-mobility-model.h"
#include "ns3/rectangle.h"
#include "ns3/string.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginVehicleHelper");

namespace
{

/// Half the side of the default square area, in m.
constexpr double DEFAULT_HALF_SIDE_M = 500.0;

/**
 * @param text a token
 * @param value replaced by the number
 * @return whether the token is a finite decimal number (as both std::strtod and std::istream
 *         read it completely)
 */
bool
ParseNumber(const std::string& text, double& value)
{
    static const std::regex number("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    if (!std::regex_match(text, number))
    {
        return false;
    }
    value = std::strtod(text.c_str(), nullptr);
    return std::isfinite(value);
}

/**
 * @param token a token
 * @param prefix what must come before "$node_(" (a quote, or nothing)
 * @param id replaced by the node number
 * @return whether the token is prefix + "$node_(" + number + ")"
 */
bool
ParseNodeToken(const std::string& token, const std::string& prefix, uint32_t& id)
{
    static const std::regex node("\\$node_\\(([0-9]{1,9})\\)");
    std::smatch match;
    if (token.compare(0, prefix.size(), prefix) != 0)
    {
        return false;
    }
    const std::string rest = token.substr(prefix.size());
    if (!std::regex_match(rest, match, node))
    {
        return false;
    }
    id = static_cast<uint32_t>(std::stoul(match[1].str()));
    return true;
}

/// What a trace says about one node.
struct TracedNode
{
    bool mentioned{false}; //!< whether a statement names the node
    bool hasX{false};      //!< whether it has an initial X_
    bool hasY{false};      //!< whether it has an initial Y_
    double lastTimeS{0.0}; //!< time of its last setdest, s
};

} // namespace

VehicleHelper::VehicleHelper()
    : RoleHelper("VehicleHelper", NodeRole::VEHICLE, "ns3::RandomWalk2dMobilityModel"),
      m_antennaHeightM(1.5)
{
    Set("Mode", EnumValue(RandomWalk2dMobilityModel::MODE_TIME));
    Set("Time", TimeValue(Seconds(10)));
    Set("Speed", StringValue("ns3::UniformRandomVariable[Min=5.0|Max=15.0]"));
    SetArea(Rectangle(-DEFAULT_HALF_SIDE_M,
                      DEFAULT_HALF_SIDE_M,
                      -DEFAULT_HALF_SIDE_M,
                      DEFAULT_HALF_SIDE_M));
}

void
VehicleHelper::SetArea(const Rectangle& area)
{
    NS_LOG_FUNCTION(this << area);
    if (!(area.xMax > area.xMin) || !(area.yMax > area.yMin))
    {
        throw std::invalid_argument("VehicleHelper: the driving area is empty");
    }
    Set("Bounds", RectangleValue(area));
    auto allocator = CreateObject<RandomRectanglePositionAllocator>();
    auto coordinate = [](double low, double high) {
        auto variable = CreateObject<UniformRandomVariable>();
        variable->SetAttribute("Min", DoubleValue(low));
        variable->SetAttribute("Max", DoubleValue(high));
        return PointerValue(variable);
    };
    allocator->SetAttribute("X", coordinate(area.xMin, area.xMax));
    allocator->SetAttribute("Y", coordinate(area.yMin, area.yMax));
    m_positions = allocator;
}

void
VehicleHelper::SetMobilityModel(const std::string& type)
{
    NS_LOG_FUNCTION(this << type);
    SetMobilityModelType(type, MobilityModel::GetTypeId());
}

void
VehicleHelper::SetPositionAllocator(Ptr<PositionAllocator> allocator)
{
    if (!allocator)
    {
        throw Error("no position allocator (null pointer)");
    }
    m_positions = allocator;
}

Ptr<PositionAllocator>
VehicleHelper::GetPositionAllocator() const
{
    return m_positions;
}

void
VehicleHelper::SetAntennaHeight(double heightM)
{
    m_antennaHeightM = CheckQuantity(heightM, "antenna height", "m");
}

double
VehicleHelper::GetAntennaHeight() const
{
    return m_antennaHeightM;
}

int64_t
VehicleHelper::AssignStreams(const NodeContainer& nodes, int64_t stream)
{
    int64_t current = stream;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<MobilityModel> model = (*it)->GetObject<MobilityModel>();
        if (model)
        {
            current += model->AssignStreams(current);
        }
    }
    return current - stream;
}

void
VehicleHelper::Place(Ptr<Node> node, Ptr<MobilityModel> model) const
{
    Vector position = m_positions->GetNext();
    position.z += m_antennaHeightM;
    model->SetPosition(position);
    Attach(node, model);
}

Ptr<MobilityModel>
VehicleHelper::Install(Ptr<Node> node) const
{
    NS_LOG_FUNCTION(this << node);
    CheckNode(node);
    Ptr<MobilityModel> model = CreateMobilityModel();
    Place(node, model);
    return model;
}

void
VehicleHelper::Install(const NodeContainer& nodes) const
{
    NS_LOG_FUNCTION(this);
    CheckNodes(nodes, nodes.GetN(), "vehicles");
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Place(*it, CreateMobilityModel());
    }
}

void
VehicleHelper::CheckNs2Trace(const std::string& path, uint32_t nodeCount) const
{
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error))
    {
        throw Error("cannot read ns-2 trace '" + path + "': " +
                    (std::filesystem::exists(path, error) ? "not a regular file" : "no such file"));
    }
    std::ifstream in(path);
    if (!in)
    {
        throw Error("cannot read ns-2 trace '" + path + "'");
    }
    std::vector<TracedNode> traced(nodeCount);
    std::string line;
    uint64_t lineNumber = 0;
    while (std::getline(in, line))
    {
        ++lineNumber;
        auto fail = [&](const std::string& what) {
            return Error(path + ":" + std::to_string(lineNumber) + ": " + what);
        };
        // As ns-3 reads a line: no '#' comment, no blanks around, no final ';'.
        std::string text = line.substr(0, line.find('#'));
        const auto first = text.find_first_not_of(" \t\r");
        const auto last = text.find_last_not_of(" \t\r;");
        if (first == std::string::npos || last == std::string::npos || last < first)
        {
            continue;
        }
        text = text.substr(first, last - first + 1);
        std::istringstream tokenStream(text);
        std::vector<std::string> tokens;
        for (std::string token; tokenStream >> token;)
        {
            tokens.push_back(token);
        }
        const std::string statement = "'" + text + "'";
        uint32_t id = 0;
        double value = 0.0;
        if (ParseNodeToken(tokens[0], "", id))
        {
            // $node_(i) set X_ value
            if (tokens.size() != 4 || tokens[1] != "set" ||
                (tokens[2] != "X_" && tokens[2] != "Y_" && tokens[2] != "Z_"))
            {
                throw fail("not an ns-2 position statement ($node_(i) set X_|Y_|Z_ value): " +
                           statement);
            }
            if (!ParseNumber(tokens[3], value))
            {
                throw fail("coordinate '" + tokens[3] + "' is not a finite number");
            }
            if (id >= nodeCount)
            {
                throw fail("node " + std::to_string(id) + " is not one of the " +
                           std::to_string(nodeCount) + " nodes given");
            }
            traced[id].mentioned = true;
            traced[id].hasX |= tokens[2] == "X_";
            traced[id].hasY |= tokens[2] == "Y_";
            continue;
        }
        if (tokens[0] != "$ns_")
        {
            throw fail("not an ns-2 movement statement: " + statement);
        }
        // $ns_ at t "$node_(i) setdest x y speed", the closing quote on the last token or apart.
        if (tokens.back() == "\"")
        {
            tokens.pop_back();
        }
        else if (tokens.back().size() > 1 && tokens.back().back() == '"')
        {
            tokens.back().pop_back();
        }
        else
        {
            throw fail("no closing '\"' in " + statement);
        }
        if (tokens.size() < 5 || tokens[1] != "at" || !ParseNodeToken(tokens[3], "\"", id))
        {
            throw fail("not an ns-2 movement statement ($ns_ at t \"$node_(i) setdest x y "
                       "speed\"): " +
                       statement);
        }
        double timeS = 0.0;
        if (!ParseNumber(tokens[2], timeS) || timeS < 0.0)
        {
            throw fail("time '" + tokens[2] + "' is not a finite number >= 0");
        }
        if (tokens[4] == "set")
        {
            throw fail("scheduled 'set' statements are not supported (ns-3.37's "
                       "Ns2MobilityHelper applies them at once, not at their time): use setdest");
        }
        if (tokens[4] != "setdest" || tokens.size() != 8)
        {
            throw fail("not an ns-2 movement statement ($ns_ at t \"$node_(i) setdest x y "
                       "speed\"): " +
                       statement);
        }
        double destination[3]; // x, y (m) and speed (m/s)
        for (int k = 0; k < 3; ++k)
        {
            if (!ParseNumber(tokens[5 + k], destination[k]))
            {
                throw fail("'" + tokens[5 + k] + "' is not a finite number");
            }
        }
        if (destination[2] < 0.0)
        {
            throw fail("speed " + tokens[7] + " is negative");
        }
        if (id >= nodeCount)
        {
            throw fail("node " + std::to_string(id) + " is not one of the " +
                       std::to_string(nodeCount) + " nodes given");
        }
        if (traced[id].mentioned && timeS < traced[id].lastTimeS)
        {
            throw fail("time " + tokens[2] + " is before the node's previous setdest");
        }
        traced[id].mentioned = true;
        traced[id].lastTimeS = timeS;
    }
    if (in.bad())
    {
        throw Error("cannot read ns-2 trace '" + path + "'");
    }
    for (uint32_t id = 0; id < nodeCount; ++id)
    {
        if (!traced[id].mentioned)
        {
            throw Error(path + ": node " + std::to_string(id) + " of the " +
                        std::to_string(nodeCount) + " nodes given is not in the trace");
        }
        if (!traced[id].hasX || !traced[id].hasY)
        {
            throw Error(path + ": node " + std::to_string(id) +
                        " has no initial position ($node_(" + std::to_string(id) +
                        ") set X_ and set Y_)");
        }
    }
}

void
VehicleHelper::InstallFromNs2Trace(const std::string& path, const NodeContainer& nodes) const
{
    NS_LOG_FUNCTION(this << path);
    CheckNodes(nodes, nodes.GetN(), "vehicles");
    CheckNs2Trace(path, nodes.GetN());
    // Ns2MobilityHelper drives the i-th object's ConstantVelocityMobilityModel for trace node i.
    std::vector<Ptr<Object>> children;
    children.reserve(nodes.GetN());
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        children.push_back(CreateObject<ConstantVelocityMobilityModel>());
    }
    Ns2MobilityHelper(path).Install(children.begin(), children.end());
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        auto antenna = CreateObject<ConstantPositionMobilityModel>();
        antenna->SetPosition(Vector(0.0, 0.0, m_antennaHeightM));
        auto model = CreateObject<HierarchicalMobilityModel>();
        model->SetParent(antenna);
        model->SetChild(children[i]->GetObject<MobilityModel>());
        Attach(nodes.Get(i), model);
    }
}

} // namespace sagin
} // namespace ns3
