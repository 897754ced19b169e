// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_INPUT_FILE_H
#define SAGIN_INPUT_FILE_H

#include <istream>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <vector>

/**
 * @file
 * @ingroup sagin
 * Reading input files: bounded reads, and strict JSON (scenarios, confidentiality profiles).
 * Private to sagin's sources, not installed.
 */

namespace ns3
{
namespace sagin
{
/// The largest text input file (scenario, profile, element sets) sagin reads, in bytes (64 MiB).
constexpr size_t MAX_INPUT_FILE_BYTES = size_t(64) << 20;

/**
 * @brief Read a stream to its end, but no more than a limit: /dev/zero or a mistaken multi-GB
 *        file ends in a refusal instead of filling the memory.
 * @param in the stream
 * @param limit the most bytes accepted
 * @param text receives what was read
 * @return false when the stream holds more than limit bytes (text then holds limit + 1 bytes)
 */
inline bool
ReadAtMost(std::istream& in, size_t limit, std::string& text)
{
    text.clear();
    char buffer[65536];
    while (text.size() <= limit)
    {
        in.read(buffer, sizeof(buffer));
        const std::streamsize count = in.gcount();
        if (count <= 0)
        {
            break;
        }
        text.append(buffer, size_t(count));
    }
    if (text.size() > limit)
    {
        text.resize(limit + 1);
        return false;
    }
    return true;
}

/**
 * @brief Whether a path that exists is a regular file: binary inputs (weights, policies) are
 *        read whole, so a device or a pipe (/dev/zero) would be read without end.
 * @param path the path
 * @return "" for a regular file or a path that does not exist (opening it then says so),
 *         else "is a folder, not a file" or "is not a regular file"
 */
inline std::string
ExplainNotRegularFile(const std::string& path)
{
    struct stat info;
    if (stat(path.c_str(), &info) != 0 || S_ISREG(info.st_mode))
    {
        return "";
    }
    return S_ISDIR(info.st_mode) ? "is a folder, not a file" : "is not a regular file";
}

namespace json
{

/// The deepest nesting of objects and arrays an input file may have.
constexpr size_t MAX_DEPTH = 64;

/**
 * @brief Parse JSON text strictly.
 *
 * nlohmann's parser keeps the last of two equal keys of an object and nests as deep as the
 * text does; sagin refuses both: a repeated key is almost always a mistake whose first value is
 * silently lost, and tens of thousands of nested arrays overflow the stack of whatever walks
 * the document (printing it, for instance) long after it was read.
 *
 * @tparam Json nlohmann::json or nlohmann::ordered_json
 * @param text the JSON text
 * @return the document
 * @throws std::invalid_argument one line without the file's name: "invalid JSON: parse error
 *         at line L, column C: ...", "invalid JSON: $.a.b: the key 'c' appears twice" or
 *         "invalid JSON: $.a: nested more than 64 levels deep" (named by
 *         the top-level member that holds the nesting)
 */
template <class Json>
Json
Parse(const std::string& text)
{
    // One frame per open object or array: its JSON path, the keys seen (objects) or the index
    // of the next element (arrays), and the key whose value comes next (objects).
    struct Frame
    {
        std::string path;
        bool array{false};
        size_t index{0};
        std::set<std::string> keys;
        std::string key;
    };

    struct Refusal
    {
        std::string what;
    };

    std::vector<Frame> stack;
    auto childPath = [&stack]() {
        if (stack.empty())
        {
            return std::string("$");
        }
        const Frame& parent = stack.back();
        return parent.array ? parent.path + "[" + std::to_string(parent.index) + "]"
                            : parent.path + "." + parent.key;
    };
    // A value (scalar or closed container) of the current container is complete.
    auto completed = [&stack]() {
        if (!stack.empty() && stack.back().array)
        {
            ++stack.back().index;
        }
    };
    auto callback = [&](int, nlohmann::json::parse_event_t event, Json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        switch (event)
        {
        case Event::object_start:
        case Event::array_start: {
            const std::string path = childPath();
            if (stack.size() >= MAX_DEPTH)
            {
                // Named by the top-level member it is in: the full path is as long as the text.
                throw Refusal{(stack.size() > 1 ? stack[1].path : std::string("$")) +
                              ": nested more than " + std::to_string(MAX_DEPTH) + " levels deep"};
            }
            Frame frame;
            frame.path = path;
            frame.array = event == Event::array_start;
            stack.push_back(std::move(frame));
            break;
        }
        case Event::key: {
            Frame& object = stack.back();
            const std::string key = parsed.template get<std::string>();
            if (!object.keys.insert(key).second)
            {
                throw Refusal{object.path + ": the key '" + key + "' appears twice"};
            }
            object.key = key;
            break;
        }
        case Event::object_end:
        case Event::array_end:
            stack.pop_back();
            completed();
            break;
        case Event::value:
            completed();
            break;
        }
        return true;
    };
    try
    {
        return Json::parse(text, callback);
    }
    catch (const Refusal& refusal)
    {
        throw std::invalid_argument("invalid JSON: " + refusal.what);
    }
    catch (const nlohmann::json::exception& e)
    {
        // "[json.exception.parse_error.101] parse error at line 1, column 2: ...": without the
        // exception's name.
        const std::string what = e.what();
        const auto bracket = what.find("] ");
        throw std::invalid_argument(
            "invalid JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2)));
    }
}

} // namespace json
} // namespace sagin
} // namespace ns3

#endif /* SAGIN_INPUT_FILE_H */
