// Rendering arbitrary stored text and numbers: habits, logs, day views, the user, and the JSON and
// CSV exports. Nothing may throw; valid UTF-8 text must come back byte for byte from the JSON
// (parsed again) and from the CSV (read again by an RFC 4180 reader).
#include <fuzzer/FuzzedDataProvider.h>

#include <boost/json.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "api/v1/json/csv.hpp"
#include "api/v1/json/export_json.hpp"
#include "api/v1/json/habit_json.hpp"
#include "api/v1/json/user_json.hpp"
#include "fuzz_support.hpp"

namespace habitd::fuzz {
namespace {

// 0001-01-01 .. 9999-12-31: the dates the store can hold.
domain::Date any_date(FuzzedDataProvider& input) {
  constexpr int kFirst = -719162;  // 0001-01-01 in days since 1970-01-01
  constexpr int kLast = 2932896;   // 9999-12-31
  return domain::Date{std::chrono::days{input.ConsumeIntegralInRange(kFirst, kLast)}};
}

std::optional<double> any_amount(FuzzedDataProvider& input) {
  if (!input.ConsumeBool()) return std::nullopt;
  const double value = input.ConsumeFloatingPointInRange(0.0, 1e12);
  return std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

std::optional<std::string> any_text(FuzzedDataProvider& input) {
  if (!input.ConsumeBool()) return std::nullopt;
  return input.ConsumeRandomLengthString(2000);
}

service::UserExport any_export(FuzzedDataProvider& input) {
  service::UserExport data;
  data.user.id = "user";
  data.user.username = input.ConsumeRandomLengthString(64);
  data.user.email = input.ConsumeRandomLengthString(64);
  data.user.timezone = input.ConsumeRandomLengthString(64);
  data.user.day_start_minutes = input.ConsumeIntegralInRange(0, 24 * 60 - 1);
  data.exported_at = input.ConsumeIntegralInRange<std::int64_t>(0, 253'402'300'799'000'000);
  service::ExportedHabit item;
  auto& habit = item.view.habit;
  habit.id = "habit";
  habit.name = input.ConsumeRandomLengthString(400);
  habit.description = any_text(input);
  habit.unit = any_text(input);
  habit.frequency = input.PickValueInArray({domain::Frequency::kDaily, domain::Frequency::kWeekly, domain::Frequency::kMonthly});
  habit.start_date = any_date(input);
  if (input.ConsumeBool()) habit.target = input.ConsumeIntegralInRange(1, 1'000'000);
  habit.times_per_period = input.ConsumeIntegralInRange(1, 28);
  habit.goal = any_amount(input);
  auto& summary = item.view.summary;
  summary.current_streak = input.ConsumeIntegralInRange(0, 100000);
  summary.longest_streak = input.ConsumeIntegralInRange(0, 100000);
  summary.completed_periods = input.ConsumeIntegralInRange(0, 100000);
  summary.elapsed_periods = input.ConsumeIntegralInRange(0, 100000);
  const int logs = input.ConsumeIntegralInRange(0, 8);
  for (int i = 0; i < logs; ++i) {
    domain::HabitLog log;
    log.id = "log";
    log.habit_id = habit.id;
    log.date = any_date(input);
    log.status = input.ConsumeBool() ? domain::LogStatus::kCompleted : domain::LogStatus::kSkipped;
    log.notes = any_text(input);
    log.amount = any_amount(input);
    item.logs.push_back(std::move(log));
  }
  data.habits.push_back(std::move(item));
  return data;
}

// RFC 4180 records back into fields (the reader a spreadsheet would be).
std::vector<std::vector<std::string>> read_csv(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        field.push_back(text[++i]);
      else if (c == '"')
        quoted = false;
      else
        field.push_back(c);
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      ++i;
    } else {
      field.push_back(c);
    }
  }
  check(!quoted && field.empty() && record.empty(), "CSV does not end with a complete record");
  return records;
}

bool all_text_is_utf8(const service::UserExport& data) {
  const auto& habit = data.habits.front().view.habit;
  const auto ok = [](const std::optional<std::string>& text) { return !text || is_utf8(*text); };
  if (!is_utf8(habit.name) || !ok(habit.description) || !ok(habit.unit)) return false;
  if (!is_utf8(data.user.username) || !is_utf8(data.user.email) || !is_utf8(data.user.timezone)) return false;
  for (const auto& log : data.habits.front().logs)
    if (!ok(log.notes)) return false;
  return true;
}

void check_json(const service::UserExport& data) {
  const auto& item = data.habits.front();
  const std::string text = boost::json::serialize(api::v1::render_export(data));
  static_cast<void>(boost::json::serialize(api::v1::render_day_view(service::DayView{
      item.view.habit.id, item.view.habit.start_date, item.view.habit.start_date + std::chrono::days(40), item.logs})));
  static_cast<void>(boost::json::serialize(api::v1::render_user(data.user)));
  static_cast<void>(boost::json::serialize(api::v1::render_streak(item.view)));
  for (const auto& log : item.logs) static_cast<void>(boost::json::serialize(api::v1::render_log(log)));
  // Text from the store came through the JSON parser, so it is valid UTF-8; only then must it survive.
  const auto& habit = item.view.habit;
  if (!all_text_is_utf8(data)) return;
  const auto parsed = boost::json::parse(text).as_object();
  const auto& rendered = parsed.at("habits").as_array().at(0).as_object();
  check(rendered.at("name").as_string() == habit.name, "a habit name changed on its way to JSON");
  const auto& logs = rendered.at("logs").as_array();
  check(logs.size() == item.logs.size(), "a log went missing from the export");
  for (std::size_t i = 0; i < logs.size(); ++i) {
    const auto& notes = item.logs[i].notes;
    check(notes ? logs[i].at("notes").as_string() == *notes : logs[i].at("notes").is_null(),
          "notes changed on their way to JSON");
  }
}

void check_csv(const service::UserExport& data) {
  const auto& item = data.habits.front();
  const auto records = read_csv(api::v1::render_export_csv(data));
  check(records.size() == item.logs.size() + 1, "one CSV record per log, plus the header");
  for (std::size_t i = 0; i < item.logs.size(); ++i) {
    const auto& fields = records[i + 1];
    check(fields.size() == 5, "a CSV record without its five fields");
    // Cells a spreadsheet would run as formulas gain a leading apostrophe; nothing else changes.
    check(fields[0] == api::v1::formula_safe(item.view.habit.name), "a habit name changed on its way to CSV");
    check(fields[4] == api::v1::formula_safe(item.logs[i].notes.value_or("")), "notes changed on their way to CSV");
  }
}

}  // namespace
}  // namespace habitd::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const auto user_export = habitd::fuzz::any_export(input);
  habitd::fuzz::check_json(user_export);
  habitd::fuzz::check_csv(user_export);
  return 0;
}
