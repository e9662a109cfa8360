#pragma once
// Field rules of the contract, as pure functions. Each returns a client-facing message when the
// value breaks a rule, nullopt when it is fine.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace habitd::domain {

inline constexpr std::size_t kMaxEmailLength = 254;
inline constexpr std::size_t kMinPasswordBytes = 8;
inline constexpr std::size_t kMaxPasswordBytes = 72;  // bcrypt reads no further: refuse, never truncate
inline constexpr std::size_t kMaxNameLength = 100;
inline constexpr std::size_t kMaxDescriptionLength = 1000;
inline constexpr std::size_t kMaxNotesLength = 1000;
inline constexpr std::size_t kMaxUnitLength = 20;

[[nodiscard]] std::string_view trim(std::string_view text) noexcept;
// Length in Unicode code points (the input is valid UTF-8: the JSON parser guarantees it).
[[nodiscard]] std::size_t character_count(std::string_view utf8) noexcept;
// Case-insensitive key for uniqueness of emails and usernames (ASCII letters folded).
[[nodiscard]] std::string fold_case(std::string_view text);

[[nodiscard]] std::optional<std::string> check_email(std::string_view email);
[[nodiscard]] std::optional<std::string> check_username(std::string_view username);
[[nodiscard]] std::optional<std::string> check_password(std::string_view password);
[[nodiscard]] std::optional<std::string> check_timezone(std::string_view name);
// Free text: at most `max_characters`, no control characters but newline and tab.
[[nodiscard]] std::optional<std::string> check_text(std::string_view text, std::size_t max_characters);

// Whether `text` has the shape of the ids habitd makes: a UUID, 8-4-4-4-12 hexadecimal digits.
// Anything else names nothing, so it never needs to reach the database (which, for PostgreSQL,
// refuses text that is not UTF-8 with an error rather than a miss).
[[nodiscard]] bool is_id(std::string_view text) noexcept;

// "HH:MM" (00:00-23:59) to minutes after midnight.
[[nodiscard]] std::optional<int> parse_day_start(std::string_view text);
[[nodiscard]] std::string format_day_start(int minutes);

}  // namespace habitd::domain
