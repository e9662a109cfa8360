#pragma once
// Where blocking handler work runs. The transport only knows this interface: which threads exist,
// how many, at what priority and who may queue on them is decided by app/ when it builds them.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

#include "domain/error.hpp"
#include "http/request.hpp"

namespace habitd::http {

class WorkLane {
 public:
  virtual ~WorkLane() = default;
  // Runs `work` and resumes the calling coroutine on its own executor; an exception thrown by
  // `work` is rethrown there. `request` lets a lane decide admission (who is asking).
  [[nodiscard]] virtual boost::asio::awaitable<void> run(std::function<void()> work, const Request& request) = 0;
};

// Runs work on the calling I/O thread: only for cheap, non-blocking handlers.
class InlineLane final : public WorkLane {
 public:
  [[nodiscard]] boost::asio::awaitable<void> run(std::function<void()> work, const Request& request) override;
};

// Runs work on a pool of threads of its own.
class ThreadPoolLane final : public WorkLane {
 public:
  // `nice_increment` > 0 lowers the threads' CPU priority (Linux: per thread), so that cheap
  // requests keep their latency while this lane is saturated by expensive ones.
  explicit ThreadPoolLane(int threads, int nice_increment = 0);
  ~ThreadPoolLane() override;
  ThreadPoolLane(const ThreadPoolLane&) = delete;
  ThreadPoolLane& operator=(const ThreadPoolLane&) = delete;

  [[nodiscard]] boost::asio::awaitable<void> run(std::function<void()> work, const Request& request) override;
  // Waits for the work in hand (the server calls it once its I/O threads have stopped, before the
  // I/O context that work reports back to goes away).
  void join() { pool_.join(); }
  // Whether the priority could really be lowered (false when the system refused, e.g. seccomp).
  [[nodiscard]] bool priority_lowered() const noexcept { return priority_lowered_; }

 private:
  boost::asio::thread_pool pool_;
  bool priority_lowered_ = true;
};

// Bounds the work waiting on another lane: beyond `max_pending` the request is refused with 503
// and Retry-After at once, instead of queueing without limit. Admission is fair between clients:
// one client address may hold at most `max_per_address` of the places, so a flood from one
// address leaves room for everyone else's requests.
class BoundedLane final : public WorkLane {
 public:
  // `refusal` is the problem's detail; `refused_with` its code: kUnavailable (503, the server is
  // busy) or kRateLimited (429, the client has enough in flight). Either carries Retry-After: 1.
  BoundedLane(WorkLane& inner, int max_pending, int max_per_address, std::string refusal,
              domain::ErrorCode refused_with = domain::ErrorCode::kUnavailable)
      : inner_(inner),
        max_pending_(max_pending),
        max_per_address_(max_per_address),
        refusal_(std::move(refusal)),
        refused_with_(refused_with) {}

  [[nodiscard]] boost::asio::awaitable<void> run(std::function<void()> work, const Request& request) override;

 private:
  // Takes a place for `address`; false when the lane or the address's share is full.
  bool admit(const std::string& address);
  void release(const std::string& address);

  WorkLane& inner_;
  const int max_pending_;
  const int max_per_address_;
  const std::string refusal_;
  const domain::ErrorCode refused_with_;
  std::mutex mutex_;
  int pending_ = 0;
  std::unordered_map<std::string, int> by_address_;
};

}  // namespace habitd::http
