#include "store/change_numbers.hpp"

#include "domain/error.hpp"
#include "security/random.hpp"
#include "store/records.hpp"
#include "store/statements.hpp"

namespace habitd::store {
namespace {

const std::string kNextChange =
    std::string("UPDATE users SET data_version = data_version + 1 WHERE id = :user") + kReturningChange;
const std::string kNextChangeIfAt =
    std::string("UPDATE users SET data_version = data_version + 1 WHERE id = :user AND data_version = :version") +
    kReturningChange;
constexpr const char* kUserExists = "SELECT COUNT(*) FROM users WHERE id = :user";
constexpr const char* kInsertDeletion =
    "INSERT INTO deletions (id, user_id, seq, kind, habit_id, log_date, deleted_at) "
    "VALUES (:id, :user, :seq, :kind, :habit, :date, :at)";

using DeletionParams = Command<std::string, std::string, long long, std::string, std::string, Nullable<std::string>, long long>;

void record_deletion(soci::session& sql, const std::string& user_id, std::int64_t seq, const char* kind,
                     const std::string& habit_id, const std::optional<std::string>& date, std::int64_t now) {
  auto& insert = prepared<DeletionParams>(sql, kInsertDeletion);
  insert.values.params = {security::new_id(), user_id, seq, kind, habit_id, date, now};
  write(sql, insert);
}

}  // namespace

Change next_change(soci::session& sql, const std::string& user_id, std::optional<std::int64_t> expected) {
  bool found = false;
  Change change;
  if (expected) {
    auto& bump = prepared<Select<ChangeRow, std::string, long long>>(sql, kNextChangeIfAt);
    bump.values.params = {user_id, *expected};
    found = read_one(sql, bump);
    change = bump.values.row.change();
  } else {
    auto& bump = prepared<Select<ChangeRow, std::string>>(sql, kNextChange);
    bump.values.params = {user_id};
    found = read_one(sql, bump);
    change = bump.values.row.change();
  }
  if (found) return change;
  auto& exists = prepared<Select<Scalar<long long>, std::string>>(sql, kUserExists);
  exists.values.params = {user_id};
  if (read_one(sql, exists) && exists.values.row.value > 0)
    throw domain::Error(domain::ErrorCode::kPreconditionFailed,
                        "The habit changed since the ETag given in If-Match was read; read it again.");
  throw domain::Error(domain::ErrorCode::kUnauthenticated, "The account no longer exists.");
}

void record_habit_deletion(soci::session& sql, const std::string& user_id, std::int64_t seq, const std::string& habit_id,
                           std::int64_t now) {
  record_deletion(sql, user_id, seq, "habit", habit_id, std::nullopt, now);
}

void record_log_deletion(soci::session& sql, const std::string& user_id, std::int64_t seq, const std::string& habit_id,
                         domain::Date date, std::int64_t now) {
  record_deletion(sql, user_id, seq, "log", habit_id, date_text(date), now);
}

}  // namespace habitd::store
