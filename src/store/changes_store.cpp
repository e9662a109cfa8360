#include "store/changes_store.hpp"

#include <soci/soci.h>

#include <map>

#include "store/database.hpp"
#include "store/records.hpp"
#include "store/statements.hpp"

namespace habitd::store {
namespace {

using domain::ChangeKind;
using domain::ChangePosition;

constexpr const char* kUserNumbers = "SELECT data_version, deletions_purged_seq FROM users WHERE id = :user";
// Each stream resumes after the cursor: everything numbered above it, and of the cursor's own
// number what sorts after it (the caller sets :same_seq to -2, a number nothing has, when the
// cursor already passed this kind at its number).
const std::string kHabitsAfter = "SELECT " + column_list<HabitRecord>() +
                                 " FROM habits WHERE user_id = :user AND change_seq <= :cap AND (change_seq > :seq OR "
                                 "(change_seq = :same_seq AND id > :id)) ORDER BY change_seq, id LIMIT :limit";
const std::string kLogsAfter =
    "SELECT " + column_list<LogRecord>() +
    " FROM habit_logs WHERE user_id = :user AND change_seq <= :cap AND (change_seq > :seq OR "
    "(change_seq = :same_seq AND (habit_id > :habit OR (habit_id = :same_habit AND log_date > :date)))) "
    "ORDER BY change_seq, habit_id, log_date LIMIT :limit";
constexpr const char* kDeletionsAfter =
    "SELECT id, seq, kind, habit_id, log_date FROM deletions WHERE user_id = :user AND seq <= :cap AND seq > :floor AND "
    "(seq > :seq OR (seq = :same_seq AND id > :id)) ORDER BY seq, id LIMIT :limit";
constexpr const char* kPurgedNumbers = "SELECT user_id, MAX(seq) FROM deletions WHERE deleted_at < :before GROUP BY user_id";
constexpr const char* kRememberPurged =
    "UPDATE users SET deletions_purged_seq = :seq WHERE id = :user AND deletions_purged_seq < :above";
constexpr const char* kPurge = "DELETE FROM deletions WHERE deleted_at < :before";

struct UserNumbers {
  long long version = 0, purged = -1;
  void bind_into(soci::statement& st) {
    st.exchange(soci::into(version));
    st.exchange(soci::into(purged));
  }
};

struct DeletionRow {
  std::string id, kind, habit_id, log_date;
  long long seq = 0;
  soci::indicator date_ind = soci::i_null;
  void bind_into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(seq));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(habit_id));
    st.exchange(soci::into(log_date, date_ind));
  }
};

struct PurgedRow {
  std::string user_id;
  long long seq = 0;
  void bind_into(soci::statement& st) {
    st.exchange(soci::into(user_id));
    st.exchange(soci::into(seq));
  }
};

// The number below which a stream of `kind` has nothing left at the cursor's own number: the
// cursor's number when the cursor stopped inside this kind or before it, else "none" (-2).
long long same_seq(const ChangePosition& after, ChangeKind kind) { return after.kind <= kind ? after.seq : -2; }
// The key the stream resumes after at the cursor's number: the cursor's when it stopped in this
// kind, else before every key.
std::string key_after(const ChangePosition& after, ChangeKind kind) { return after.kind == kind ? after.key : std::string(); }

}  // namespace

std::optional<ChangeBatch> ChangesStore::read(const std::string& user_id, const ChangePosition& after, std::size_t limit) const {
  const auto fetch = static_cast<long long>(limit);
  return database_.run([&](soci::session& sql) -> std::optional<ChangeBatch> {
    ChangeBatch batch;
    auto& numbers = prepared<Select<UserNumbers, std::string>>(sql, kUserNumbers);
    numbers.values.params = {user_id};
    if (!read_one(sql, numbers)) return std::nullopt;
    batch.cap = numbers.values.row.version;
    batch.purged_seq = numbers.values.row.purged;

    auto& habits =
        prepared<Select<HabitRecord, std::string, long long, long long, long long, std::string, long long>>(sql, kHabitsAfter);
    habits.values.params = {
        user_id, batch.cap, after.seq, same_seq(after, ChangeKind::kHabit), key_after(after, ChangeKind::kHabit), fetch};
    for_each_row(sql, habits, [&] { batch.habits.emplace_back(habits.values.row.habit(), habits.values.row.change_seq); });

    const bool in_logs = after.kind == ChangeKind::kLog;
    auto& logs = prepared<
        Select<LogRecord, std::string, long long, long long, long long, std::string, std::string, std::string, long long>>(
        sql, kLogsAfter);
    logs.values.params = {user_id,
                          batch.cap,
                          after.seq,
                          same_seq(after, ChangeKind::kLog),
                          in_logs ? after.key : std::string(),
                          in_logs ? after.key : std::string(),
                          in_logs ? after.date : std::string(),
                          fetch};
    for_each_row(sql, logs, [&] { batch.logs.emplace_back(logs.values.row.log(), logs.values.row.change_seq); });

    auto& deletions =
        prepared<Select<DeletionRow, std::string, long long, long long, long long, long long, std::string, long long>>(
            sql, kDeletionsAfter);
    deletions.values.params = {user_id,
                               batch.cap,
                               after.floor,
                               after.seq,
                               same_seq(after, ChangeKind::kDeletion),
                               key_after(after, ChangeKind::kDeletion),
                               fetch};
    for_each_row(sql, deletions, [&] {
      const auto& row = deletions.values.row;
      Tombstone tombstone{row.id, row.seq, row.habit_id, std::nullopt};
      if (row.kind == "log" && row.date_ind == soci::i_ok) tombstone.date = stored_date(row.log_date);
      batch.deleted.push_back(std::move(tombstone));
    });
    return batch;
  });
}

long long ChangesStore::purge(std::int64_t before) const {
  const long long cutoff = before;
  return database_.transaction([&](soci::session& sql) {
    std::map<std::string, long long> highest;
    auto& purged = prepared<Select<PurgedRow, long long>>(sql, kPurgedNumbers);
    purged.values.params = {cutoff};
    for_each_row(sql, purged, [&] { highest[purged.values.row.user_id] = purged.values.row.seq; });
    auto& remember = prepared<Command<long long, std::string, long long>>(sql, kRememberPurged);
    for (const auto& [user_id, seq] : highest) {
      remember.values.params = {seq, user_id, seq};
      write(sql, remember);
    }
    auto& purge = prepared<Command<long long>>(sql, kPurge);
    purge.values.params = {cutoff};
    return write(sql, purge);
  });
}

}  // namespace habitd::store
