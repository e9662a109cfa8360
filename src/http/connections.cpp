#include "http/connections.hpp"

#include <boost/asio/post.hpp>

namespace habitd::http {

ConnectionRegistry::Entry::Entry(ConnectionRegistry& registry, boost::beast::tcp_stream& stream)
    : registry_(registry), state_(std::make_shared<State>(State{&stream})) {
  registry.open_.fetch_add(1);
  const std::lock_guard lock(registry.mutex_);
  id_ = registry.next_id_++;
  registry.entries_.emplace(id_, std::pair{stream.get_executor(), state_});
}

ConnectionRegistry::Entry::~Entry() {
  state_->stream = nullptr;
  {
    const std::lock_guard lock(registry_.mutex_);
    registry_.entries_.erase(id_);
  }
  if (registry_.open_.fetch_sub(1) == 1 && registry_.stopping()) registry_.on_drained_();
}

bool ConnectionRegistry::begin_stop() {
  if (stopping_.exchange(true)) return false;
  {
    const std::lock_guard lock(mutex_);
    for (auto& [id, entry] : entries_) {
      // On the connection's own strand: the stream is only touched there.
      boost::asio::post(entry.first, [state = entry.second] {
        if (!state->busy && state->stream) state->stream->socket().cancel();
      });
    }
  }
  if (open_.load() == 0) on_drained_();
  return true;
}

}  // namespace habitd::http
