// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_ATTRIBUTE_CHECK_H
#define SAGIN_ATTRIBUTE_CHECK_H

/**
 * @file
 * @ingroup sagin
 * Checks attribute values given as text before ns-3 parses them.
 *
 * ns-3 aborts the process on some malformed attribute text (a double such as "0.5x", a time with
 * an unknown unit, an object factory naming an unknown TypeId or attribute). Scenario files and
 * command lines are user input, so sagin checks such text first and reports a one-line error
 * instead.
 */

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
 * @brief Why a text is not a valid value for an attribute checker.
 * @param checker the attribute's checker
 * @param text the value as text
 * @return an empty string when ns-3 accepts the text, otherwise what is wrong in a few words
 */
std::string ExplainInvalidValue(Ptr<const AttributeChecker> checker, const std::string& text);

/**
 * @ingroup sagin
 * @brief Why an attribute default or global value cannot be set to a text.
 * @param name "TypeIdName::Attribute" (e.g. "ns3::sagin::TriCoCostModel::UavImages") or the
 *        name of a global value (e.g. "RngRun")
 * @param text the value as text
 * @return an empty string when Config::SetDefault (or SetGlobal) would accept the value,
 *         otherwise what is wrong in a few words
 */
std::string ExplainInvalidSetting(const std::string& name, const std::string& text);

/**
 * @ingroup sagin
 * @brief Check the attribute and global-value arguments of a command line before
 *        ns3::CommandLine sees them.
 *
 * Arguments of the form `--ns3::TypeIdName::Attribute=value`, and `--Name=value` where Name is a
 * global value, are checked with ExplainInvalidSetting(); other arguments are left alone.
 * @param argc the argument count
 * @param argv the arguments
 * @throws std::invalid_argument "--ARGUMENT: what is wrong" for the first bad argument
 */
void CheckAttributeArguments(int argc, char* argv[]);

/**
 * @ingroup sagin
 * @brief Set an attribute of the objects an ObjectFactory makes, with a one-line error where
 *        ns-3 would abort (an unknown attribute, one that cannot be set at construction, or a
 *        value its checker refuses).
 *
 * A value of another type than the attribute's is accepted when its text is a valid value of
 * the attribute (e.g. UintegerValue(5) for a double), as ns-3 does for strings.
 * @param factory the factory, whose TypeId is set
 * @param name the attribute's name, e.g. "Speed"
 * @param value its value
 * @throws std::invalid_argument "TypeIdName::Attribute: what is wrong"
 */
void SetFactoryAttribute(ObjectFactory& factory,
                         const std::string& name,
                         const AttributeValue& value);

} // namespace sagin
} // namespace ns3

#endif /* SAGIN_ATTRIBUTE_CHECK_H */
