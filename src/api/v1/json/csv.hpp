#pragma once
// RFC 4180 CSV. Every record ends with CRLF; a field holding a comma, a double quote, CR or LF is
// enclosed in double quotes with its double quotes doubled; any other field is written as is.
// Bytes pass through untouched, so UTF-8 text stays UTF-8.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace habitd::api::v1 {

class CsvWriter {
 public:
  // Appends one record of `fields`.
  void row(std::initializer_list<std::string_view> fields);

  [[nodiscard]] const std::string& text() const noexcept { return out_; }
  [[nodiscard]] std::string take() && { return std::move(out_); }

 private:
  std::string out_;
};

// Free text made safe for a spreadsheet: a cell that begins with =, +, -, @, tab or carriage
// return gets a leading apostrophe, so it is shown as text and never run as a formula.
[[nodiscard]] std::string formula_safe(std::string_view text);

// One field as it appears in a record: quoted only when it has to be.
[[nodiscard]] std::string csv_field(std::string_view value);

}  // namespace habitd::api::v1
