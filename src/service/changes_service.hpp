#pragma once
// GET /api/v1/changes: what changed in a user's habits and logs since a cursor, page by page.
#include <optional>
#include <string>
#include <vector>

#include "service/habit_service.hpp"
#include "store/changes_store.hpp"

namespace habitd::service {

struct ChangesPage {
  std::vector<HabitView> habits;  // in their latest state, with their figures
  std::vector<domain::HabitLog> logs;
  std::vector<store::Tombstone> deleted;
  std::string cursor;
  bool has_more = false;
};

class ChangesService {
 public:
  static constexpr int kDefaultLimit = 500;
  static constexpr int kMaxLimit = 1000;

  ChangesService(const store::ChangesStore& changes, const store::HabitStore& habits, const HabitService& habit_service)
      : changes_(changes), habits_(habits), habit_service_(habit_service) {}

  // Without `since`, everything the user has; with it, what changed after it. 400 for a cursor this
  // server did not make, 410 for one older than the deletions it still keeps.
  [[nodiscard]] ChangesPage changes(const std::string& user_id, const std::optional<std::string>& since, int limit) const;

 private:
  const store::ChangesStore& changes_;
  const store::HabitStore& habits_;
  const HabitService& habit_service_;
};

}  // namespace habitd::service
