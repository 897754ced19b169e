// SPDX-License-Identifier: GPL-2.0-only

#include "attribute-check.h"

#include "ns3/attribute-container.h"
#include "ns3/global-value.h"
#include "ns3/string.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

#include <map>
#include <regex>
#include <stdexcept>
#include <vector>

namespace ns3
{
namespace sagin
{

namespace
{

/**
 * @param type an attribute value's type name, e.g. "ns3::DoubleValue"
 * @return the pattern that the whole text of such a value must match, or nullptr when ns-3 parses
 *         the type without aborting
 */
const std::regex*
WellFormedPattern(const std::string& type)
{
    // A decimal number as std::istream reads it completely: sign, digits, point, exponent.
    static const std::string number = "[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?";
    static const std::map<std::string, std::regex> patterns = {
        {"ns3::DoubleValue", std::regex(number)},
        {"ns3::IntegerValue", std::regex("[+-]?[0-9]+")},
        {"ns3::UintegerValue", std::regex("\\+?[0-9]+")},
        {"ns3::TimeValue", std::regex(number + "(s|ms|us|ns|ps|fs|min|h|d|y)?")},
        {"ns3::Vector3DValue", std::regex(number + ":" + number + ":" + number)},
        {"ns3::Vector2DValue", std::regex(number + ":" + number)},
    };
    const auto it = patterns.find(type);
    return it == patterns.end() ? nullptr : &it->second;
}

/**
 * @param text a text
 * @param separator the separator
 * @return the parts between separators, not splitting inside [...]
 */
std::vector<std::string>
SplitTopLevel(const std::string& text, char separator)
{
    std::vector<std::string> parts(1);
    int depth = 0;
    for (char c : text)
    {
        depth += (c == '[') - (c == ']');
        if (c == separator && depth == 0)
        {
            parts.emplace_back();
        }
        else
        {
            parts.back() += c;
        }
    }
    return parts;
}

/**
 * @brief Why a text is not a valid object factory ("TypeIdName" or
 *        "TypeIdName[Attribute=value|...]").
 * @param text the text
 * @return an empty string when valid, otherwise what is wrong
 */
std::string
ExplainInvalidFactory(const std::string& text)
{
    const auto open = text.find('[');
    const std::string tidName = text.substr(0, open);
    TypeId tid;
    if (tidName.empty() || !TypeId::LookupByNameFailSafe(tidName, &tid))
    {
        return "unknown TypeId '" + tidName + "'";
    }
    if (open == std::string::npos)
    {
        return "";
    }
    if (text.back() != ']')
    {
        return "'" + text + "' does not end with ']'";
    }
    const std::string inner = text.substr(open + 1, text.size() - open - 2);
    if (inner.empty())
    {
        return "";
    }
    for (const auto& assignment : SplitTopLevel(inner, '|'))
    {
        const auto equal = assignment.find('=');
        if (equal == std::string::npos)
        {
            return "'" + assignment + "' is not Attribute=value";
        }
        const std::string attribute = assignment.substr(0, equal);
        TypeId::AttributeInformation info;
        if (!tid.LookupAttributeByName(attribute, &info))
        {
            return "'" + tidName + "' has no attribute '" + attribute + "'";
        }
        const std::string why = ExplainInvalidValue(info.checker, assignment.substr(equal + 1));
        if (!why.empty())
        {
            return attribute + ": " + why;
        }
    }
    return "";
}

/**
 * @param name a global value's name, e.g. "RngRun"
 * @return its checker, or nullptr when there is no global value of that name
 */
Ptr<const AttributeChecker>
GlobalValueChecker(const std::string& name)
{
    for (auto it = GlobalValue::Begin(); it != GlobalValue::End(); ++it)
    {
        if ((*it)->GetName() == name)
        {
            return (*it)->GetChecker();
        }
    }
    return nullptr;
}

} // namespace

std::string
ExplainInvalidValue(Ptr<const AttributeChecker> checker, const std::string& text)
{
    const std::string expected =
        " (expected " + checker->GetValueTypeName() +
        (checker->HasUnderlyingTypeInformation() ? ", " + checker->GetUnderlyingTypeInformation()
                                                 : std::string()) +
        ")";
    if (auto container = DynamicCast<const AttributeContainerChecker>(checker))
    {
        size_t index = 0;
        for (const auto& item : SplitTopLevel(text, ','))
        {
            const std::string why = ExplainInvalidValue(container->GetItemChecker(), item);
            if (!why.empty())
            {
                return "item " + std::to_string(index) + ": " + why;
            }
            ++index;
        }
        return checker->CreateValidValue(StringValue(text))
                   ? ""
                   : "invalid value '" + text + "'" + expected;
    }
    const std::string type = checker->GetValueTypeName();
    const std::regex* pattern = WellFormedPattern(type);
    const bool wellFormed = pattern == nullptr || std::regex_match(text, *pattern);
    if (type == "ns3::PointerValue" || type == "ns3::ObjectFactoryValue")
    {
        const std::string why = ExplainInvalidFactory(text);
        if (!why.empty())
        {
            return "invalid object '" + text + "': " + why;
        }
    }
    if (!wellFormed || !checker->CreateValidValue(StringValue(text)))
    {
        return "invalid value '" + text + "'" + expected;
    }
    return "";
}

std::string
ExplainInvalidSetting(const std::string& name, const std::string& text)
{
    const auto sep = name.rfind("::");
    if (sep == std::string::npos)
    {
        const auto checker = GlobalValueChecker(name);
        if (!checker)
        {
            return "neither TypeIdName::Attribute nor a global value";
        }
        const std::string why = ExplainInvalidValue(checker, text);
        // ns-3's checker takes any uint32_t, but its generator aborts the program on seed 0.
        UintegerValue seed;
        if (why.empty() && name == "RngSeed" && seed.DeserializeFromString(text, checker) &&
            seed.Get() == 0)
        {
            return "invalid value '" + text + "': the seed must be in [1, 4294967295]";
        }
        return why;
    }
    const std::string tidName = name.substr(0, sep);
    const std::string attrName = name.substr(sep + 2);
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(tidName, &tid))
    {
        return "unknown TypeId '" + tidName + "'";
    }
    TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(attrName, &info))
    {
        return "'" + tidName + "' has no attribute '" + attrName + "'";
    }
    return ExplainInvalidValue(info.checker, text);
}

