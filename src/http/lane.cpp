#include "http/lane.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <latch>
#include <memory>

#include "domain/error.hpp"

namespace habitd::http {

namespace asio = boost::asio;

namespace {

// Posts `work` to `pool` and completes on the awaiting coroutine's executor. Written as an
// explicit initiation (not a coroutine lambda) to stay clear of the GCC 12 co_spawn lambda miscompile.
auto run_on(asio::thread_pool& pool, std::function<void()> work) {
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr)>(
      [&pool](auto handler, std::function<void()> job) {
        auto home = asio::prefer(asio::get_associated_executor(handler), asio::execution::outstanding_work.tracked);
        asio::post(pool, [handler = std::move(handler), job = std::move(job), home]() mutable {
          std::exception_ptr error;
          try {
            job();
          } catch (...) {
            error = std::current_exception();
          }
          asio::post(home, [handler = std::move(handler), error]() mutable { std::move(handler)(error); });
        });
      },
      asio::use_awaitable, std::move(work));
}

// Lowers the priority of every thread of `pool`: each thread takes one task and then waits for
// the others, so no thread can take two. Returns false when any thread was refused.
bool lower_priority(asio::thread_pool& pool, int threads, int increment) {
  // Shared: a thread may still be leaving arrive_and_wait() when the caller's wait() returns.
  auto all_taken = std::make_shared<std::latch>(threads);
  auto refused = std::make_shared<std::atomic<bool>>(false);
  for (int i = 0; i < threads; ++i)
    asio::post(pool, [all_taken, refused, increment] {
      if (setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), increment) != 0) refused->store(true);
      all_taken->arrive_and_wait();
    });
  all_taken->wait();
  return !refused->load();
}

}  // namespace

asio::awaitable<void> InlineLane::run(std::function<void()> work, const Request&) {
  work();
  co_return;
}

ThreadPoolLane::ThreadPoolLane(int threads, int nice_increment) : pool_(static_cast<std::size_t>(threads)) {
  if (nice_increment > 0) priority_lowered_ = lower_priority(pool_, threads, nice_increment);
}

ThreadPoolLane::~ThreadPoolLane() { pool_.join(); }

asio::awaitable<void> ThreadPoolLane::run(std::function<void()> work, const Request&) { co_await run_on(pool_, std::move(work)); }

bool BoundedLane::admit(const std::string& address) {
  const std::lock_guard lock(mutex_);
  if (pending_ >= max_pending_) return false;
  int& mine = by_address_[address];
  if (mine >= max_per_address_) {
    if (mine == 0) by_address_.erase(address);
    return false;
  }
  ++mine;
  ++pending_;
  return true;
}

void BoundedLane::release(const std::string& address) {
  const std::lock_guard lock(mutex_);
  --pending_;
  if (const auto it = by_address_.find(address); it != by_address_.end() && --it->second <= 0) by_address_.erase(it);
}

asio::awaitable<void> BoundedLane::run(std::function<void()> work, const Request& request) {
  if (!admit(request.client_address)) throw domain::Error(refused_with_, refusal_).with_retry_after(1);
  struct Release {
    BoundedLane& lane;
    const std::string& address;
    ~Release() { lane.release(address); }
  } release{*this, request.client_address};
  co_await inner_.run(std::move(work), request);
}

}  // namespace habitd::http
