#include "app/descriptor_limit.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>

namespace habitd::app {
namespace {

// Runs the test body under a soft limit of 100 and puts the original back afterwards.
class DescriptorLimitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &original_), 0);
    ASSERT_TRUE(original_.rlim_max == RLIM_INFINITY || original_.rlim_max >= 300) << "hard limit too low to test";
    rlimit low = original_;
    low.rlim_cur = 100;
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  }
  void TearDown() override { setrlimit(RLIMIT_NOFILE, &original_); }
  static rlim_t soft() {
    rlimit now{};
    getrlimit(RLIMIT_NOFILE, &now);
    return now.rlim_cur;
  }
  rlimit original_{};
};

TEST_F(DescriptorLimitTest, RaisesTheSoftLimitToWhatIsWanted) {
  const auto limit = raise_descriptor_limit(300);
  EXPECT_EQ(limit.before, 100u);
  EXPECT_EQ(limit.after, 300u);
  EXPECT_EQ(soft(), 300u);
}

TEST_F(DescriptorLimitTest, NeverLowersIt) {
  const auto limit = raise_descriptor_limit(50);
  EXPECT_EQ(limit.after, 100u);
  EXPECT_EQ(soft(), 100u);
}

TEST_F(DescriptorLimitTest, StopsAtTheHardLimit) {
  if (original_.rlim_max == RLIM_INFINITY) GTEST_SKIP() << "no hard limit to stop at";
  const auto limit = raise_descriptor_limit(static_cast<std::uint64_t>(original_.rlim_max) + 1000);
  EXPECT_EQ(limit.after, original_.rlim_max);
}

}  // namespace
}  // namespace habitd::app