void
CheckAttributeArguments(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        const auto equal = arg.find('=');
        if (arg.compare(0, 2, "--") != 0 || equal == std::string::npos)
        {
            continue;
        }
        const std::string name = arg.substr(2, equal - 2);
        if (name.compare(0, 5, "ns3::") != 0 && !GlobalValueChecker(name))
        {
            continue; // the program's own option, which ns3::CommandLine checks
        }
        const std::string why = ExplainInvalidSetting(name, arg.substr(equal + 1));
        if (!why.empty())
        {
            throw std::invalid_argument(arg + ": " + why);
        }
    }
}

void
SetFactoryAttribute(ObjectFactory& factory, const std::string& name, const AttributeValue& value)
{
    const TypeId tid = factory.GetTypeId();
    const std::string where = tid.GetName() + "::" + name;
    TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(name, &info))
    {
        throw std::invalid_argument(where + ": '" + tid.GetName() + "' has no attribute '" + name +
                                    "'");
    }
    if (!(info.flags & TypeId::ATTR_CONSTRUCT))
    {
        throw std::invalid_argument(where + ": the attribute cannot be set at construction");
    }
    if (info.checker->Check(value))
    {
        factory.Set(name, value);
        return;
    }
    const auto* text = dynamic_cast<const StringValue*>(&value);
    const std::string serialised = text ? text->Get() : value.SerializeToString(info.checker);
    const std::string why = ExplainInvalidValue(info.checker, serialised);
    if (!why.empty())
    {
        throw std::invalid_argument(where + ": " + why);
    }
    factory.Set(name, StringValue(serialised));
}

} // namespace sagin
} // namespace ns3
