#pragma once
// Hears the notifications PostgreSQL sends when a user's row changes (migration 0022: a trigger
// announces each change on the channel habitd_users, with the user's id, at commit), on a
// connection of its own and a thread of its own, so that a process can keep users' rows in
// memory (service::UserStampCache) without reading them on every request.
// - Catching up: a notification arrives some time after its commit, so a row kept in memory may
//   be older than a write another process has already acknowledged. catch_up() closes that gap:
//   it sends a query on the listening connection and waits for its answer. The committing
//   backend signals every listener before its client learns of the commit, and a listening
//   backend sends what it was signalled before it answers a query that came later, so the
//   answer comes after every notification of a change committed before catch_up() was called.
//   One query serves every caller waiting at the time.
// - Heartbeat: every kHeartbeat it sends a notification of its own and reports when it comes
//   back: that proves notifications really reach it (a pooler in transaction mode would drop
//   them, and the heartbeat with them). One unanswered for kHeartbeatTimeout means the
//   connection is dead: it reports the loss and connects again.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace habitd::util {
class Logger;
}

namespace habitd::store {

class UserChangeListener {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds kHeartbeat{1000};
  static constexpr std::chrono::milliseconds kCatchUpTimeout{250};
  static constexpr std::chrono::milliseconds kHeartbeatTimeout{2000};

  struct Events {
    std::function<void(const std::string& user_id)> changed;
    std::function<void(Clock::time_point sent)> heard;  // a heartbeat sent then came back
    std::function<void()> lost;                         // notifications may have been missed
  };

  // `url`: the primary's postgresql:// URL (multi-host URLs reach whichever host accepts writes).
  UserChangeListener(const std::string& url, std::chrono::seconds connect_timeout, std::chrono::milliseconds reconnect_pause,
                     Events events, util::Logger& logger);
  ~UserChangeListener();
  UserChangeListener(const UserChangeListener&) = delete;
  UserChangeListener& operator=(const UserChangeListener&) = delete;

  // True once every change committed before the call has been reported to `changed`; false when
  // the connection is not listening or does not answer within kCatchUpTimeout.
  [[nodiscard]] bool catch_up() const;

 private:
  enum class Query { kNone, kHeartbeat, kCatchUp };

  void run(const std::stop_token& stop);
  // Listens on one connection until it fails or `stop` is requested.
  void listen(const std::stop_token& stop);
  void wait_before_reconnect(const std::stop_token& stop) const;

  const std::string connect_string_;
  const std::chrono::milliseconds reconnect_pause_;
  const Events events_;
  util::Logger& logger_;
  int wake_fd_ = -1;  // an eventfd: written to wake the thread (to catch up, or to stop)
  // Catch-up rounds: callers want round `wanted_`; the thread has sent `sent_` and finished
  // `done_`. `connection_` counts connections, so a caller knows when its round was lost.
  mutable std::mutex mutex_;
  mutable std::condition_variable caught_up_;
  mutable std::uint64_t wanted_ = 0;
  std::uint64_t sent_ = 0;
  std::uint64_t done_ = 0;
  std::uint64_t connection_ = 0;
  bool listening_ = false;
  std::jthread thread_;
};

}  // namespace habitd::store
