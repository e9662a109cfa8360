#include "api/v1/json/csv.hpp"

namespace habitd::api::v1 {
namespace {

void append_field(std::string& out, std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(value);
    return;
  }
  out.push_back('"');
  for (const char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

void CsvWriter::row(std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (const auto field : fields) {
    if (!first) out_.push_back(',');
    first = false;
    append_field(out_, field);
  }
  out_.append("\r\n");
}

std::string formula_safe(std::string_view text) {
  // OWASP's CSV injection advice: a spreadsheet runs a cell that begins with one of these as a
  // formula; a leading apostrophe makes it text, and the apostrophe is not shown.
  if (text.empty() || std::string_view("=+-@\t\r").find(text.front()) == std::string_view::npos) return std::string(text);
  return "'" + std::string(text);
}

std::string csv_field(std::string_view value) {
  std::string out;
  append_field(out, value);
  return out;
}

}  // namespace habitd::api::v1
