#include "api/v1/read_cache.hpp"

#include <memory>
#include <string>
#include <string_view>

#include "domain/calendar.hpp"
#include "service/habit_service.hpp"

namespace habitd::api::v1 {

namespace {

// Answers bigger than this are recomputed each time rather than crowding out many small ones.
constexpr std::size_t kLargestShare = 8;

// Length-prefixed parts, so no byte of a decoded path or query value can make two requests collide.
void append_part(std::string& key, std::string_view part) {
  key += std::to_string(part.size());
  key += ':';
  key += part;
}

std::string cache_key(const std::string& user_id, domain::Date today, const http::Request& request) {
  std::string key;
  key.reserve(user_id.size() + request.path.size() + 48);
  append_part(key, user_id);
  append_part(key, domain::format_date(today));
  append_part(key, request.path);
  for (const auto& [name, value] : request.query) {
    append_part(key, name);
    append_part(key, value);
  }
  return key;
}

}  // namespace

ReadCache::ReadCache(const service::HabitService& habits, std::size_t max_bytes)
    : habits_(habits), max_bytes_(max_bytes), cache_(max_bytes) {}

http::Handler ReadCache::wrap(http::Handler handler) const {
  if (max_bytes_ == 0) return handler;
  return [this, handler = std::move(handler)](http::Request& request) { return handle(handler, request); };
}

http::Response ReadCache::handle(const http::Handler& handler, http::Request& request) const {
  const auto& user_id = request.user_id();
  const service::ReadStamp stamp = habits_.read_stamp(user_id);
  const std::string key = cache_key(user_id, stamp.today, request);
  if (const auto hit = cache_.find(key); hit && hit->data_version == stamp.data_version) {
    ++served_;
    return hit->response;
  }

  std::unique_lock lock(flights_mutex_);
  auto& slot = flights_[key];
  if (!slot || slot->data_version != stamp.data_version) {
    slot = std::make_shared<Flight>(Flight{stamp.data_version});
    const auto flight = slot;
    lock.unlock();
    return lead(handler, request, key, flight);
  }
  const auto flight = slot;
  flight_landed_.wait(lock, [&] { return flight->done; });
  lock.unlock();
  if (flight->answer) {
    ++served_;
    return flight->answer->response;
  }
  ++computed_;
  return handler(request);  // the leader's answer was an error or too big to share: compute our own
}

http::Response ReadCache::lead(const http::Handler& handler, http::Request& request, const std::string& key,
                               const std::shared_ptr<Flight>& flight) const {
  ++computed_;
  std::shared_ptr<const Entry> answer;
  const auto land = [&] {
    const std::lock_guard lock(flights_mutex_);
    flight->answer = answer;
    flight->done = true;
    if (const auto it = flights_.find(key); it != flights_.end() && it->second == flight) flights_.erase(it);
    flight_landed_.notify_all();
  };
  try {
    // Computed after the stamp was read, so it reflects at least that version: storing it under
    // the stamp can only ever serve data newer than the version promises, never older.
    http::Response response = handler(request);
    const std::size_t bytes = response.body.size() + sizeof(Entry);
    if (response.status == 200 && bytes * kLargestShare <= max_bytes_) {
      answer = std::make_shared<const Entry>(Entry{flight->data_version, response});
      cache_.put(key, answer, bytes);
    }
    land();
    return response;
  } catch (...) {
    land();
    throw;
  }
}

}  // namespace habitd::api::v1
