#include "store/wal_sync.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace habitd::store {
namespace {

// A flush that counts its calls and, when `hold` is set, waits at its first call until released.
class CountingFlush {
 public:
  explicit CountingFlush(bool hold = false) : holding_(hold) {}

  [[nodiscard]] std::function<void()> function() {
    return [this] {
      std::unique_lock lock(mutex_);
      ++calls_;
      started_.notify_all();
      changed_.wait(lock, [this] { return !holding_; });
      if (fail_next_) {
        fail_next_ = false;
        throw std::system_error(EIO, std::generic_category(), "flush");
      }
    };
  }
  void wait_until_started() {
    std::unique_lock lock(mutex_);
    started_.wait(lock, [this] { return calls_ > 0; });
  }
  void release() {
    const std::lock_guard lock(mutex_);
    holding_ = false;
    changed_.notify_all();
  }
  void fail_next() {
    const std::lock_guard lock(mutex_);
    fail_next_ = true;
  }
  [[nodiscard]] int calls() {
    const std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable started_, changed_;
  int calls_ = 0;
  bool holding_;
  bool fail_next_ = false;
};

TEST(WalSync, CommitsAreNumberedInOrder) {
  CountingFlush flush;
  WalSync sync(flush.function());
  EXPECT_EQ(sync.committed(), 1u);
  EXPECT_EQ(sync.committed(), 2u);
  EXPECT_EQ(flush.calls(), 0);  // numbering never flushes
}

TEST(WalSync, WaitingForACommitFlushesOnceAndOnlyWhenNeeded) {
  CountingFlush flush;
  WalSync sync(flush.function());
  const auto first = sync.committed();
  sync.wait_durable(first);
  EXPECT_EQ(flush.calls(), 1);
  sync.wait_durable(first);  // already durable: no second flush
  EXPECT_EQ(flush.calls(), 1);
  sync.wait_durable(sync.committed());  // a later commit needs a flush of its own
  EXPECT_EQ(flush.calls(), 2);
}

TEST(WalSync, CommitsMadeDuringAFlushShareTheNextOne) {
  CountingFlush flush(true);
  WalSync sync(flush.function());
  std::thread first([&] { sync.wait_durable(sync.committed()); });
  flush.wait_until_started();  // the first flush began before the commits below returned
  const auto second = sync.committed();
  const auto third = sync.committed();
  std::thread waiter_two([&] { sync.wait_durable(second); });
  std::thread waiter_three([&] { sync.wait_durable(third); });
  flush.release();
  for (auto* thread : {&first, &waiter_two, &waiter_three}) thread->join();
  // The first flush cannot cover the later commits; one more covers both of them.
  EXPECT_EQ(flush.calls(), 2);
}

TEST(WalSync, ManyConcurrentCommitsNeedFewerFlushesThanCommits) {
  CountingFlush flush;
  WalSync sync(flush.function());
  std::mutex writer;  // stands for the database's writer lock, under which commits are numbered
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        std::uint64_t number = 0;
        {
          const std::lock_guard lock(writer);
          number = sync.committed();
        }
        sync.wait_durable(number);
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_LE(flush.calls(), 400);
  EXPECT_GE(flush.calls(), 1);
}

TEST(WalSync, AFailedFlushIsReportedAndTheNextWaitTriesAgain) {
  CountingFlush flush;
  WalSync sync(flush.function());
  flush.fail_next();
  const auto commit = sync.committed();
  EXPECT_THROW(sync.wait_durable(commit), std::system_error);
  EXPECT_NO_THROW(sync.wait_durable(commit));
  EXPECT_EQ(flush.calls(), 2);
}

TEST(WalSync, TheFileFlushSyncsAnExistingWalAndSkipsAMissingOne) {
  char name[] = "/tmp/habitd-wal-XXXXXX";
  const int fd = mkstemp(name);
  ASSERT_GE(fd, 0);
  close(fd);
  std::ofstream(name) << "frames";
  WalSync present(name);
  EXPECT_NO_THROW(present.wait_durable(present.committed()));
  std::remove(name);
  WalSync missing("/tmp/habitd-no-such-dir-for-wal-test/missing-wal");
  EXPECT_NO_THROW(missing.wait_durable(missing.committed()));
  WalSync unreadable("/proc/self/mem/not-a-file");
  EXPECT_THROW(unreadable.wait_durable(unreadable.committed()), std::system_error);
}

}  // namespace
}  // namespace habitd::store
