#include "domain/webhook.hpp"

namespace habitd::domain {

std::string events_column(const std::vector<std::string>& events) {
  std::string column = ",";
  for (const auto& event : events) column += event + ",";
  return column;
}

std::vector<std::string> events_from_column(std::string_view column) {
  std::vector<std::string> events;
  for (const auto known : kWebhookEventTypes)
    if (column.find("," + std::string(known) + ",") != std::string_view::npos) events.emplace_back(known);
  return events;
}

}  // namespace habitd::domain
