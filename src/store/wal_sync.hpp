#pragma once
// Group commit for SQLite in WAL mode. Connections run with synchronous=NORMAL, so COMMIT writes a
// transaction's frames to the WAL file without waiting for the disk. Before a commit is
// acknowledged, wait_durable() makes sure an fdatasync of the WAL began after that COMMIT
// returned; one fdatasync covers every commit that returned before it began. That is
// synchronous=FULL's promise (an acknowledged commit survives a killed process and a power loss)
// at one disk flush per batch of concurrent commits instead of one per commit.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

namespace habitd::store {

class WalSync {
 public:
  // Flushes the WAL file at `wal_path` (fdatasync).
  explicit WalSync(const std::string& wal_path);
  // Flushes with `flush`, which throws when it fails (tests count and hold flushes with it).
  explicit WalSync(std::function<void()> flush) : flush_(std::move(flush)) {}

  // Numbers a commit that has just returned. Called under the writer lock, so numbers follow the
  // order of the commits in the WAL.
  [[nodiscard]] std::uint64_t committed();
  // Returns once commit number `commit` is on disk; throws std::system_error when the flush fails.
  void wait_durable(std::uint64_t commit);

 private:
  const std::function<void()> flush_;
  std::mutex mutex_;
  std::condition_variable flushed_;
  std::uint64_t committed_ = 0;
  std::uint64_t durable_ = 0;
  bool flushing_ = false;
};

}  // namespace habitd::store
