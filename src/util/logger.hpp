#pragma once
// Structured JSON lines on stdout, one per event. Callers pass only values that are safe to log:
// never a password, token, hash or secret.
#include <cstdio>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <variant>

namespace habitd::util {

using LogValue = std::variant<std::string_view, long long, double, bool>;
using LogField = std::pair<std::string_view, LogValue>;

class Logger {
 public:
  explicit Logger(std::FILE* out = stdout) : out_(out) {}

  void write(std::string_view level, std::string_view message, std::initializer_list<LogField> fields = {});
  void info(std::string_view message, std::initializer_list<LogField> fields = {}) { write("info", message, fields); }
  void warn(std::string_view message, std::initializer_list<LogField> fields = {}) { write("warn", message, fields); }
  void error(std::string_view message, std::initializer_list<LogField> fields = {}) { write("error", message, fields); }

 private:
  std::FILE* out_;
  std::mutex mutex_;
};

}  // namespace habitd::util
