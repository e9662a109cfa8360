#pragma once
// Where blocking handler work runs. The transport only knows this interface: which threads exist,
// how many, at what priority and who may queue on them is decided by app/ when it builds them.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <functional>

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
// and Retry-After at once, instead of queueing without limit.
class BoundedLane final : public WorkLane {
 public:
  BoundedLane(WorkLane& inner, int max_pending, std::string refusal) : inner_(inner), max_pending_(max_pending), refusal_(std::move(refusal)) {}

  [[nodiscard]] boost::asio::awaitable<void> run(std::function<void()> work, const Request& request) override;

 private:
  WorkLane& inner_;
  const int max_pending_;
  const std::string refusal_;
  std::atomic<int> pending_{0};
};

}  // namespace habitd::http
