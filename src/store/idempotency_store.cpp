#include "store/idempotency_store.hpp"

#include <soci/soci.h>

#include "store/database.hpp"
#include "store/statements.hpp"

namespace habitd::store {

namespace {

constexpr const char* kFindAnswer =
    "SELECT fingerprint, status, content_type, body, location FROM idempotency_keys "
    "WHERE user_id = :u AND idem_key = :k AND created_at >= :since AND status IS NOT NULL";
// Only one transaction at a time may run a key, across every habitd on the database; a second
// one learns it at once instead of waiting for the first to commit.
constexpr const char* kLockKeyPostgres = "SELECT pg_try_advisory_xact_lock(hashtext(:u), hashtext(:k))";
constexpr const char* kCountAnswers =
    "SELECT COUNT(*) FROM idempotency_keys WHERE user_id = :u AND idem_key = :k AND created_at >= :since "
    "AND status IS NOT NULL";
// Expired answers, and rows a version before 2 left unfinished, give way to the new one.
constexpr const char* kDeleteStale = "DELETE FROM idempotency_keys WHERE user_id = :u AND idem_key = :k";
constexpr const char* kInsertAnswer =
    "INSERT INTO idempotency_keys (user_id, idem_key, fingerprint, status, content_type, body, location, created_at) "
    "VALUES (:u, :k, :f, :s, :ct, :b, :l, :t)";

constexpr const char* kPurge = "DELETE FROM idempotency_keys WHERE created_at < :before";

// The columns of kFindAnswer; a missing content type, body or location reads as empty.
struct AnswerRow {
  KeptAnswer kept;
  soci::indicator type_ind = soci::i_null, body_ind = soci::i_null, location_ind = soci::i_null;

  void bind_into(soci::statement& st) {
    st.exchange(soci::into(kept.fingerprint));
    st.exchange(soci::into(kept.response.status));
    st.exchange(soci::into(kept.response.content_type, type_ind));
    st.exchange(soci::into(kept.response.body, body_ind));
    st.exchange(soci::into(kept.response.location, location_ind));
  }
  [[nodiscard]] KeptAnswer answer() const {
    KeptAnswer out = kept;
    if (type_ind != soci::i_ok) out.response.content_type.clear();
    if (body_ind != soci::i_ok) out.response.body.clear();
    if (location_ind != soci::i_ok) out.response.location.clear();
    return out;
  }
};

using InsertAnswer = Command<std::string, std::string, std::string, int, std::string, std::string, std::string, long long>;

// Thrown out of the handler from the unit's first write when the key is not ours to run.
struct KeyTaken {};

}  // namespace

std::optional<KeptAnswer> IdempotencyStore::find(const std::string& user_id, const std::string& key, std::int64_t since) const {
  const long long cutoff = since;
  return database_.run([&](soci::session& sql) -> std::optional<KeptAnswer> {
    auto& select = prepared<Select<AnswerRow, std::string, std::string, long long>>(sql, kFindAnswer);
    select.values.params = {user_id, key, cutoff};
    if (!read_one(sql, select)) return std::nullopt;
    return select.values.row.answer();
  });
}

long long IdempotencyStore::purge(std::int64_t before) const {
  const long long cutoff = before;
  return database_.transaction([&](soci::session& sql) {
    auto& purge = prepared<Command<long long>>(sql, kPurge);
    purge.values.params = {cutoff};
    return write(sql, purge);
  });
}

KeyedRun IdempotencyStore::run_once(const std::string& user_id, const std::string& key, const std::string& fingerprint,
                                    std::int64_t now, std::int64_t since,
                                    const std::function<std::optional<StoredResponse>()>& work) const {
  const long long at = now;
  const long long cutoff = since;
  const bool postgres = database_.dialect() == Dialect::kPostgres;
  Database::UnitOfWork unit(database_, [&](soci::session& sql) {
    if (postgres) {
      auto& lock = prepared<Select<Scalar<int>, std::string, std::string>>(sql, kLockKeyPostgres);
      lock.values.params = {user_id, key};
      (void)read_one(sql, lock);
      if (!lock.values.row.value) throw KeyTaken{};
    }
    auto& answered = prepared<Select<Scalar<long long>, std::string, std::string, long long>>(sql, kCountAnswers);
    answered.values.params = {user_id, key, cutoff};
    (void)read_one(sql, answered);
    if (answered.values.row.value > 0) throw KeyTaken{};
  });
  std::optional<StoredResponse> answer;
  try {
    answer = work();
    if (!answer) return KeyedRun::kDropped;
    // A request that wrote nothing (refused before its first write) begins the unit here.
    unit.savepoint([&](soci::session& sql) {
      auto& stale = prepared<Command<std::string, std::string>>(sql, kDeleteStale);
      stale.values.params = {user_id, key};
      write(sql, stale);
      auto& insert = prepared<InsertAnswer>(sql, kInsertAnswer);
      insert.values.params = {user_id,          key, fingerprint, answer->status, answer->content_type, answer->body,
                              answer->location, at};
      write(sql, insert);
    });
    unit.commit();
  } catch (const KeyTaken&) {
    return KeyedRun::kTaken;
  }
  return KeyedRun::kKept;
}

}  // namespace habitd::store
