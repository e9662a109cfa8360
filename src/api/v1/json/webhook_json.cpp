#include "api/v1/json/webhook_json.hpp"

#include <algorithm>

#include "api/v1/json/habit_json.hpp"
#include "api/v1/json/json_text.hpp"
#include "util/time_format.hpp"

namespace habitd::api::v1 {
namespace {

std::optional<std::string> read_url(JsonFields& fields, bool required) {
  auto url = fields.string("url", required);
  if (!url) return std::nullopt;
  url->erase(0, url->find_first_not_of(" \t\r\n"));
  url->erase(url->find_last_not_of(" \t\r\n") + 1);
  if (url->empty()) {
    fields.error("url", "must not be empty");
    return std::nullopt;
  }
  if (url->size() > domain::kMaxWebhookUrlLength) {
    fields.error("url", "must be at most " + std::to_string(domain::kMaxWebhookUrlLength) + " characters");
    return std::nullopt;
  }
  return url;
}

std::optional<std::vector<std::string>> read_events(JsonFields& fields, bool required) {
  const auto* events = fields.array("events", required);
  if (!events) return std::nullopt;
  std::vector<std::string> named;
  for (const auto& event : *events) {
    if (!event.is_string() || !domain::is_webhook_event_type(event.get_string())) {
      fields.error("events",
                   "must hold only habit.created, habit.updated, habit.deleted, log.created, log.updated, "
                   "log.deleted and reminder.due");
      return std::nullopt;
    }
    const std::string type(event.get_string());
    if (std::find(named.begin(), named.end(), type) != named.end()) {
      fields.error("events", "must not name an event twice");
      return std::nullopt;
    }
    named.push_back(type);
  }
  if (named.empty()) {
    fields.error("events", "must name at least one event");
    return std::nullopt;
  }
  std::vector<std::string> ordered;  // as the contract lists them
  for (const auto known : domain::kWebhookEventTypes)
    if (std::find(named.begin(), named.end(), known) != named.end()) ordered.emplace_back(known);
  return ordered;
}

boost::json::value render_data(const service::EventData& data) {
  if (const auto* view = std::get_if<service::HabitView>(&data)) return render_habit(*view);
  if (const auto* log = std::get_if<domain::HabitLog>(&data)) return render_log(*log);
  if (const auto* habit = std::get_if<service::HabitRef>(&data)) return boost::json::object{{"id", habit->id}};
  if (const auto* log = std::get_if<service::LogRef>(&data))
    return boost::json::object{{"habit_id", log->habit_id}, {"date", domain::format_date(log->date)}};
  const auto& reminder = std::get<service::ReminderDue>(data);
  return boost::json::object{{"habit_id", reminder.habit_id},
                             {"name", reminder.name},
                             {"date", domain::format_date(reminder.date)},
                             {"time", reminder.time}};
}

}  // namespace

service::WebhookInput read_webhook_input(JsonFields& fields) {
  service::WebhookInput input;
  if (auto url = read_url(fields, true)) input.url = std::move(*url);
  if (auto events = read_events(fields, true)) input.events = std::move(*events);
  return input;
}

service::WebhookChanges read_webhook_changes(JsonFields& fields) {
  service::WebhookChanges changes;
  changes.url = read_url(fields, false);
  changes.events = read_events(fields, false);
  changes.disabled = fields.boolean("disabled");
  return changes;
}

boost::json::object render_webhook(const domain::Webhook& webhook, bool with_secret) {
  boost::json::array events;
  for (const auto& event : webhook.events) events.emplace_back(event);
  boost::json::object out{{"id", webhook.id},
                          {"url", webhook.url},
                          {"events", std::move(events)},
                          {"created_at", util::format_timestamp(webhook.created_at)},
                          {"disabled", webhook.disabled}};
  if (with_secret) out["secret"] = webhook.secret;
  return out;
}

boost::json::object render_delivery_attempt(const domain::DeliveryAttempt& attempt) {
  return {{"event_id", attempt.event_id},
          {"type", attempt.type},
          {"attempt", attempt.attempt},
          {"status_code", attempt.status_code ? boost::json::value(*attempt.status_code) : boost::json::value(nullptr)},
          {"error", attempt.error ? boost::json::value(*attempt.error) : boost::json::value(nullptr)},
          {"outcome", attempt.outcome},
          {"at", util::format_timestamp(attempt.at)}};
}

std::string EventJson::body(std::string_view type, std::int64_t at, const service::EventData& data) const {
  return json_text(boost::json::object{{"type", type}, {"timestamp", util::format_timestamp(at)}, {"data", render_data(data)}});
}

}  // namespace habitd::api::v1
