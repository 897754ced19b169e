// SPDX-License-Identifier: GPL-2.0-only

#include "program-options.h"

#include "attribute-check.h"

#include "ns3/global-value.h"
#include "ns3/string.h"

#include <charconv>
#include <set>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{

/// The options ns3::CommandLine itself handles.
const std::set<std::string> NS3_OPTIONS{"help",
                                        "h",
                                        "PrintHelp",
                                        "version",
                                        "PrintVersion",
                                        "PrintGroups",
                                        "PrintGroup",
                                        "PrintTypeIds",
                                        "PrintAttributes",
                                        "PrintGlobals"};

/// @return whether @p name is a global value (--RngRun, --SimulatorImplementationType, ...)
bool
IsGlobalValue(const std::string& name)
{
    StringValue ignored;
    return GlobalValue::GetValueByNameFailSafe(name, ignored);
}

} // namespace

ProgramOptions::ProgramOptions(CommandLine& cmd)
    : m_cmd(cmd)
{
}

void
ProgramOptions::Check(int argc, char* argv[]) const
{
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        // ns3::CommandLine takes -name and --name alike.
        const size_t dashes = arg.rfind("--", 0) == 0 ? 2 : (arg.rfind('-', 0) == 0 ? 1 : 0);
        if (dashes == 0 || arg.size() == dashes)
        {
            throw std::invalid_argument("unexpected argument '" + arg + "'");
        }
        const size_t equal = arg.find('=');
        const std::string name = arg.substr(dashes, equal - dashes);
        if (name.rfind("ns3::", 0) == 0 || IsGlobalValue(name))
        {
            continue; // checked with their checkers below
        }
        if (NS3_OPTIONS.count(name))
        {
            continue;
        }
        const Option* option = nullptr;
        for (const auto& candidate : m_options)
        {
            option = candidate.name == name ? &candidate : option;
        }
        if (!option)
        {
            std::string known;
            for (const auto& candidate : m_options)
            {
                known += (known.empty() ? "--" : ", --") + candidate.name;
            }
            throw std::invalid_argument("unknown option '" + arg.substr(0, equal) +
                                        "' (options: " + known + ", --PrintHelp)");
        }
        if (equal == std::string::npos)
        {
            if (!option->flag)
            {
                throw std::invalid_argument("option '" + arg + "' needs a value: --" + name +
                                            "=VALUE");
            }
            continue;
        }
        const std::string why = ExplainInvalidValue(option->checker, arg.substr(equal + 1));
        if (!why.empty())
        {
            throw std::invalid_argument(arg + ": " + why);
        }
    }
    CheckAttributeArguments(argc, argv);
}

std::string
ShortestText(double value)
{
    char buf[64];
    const auto result = std::to_chars(buf, buf + sizeof(buf), value);
    return std::string(buf, result.ptr);
}

} // namespace sagin
} // namespace ns3
