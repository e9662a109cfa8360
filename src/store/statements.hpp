#pragma once
// The one way the stores talk to SOCI. Every statement is prepared once per connection for its
// query text and kept there with the variables it is bound to (preparing is a quarter of a
// write's CPU on SQLite, and a round trip on PostgreSQL). Behind a pooler in transaction mode
// (HABITS_DATABASE_POOLER=transaction) a statement prepared by name on one server connection would
// be missing on the next transaction's, or collide with another client's of the same name: there
// every run sends its query text as PostgreSQL's unnamed statement (parsed again each time, but no
// more round trips). A statement's variables live in a
// `Bound` value (Select, Command, or any type with bind(soci::statement&)):
//
//   constexpr const char* kFindHabit = "SELECT ... FROM habits WHERE id = :id AND user_id = :user";
//   auto& q = prepared<Select<HabitRecord, std::string, std::string>>(sql, kFindHabit);
//   q.values.params = {habit_id, user_id};
//   if (read_one(sql, q)) return q.values.row.habit();
//
// Every run is finished (read to its end) before the functions below return, so no statement
// holds SQLite's read snapshot or write lock between requests. Only SOCI's public API is used.
#include <soci/soci.h>

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <typeindex>
#include <unordered_map>
#include <utility>

namespace habitd::store {

// A parameter that may be NULL.
template <typename T>
struct Nullable {
  T value{};
  soci::indicator indicator = soci::i_null;

  Nullable() = default;
  Nullable(const std::optional<T>& optional)  // NOLINT(google-explicit-constructor): reads as a plain value
      : value(optional.value_or(T{})), indicator(optional ? soci::i_ok : soci::i_null) {}
};

// Binds one parameter. (Each use() stays inside its exchange() call: a use() returned from a
// helper keeps a dangling reference to its default name.)
template <typename T>
void bind_parameter(soci::statement& st, T& value) {
  st.exchange(soci::use(value));
}
template <typename T>
void bind_parameter(soci::statement& st, Nullable<T>& value) {
  st.exchange(soci::use(value.value, value.indicator));
}

template <typename... Params>
void bind_parameters(soci::statement& st, std::tuple<Params...>& params) {
  std::apply([&st](auto&... each) { (bind_parameter(st, each), ...); }, params);
}

// A query that returns rows read into `row` (a record of records.hpp, or a Scalar).
template <typename Row, typename... Params>
struct Select {
  Row row;
  std::tuple<Params...> params;
  void bind(soci::statement& st) {
    row.bind_into(st);
    bind_parameters(st, params);
  }
};

// A statement that returns no rows.
template <typename... Params>
struct Command {
  std::tuple<Params...> params;
  void bind(soci::statement& st) { bind_parameters(st, params); }
};

// One value of one column (COUNT(*), MIN(...), a RETURNING value).
template <typename T>
struct Scalar {
  T value{};
  soci::indicator indicator = soci::i_ok;
  void bind_into(soci::statement& st) { st.exchange(soci::into(value, indicator)); }
  [[nodiscard]] std::optional<T> get() const { return indicator == soci::i_ok ? std::optional<T>(value) : std::nullopt; }
};

template <typename Bound>
class Prepared {
 public:
  Prepared(soci::session& sql, std::string text, bool one_shot) : query(std::move(text)), st(sql) {
    values.bind(st);
    st.alloc();
    st.prepare(query, one_shot ? soci::details::st_one_time_query : soci::details::st_repeatable_query);
    st.define_and_bind();
  }
  const std::string query;
  Bound values;  // bound by reference: the Prepared never moves (it is kept behind a pointer)
  soci::statement st;
};

// The statements of one connection, by bound type and query text.
class StatementCache {
 public:
  // `one_shot`: run each statement as a one-off (unnamed) statement instead of a named prepared one.
  explicit StatementCache(bool one_shot) : one_shot_(one_shot) {}
  template <typename Bound>
  Prepared<Bound>& get(soci::session& sql, const std::string& query) {
    auto& holder = entries_[Key{std::type_index(typeid(Bound)), query}];
    if (!holder) holder = std::make_unique<Holder<Bound>>(sql, query, one_shot_);
    return static_cast<Holder<Bound>&>(*holder).prepared;
  }
  template <typename Bound>
  void forget(const std::string& query) {
    entries_.erase(Key{std::type_index(typeid(Bound)), query});
  }

 private:
  struct Key {
    std::type_index type;
    std::string query;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept {
      return key.type.hash_code() ^ (std::hash<std::string>{}(key.query) << 1);
    }
  };
  struct HolderBase {
    virtual ~HolderBase() = default;
  };
  template <typename Bound>
  struct Holder final : HolderBase {
    Holder(soci::session& sql, const std::string& query, bool one_shot) : prepared(sql, query, one_shot) {}
    Prepared<Bound> prepared;
  };
  bool one_shot_;
  std::unordered_map<Key, std::unique_ptr<HolderBase>, KeyHash> entries_;
};

// Every session Database hands out is a Connection; its statements go before the session closes.
class Connection : public soci::session {
 public:
  Connection(const soci::backend_factory& backend, const std::string& connect_string, bool one_shot_statements)
      : soci::session(backend, connect_string), statements(one_shot_statements) {}
  StatementCache statements;
};

// The statement for `query` on `sql`, prepared on first use.
template <typename Bound>
Prepared<Bound>& prepared(soci::session& sql, const std::string& query) {
  return static_cast<Connection&>(sql).statements.get<Bound>(sql, query);
}

namespace detail {

// Runs `work` on the prepared statement. When it throws (a constraint refused the row, the
// connection broke), the statement is dropped and prepared afresh on its next use: SOCI's
// PostgreSQL backend then skips the step that frees a run's parameter buffers, and a parameter
// bound as NULL on the next run would send the failed run's value instead (found by the model API
// test: a log posted right after a 409 got the refused log's notes).
template <typename Bound, typename Work>
auto guarded(soci::session& sql, Prepared<Bound>& p, Work&& work) {
  try {
    return work(p.st);
  } catch (...) {
    static_cast<Connection&>(sql).statements.forget<Bound>(std::string(p.query));  // p is gone after this
    throw;
  }
}

}  // namespace detail

// Runs a query and calls each() with every row read into p.values.row.
template <typename Bound, typename Each>
void for_each_row(soci::session& sql, Prepared<Bound>& p, Each&& each) {
  detail::guarded(sql, p, [&](soci::statement& st) {
    if (!st.execute(true)) return;
    do {
      each();
    } while (st.fetch());  // to the end: SQLite then releases the statement's read snapshot
  });
}

// Runs a query of at most one row; true when there was one (it is in p.values.row).
template <typename Bound>
bool read_one(soci::session& sql, Prepared<Bound>& p) {
  return detail::guarded(sql, p, [](soci::statement& st) {
    const bool found = st.execute(true);
    if (found)
      while (st.fetch()) {
      }
    return found;
  });
}

// Runs a statement that returns no rows; returns how many rows it changed.
template <typename Bound>
long long write(soci::session& sql, Prepared<Bound>& p) {
  return detail::guarded(sql, p, [](soci::statement& st) {
    st.execute(true);
    return st.get_affected_rows();
  });
}

}  // namespace habitd::store
