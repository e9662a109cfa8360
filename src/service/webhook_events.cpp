#include "service/webhook_events.hpp"

#include "domain/webhook.hpp"
#include "security/random.hpp"
#include "util/clock.hpp"
#include "util/time_format.hpp"

namespace habitd::service {
namespace {

// What stands for an item whose JSON is too large to send.
EventData ids_of(const EventData& data) {
  if (const auto* view = std::get_if<HabitView>(&data)) return HabitRef{view->habit.id};
  if (const auto* log = std::get_if<domain::HabitLog>(&data)) return LogRef{log->habit_id, log->date};
  if (const auto* reminder = std::get_if<ReminderDue>(&data)) return HabitRef{reminder->habit_id};
  return data;
}

}  // namespace

store::OutboxEvents WebhookEvents::make(std::string_view type, const EventData& data) const {
  store::OutboxEvent event;
  event.id = "msg_" + security::new_id();
  event.type = std::string(type);
  event.at = util::to_micros(clock_.now());
  event.body = payloads_.body(type, event.at, data);
  if (event.body.size() > domain::kMaxWebhookPayloadBytes) event.body = payloads_.body(type, event.at, ids_of(data));
  return {std::move(event)};
}

}  // namespace habitd::service
