#include "store/wal_sync.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace habitd::store {
namespace {

std::string temp_file() {
  char name[] = "/tmp/habitd-wal-XXXXXX";
  const int fd = mkstemp(name);
  if (fd >= 0) close(fd);
  return name;
}

TEST(WalSync, CommitsAreNumberedInOrder) {
  WalSync sync(temp_file());
  EXPECT_EQ(sync.committed(), 1u);
  EXPECT_EQ(sync.committed(), 2u);
}

TEST(WalSync, WaitingForACommitReturnsOnceFlushed) {
  const std::string path = temp_file();
  WalSync sync(path);
  std::ofstream(path) << "frames";
  sync.wait_durable(sync.committed());
  sync.wait_durable(1);  // already durable: returns at once
  std::remove(path.c_str());
}

TEST(WalSync, AMissingWalFileHasNothingLeftToFlush) {
  WalSync sync("/tmp/habitd-no-such-dir-for-wal-test/missing-wal");
  EXPECT_NO_THROW(sync.wait_durable(sync.committed()));
}

TEST(WalSync, AFlushThatFailsIsReported) {
  // A directory opens read-only, but fdatasync on it is refused on some file systems and allowed on
  // others; an unreadable path always fails to open with something other than ENOENT.
  WalSync sync("/proc/self/mem/not-a-file");
  EXPECT_THROW(sync.wait_durable(sync.committed()), std::system_error);
}

TEST(WalSync, ConcurrentCommitsAllBecomeDurableAndShareFlushes) {
  const std::string path = temp_file();
  WalSync sync(path);
  std::mutex writer;  // stands for the database's writer lock, under which commits are numbered
  std::atomic<int> done{0};
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
        ++done;
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(done.load(), 400);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace habitd::store
