#include "store/shared_login_limiter.hpp"

#include <soci/soci.h>

#include <algorithm>

#include "store/database.hpp"
#include "store/statements.hpp"
#include "util/time_format.hpp"

namespace habitd::store {
namespace {

// The `budget` latest failures of a key still in the window, latest first.
constexpr const char* kLatestFailures =
    "SELECT failed_at FROM login_failures WHERE failure_key = :key AND failed_at > :since ORDER BY failed_at DESC "
    "LIMIT :budget";
constexpr const char* kInsertFailure = "INSERT INTO login_failures (failure_key, failed_at) VALUES (:key, :at)";
// Every failure that left the window, whoever it was for: the table holds one window's worth.
constexpr const char* kForgetExpired = "DELETE FROM login_failures WHERE failed_at <= :since";
constexpr const char* kForgetKey = "DELETE FROM login_failures WHERE failure_key = :key";

}  // namespace

std::optional<int> SharedLoginLimiter::retry_after(const std::string& account, const std::string& address, TimePoint now) {
  const auto window = std::chrono::duration_cast<std::chrono::microseconds>(limits_.window).count();
  const long long now_us = util::to_micros(now);
  const auto check = [&](soci::session& sql, const std::string& key, int budget) -> std::optional<int> {
    auto& latest = prepared<Select<Scalar<long long>, std::string, long long, long long>>(sql, kLatestFailures);
    latest.values.params = {key, now_us - window, std::max(budget, 1)};
    int counted = 0;
    long long oldest_counted = 0;
    for_each_row(sql, latest, [&] {
      ++counted;
      oldest_counted = latest.values.row.value;
    });
    if (counted < budget) return std::nullopt;
    // Free again when the oldest failure that still counts leaves the window.
    const long long wait_us = oldest_counted + window - now_us;
    return static_cast<int>(std::max<long long>(1, (wait_us + 999'999) / 1'000'000));
  };
  return database_.run([&](soci::session& sql) -> std::optional<int> {
    const auto by_account = check(sql, key_of('a', account), limits_.failures_per_account);
    const auto by_address = check(sql, key_of('i', address), limits_.failures_per_address);
    if (by_account && by_address) return std::max(*by_account, *by_address);
    return by_account ? by_account : by_address;
  });
}

void SharedLoginLimiter::record_failure(const std::string& account, const std::string& address, TimePoint now) {
  const long long now_us = util::to_micros(now);
  database_.transaction([&](soci::session& sql) {
    auto& forget = prepared<Command<long long>>(sql, kForgetExpired);
    forget.values.params = {now_us - std::chrono::duration_cast<std::chrono::microseconds>(limits_.window).count()};
    write(sql, forget);
    auto& insert = prepared<Command<std::string, long long>>(sql, kInsertFailure);
    for (const auto& key : {key_of('a', account), key_of('i', address)}) {
      insert.values.params = {key, now_us};
      write(sql, insert);
    }
  });
}

void SharedLoginLimiter::record_success(const std::string& account) {
  database_.transaction([&](soci::session& sql) {
    auto& forget = prepared<Command<std::string>>(sql, kForgetKey);
    forget.values.params = {key_of('a', account)};
    write(sql, forget);
  });
}

}  // namespace habitd::store
