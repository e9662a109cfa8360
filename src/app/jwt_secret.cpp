#include "app/jwt_secret.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "security/random.hpp"

namespace habitd::app {
namespace {

constexpr std::size_t kMinSecretBytes = 32;

std::string mode_text(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// The file is ours alone: a symlink (someone else's file, or ours pointed at theirs) or a file
// others could read means the secret may be known, so the server refuses to start rather than
// sign tokens with it.
std::string read_secret(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ELOOP)
      throw ConfigError(
          path + " is a symbolic link; the JWT secret file must be a regular file (remove the link, or set HABITS_JWT_SECRET)");
    throw ConfigError("cannot open " + path + ": " + std::strerror(errno));
  }
  struct stat info {};
  const bool stated = ::fstat(fd, &info) == 0;
  std::string secret;
  if (stated && S_ISREG(info.st_mode) && (info.st_mode & 077) == 0 && info.st_uid == ::geteuid()) {
    char buffer[512];
    ssize_t n = 0;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0 && secret.size() < 4096)
      secret.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (!stated || !S_ISREG(info.st_mode)) throw ConfigError(path + " is not a regular file; it cannot hold the JWT secret");
  if ((info.st_mode & 077) != 0)
    throw ConfigError(path + " can be read or written by others (mode " + mode_text(info.st_mode) +
                      "); the secret may be known: make a new one (delete the file) or run chmod 600 " + path + " if it is safe");
  if (info.st_uid != ::geteuid()) throw ConfigError(path + " belongs to another user; the JWT secret file must be ours");
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (secret.size() < kMinSecretBytes) throw ConfigError(path + ": the stored JWT secret is shorter than 32 bytes");
  return secret;
}

}  // namespace

std::string resolve_jwt_secret(const Config& config) {
  if (!config.jwt_secret.empty()) return config.jwt_secret;
  if (!is_sqlite_url(config.database_url))
    throw ConfigError("HABITS_JWT_SECRET is required with PostgreSQL (every replica must share it)");
  const std::string path = config.database_url.substr(7) + ".jwt-secret";
  // O_EXCL: when two processes start at once, exactly one writes and the other reads.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno != EEXIST) throw ConfigError("cannot create " + path + ": " + std::strerror(errno));
    return read_secret(path);
  }
  const auto bytes = security::random_bytes(48);
  std::string secret = security::base64url(bytes.data(), bytes.size());
  const std::string line = secret + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) throw ConfigError("cannot write " + path);
  return secret;
}

}  // namespace habitd::app
