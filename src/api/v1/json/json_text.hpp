#pragma once
// The one way habitd writes JSON and numbers. Numbers read as people write them: whole values
// without a fraction (3, not 3.0 or 3E0) and others as plain decimals in their shortest exact
// form (0.2308, not 2.308E-1), so every client language parses them the same.
#include <boost/json/value.hpp>
#include <string>

namespace habitd::api::v1 {

// `value` as a JSON number text (also the CSV export's amounts).
[[nodiscard]] std::string decimal_text(double value);
// `value` as compact JSON text.
[[nodiscard]] std::string json_text(const boost::json::value& value);

}  // namespace habitd::api::v1
