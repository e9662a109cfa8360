// What streaks, day views and habit rendering cost as history grows. Figures go to
// docs/PERFORMANCE.md as medians of repetitions, compared with each other (ratios), never as
// absolute assertions.
#include <benchmark/benchmark.h>

#include <boost/json.hpp>
#include <random>

#include "api/v1/json/habit_json.hpp"
#include "domain/habit_rules.hpp"
#include "security/password_hasher.hpp"
#include "service/habit_service.hpp"
#include "util/lru_cache.hpp"

namespace {

using namespace std::chrono;
using habitd::domain::Date;
using habitd::domain::Frequency;
using habitd::domain::LogEntry;

constexpr Date kToday = sys_days(year(2026) / November / 26);

// `days` days of history ending today, each logged with probability 0.8 (fixed seed).
std::vector<LogEntry> history(int days_back) {
  std::mt19937 random(42);
  std::bernoulli_distribution logged(0.8);
  std::vector<LogEntry> logs;
  for (int back = days_back - 1; back >= 0; --back)
    if (logged(random)) logs.push_back(LogEntry{kToday - days(back)});
  return logs;
}

void BM_SummarizeDaily(benchmark::State& state) {
  const auto logs = history(static_cast<int>(state.range(0)));
  const habitd::domain::HabitRule rule{Frequency::kDaily, kToday - days(state.range(0))};
  for (auto _ : state) benchmark::DoNotOptimize(habitd::domain::summarize(rule, logs, kToday));
  state.SetItemsProcessed(state.iterations() * static_cast<long>(logs.size()));
}
BENCHMARK(BM_SummarizeDaily)->Arg(30)->Arg(365)->Arg(3650);

void BM_SummarizeWeeklyThreeTimes(benchmark::State& state) {
  const auto logs = history(static_cast<int>(state.range(0)));
  const habitd::domain::HabitRule rule{Frequency::kWeekly, kToday - days(state.range(0)), 3};
  for (auto _ : state) benchmark::DoNotOptimize(habitd::domain::summarize(rule, logs, kToday));
}
BENCHMARK(BM_SummarizeWeeklyThreeTimes)->Arg(3650);

void BM_DayViewExpansion(benchmark::State& state) {
  habitd::service::DayView view;
  view.from = kToday - days(state.range(0) - 1);
  view.to = kToday;
  for (const auto& entry : history(static_cast<int>(state.range(0))))
    view.logs.push_back(habitd::domain::HabitLog{"id", "habit", entry.date, entry.status, "notes", std::nullopt, 0, 0});
  for (auto _ : state) benchmark::DoNotOptimize(habitd::api::v1::render_day_view(view));
}
BENCHMARK(BM_DayViewExpansion)->Arg(30)->Arg(366);

void BM_RenderHabitList(benchmark::State& state) {
  habitd::service::HabitView view;
  view.habit.id = "01938a6e-7b3c-7cde-9f10-2b3c4d5e6f70";
  view.habit.name = "Read 20 pages";
  view.habit.start_date = kToday - days(365);
  view.habit.target = 30;
  view.summary = habitd::domain::summarize(view.habit.rule(), history(365), kToday);
  for (auto _ : state) {
    boost::json::array items;
    for (int i = 0; i < state.range(0); ++i) items.push_back(habitd::api::v1::render_habit(view));
    benchmark::DoNotOptimize(boost::json::serialize(items));
  }
}
BENCHMARK(BM_RenderHabitList)->Arg(10)->Arg(200);

// One login's bcrypt verification at the server's default cost (10): cores / this time is the
// bound on login throughput that scripts/bench-http's login row is compared with.
void BM_BcryptVerifyCost10(benchmark::State& state) {
  const habitd::security::PasswordHasher hasher(10);
  const std::string stored = hasher.hash("correct horse battery staple");
  for (auto _ : state) benchmark::DoNotOptimize(hasher.verify("correct horse battery staple", stored));
}
BENCHMARK(BM_BcryptVerifyCost10)->Unit(benchmark::kMillisecond)->Iterations(20);

// A read-cache lookup among 10,000 entries: what a hit costs beyond the token and the stamp query.
void BM_ReadCacheHit(benchmark::State& state) {
  habitd::util::LruCache<std::string> cache(64 * 1024 * 1024);
  for (int i = 0; i < 10000; ++i)
    cache.put("user-" + std::to_string(i) + "/api/v1/habits", std::make_shared<const std::string>(2000, 'x'), 2000);
  int i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(cache.find("user-" + std::to_string(i++ % 10000) + "/api/v1/habits"));
}
BENCHMARK(BM_ReadCacheHit);

}  // namespace
