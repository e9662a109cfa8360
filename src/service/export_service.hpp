#pragma once
// Export of all of a user's data, and import of such an export into any account.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/habit.hpp"
#include "domain/quotas.hpp"
#include "domain/user.hpp"
#include "service/habit_service.hpp"
#include "store/outbox.hpp"

namespace habitd::util {
class Clock;
}
namespace habitd::store {
class ExportStore;
class UserStore;
class WebhookStore;
struct HabitWithLogs;
}  // namespace habitd::store

namespace habitd::service {

class WebhookEvents;

struct ExportedHabit {
  HabitView view;
  std::vector<domain::HabitLog> logs;  // oldest first
};

struct UserExport {
  domain::User user;
  std::int64_t exported_at = 0;       // microseconds since the Unix epoch
  std::vector<ExportedHabit> habits;  // in creation order, archived ones too
};

struct ImportLog {
  domain::Date date;
  domain::LogStatus status = domain::LogStatus::kCompleted;
  std::optional<std::string> notes;
  std::optional<double> amount;
};

struct ImportHabit {
  HabitInput habit;
  std::vector<ImportLog> logs;
};

struct ImportResult {
  long long habits_created = 0;
  long long logs_created = 0;
};

class ExportService {
 public:
  // With `events` and `webhooks`, an import sends habit.created and log.created for what it adds
  // to the webhooks that subscribe to them.
  ExportService(const store::ExportStore& store, const store::UserStore& users, const util::Clock& clock,
                const domain::Quotas& quotas = {}, const WebhookEvents* events = nullptr,
                const store::WebhookStore* webhooks = nullptr)
      : store_(store), users_(users), clock_(clock), quotas_(quotas), events_(events), webhooks_(webhooks) {}

  [[nodiscard]] UserExport export_all(const std::string& user_id) const;

  // Adds `habits` and their logs to the user's account as new habits, all or nothing: every item
  // is checked first with the rules of POST /habits and /logs, and any problem is a 422 naming it
  // by path (habits[2].logs[5].date); only then is everything written, in one transaction. Nothing
  // is checked against the importer's today: whatever an export holds (logs after today, a
  // start_date after today) imports, from any account, at any time.
  [[nodiscard]] ImportResult import_all(const std::string& user_id, const std::vector<ImportHabit>& habits) const;

 private:
  [[nodiscard]] domain::User require_user(const std::string& user_id) const;
  // The events an import of `rows` causes: only of the types a webhook of the user subscribes to
  // (an import may hold 100,000 logs; with no subscriber it builds no event at all).
  [[nodiscard]] store::OutboxEvents import_events(const std::string& user_id, const std::vector<store::HabitWithLogs>& rows,
                                                  domain::Date today) const;

  const store::ExportStore& store_;
  const store::UserStore& users_;
  const util::Clock& clock_;
  const domain::Quotas quotas_;
  const WebhookEvents* events_;
  const store::WebhookStore* webhooks_;
};

}  // namespace habitd::service
