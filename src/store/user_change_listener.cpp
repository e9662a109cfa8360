#include "store/user_change_listener.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <deque>
#include <memory>
#include <string_view>

#include "store/database.hpp"
#include "util/logger.hpp"

namespace habitd::store {

namespace {

constexpr const char* kChannel = "habitd_users";
// Listens, and asks the server which backend listens: the pid the notifications name. libpq's
// PQbackendPID() is not that through PgBouncer, which gives each client a number of its own.
constexpr const char* kListen = "LISTEN habitd_users; SELECT pg_backend_pid()";
// An empty payload: no user id is empty, so the listener knows its own heartbeat by it and its pid.
constexpr const char* kHeartbeatQuery = "SELECT pg_notify('habitd_users', '')";
// Any query will do: what matters is that its answer comes after what was signalled before it.
constexpr const char* kCatchUpQuery = "SELECT 1";

struct ConnectionCloser {
  void operator()(PGconn* connection) const noexcept { PQfinish(connection); }
};
using ConnectionPtr = std::unique_ptr<PGconn, ConnectionCloser>;

std::string with_application_name(std::string connect_string) {
  // Names the connection in pg_stat_activity, unless the operator chose a name.
  if (connect_string.find("application_name=") != std::string::npos) return connect_string;
  return connect_string + (connect_string.find('?') == std::string::npos ? "?" : "&") + "application_name=habitd-listener";
}

// Reads every result the connection has whole. False when one is an error; `in_flight` is
// cleared once the last result of the query in flight has been read.
bool drain_results(PGconn* connection, bool& in_flight) {
  bool ok = true;
  while (in_flight && PQisBusy(connection) == 0) {
    PGresult* result = PQgetResult(connection);
    if (result == nullptr) {
      in_flight = false;
      break;
    }
    const auto status = PQresultStatus(result);
    ok = ok && (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK);
    PQclear(result);
  }
  return ok;
}

}  // namespace

UserChangeListener::UserChangeListener(const std::string& url, std::chrono::seconds connect_timeout,
                                       std::chrono::milliseconds reconnect_pause, Events events, util::Logger& logger)
    : connect_string_(with_application_name(postgres_connect_string(url, connect_timeout))),
      reconnect_pause_(reconnect_pause),
      events_(std::move(events)),
      logger_(logger),
      wake_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)),
      thread_([this](const std::stop_token& stop) { run(stop); }) {}

UserChangeListener::~UserChangeListener() {
  thread_.request_stop();
  const std::uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof one);
  thread_.join();
  close(wake_fd_);
}

bool UserChangeListener::catch_up() const {
  std::unique_lock lock(mutex_);
  if (!listening_) return false;
  const std::uint64_t connection = connection_;
  const std::uint64_t round = sent_ + 1;  // the first round sent after this call
  if (wanted_ < round) {
    wanted_ = round;
    const std::uint64_t one = 1;
    (void)!write(wake_fd_, &one, sizeof one);
  }
  caught_up_.wait_for(lock, kCatchUpTimeout, [&] { return done_ >= round || connection_ != connection; });
  return done_ >= round && connection_ == connection;
}

void UserChangeListener::run(const std::stop_token& stop) {
  while (!stop.stop_requested()) {
    listen(stop);
    {
      const std::lock_guard lock(mutex_);
      listening_ = false;
      ++connection_;
    }
    caught_up_.notify_all();
    events_.lost();
    wait_before_reconnect(stop);
  }
}

void UserChangeListener::wait_before_reconnect(const std::stop_token& stop) const {
  if (stop.stop_requested()) return;
  pollfd wake{wake_fd_, POLLIN, 0};
  (void)poll(&wake, 1, static_cast<int>(reconnect_pause_.count()));
}

void UserChangeListener::listen(const std::stop_token& stop) {
  ConnectionPtr connection(PQconnectdb(connect_string_.c_str()));
  PGconn* pg = connection.get();
  if (PQstatus(pg) != CONNECTION_OK) {
    logger_.warn("change listener cannot connect", {{"error", std::string_view(PQerrorMessage(pg))}});
    return;
  }
  PGresult* listening = PQexec(pg, kListen);  // the last statement's result, or the error that stopped them
  const bool listens = PQresultStatus(listening) == PGRES_TUPLES_OK && PQntuples(listening) == 1;
  const int own_pid = listens ? std::atoi(PQgetvalue(listening, 0, 0)) : 0;
  PQclear(listening);
  if (!listens) {
    logger_.warn("change listener cannot LISTEN", {{"error", std::string_view(PQerrorMessage(pg))}});
    return;
  }
  logger_.info("change listener listening", {{"channel", kChannel}});
  {
    const std::lock_guard lock(mutex_);
    listening_ = true;
  }
  std::deque<Clock::time_point> heartbeats;  // sent, not yet back, oldest first
  Clock::time_point next_heartbeat = Clock::now();
  Query in_flight = Query::kNone;  // one query at a time: the one whose results are not all read yet
  std::uint64_t round = 0;         // the catch-up round in flight

  while (!stop.stop_requested()) {
    const auto now = Clock::now();
    if (!heartbeats.empty() && now - heartbeats.front() > kHeartbeatTimeout) {
      logger_.warn("change listener heard no heartbeat: reconnecting", {});
      return;
    }
    if (in_flight == Query::kNone) {
      std::unique_lock lock(mutex_);
      if (wanted_ > sent_) {
        round = ++sent_;
        lock.unlock();
        if (PQsendQuery(pg, kCatchUpQuery) == 0) break;
        in_flight = Query::kCatchUp;
      } else if (now >= next_heartbeat) {
        lock.unlock();
        if (PQsendQuery(pg, kHeartbeatQuery) == 0) break;
        in_flight = Query::kHeartbeat;
        heartbeats.push_back(now);
        next_heartbeat = now + kHeartbeat;
      }
    }
    std::array<pollfd, 2> fds{pollfd{PQsocket(pg), POLLIN, 0}, pollfd{wake_fd_, POLLIN, 0}};
    // With a query in flight, wake for its answer (or a heartbeat timeout), not in a busy loop.
    const auto until = in_flight != Query::kNone ? Clock::now() + kHeartbeat : next_heartbeat;
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count() + 1;
    if (poll(fds.data(), fds.size(), static_cast<int>(std::max<long long>(0, wait))) < 0) continue;
    if ((fds[1].revents & POLLIN) != 0) {
      std::uint64_t count = 0;
      (void)!read(wake_fd_, &count, sizeof count);
    }
    if ((fds[0].revents & (POLLIN | POLLERR | POLLHUP)) == 0) continue;
    bool reading = in_flight != Query::kNone;
    if (PQconsumeInput(pg) == 0 || !drain_results(pg, reading)) break;
    // Notifications first: those that came before a catch-up's answer are reported before it ends.
    while (PGnotify* notice = PQnotifies(pg)) {
      const std::string_view payload(notice->extra);
      if (!payload.empty()) {
        events_.changed(std::string(payload));
      } else if (notice->be_pid == own_pid && !heartbeats.empty()) {
        events_.heard(heartbeats.front());
        heartbeats.pop_front();
      }
      PQfreemem(notice);
    }
    if (in_flight != Query::kNone && !reading) {
      if (in_flight == Query::kCatchUp) {
        {
          const std::lock_guard lock(mutex_);
          done_ = round;
        }
        caught_up_.notify_all();
      }
      in_flight = Query::kNone;
    }
  }
  if (!stop.stop_requested())
    logger_.warn("change listener lost its connection", {{"error", std::string_view(PQerrorMessage(pg))}});
}

}  // namespace habitd::store
