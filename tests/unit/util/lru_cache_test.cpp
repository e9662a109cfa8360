#include "util/lru_cache.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace habitd::util {
namespace {

using Cache = LruCache<std::string>;

std::shared_ptr<const std::string> text(std::string s) { return std::make_shared<const std::string>(std::move(s)); }

TEST(LruCache, FindsWhatWasPut) {
  Cache cache(4096);
  cache.put("a", text("alpha"), 5);
  ASSERT_NE(cache.find("a"), nullptr);
  EXPECT_EQ(*cache.find("a"), "alpha");
  EXPECT_EQ(cache.find("b"), nullptr);
  EXPECT_EQ(cache.stats().hits, 2u);
  EXPECT_EQ(cache.stats().misses, 1u);
}

TEST(LruCache, ReplacingAKeyKeepsOneEntryAndItsNewValue) {
  Cache cache(4096);
  cache.put("a", text("old"), 3);
  cache.put("a", text("new"), 3);
  EXPECT_EQ(*cache.find("a"), "new");
  EXPECT_EQ(cache.stats().entries, 1u);
}

TEST(LruCache, EvictsTheLeastRecentlyUsedWhenOverBudget) {
  // Each entry costs 100 + key + overhead (128): three fit in 700 bytes, four do not.
  Cache cache(700);
  cache.put("a", text("1"), 100);
  cache.put("b", text("2"), 100);
  cache.put("c", text("3"), 100);
  ASSERT_NE(cache.find("a"), nullptr);  // a is now the most recent; b the least
  cache.put("d", text("4"), 100);
  EXPECT_EQ(cache.find("b"), nullptr);
  EXPECT_NE(cache.find("a"), nullptr);
  EXPECT_NE(cache.find("c"), nullptr);
  EXPECT_NE(cache.find("d"), nullptr);
  EXPECT_EQ(cache.stats().evictions, 1u);
  EXPECT_LE(cache.stats().bytes, 700u);
}

TEST(LruCache, AnEntryLargerThanTheBudgetIsNotStoredAndDropsTheOldOne) {
  Cache cache(500);
  cache.put("a", text("small"), 10);
  cache.put("a", text("huge"), 10000);
  EXPECT_EQ(cache.find("a"), nullptr);
  EXPECT_EQ(cache.stats().bytes, 0u);
}

TEST(LruCache, AReaderKeepsItsValueAfterEviction) {
  Cache cache(200);  // one entry of 10 + key + overhead fits, two do not
  cache.put("a", text("kept"), 10);
  auto held = cache.find("a");
  cache.put("b", text("x"), 10);  // evicts a
  EXPECT_EQ(cache.find("a"), nullptr);
  EXPECT_EQ(*held, "kept");
}

TEST(LruCache, StaysWithinBudgetUnderConcurrentUse) {
  Cache cache(64 * 1024);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 5000; ++i) {
        const std::string key = std::to_string((i * 7 + t) % 700);
        if (!cache.find(key)) cache.put(key, text(key), 100 + static_cast<std::size_t>(i % 50));
      }
    });
  for (auto& thread : threads) thread.join();
  const auto stats = cache.stats();
  EXPECT_LE(stats.bytes, 64u * 1024);
  EXPECT_GT(stats.entries, 0u);
  EXPECT_EQ(stats.hits + stats.misses, 20000u);
}

}  // namespace
}  // namespace habitd::util
