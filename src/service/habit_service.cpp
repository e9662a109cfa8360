#include "service/habit_service.hpp"

#include "domain/error.hpp"
#include "domain/habit_validation.hpp"
#include "domain/local_day.hpp"
#include "domain/validation.hpp"
#include "security/random.hpp"
#include "service/read_stamp_batches.hpp"
#include "service/webhook_events.hpp"
#include "store/user_store.hpp"
#include "util/clock.hpp"
#include "util/time_format.hpp"

namespace habitd::service {

using domain::Date;
using domain::Error;
using domain::ErrorCode;

namespace {

constexpr long kMaxDayViewDays = 366;

Error habit_not_found() { return Error(ErrorCode::kNotFound, "No such habit."); }

}  // namespace

HabitService::HabitService(const store::HabitStore& habits, const store::UserStore& users, const util::Clock& clock,
                           const HabitHistories& histories, const domain::Quotas& quotas, const WebhookEvents* events,
                           const ReadStampBatches* stamps)
    : habits_(habits), users_(users), clock_(clock), quotas_(quotas), events_(events), histories_(histories), stamps_(stamps) {}

template <typename Data>
store::PendingEvents HabitService::outbox(std::string_view type, const Data& data) const {
  if (events_ == nullptr) return {};
  return store::PendingEvents([this, type = std::string(type), data = EventData{data}] { return events_->make(type, data); });
}

namespace {

ReadStamp stamp_of(const std::optional<store::UserRecord>& record, std::chrono::system_clock::time_point now) {
  if (!record) throw Error(ErrorCode::kUnauthenticated, "The account no longer exists.");
  return ReadStamp{domain::today_of(record->user, now), record->data_version};
}

}  // namespace

// Inside a request's work (perhaps on a standby, or in a write's transaction): its own query.
Date HabitService::today_for(const std::string& user_id) const {
  return stamp_of(users_.find_by_id(user_id), clock_.now()).today;
}

ReadStamp HabitService::read_stamp(const std::string& user_id) const {
  return stamp_of(stamps_ != nullptr ? stamps_->find(user_id) : users_.find_by_id(user_id), clock_.now());
}

domain::Habit HabitService::require_habit(const std::string& user_id, const std::string& habit_id) const {
  // Found by SpecFuzzApi: an id of bytes that are not UTF-8 (/habits/%FF) was a 500 on PostgreSQL.
  if (!domain::is_id(habit_id)) throw habit_not_found();
  auto habit = habits_.get(user_id, habit_id);
  if (!habit) throw_missing_habit(user_id);
  return *habit;
}

void HabitService::throw_missing_habit(const std::string& user_id) const {
  // A token that outlived its account finds no habit either: it is told why (401), not 404.
  if (!users_.find_by_id(user_id)) throw Error(ErrorCode::kUnauthenticated, "The account no longer exists.");
  throw habit_not_found();
}

store::HabitWithOwnerDay HabitService::require_habit_and_day(const std::string& user_id, const std::string& habit_id) const {
  if (!domain::is_id(habit_id)) throw habit_not_found();
  auto found = habits_.get_with_owner_day(user_id, habit_id);
  if (!found) throw_missing_habit(user_id);
  return std::move(*found);
}

HabitView HabitService::create(const std::string& user_id, const HabitInput& input) const {
  const Date today = today_for(user_id);
  const domain::Habit habit = make_habit(user_id, input, today, util::to_micros(clock_.now()));
  domain::FieldErrors errors;
  domain::validate_habit_rules(habit, errors);
  errors.throw_if_any();
  HabitView view{habit, domain::summarize(habit.rule(), {}, today)};
  habits_.create(habit, quotas_.habits, outbox("habit.created", view));
  return view;
}

HabitListView HabitService::list(const std::string& user_id, const store::HabitFilter& filter, long long limit,
                                 long long offset) const {
  const Date today = today_for(user_id);
  HabitListView view;
  auto page = habits_.list(user_id, filter, limit, offset, nullptr);
  auto figures = histories_.figures(user_id, page.items, today, today);
  view.total = page.total;
  view.items.reserve(page.items.size());
  for (auto& habit : page.items) {
    const auto summary = figures.at(habit.id).summary;
    view.items.push_back(HabitView{std::move(habit), summary});
  }
  return view;
}

HabitView HabitService::get(const std::string& user_id, const std::string& habit_id) const {
  const Date today = today_for(user_id);
  domain::Habit habit = require_habit(user_id, habit_id);
  const auto summary = histories_.figures(user_id, {habit}, today, today).at(habit.id).summary;
  return HabitView{std::move(habit), summary};
}

HabitView HabitService::update(const std::string& user_id, const std::string& habit_id, const HabitChanges& changes,
                               std::optional<std::int64_t> expected_version) const {
  const Date today = today_for(user_id);
  domain::Habit habit = require_habit(user_id, habit_id);
  if (changes.name) habit.name = *changes.name;
  if (changes.description) habit.description = *changes.description;
  if (changes.frequency) habit.frequency = *changes.frequency;
  if (changes.target) habit.target = *changes.target;
  if (changes.archived) habit.archived = *changes.archived;
  if (changes.times_per_period) habit.times_per_period = *changes.times_per_period;
  if (changes.goal) habit.goal = *changes.goal;
  if (changes.unit) habit.unit = *changes.unit;
  if (changes.reminders) habit.reminders = *changes.reminders;
  // A schedule is a daily habit's: one that stops being daily is due every day of its periods.
  if (changes.weekdays)
    habit.weekdays = *changes.weekdays;
  else if (changes.frequency && *changes.frequency != domain::Frequency::kDaily)
    habit.weekdays = domain::kEveryDay;
  domain::FieldErrors errors;
  if (changes.start_date && *changes.start_date != habit.start_date) {
    // A start after today is fine (a habit planned ahead); a start after existing logs is not: no
    // log may lie before start_date.
    const auto earliest = habits_.earliest_log_date(user_id, habit_id);
    if (earliest && *earliest < *changes.start_date)
      errors.add("start_date",
                 "must not be after the earliest log (" + domain::format_date(*earliest) + "); delete those logs first");
    habit.start_date = *changes.start_date;
  }
  domain::validate_habit_rules(habit, errors);
  errors.throw_if_any();
  habit.updated_at = util::to_micros(clock_.now());
  // The store brings the logs' amounts in line with the goal in the same transaction; the view
  // (and the webhook event written with the change) sees them as they will be.
  auto entries = habits_.log_entries(user_id, habit_id);
  for (auto& entry : entries) entry.amount = domain::amount_under_goal(habit.goal, entry.status, entry.amount);
  HabitView view{habit, domain::summarize(habit.rule(), entries, today)};
  view.data_version = habits_.update(habit, expected_version, outbox("habit.updated", view));
  return view;
}

void HabitService::remove(const std::string& user_id, const std::string& habit_id,
                          std::optional<std::int64_t> expected_version) const {
  if (!domain::is_id(habit_id)) throw habit_not_found();
  (void)habits_.remove(user_id, habit_id, expected_version, util::to_micros(clock_.now()),
                       outbox("habit.deleted", HabitRef{habit_id}));
}

domain::HabitLog HabitService::add_log(const std::string& user_id, const std::string& habit_id, const LogInput& input) const {
  const auto found = require_habit_and_day(user_id, habit_id);
  const domain::Habit& habit = found.habit;
  const Date today = domain::today_of(found.owner, clock_.now());
  domain::HabitLog log;
  log.id = security::new_id();
  log.habit_id = habit_id;
  log.date = input.date.value_or(today);
  log.status = input.status;
  log.notes = input.notes;
  log.amount = input.amount;
  log.created_at = log.updated_at = util::to_micros(clock_.now());
  domain::FieldErrors errors;
  domain::validate_log_date(habit, log.date, today, errors);
  domain::validate_log_fields(habit, log.status, log.amount, errors);
  errors.throw_if_any();
  habits_.insert_log(user_id, log, quotas_.logs, outbox("log.created", log));
  return log;
}

domain::HabitLog HabitService::update_log(const std::string& user_id, const std::string& habit_id, Date date,
                                          const LogChanges& changes) const {
  const domain::Habit habit = require_habit(user_id, habit_id);
  auto log = habits_.get_log(user_id, habit_id, date);
  if (!log) throw Error(ErrorCode::kNotFound, "No log on " + domain::format_date(date) + " for this habit.");
  // What the log holds under the habit's goal as it is now, before any change: a field the
  // request does not name can then never be the reason it fails.
  log->amount = domain::amount_under_goal(habit.goal, log->status, log->amount);
  if (changes.notes) log->notes = *changes.notes;
  if (changes.status) log->status = *changes.status;
  if (changes.amount) log->amount = *changes.amount;
  // A day turned into a skip keeps no amount.
  if (changes.status == domain::LogStatus::kSkipped && !changes.amount) log->amount.reset();
  domain::FieldErrors errors;
  if (changes.status || changes.amount) domain::validate_log_fields(habit, log->status, log->amount, errors);
  errors.throw_if_any();
  log->updated_at = util::to_micros(clock_.now());
  habits_.update_log(user_id, *log, outbox("log.updated", *log));
  return *log;
}

void HabitService::remove_log(const std::string& user_id, const std::string& habit_id, Date date) const {
  if (!domain::is_id(habit_id)) throw habit_not_found();
  try {
    habits_.remove_log(user_id, habit_id, date, util::to_micros(clock_.now()), outbox("log.deleted", LogRef{habit_id, date}));
  } catch (const Error& error) {
    // No log was there: the habit is read only now, to say which of the two is missing.
    if (error.code() == ErrorCode::kNotFound) (void)require_habit(user_id, habit_id);
    throw;
  }
}

int HabitService::skip_days(const std::string& user_id, const std::string& habit_id, Date from, Date to,
                            const std::optional<std::string>& notes) const {
  const auto found = require_habit_and_day(user_id, habit_id);
  const domain::Habit& habit = found.habit;
  const Date today = domain::today_of(found.owner, clock_.now());
  domain::FieldErrors errors;
  if (from < habit.start_date)
    errors.add("from", "must not be before the habit's start_date (" + domain::format_date(habit.start_date) + ")");
  if (to > today) errors.add("to", "must not be after today (" + domain::format_date(today) + ")");
  if (from > to)
    errors.add("from", "must not be after to");
  else if ((to - from).count() + 1 > kMaxDayViewDays)
    errors.add("to", "the range must be at most 366 days");
  errors.throw_if_any();
  return habits_.insert_skips(user_id, habit_id, from, to, notes, util::to_micros(clock_.now()), quotas_.logs,
                              [this](const domain::HabitLog& log) { return outbox("log.created", log).make(); });
}

DayView HabitService::day_view(const std::string& user_id, const std::string& habit_id, std::optional<Date> from,
                               std::optional<Date> to) const {
  const domain::Habit habit = require_habit(user_id, habit_id);
  const Date last = to.value_or(today_for(user_id));
  // The contract: a day view whose to is before start_date is 422, whether a from is named or not
  // (the default from is never before start_date, so such a view would hold no day of the habit).
  if (last < habit.start_date)
    throw Error(ErrorCode::kValidation, "to is before the habit's start_date.",
                {{"to", "must not be before the habit's start_date (" + domain::format_date(habit.start_date) + ")"}});
  const Date first = from.value_or(std::max(last - std::chrono::days(29), habit.start_date));
  domain::FieldErrors errors;
  if (first > last)
    errors.add("from", "must not be after to");
  else if ((last - first).count() + 1 > kMaxDayViewDays)
    errors.add("to", "the range must be at most 366 days");
  errors.throw_if_any();
  return days_of(user_id, habit, first, last);
}

DayView HabitService::days_of(const std::string& user_id, const std::string& habit_id, Date first, Date last) const {
  return days_of(user_id, require_habit(user_id, habit_id), first, last);
}

DayView HabitService::days_of(const std::string& user_id, const domain::Habit& habit, Date first, Date last) const {
  DayView view;
  view.habit_id = habit.id;
  view.frequency = habit.frequency;
  view.weekdays = habit.weekdays;
  view.from = first;
  view.to = last;
  view.logs = habits_.logs_between(user_id, habit.id, first, last);
  // The store keeps amounts in line with the goal; a log written while the goal changed (validated
  // against the goal before) would still show as its habit now says.
  for (auto& log : view.logs) log.amount = domain::amount_under_goal(habit.goal, log.status, log.amount);
  return view;
}

domain::Habit make_habit(const std::string& user_id, const HabitInput& input, Date today, std::int64_t now_micros) {
  return habit_from(security::new_id(), user_id, input, today, now_micros);
}

}  // namespace habitd::service
