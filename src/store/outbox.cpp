#include "store/outbox.hpp"

#include "store/statements.hpp"

namespace habitd::store {
namespace {

constexpr const char* kQueueEvent =
    "INSERT INTO webhook_deliveries (event_id, webhook_id, type, body, recorded_at, state, attempts, next_attempt_at) "
    "SELECT :event, id, :type, :body, :recorded, 'pending', 0, :due FROM webhooks "
    "WHERE user_id = :user AND disabled = 0 AND events LIKE :pattern";

}  // namespace

void record_events(soci::session& sql, const std::string& user_id, const OutboxEvents& events) {
  for (const auto& event : events) {
    auto& queue = prepared<Command<std::string, std::string, std::string, long long, long long, std::string, std::string>>(
        sql, kQueueEvent);
    queue.values.params = {event.id, event.type, event.body, event.at, event.at, user_id, "%," + event.type + ",%"};
    write(sql, queue);
  }
}

}  // namespace habitd::store
