#include "domain/validation.hpp"

#include <algorithm>

#include "domain/local_day.hpp"

namespace habitd::domain {
namespace {

bool is_ascii_alnum(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool has_forbidden_control(std::string_view text) noexcept {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\n' && c != '\t') || byte == 0x7F;
  });
}

}  // namespace

std::string_view trim(std::string_view text) noexcept {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

std::size_t character_count(std::string_view utf8) noexcept {
  return static_cast<std::size_t>(
      std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string fold_case(std::string_view text) {
  std::string folded(text);
  for (char& c : folded)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return folded;
}

std::optional<std::string> check_email(std::string_view email) {
  if (email.empty()) return "must not be empty";
  if (email.size() > kMaxEmailLength) return "must be at most 254 characters";
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos)
    return "must be a valid email address";
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  if (local.size() > 64) return "must be a valid email address";
  for (char c : email) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F || c == '(' || c == ')' || c == '<' || c == '>' || c == ',' || c == ';' || c == ':' ||
        c == '\\' || c == '"' || c == '[' || c == ']')
      return "must be a valid email address";
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return "must be a valid email address";
  // The domain: dot-separated labels of letters, digits and hyphens, at least two labels.
  if (domain.empty() || domain.find('.') == std::string_view::npos) return "must be a valid email address";
  std::size_t start = 0;
  while (start <= domain.size()) {
    const auto end = std::min(domain.find('.', start), domain.size());
    const std::string_view label = domain.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return "must be a valid email address";
    for (char c : label)
      if (!is_ascii_alnum(c) && c != '-' && static_cast<unsigned char>(c) < 0x80) return "must be a valid email address";
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::string> check_username(std::string_view username) {
  if (username.size() < 3 || username.size() > 32) return "must be 3 to 32 characters";
  for (char c : username)
    if (!is_ascii_alnum(c) && c != '_' && c != '.' && c != '-') return "may contain only letters, digits, '_', '.' and '-'";
  return std::nullopt;
}

std::optional<std::string> check_password(std::string_view password) {
  if (password.size() < kMinPasswordBytes) return "must be at least 8 bytes";
  if (password.size() > kMaxPasswordBytes) return "must be at most 72 bytes (the bcrypt limit)";
  if (password.find('\0') != std::string_view::npos) return "must not contain NUL characters";
  return std::nullopt;
}

std::optional<std::string> check_timezone(std::string_view name) {
  if (name.empty() || name.size() > 64 || !find_zone(name)) return "must be an IANA time zone name such as Europe/Berlin";
  return std::nullopt;
}

std::optional<std::string> check_text(std::string_view text, std::size_t max_characters) {
  if (character_count(text) > max_characters) return "must be at most " + std::to_string(max_characters) + " characters";
  if (has_forbidden_control(text)) return "must not contain control characters other than newline and tab";
  return std::nullopt;
}

bool is_id(std::string_view text) noexcept {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (dash ? c != '-' : !hex) return false;
  }
  return true;
}

std::optional<int> parse_day_start(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (std::size_t i : {0U, 1U, 3U, 4U})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

std::string format_day_start(int minutes) {
  std::string out = "00:00";
  out[0] = static_cast<char>('0' + minutes / 600);
  out[1] = static_cast<char>('0' + (minutes / 60) % 10);
  out[3] = static_cast<char>('0' + (minutes % 60) / 10);
  out[4] = static_cast<char>('0' + minutes % 10);
  return out;
}

}  // namespace habitd::domain
