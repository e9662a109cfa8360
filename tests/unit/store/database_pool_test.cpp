// The connection pool: every waiter is served, in turn, and a waiter that cannot be served in
// time gets the domain's "unavailable" (503), not a hang.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "domain/error.hpp"
#include "store/database.hpp"
#include "util/logger.hpp"

namespace habitd::store {
namespace {

TEST(DatabasePool, ManyThreadsShareOneConnection) {
  util::Logger logger;
  Database database({.url = "sqlite::memory:", .pool_size = 1}, logger);
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        database.run([](soci::session& sql) {
          int one = 0;
          sql << "SELECT 1", soci::into(one);
        });
        ++done;
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(done.load(), 400);
  const auto stats = database.pool_stats();
  EXPECT_EQ(stats.open, 1);
  EXPECT_EQ(stats.in_use, 0);
  EXPECT_EQ(stats.waiting, 0);
}

TEST(DatabasePool, AWaiterThatIsNotServedInTimeGetsUnavailable) {
  util::Logger logger;
  Database database({.url = "sqlite::memory:", .pool_size = 1, .lease_timeout = std::chrono::seconds(1)}, logger);
  std::atomic<bool> holding{false};
  std::atomic<bool> release{false};
  std::thread holder([&] {
    database.run([&](soci::session&) {
      holding = true;
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    });
  });
  while (!holding) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  try {
    database.run([](soci::session&) {});
    ADD_FAILURE() << "the second lease should have timed out";
  } catch (const domain::Error& error) {
    EXPECT_EQ(error.code(), domain::ErrorCode::kUnavailable);
  }
  EXPECT_EQ(database.pool_stats().waiting, 0);  // the timed-out waiter left the queue
  release = true;
  holder.join();
  database.run([](soci::session&) {});  // and the pool still serves
}

}  // namespace
}  // namespace habitd::store
