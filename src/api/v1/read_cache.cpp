#include "api/v1/read_cache.hpp"

#include <memory>
#include <string>
#include <string_view>

#include "api/v1/read_tag.hpp"
#include "api/v1/standby_reads.hpp"
#include "domain/calendar.hpp"
#include "http/conditional.hpp"
#include "service/habit_service.hpp"

namespace habitd::api::v1 {

namespace {

// Answers bigger than this are recomputed each time rather than crowding out many small ones.
constexpr std::size_t kLargestShare = 8;

}  // namespace

http::Response ReadCache::with_tag(http::Response response, const std::string& tag) {
  if (response.status == 200) response.headers.emplace_back("ETag", tag);
  return response;
}

ReadCache::ReadCache(const service::HabitService& habits, const StandbyReads& reads, std::size_t max_bytes)
    : habits_(habits), reads_(reads), max_bytes_(max_bytes), cache_(max_bytes) {}

http::Handler ReadCache::wrap(http::Handler handler, std::vector<std::string> params) const {
  return [this, handler = std::move(handler), params = std::move(params)](http::Request& request) {
    return handle(handler, params, request);
  };
}

http::Response ReadCache::handle(const http::Handler& handler, const std::vector<std::string>& params,
                                 http::Request& request) const {
  const auto& user_id = request.user_id();
  const service::ReadStamp stamp = habits_.read_stamp(user_id);
  const std::string key = read_key(user_id, stamp.today, request, params);
  const std::string tag = read_tag(key, stamp.data_version);
  // Revalidation: the tag alone says the client's copy is current, so nothing is computed or copied.
  if (const auto wanted = http::parse_tag_list(request.header("if-none-match")); wanted && http::matches_weakly(*wanted, tag))
    return http::not_modified(tag);
  if (max_bytes_ == 0) return with_tag(reads_.run(handler, request, stamp.data_version), tag);  // caching off: tags still hold
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
    return lead(handler, request, key, tag, flight);
  }
  const auto flight = slot;
  flight_landed_.wait(lock, [&] { return flight->done; });
  lock.unlock();
  if (flight->answer) {
    ++served_;
    return flight->answer->response;
  }
  ++computed_;
  // The leader's answer was an error or too big to share: compute our own.
  return with_tag(reads_.run(handler, request, stamp.data_version), tag);
}

http::Response ReadCache::lead(const http::Handler& handler, http::Request& request, const std::string& key,
                               const std::string& tag, const std::shared_ptr<Flight>& flight) const {
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
    // On a standby only when it holds this version (api/v1/standby_reads): never older either.
    http::Response response = with_tag(reads_.run(handler, request, flight->data_version), tag);
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
