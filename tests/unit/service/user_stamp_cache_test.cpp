#include "service/user_stamp_cache.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "domain/local_day.hpp"

namespace habitd::service {
namespace {

using Clock = UserStampCache::Clock;

bool caught_up() { return true; }

UserStampCache::Row row_at(std::int64_t version) {
  return UserStampCache::Row{domain::find_zone("UTC"), std::chrono::minutes(0), version};
}

TEST(UserStampCache, ServesNothingUntilTheListenerIsHeard) {
  const UserStampCache cache(caught_up);
  cache.put("u", cache.mark(), row_at(1));  // not connected: not kept
  EXPECT_FALSE(cache.find("u"));
  cache.heard(Clock::now());
  EXPECT_FALSE(cache.find("u"));
  cache.put("u", cache.mark(), row_at(1));
  ASSERT_TRUE(cache.find("u"));
  EXPECT_EQ(cache.find("u")->data_version, 1);
  EXPECT_TRUE(cache.stats().live);
}

TEST(UserStampCache, AHeartbeatOlderThanItsBoundStopsServingButKeepsTheRows) {
  const UserStampCache cache(caught_up);
  cache.heard(Clock::now());
  cache.put("u", cache.mark(), row_at(1));
  cache.heard(Clock::now() - UserStampCache::kLiveFor);  // the last heartbeat back was sent too long ago
  EXPECT_FALSE(cache.find("u"));
  EXPECT_FALSE(cache.stats().live);
  cache.heard(Clock::now());  // every change before it has been heard: the row is current again
  EXPECT_TRUE(cache.find("u"));
}

TEST(UserStampCache, ServesNothingWhenTheListenerCannotCatchUp) {
  bool can_catch_up = true;
  const UserStampCache cache([&] { return can_catch_up; });
  cache.heard(Clock::now());
  cache.put("u", cache.mark(), row_at(1));
  can_catch_up = false;  // changes committed before this read may still be on their way
  EXPECT_FALSE(cache.find("u"));
  can_catch_up = true;
  EXPECT_TRUE(cache.find("u"));
}

TEST(UserStampCache, ForgetErasesTheUsersRowOnly) {
  const UserStampCache cache(caught_up);
  cache.heard(Clock::now());
  cache.put("u", cache.mark(), row_at(1));
  cache.put("v", cache.mark(), row_at(7));
  cache.forget("u");
  EXPECT_FALSE(cache.find("u"));
  ASSERT_TRUE(cache.find("v"));
  EXPECT_EQ(cache.find("v")->data_version, 7);
}

TEST(UserStampCache, ARowReadBeforeAForgetIsNotKeptAfterIt) {
  const UserStampCache cache(caught_up);
  cache.heard(Clock::now());
  const auto mark = cache.mark();   // the read begins
  cache.forget("u");                // a change commits and is announced meanwhile
  cache.put("u", mark, row_at(1));  // the read's row may predate the change
  EXPECT_FALSE(cache.find("u"));
  cache.put("u", cache.mark(), row_at(2));
  EXPECT_EQ(cache.find("u")->data_version, 2);
}

TEST(UserStampCache, LosingTheListenerForgetsEverythingAndKeepsNothingUntilHeardAgain) {
  const UserStampCache cache(caught_up);
  cache.heard(Clock::now());
  cache.put("u", cache.mark(), row_at(1));
  const auto mark = cache.mark();
  cache.lost();
  EXPECT_FALSE(cache.find("u"));
  EXPECT_FALSE(cache.stats().live);
  cache.put("u", cache.mark(), row_at(2));  // changes go unheard now: nothing may be kept
  cache.heard(Clock::now());
  EXPECT_FALSE(cache.find("u"));
  cache.put("u", mark, row_at(3));  // a read begun before the loss
  EXPECT_FALSE(cache.find("u"));
}

TEST(UserStampCache, StaysWithinItsCapacity) {
  const UserStampCache cache(caught_up, 8, 2);
  cache.heard(Clock::now());
  for (int i = 0; i < 100; ++i) cache.put("user" + std::to_string(i), cache.mark(), row_at(i));
  int kept = 0;
  for (int i = 0; i < 100; ++i) kept += cache.find("user" + std::to_string(i)) ? 1 : 0;
  EXPECT_GT(kept, 0);
  EXPECT_LE(kept, 8);
}

TEST(UserStampCache, CountsWhereStampsCameFrom) {
  const UserStampCache cache(caught_up);
  cache.heard(Clock::now());
  EXPECT_FALSE(cache.find("u"));
  cache.put("u", cache.mark(), row_at(1));
  EXPECT_TRUE(cache.find("u"));
  EXPECT_EQ(cache.stats().hits, 1U);
  EXPECT_EQ(cache.stats().misses, 1U);
}

// Readers put what they read while a writer bumps the version and forgets: once the writer is done
// and has forgotten, no reader's late put may leave an older version behind.
TEST(UserStampCache, ConcurrentReadersNeverLeaveAStaleRowAfterTheLastForget) {
  const UserStampCache cache(caught_up);
  cache.heard(Clock::now());
  std::atomic<std::int64_t> version{0};
  std::atomic<bool> done{false};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r)
    readers.emplace_back([&] {
      while (!done.load()) {
        if (cache.find("u")) continue;
        const auto mark = cache.mark();
        const auto read = version.load();  // the database read
        cache.put("u", mark, row_at(read));
      }
    });
  for (int i = 1; i <= 20000; ++i) {
    version.store(i);  // the write commits
    cache.forget("u");
    if (const auto kept = cache.find("u")) {
      EXPECT_EQ(kept->data_version, i);
    }
  }
  done.store(true);
  for (auto& reader : readers) reader.join();
  if (const auto kept = cache.find("u")) {
    EXPECT_EQ(kept->data_version, 20000);
  }
}

}  // namespace
}  // namespace habitd::service
