#pragma once
// Group commit for SQLite in WAL mode. Connections run with synchronous=NORMAL, so COMMIT writes a
// transaction's frames to the WAL file without waiting for the disk. Before a commit is
// acknowledged, wait_durable() makes sure an fdatasync of the WAL began after that COMMIT
// returned; one fdatasync covers every commit that returned before it began. That is
// synchronous=FULL's promise (an acknowledged commit survives a killed process and a power loss)
// at one disk flush per batch of concurrent commits instead of one per commit.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

namespace habitd::store {

class WalSync {
 public:
  explicit WalSync(std::string wal_path) : wal_path_(std::move(wal_path)) {}

  // Numbers a commit that has just returned. Called under the writer lock, so numbers follow the
  // order of the commits in the WAL.
  [[nodiscard]] std::uint64_t committed();
  // Returns once commit number `commit` is on disk; throws std::system_error when the flush fails.
  void wait_durable(std::uint64_t commit);

 private:
  // fdatasync of the WAL file as it is now; a missing file means SQLite checkpointed it into
  // the (synced) database file and removed it, so there is nothing left to flush.
  void flush() const;

  const std::string wal_path_;
  std::mutex mutex_;
  std::condition_variable flushed_;
  std::uint64_t committed_ = 0;
  std::uint64_t durable_ = 0;
  bool flushing_ = false;
};

}  // namespace habitd::store
