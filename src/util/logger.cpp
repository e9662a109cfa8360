#include "util/logger.hpp"

#include <boost/json.hpp>
#include <chrono>

#include "util/time_format.hpp"

namespace habitd::util {

void Logger::write(std::string_view level, std::string_view message, std::initializer_list<LogField> fields) {
  boost::json::object line;
  line["ts"] = format_timestamp_millis(std::chrono::system_clock::now());
  line["level"] = level;
  line["msg"] = message;
  for (const auto& [key, value] : fields) std::visit([&line, key = key](const auto& v) { line[key] = v; }, value);
  std::string text = boost::json::serialize(line);
  text += '\n';
  const std::lock_guard lock(mutex_);
  std::fwrite(text.data(), 1, text.size(), out_);
  std::fflush(out_);
}

}  // namespace habitd::util
