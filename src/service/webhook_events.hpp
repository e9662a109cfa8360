#pragma once
// The webhook events a change causes, ready for the outbox: an id, the type and the exact body
// {"type", "timestamp", "data"} that is signed and sent. The body's JSON is written by the API's
// JSON layer (EventPayloads, injected), so a Habit or Log looks the same here as in every answer.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "domain/habit.hpp"
#include "service/habit_service.hpp"
#include "store/outbox.hpp"

namespace habitd::util {
class Clock;
}

namespace habitd::service {

struct HabitRef {
  std::string id;
};
struct LogRef {
  std::string habit_id;
  domain::Date date;
};
struct ReminderDue {
  std::string habit_id, name;
  domain::Date date;
  std::string time;  // "HH:MM"
};
using EventData = std::variant<HabitView, domain::HabitLog, HabitRef, LogRef, ReminderDue>;

class EventPayloads {
 public:
  virtual ~EventPayloads() = default;
  // {"type", "timestamp", "data"} as JSON text; `at` in microseconds.
  [[nodiscard]] virtual std::string body(std::string_view type, std::int64_t at, const EventData& data) const = 0;
};

class WebhookEvents {
 public:
  WebhookEvents(const EventPayloads& payloads, const util::Clock& clock) : payloads_(payloads), clock_(clock) {}

  // One event of `type` about `data`, happening now. A body over 64 KiB carries the item's ids
  // instead of the item.
  [[nodiscard]] store::OutboxEvents make(std::string_view type, const EventData& data) const;

 private:
  const EventPayloads& payloads_;
  const util::Clock& clock_;
};

}  // namespace habitd::service
