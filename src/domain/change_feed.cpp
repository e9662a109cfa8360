#include "domain/change_feed.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "domain/calendar.hpp"
#include "domain/validation.hpp"

namespace habitd::domain {
namespace {

std::optional<std::int64_t> read_number(std::string_view text) {
  std::int64_t value = 0;
  if (text.empty()) return std::nullopt;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return parts;
}

}  // namespace

std::string encode_cursor(const ChangePosition& p) {
  std::string text = "v1." + std::to_string(p.seq) + "." + std::to_string(p.floor) + "." +
                     std::to_string(static_cast<int>(p.kind)) + "." + p.key;
  if (p.kind == ChangeKind::kLog) text += "." + p.date;
  return text;
}

std::optional<ChangePosition> decode_cursor(std::string_view text) {
  const auto parts = split(text, '.');
  if (parts.size() < 5 || parts[0] != "v1") return std::nullopt;
  ChangePosition p;
  const auto seq = read_number(parts[1]), floor = read_number(parts[2]), kind = read_number(parts[3]);
  if (!seq || !floor || !kind || *seq < -1 || *floor < -1 || *kind < 0 || *kind > 3) return std::nullopt;
  p.seq = *seq;
  p.floor = *floor;
  p.kind = static_cast<ChangeKind>(*kind);
  p.key = std::string(parts[4]);
  const std::size_t expected_parts = p.kind == ChangeKind::kLog ? 6 : 5;
  if (parts.size() != expected_parts) return std::nullopt;
  if (p.kind == ChangeKind::kEnd) {
    if (!p.key.empty()) return std::nullopt;
  } else if (!is_id(p.key)) {
    return std::nullopt;
  }
  if (p.kind == ChangeKind::kLog) {
    const auto date = parse_date(parts[5]);
    if (!date) return std::nullopt;
    p.date = format_date(*date);
    if (p.date != parts[5]) return std::nullopt;
  }
  return p;
}

FeedPage merge_feed(const std::vector<ChangePosition>& habits, const std::vector<ChangePosition>& logs,
                    const std::vector<ChangePosition>& deletions,
                    const std::vector<std::pair<std::string, std::string>>& deleted_log_keys, std::size_t limit) {
  std::vector<FeedEntry> all;
  all.reserve(habits.size() + logs.size() + deletions.size());
  for (const auto* stream : {&habits, &logs, &deletions})
    for (std::size_t i = 0; i < stream->size(); ++i) all.push_back(FeedEntry{(*stream)[i], i});
  std::sort(all.begin(), all.end(), [](const FeedEntry& a, const FeedEntry& b) { return a.position < b.position; });
  FeedPage page;
  page.has_more = all.size() > limit;
  if (page.has_more) all.resize(limit);
  if (!all.empty()) page.last = all.back().position;
  std::set<std::pair<std::string, std::string>> live_logs;
  for (const auto& entry : all)
    if (entry.position.kind == ChangeKind::kLog) live_logs.emplace(entry.position.key, entry.position.date);
  for (auto& entry : all) {
    if (entry.position.kind == ChangeKind::kDeletion && entry.index < deleted_log_keys.size() &&
        !deleted_log_keys[entry.index].second.empty() && live_logs.contains(deleted_log_keys[entry.index]))
      continue;
    page.entries.push_back(std::move(entry));
  }
  return page;
}

}  // namespace habitd::domain
