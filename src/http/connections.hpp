#pragma once
// The live connections, so a shutdown can close the idle ones at once and let busy ones finish.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace habitd::http {

class ConnectionRegistry {
 public:
  // One connection's entry, for the life of its session (RAII: leaves the registry when destroyed).
  class Entry {
   public:
    Entry(ConnectionRegistry& registry, boost::beast::tcp_stream& stream);
    ~Entry();
    Entry(const Entry&) = delete;
    Entry& operator=(const Entry&) = delete;
    // Busy between the first byte of a request and the end of its answer; touched on the strand only.
    void set_busy(bool busy) { state_->busy = busy; }

   private:
    struct State {
      boost::beast::tcp_stream* stream;
      bool busy = false;
    };
    ConnectionRegistry& registry_;
    std::shared_ptr<State> state_;
    std::uint64_t id_;
    friend class ConnectionRegistry;
  };

  // Called (on some thread) when the last connection closes after begin_stop().
  explicit ConnectionRegistry(std::function<void()> on_drained) : on_drained_(std::move(on_drained)) {}

  [[nodiscard]] int open() const noexcept { return open_.load(); }
  [[nodiscard]] bool stopping() const noexcept { return stopping_.load(); }
  // Refuses new keep-alive rounds and cancels the read of every idle connection. Returns false
  // when it had already begun.
  bool begin_stop();

 private:
  std::atomic<int> open_{0};
  std::atomic<bool> stopping_{false};
  std::function<void()> on_drained_;
  std::mutex mutex_;
  std::uint64_t next_id_ = 0;
  std::unordered_map<std::uint64_t, std::pair<boost::asio::any_io_executor, std::shared_ptr<Entry::State>>> entries_;
};

}  // namespace habitd::http
