#include "app/background_jobs.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "util/logger.hpp"

namespace habitd::app {
namespace {

using namespace std::chrono_literals;

// The live-processes job: noted at once when the server starts (not a beat later), and at a clean
// stop its own step (leaving the count) instead of one more beat.
TEST(BackgroundJobs, AJobAtStartRunsAtOnceAndItsStopStepRunsLast) {
  util::Logger logger;
  std::atomic<int> beats{0};
  std::atomic<int> leaves{0};
  std::atomic<int> purges{0};
  {
    const BackgroundJobs jobs(
        {{.name = "beat", .interval = 1h, .run = [&] { ++beats; }, .at_start = true, .at_stop = [&] { ++leaves; }},
         {.name = "purge", .interval = 1h, .run = [&] { ++purges; }}},
        logger);
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (beats == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
    EXPECT_EQ(beats, 1);
    EXPECT_EQ(purges, 0);  // its first turn is an hour away
  }
  EXPECT_EQ(beats, 1);  // stopping ran the stop step instead of the job
  EXPECT_EQ(leaves, 1);
  EXPECT_EQ(purges, 1);  // and every other job once more
}

}  // namespace
}  // namespace habitd::app
