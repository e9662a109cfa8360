#pragma once
// Statements prepared once per connection, for the queries nearly every request runs: preparing is
// a quarter of a write's CPU on SQLite, and a round trip on PostgreSQL. A slot type owns the
// variables its statement is bound to, so it lives at a fixed address for the connection's life.
//
//   struct HabitById { std::string id; ...; soci::statement st; explicit HabitById(soci::session&); };
//   auto& q = prepared<HabitById>(sql);  q.id = ...;  execute_prepared(sql, q);  done_with(sql, q.st);
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include <memory>
#include <typeindex>
#include <unordered_map>

namespace habitd::store {

class StatementCache {
 public:
  template <typename Slot>
  Slot& get(soci::session& sql) {
    auto& holder = slots_[std::type_index(typeid(Slot))];
    if (!holder) holder = std::make_unique<Holder<Slot>>(sql);
    return static_cast<Holder<Slot>&>(*holder).slot;
  }
  template <typename Slot>
  void forget() {
    slots_.erase(std::type_index(typeid(Slot)));
  }

 private:
  struct HolderBase {
    virtual ~HolderBase() = default;
  };
  template <typename Slot>
  struct Holder final : HolderBase {
    explicit Holder(soci::session& sql) : slot(sql) {}
    Slot slot;
  };
  std::unordered_map<std::type_index, std::unique_ptr<HolderBase>> slots_;
};

// Every session Database hands out is a Connection; its statements go before the session closes.
class Connection : public soci::session {
 public:
  Connection(const soci::backend_factory& backend, const std::string& connect_string, bool sqlite)
      : soci::session(backend, connect_string), is_sqlite(sqlite) {}
  const bool is_sqlite;
  StatementCache statements;
};

// The statement slot of type Slot on `sql`, prepared on first use.
template <typename Slot>
Slot& prepared(soci::session& sql) {
  return static_cast<Connection&>(sql).statements.get<Slot>(sql);
}

// Runs the cached statement of `slot` with data exchange. When the run throws (a constraint refused
// the row, the connection broke), the slot is dropped and prepared afresh on its next use: SOCI's
// PostgreSQL backend then skips the step that frees a run's parameter buffers, and a parameter
// bound as NULL on the next run would send the failed run's value instead (found by the model API
// test: a log posted right after a 409 got the refused log's notes).
template <typename Slot>
bool execute_prepared(soci::session& sql, Slot& slot) {
  try {
    return slot.st.execute(true);
  } catch (...) {
    static_cast<Connection&>(sql).statements.forget<Slot>();
    throw;
  }
}

// Ends a cached statement's run. SQLite keeps a read snapshot open while a statement is
// unfinished, which would stop checkpoints and let the WAL grow, so it is reset here. (SOCI's own
// reset is not exported by Debian's build; resetting twice is harmless, so SOCI may do it again.)
inline void done_with(soci::session& sql, soci::statement& st) {
  if (static_cast<Connection&>(sql).is_sqlite)
    sqlite3_reset(static_cast<soci::sqlite3_statement_backend*>(st.get_backend())->stmt_);
}

}  // namespace habitd::store
