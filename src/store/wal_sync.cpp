#include "store/wal_sync.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace habitd::store {
namespace {

// fdatasync of the WAL file as it is now; a missing file means SQLite checkpointed it into the
// (synced) database file and removed it, so there is nothing left to flush.
void flush_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return;
    throw std::system_error(errno, std::generic_category(), "open " + path);
  }
  const int rc = ::fdatasync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0) throw std::system_error(error, std::generic_category(), "fdatasync " + path);
}

}  // namespace

WalSync::WalSync(const std::string& wal_path) : flush_([wal_path] { flush_file(wal_path); }) {}

std::uint64_t WalSync::committed() {
  const std::lock_guard lock(mutex_);
  return ++committed_;
}

void WalSync::wait_durable(std::uint64_t commit) {
  std::unique_lock lock(mutex_);
  while (durable_ < commit) {
    if (flushing_) {
      // A flush is running, but it may have begun before this commit: wait, then look again.
      flushed_.wait(lock);
      continue;
    }
    flushing_ = true;
    const std::uint64_t covered = committed_;
    lock.unlock();
    try {
      flush_();
    } catch (...) {
      lock.lock();
      flushing_ = false;
      flushed_.notify_all();
      throw;
    }
    lock.lock();
    flushing_ = false;
    if (covered > durable_) durable_ = covered;
    flushed_.notify_all();
  }
}

}  // namespace habitd::store
