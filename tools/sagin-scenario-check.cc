// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * Checks scenario files as sagin-cvl does before it builds anything, many files in one process
 * (sagin-cvl spends most of a second loading its libraries; a sweep checks every configuration
 * before it runs any).
 *
 * Usage: `sagin-scenario-check FILE... [--list=LIST]`: the files named on the command line, then
 * those of LIST (one file name per line, blank lines ignored). Each file is read and checked by
 * CvlScenarioSpec::Load, then its attribute defaults ("defaults") are applied as the run would
 * apply them, which refuses unknown attribute names and values their checkers refuse.
 *
 * Standard output gets one line per file, in order: `ok<TAB>FILE` or
 * `refused<TAB>FILE<TAB>MESSAGE`, MESSAGE being the one line sagin-cvl would print
 * ("FILE: $.json.path: what is wrong"). Exit status 0 when every file passes, 1 when some file
 * is refused, 2 for a bad command line (no files, an unreadable LIST, an unknown option).
 *
 * Run it with `./sagin exec sagin-scenario-check FILE...`.
 */

#include "ns3/sagin-module.h"
#include "ns3/simulator.h"

#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/// @return the file names of the command line and of --list, in order
std::vector<std::string>
FileNames(int argc, char* argv[])
{
    std::vector<std::string> files;
    const std::string listOption = "--list=";
    for (int i = 1; i < argc; ++i)
    {
        const std::string argument = argv[i];
        if (argument.rfind(listOption, 0) == 0)
        {
            const std::string list = argument.substr(listOption.size());
            std::ifstream in(list);
            if (!in)
            {
                throw std::invalid_argument("--list: cannot read '" + list + "'");
            }
            std::string line;
            while (std::getline(in, line))
            {
                if (!line.empty())
                {
                    files.push_back(line);
                }
            }
        }
        else if (argument.rfind("--", 0) == 0)
        {
            throw std::invalid_argument("unknown option '" + argument +
                                        "' (usage: sagin-scenario-check FILE... [--list=LIST])");
        }
        else
        {
            files.push_back(argument);
        }
    }
    if (files.empty())
    {
        throw std::invalid_argument("no scenario files (usage: sagin-scenario-check FILE... "
                                    "[--list=LIST])");
    }
    return files;
}

/// @return the message with line breaks as spaces, so that it stays on its line
std::string
OneLine(std::string message)
{
    for (char& c : message)
    {
        if (c == '\n' || c == '\r' || c == '\t')
        {
            c = ' ';
        }
    }
    return message;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::vector<std::string> files;
    try
    {
        files = FileNames(argc, argv);
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-scenario-check: error: " << e.what() << '\n';
        return 2;
    }
    bool allPass = true;
    for (const auto& file : files)
    {
        try
        {
            CvlScenario scenario(CvlScenarioSpec::Load(file));
            scenario.ApplyDefaults();
            std::cout << "ok\t" << file << '\n';
        }
        catch (const std::exception& e)
        {
            allPass = false;
            std::cout << "refused\t" << file << '\t' << OneLine(e.what()) << '\n';
        }
    }
    Simulator::Destroy();
    return allPass ? 0 : 1;
}
