#include "api/v1/read_cache.hpp"

#include <memory>
#include <string>
#include <string_view>

#include "domain/calendar.hpp"
#include "service/auth_service.hpp"
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

ReadCache::ReadCache(const service::AuthService& auth, const service::HabitService& habits, std::size_t max_bytes)
    : auth_(auth), habits_(habits), max_bytes_(max_bytes), cache_(max_bytes) {}

http::Handler ReadCache::wrap(http::Handler handler) const {
  if (max_bytes_ == 0) return handler;
  return [this, handler = std::move(handler)](http::Request& request) { return handle(handler, request); };
}

http::Response ReadCache::handle(const http::Handler& handler, http::Request& request) const {
  const auto user_id = auth_.authenticate(request.header("authorization"));
  const service::ReadStamp stamp = habits_.read_stamp(user_id);
  std::string key = cache_key(user_id, stamp.today, request);
  if (const auto hit = cache_.find(key); hit && hit->data_version == stamp.data_version) return hit->response;
  // Computed after the stamp was read, so it reflects at least that version: storing it under the
  // stamp can only ever serve data newer than the version promises, never older.
  http::Response response = handler(request);
  const std::size_t bytes = response.body.size() + sizeof(Entry);
  if (response.status == 200 && bytes * kLargestShare <= max_bytes_)
    cache_.put(std::move(key), std::make_shared<const Entry>(Entry{stamp.data_version, response}), bytes);
  return response;
}

}  // namespace habitd::api::v1
