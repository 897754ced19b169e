// SPDX-License-Identifier: GPL-2.0-only

// The build descriptions: CMakeLists.txt and wscript must name the same files, every source file
// in the tree must be named, and no public header may pull in LibTorch.

#include "sagin-test-utils.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <regex>
#include <set>

using namespace ns3::sagin::test;

namespace
{

/**
 * @param text a CMake or Python file
 * @return the text without its '#' comments
 */
std::string
StripHashComments(const std::string& text)
{
    return std::regex_replace(text, std::regex("#[^\n]*"), "");
}

/**
 * @param text a build description without comments
 * @return every path of a sagin source file named in it (model/, helper/, examples/, tools/,
 *         benchmarks/, test/; .cc or .h)
 */
std::set<std::string>
NamedFiles(const std::string& text)
{
    // A path relative to the source tree: not preceded by '/' or '}' (generated files in the
    // build tree, like ${PROJECT_BINARY_DIR}/test/x.h, do not count).
    static const std::regex path("(^|[\\s'\"(\\[])((model|helper|examples|tools|benchmarks|test)/"
                                 "[A-Za-z0-9_.-]+\\.(cc|h))\\b");
    std::set<std::string> files;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), path);
         it != std::sregex_iterator();
         ++it)
    {
        files.insert((*it)[2].str());
    }
    return files;
}

/// @return every .cc and .h file of the source folders, relative to the source tree
std::set<std::string>
FilesOnDisk()
{
    std::set<std::string> files;
    for (const char* dir : {"model", "helper", "examples", "tools", "benchmarks", "test"})
    {
        const auto root = std::filesystem::path(SourcePath(dir));
        if (!std::filesystem::exists(root))
        {
            continue;
        }
        for (const auto& entry : std::filesystem::directory_iterator(root))
        {
            const auto ext = entry.path().extension();
            if (entry.is_regular_file() && (ext == ".cc" || ext == ".h"))
            {
                files.insert(std::string(dir) + "/" + entry.path().filename().string());
            }
        }
    }
    return files;
}

/**
 * @param text the text of a build description without comments
 * @param listPattern a regex whose first group is the list of ns-3 modules
 * @param itemPattern a regex whose first group is a module's name in that list
 * @return the module names in the list
 */
std::set<std::string>
Ns3Modules(const std::string& text, const std::string& listPattern, const std::string& itemPattern)
{
    std::smatch match;
    EXPECT_TRUE(std::regex_search(text, match, std::regex(listPattern))) << listPattern;
    std::set<std::string> modules;
    const std::string list = match.size() > 1 ? match[1].str() : "";
    const std::regex item(itemPattern);
    for (auto it = std::sregex_iterator(list.begin(), list.end(), item);
         it != std::sregex_iterator();
         ++it)
    {
        modules.insert((*it)[1].str());
    }
    return modules;
}

} // namespace

TEST(BuildDescriptions, CmakeAndWscriptNameTheSameFiles)
{
    const auto cmake = NamedFiles(StripHashComments(ReadFile(SourcePath("CMakeLists.txt"))));
    const auto waf = NamedFiles(StripHashComments(ReadFile(SourcePath("wscript"))));
    for (const auto& f : cmake)
    {
        EXPECT_TRUE(waf.count(f)) << f << " is in CMakeLists.txt but not in wscript";
    }
    for (const auto& f : waf)
    {
        EXPECT_TRUE(cmake.count(f)) << f << " is in wscript but not in CMakeLists.txt";
    }
    for (const auto& f : FilesOnDisk())
    {
        EXPECT_TRUE(cmake.count(f)) << f << " is in the tree but not in CMakeLists.txt";
    }
    for (const auto& f : cmake)
    {
        EXPECT_TRUE(std::filesystem::exists(SourcePath(f)))
            << f << " is named in CMakeLists.txt but does not exist";
    }
    EXPECT_GE(cmake.size(), 10u);
}

TEST(BuildDescriptions, CmakeAndWscriptLinkTheSameNs3Modules)
{
    const auto cmake =
        Ns3Modules(StripHashComments(ReadFile(SourcePath("CMakeLists.txt"))),
                   "macro\\(sagin_ns3_libraries result\\)\\s*set\\(\\$\\{result\\}([^)]*)\\)",
                   "\\$\\{lib([a-z0-9-]+)\\}");
    const auto waf = Ns3Modules(StripHashComments(ReadFile(SourcePath("wscript"))),
                                "NS3_MODULES = \\[([^\\]]*)\\]",
                                "'([a-z0-9-]+)'");
    EXPECT_EQ(cmake, waf);
    EXPECT_TRUE(cmake.count("core"));

    const auto cmakePrograms = Ns3Modules(StripHashComments(ReadFile(SourcePath("CMakeLists.txt"))),
                                          "macro\\(sagin_program_libraries result netanim_target\\)"
                                          "\\s*set\\(\\$\\{result\\}([^)]*)\\)",
                                          "\\$\\{lib([a-z0-9-]+)\\}");
    const auto wafPrograms = Ns3Modules(StripHashComments(ReadFile(SourcePath("wscript"))),
                                        "PROGRAM_MODULES = \\[([^\\]]*)\\]",
                                        "'([a-z0-9-]+)'");
    EXPECT_EQ(cmakePrograms, wafPrograms);
    EXPECT_TRUE(cmakePrograms.count("applications"));
}

TEST(BuildDescriptions, WscriptIsValidPython)
{
    const auto result = RunCommand(ShellQuote(Python()) +
                                   " -c 'import ast, sys; ast.parse(open(sys.argv[1]).read())' " +
                                   ShellQuote(SourcePath("wscript")));
    EXPECT_EQ(result.exitStatus, 0) << result.err;
}

TEST(BuildDescriptions, PublicHeadersDoNotIncludeLibTorch)
{
    // LibTorch's headers take seconds to compile: only the .cc files that run networks may
    // include them, never a header that other files include.
    // (sagin_torch_private_headers are those files' own headers, not installed.)
    static const std::regex torchInclude("#\\s*include\\s*[<\"](torch|ATen|c10)/");
    const std::string cmake = StripHashComments(ReadFile(SourcePath("CMakeLists.txt")));
    std::smatch privateList;
    ASSERT_TRUE(std::regex_search(cmake,
                                  privateList,
                                  std::regex("set\\(sagin_torch_private_headers([^)]*)\\)")));
    const auto privateHeaders = NamedFiles(privateList[1].str());
    for (const auto& f : NamedFiles(cmake))
    {
        if (privateHeaders.count(f))
        {
            continue;
        }
        if (f.size() > 2 && f.compare(f.size() - 2, 2, ".h") == 0)
        {
            EXPECT_FALSE(std::regex_search(ReadFile(SourcePath(f)), torchInclude))
                << f << " includes LibTorch";
        }
    }
}

TEST(BuildDescriptions, HeadersDoNotIncludeHdf5)
{
    // HDF5 is a private dependency of libsagin (the trace sink): its headers and include folder
    // must not be needed by users of sagin's headers.
    static const std::regex hdf5Include("#\\s*include\\s*[<\"](hdf5|H5[A-Za-z]*)\\.h");
    const std::string cmake = StripHashComments(ReadFile(SourcePath("CMakeLists.txt")));
    for (const auto& f : NamedFiles(cmake))
    {
        if (f.size() > 2 && f.compare(f.size() - 2, 2, ".h") == 0)
        {
            EXPECT_FALSE(std::regex_search(ReadFile(SourcePath(f)), hdf5Include))
                << f << " includes HDF5";
        }
    }
}
