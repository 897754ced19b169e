// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * A learning split controller of one's own: UCB1, an upper-confidence bandit, in about 100
 * lines, trained in the published experiment (SeedSplitEnvironment).
 *
 * UcbSplitController derives from LearningSplitController, which gives it agents per node or
 * role, states, training and evaluation modes, random streams and policy files; the class only
 * creates its Agent. The agent keeps the mean reward and count of each split point and, while
 * training, takes the split with the largest mean + c·sqrt(2 ln t / n) (each one once first);
 * evaluated, the largest mean. It ignores the state: in the published experiment a split's
 * reward does not depend on the split before.
 *
 * Prints, for each stream, the greedy effect after training and the first step from which it
 * stays at the optimum, then `reached K of N`.
 *
 * Options:
 *  - `--steps=S`: steps of training (default 300);
 *  - `--streams=N`: streams, one training each (default 3);
 *  - `--exploration=C`: c (default 0.1, ≥ 0).
 *
 * Run it with `./sagin exec sagin-custom-controller [options]`.
 */

#include "ns3/command-line.h"
#include "ns3/core-module.h"
#include "ns3/sagin-module.h"

#include <cmath>
#include <iostream>
#include <istream>
#include <ostream>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

/// UCB1 over the split points.
class UcbSplitController : public LearningSplitController
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid =
            TypeId("UcbSplitController")
                .SetParent<LearningSplitController>()
                .AddConstructor<UcbSplitController>()
                .AddAttribute("Exploration",
                              "c: weight of the confidence bonus.",
                              DoubleValue(0.1),
                              MakeDoubleAccessor(&UcbSplitController::m_exploration),
                              MakeDoubleChecker<double>(0.0));
        return tid;
    }

  protected:
    /// The learner: a mean reward and a count per split point.
    class Agent : public LearningSplitController::Agent
    {
      public:
        /**
         * @param splits split points
         * @param c weight of the bonus
         */
        Agent(uint32_t splits, double c)
            : m_c(c),
              m_mean(splits, 0.0),
              m_count(splits, 0)
        {
        }

        uint32_t Act(const std::vector<float>& state, uint32_t last, bool explore) override
        {
            if (!explore)
            {
                return Greedy(state, last);
            }
            uint32_t best = 0;
            double bestValue = -INFINITY;
            for (uint32_t i = 0; i < m_mean.size(); ++i)
            {
                if (m_count[i] == 0)
                {
                    return i;
                }
                const double value =
                    m_mean[i] + m_c * std::sqrt(2 * std::log(double(m_t)) / m_count[i]);
                if (value > bestValue)
                {
                    best = i;
                    bestValue = value;
                }
            }
            return best;
        }

        uint32_t Greedy(const std::vector<float>&, uint32_t) const override
        {
            uint32_t best = 0;
            for (uint32_t i = 1; i < m_mean.size(); ++i)
            {
                best = m_mean[i] > m_mean[best] ? i : best;
            }
            return best;
        }

        void Update(const Experience& e) override
        {
            ++m_t;
            m_mean[e.split] += (e.reward - m_mean[e.split]) / double(++m_count[e.split]);
        }

        void Save(std::ostream& out) const override
        {
            out.write(reinterpret_cast<const char*>(m_mean.data()), m_mean.size() * 8);
            out.write(reinterpret_cast<const char*>(m_count.data()), m_count.size() * 8);
            out.write(reinterpret_cast<const char*>(&m_t), 8);
        }

        void Load(std::istream& in) override
        {
            in.read(reinterpret_cast<char*>(m_mean.data()), m_mean.size() * 8);
            in.read(reinterpret_cast<char*>(m_count.data()), m_count.size() * 8);
            in.read(reinterpret_cast<char*>(&m_t), 8);
            if (!in)
            {
                throw std::invalid_argument("the means and counts are cut short");
            }
        }

      private:
        double m_c;                    //!< weight of the bonus
        std::vector<double> m_mean;    //!< mean reward per split
        std::vector<uint64_t> m_count; //!< decisions per split
        uint64_t m_t{0};               //!< decisions in all
    };

    std::unique_ptr<LearningSplitController::Agent> CreateAgent(uint64_t /* seed */) override
    {
        return std::make_unique<Agent>(GetNSplitPoints(), m_exploration);
    }

    uint32_t GetDefaultEpisodeSteps() const override
    {
        return 10;
    }

  private:
    double m_exploration{0.1}; //!< c
};

NS_OBJECT_ENSURE_REGISTERED(UcbSplitController);

int
main(int argc, char* argv[])
{
    try
    {
        uint32_t steps = 300;
        uint32_t streams = 3;
        double exploration = 0.1;
        CommandLine cmd(__FILE__);
        cmd.Usage("UCB1, a learning split controller of one's own, in the published experiment.");
        ProgramOptions options(cmd);
        options.Add("steps", "steps of training", steps, MakeUintegerChecker<uint32_t>(1));
        options.Add("streams", "streams to train with", streams, MakeUintegerChecker<uint32_t>(1));
        options.Add("exploration",
                    "weight c of the confidence bonus",
                    exploration,
                    MakeDoubleChecker<double>(0.0));
        options.Check(argc, argv);
        cmd.Parse(argc, argv);

        uint32_t reached = 0;
        for (uint32_t stream = 0; stream < streams; ++stream)
        {
            auto environment = CreateObject<SeedSplitEnvironment>();
            auto controller =
                CreateObjectWithAttributes<UcbSplitController>("State",
                                                               StringValue("split"),
                                                               "Exploration",
                                                               DoubleValue(exploration));
            environment->SetController(controller);
            controller->AssignStreams(stream);
            const double optimum = environment->GetOptimum().effect;
            int64_t since = -1;
            double greedy = 0;
            for (uint32_t step = 0; step < steps; ++step)
            {
                environment->Step();
                greedy = environment->GetGreedyEffect();
                const bool there = std::abs(greedy - optimum) <= 1e-6;
                since = there ? (since < 0 ? step : since) : -1;
            }
            reached += since >= 0;
            std::cout << "stream " << stream << ": greedy effect " << greedy << " (optimum "
                      << optimum << "), at the optimum from step " << since << "\n";
        }
        std::cout << "reached " << reached << " of " << streams << "\n";
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-custom-controller: error: " << e.what() << "\n";
        return 2;
    }
}
