#include "store/lease_watchdog.hpp"

#include <sys/socket.h>

#include "util/logger.hpp"

namespace habitd::store {

namespace {

constexpr auto kCheckEvery = std::chrono::milliseconds(250);

}  // namespace

LeaseWatchdog::LeaseWatchdog(std::chrono::milliseconds limit, util::Logger& logger)
    : limit_(limit), logger_(logger), thread_([this] { loop(); }) {}

LeaseWatchdog::~LeaseWatchdog() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::uint64_t LeaseWatchdog::watch(int socket) {
  const std::lock_guard lock(mutex_);
  const std::uint64_t ticket = ++next_ticket_;
  watched_.emplace(ticket, Watched{socket, std::chrono::steady_clock::now()});
  return ticket;
}

bool LeaseWatchdog::unwatch(std::uint64_t ticket) {
  const std::lock_guard lock(mutex_);
  const auto it = watched_.find(ticket);
  if (it == watched_.end()) return false;
  const bool cut = it->second.cut;
  watched_.erase(it);
  return cut;
}

void LeaseWatchdog::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, kCheckEvery, [this] { return stopping_; });
    const auto now = std::chrono::steady_clock::now();
    for (auto& [ticket, watched] : watched_) {
      if (watched.cut || now - watched.since < limit_) continue;
      // Under the lock: the lease cannot give the connection back (and its descriptor cannot be
      // closed and reused) while this runs, since it unwatches first.
      ::shutdown(watched.socket, SHUT_RDWR);
      watched.cut = true;
      logger_.warn("database did not answer in time; connection cut", {{"after_ms", static_cast<long long>(limit_.count())}});
    }
  }
}

}  // namespace habitd::store
