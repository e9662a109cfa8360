#include "app/jwt_secret.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "security/random.hpp"

namespace habitd::app {
namespace {

constexpr std::size_t kMinSecretBytes = 32;

std::string read_secret(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string secret = text.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (secret.size() < kMinSecretBytes) throw ConfigError(path + ": the stored JWT secret is shorter than 32 bytes");
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && (info.st_mode & 077) != 0) ::chmod(path.c_str(), 0600);
  return secret;
}

}  // namespace

std::string resolve_jwt_secret(const Config& config) {
  if (!config.jwt_secret.empty()) return config.jwt_secret;
  if (!is_sqlite_url(config.database_url))
    throw ConfigError("HABITS_JWT_SECRET is required with PostgreSQL (every replica must share it)");
  const std::string path = config.database_url.substr(7) + ".jwt-secret";
  // O_EXCL: when two processes start at once, exactly one writes and the other reads.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    if (errno != EEXIST) throw ConfigError("cannot create " + path + ": " + std::strerror(errno));
    return read_secret(path);
  }
  const auto bytes = security::random_bytes(48);
  const std::string secret = security::base64url(bytes.data(), bytes.size());
  const std::string line = secret + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) throw ConfigError("cannot write " + path);
  return secret;
}

}  // namespace habitd::app
