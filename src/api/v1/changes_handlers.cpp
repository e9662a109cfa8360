#include "api/v1/changes_handlers.hpp"

#include <boost/json.hpp>

#include "api/v1/json/habit_json.hpp"
#include "api/v1/json/query.hpp"
#include "api/v1/json/request_body.hpp"
#include "service/changes_service.hpp"

namespace habitd::api::v1 {
namespace {

boost::json::object render_deletion(const store::Tombstone& tombstone) {
  if (tombstone.date) return {{"type", "log"}, {"habit_id", tombstone.habit_id}, {"date", domain::format_date(*tombstone.date)}};
  return {{"type", "habit"}, {"id", tombstone.habit_id}};
}

}  // namespace

http::Response ChangesHandlers::changes(const http::Request& request) const {
  const auto since = request.query_param("since");
  const auto limit =
      read_integer(request, "limit", service::ChangesService::kDefaultLimit, 1, service::ChangesService::kMaxLimit);
  const auto page =
      changes_.changes(request.user_id(), since ? std::optional<std::string>(*since) : std::nullopt, static_cast<int>(limit));
  boost::json::array habits, logs, deleted;
  for (const auto& view : page.habits) habits.push_back(render_habit(view));
  for (const auto& log : page.logs) logs.push_back(render_log(log));
  for (const auto& tombstone : page.deleted) deleted.push_back(render_deletion(tombstone));
  return json(200, {{"cursor", page.cursor},
                    {"has_more", page.has_more},
                    {"habits", std::move(habits)},
                    {"logs", std::move(logs)},
                    {"deleted", std::move(deleted)}});
}

}  // namespace habitd::api::v1
