#pragma once
// A PostgreSQL that is frozen (stopped process, hung host behind a live network stack) neither
// answers nor enforces its statement_timeout, and libpq waits for it for ever. The watchdog cuts
// the socket of any connection leased for longer than its limit: the waiting query fails, the
// request gets 503 with Retry-After, and the pool opens a fresh connection for the next one.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace habitd::util {
class Logger;
}

namespace habitd::store {

class LeaseWatchdog {
 public:
  LeaseWatchdog(std::chrono::milliseconds limit, util::Logger& logger);
  ~LeaseWatchdog();
  LeaseWatchdog(const LeaseWatchdog&) = delete;
  LeaseWatchdog& operator=(const LeaseWatchdog&) = delete;

  // Starts watching a leased connection's socket; the ticket is for unwatch().
  [[nodiscard]] std::uint64_t watch(int socket);
  // Stops watching (before the connection is given back or closed); true when it was cut.
  bool unwatch(std::uint64_t ticket);

 private:
  struct Watched {
    int socket;
    std::chrono::steady_clock::time_point since;
    bool cut = false;
  };
  void loop();

  const std::chrono::milliseconds limit_;
  util::Logger& logger_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::uint64_t next_ticket_ = 0;
  std::unordered_map<std::uint64_t, Watched> watched_;
  std::thread thread_;
};

}  // namespace habitd::store
