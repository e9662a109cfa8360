#pragma once
// The habitd processes serving from one PostgreSQL database (table processes, migration 0023):
// each notes itself every few seconds and counts the processes noted lately, so that the limits
// kept in each process's memory can be divided among them (security/fleet.hpp). Times are the
// database server's, so hosts whose clocks disagree still agree on who is alive. PostgreSQL only:
// SQLite serves from one process.
#include <chrono>
#include <string>

namespace habitd::store {

class Database;

class ProcessRegistry {
 public:
  // A process not noted for `silence` is gone: it counts no more and its row is deleted.
  static constexpr std::chrono::seconds kSilence{15};

  // `process_id` names this process, unique among all (a random id).
  ProcessRegistry(Database& database, std::string process_id) : database_(database), process_id_(std::move(process_id)) {}

  // Notes this process alive, forgets those silent for kSilence, and returns how many processes
  // are alive, this one included.
  [[nodiscard]] int beat() const;
  // Forgets this process (a clean stop), so the others count one fewer at their next beat.
  void leave() const;

 private:
  Database& database_;
  const std::string process_id_;
};

}  // namespace habitd::store
