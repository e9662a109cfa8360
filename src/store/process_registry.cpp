#include "store/process_registry.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <string>

#include "store/database.hpp"
#include "store/statements.hpp"

namespace habitd::store {
namespace {

// Now, in microseconds, by the database server's clock.
constexpr const char* kDatabaseNow = "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT";
const std::string kNote = std::string("INSERT INTO processes (process_id, seen_at) VALUES (:id, ") + kDatabaseNow +
                          ") ON CONFLICT (process_id) DO UPDATE SET seen_at = EXCLUDED.seen_at";
const std::string kForgetSilent = std::string("DELETE FROM processes WHERE seen_at < ") + kDatabaseNow + " - :silence_us";
constexpr const char* kCount = "SELECT COUNT(*) FROM processes";
constexpr const char* kForget = "DELETE FROM processes WHERE process_id = :id";

}  // namespace

int ProcessRegistry::beat() const {
  return database_.transaction([&](soci::session& sql) {
    auto& note = prepared<Command<std::string>>(sql, kNote);
    note.values.params = {process_id_};
    write(sql, note);
    auto& forget = prepared<Command<long long>>(sql, kForgetSilent);
    forget.values.params = {std::chrono::duration_cast<std::chrono::microseconds>(kSilence).count()};
    write(sql, forget);
    auto& count = prepared<Select<Scalar<long long>>>(sql, kCount);
    const long long alive = read_one(sql, count) ? count.values.row.value : 1;
    return static_cast<int>(std::clamp<long long>(alive, 1, 1'000'000));
  });
}

void ProcessRegistry::leave() const {
  database_.transaction([&](soci::session& sql) {
    auto& forget = prepared<Command<std::string>>(sql, kForget);
    forget.values.params = {process_id_};
    write(sql, forget);
  });
}

}  // namespace habitd::store
