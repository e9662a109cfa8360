#pragma once
// Reminders: at each reminder time of a habit, in its owner's zone, on a day the habit is due and
// its current period is not yet completed, a reminder.due event goes to the owner's webhooks.
// Run every few seconds; a reminder fires once per habit, day and time (a unique row decides, so
// several servers agree), and on start only if it is less than 15 minutes late.
#include "store/reminder_store.hpp"

namespace habitd::util {
class Clock;
class Logger;
}  // namespace habitd::util

namespace habitd::service {

class WebhookEvents;

class ReminderService {
 public:
  ReminderService(const store::ReminderStore& store, const WebhookEvents& events, const util::Clock& clock)
      : store_(store), events_(events), clock_(clock) {}

  // Fires every reminder due now; returns how many this call fired.
  int fire_due() const;

 private:
  const store::ReminderStore& store_;
  const WebhookEvents& events_;
  const util::Clock& clock_;
};

}  // namespace habitd::service
