// `habitd backup PATH` and `habitd restore PATH`: an online backup taken while writes go on,
// restored into a fresh server, holds every write acknowledged before the backup began.
// On PostgreSQL the commands refuse (exit 2) and point at pg_dump (docs/DEPLOY.md).
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "api_fixture.hpp"
#include "backend.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

namespace habitd::test {
namespace {

EnvVars with_url(EnvVars env, const std::string& url) {
  for (auto& [name, value] : env)
    if (name == "HABITS_DATABASE_URL") value = url;
  return env;
}

// The names of every habit the account has, page by page.
std::set<std::string> habit_names(HttpClient& http, const Headers& auth) {
  std::set<std::string> names;
  for (int offset = 0;; offset += 200) {
    const auto reply = http.get("/api/v1/habits?limit=200&offset=" + std::to_string(offset), auth);
    EXPECT_EQ(reply.status, 200) << reply.body;
    if (reply.status != 200) return names;
    const auto page = reply.json();
    const auto& items = page.at("items").as_array();
    for (const auto& item : items) names.insert(std::string(item.at("name").as_string()));
    if (items.size() < 200) return names;
  }
}

class BackupApi : public ApiTest {};

TEST_F(BackupApi, ABackupTakenDuringWritesRestoresEveryAcknowledgedWrite) {
  const EnvVars env = backend_env();
  if (backend_name() == "postgres") {
    const auto [status, output] = run_habitd(env, {"backup", make_temp_dir() + "/b.db"});
    EXPECT_EQ(status, 2) << output;
    EXPECT_NE(output.find("pg_dump"), std::string::npos) << output;
    return;
  }
  ServerProcess live(env);
  HttpClient http(live.port());
  const std::string user = unique("backup");
  ASSERT_EQ(http.post("/api/v1/auth/register",
                      {{"email", user + "@example.com"}, {"username", user}, {"password", "correct horse battery"}})
                .status,
            201);
  const auto login = http.post("/api/v1/auth/login", {{"login", user}, {"password", "correct horse battery"}});
  ASSERT_EQ(login.status, 200) << login.body;
  const Headers auth = bearer(std::string(login.json().at("access_token").as_string()));

  // Two writers create habits until told to stop; each name is recorded once its 201 arrived.
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&, w] {
      HttpClient client(live.port());
      for (int n = 0; !stop.load() && n < 400; ++n) {
        const std::string name = "w" + std::to_string(w) + "_" + std::to_string(n);
        if (client.post("/api/v1/habits", {{"name", name}, {"frequency", "daily"}}, auth).status != 201) {
          ++failures;
          continue;
        }
        const std::lock_guard lock(mutex);
        acknowledged.push_back(name);
      }
    });
  }
  const auto acknowledged_count = [&] {
    const std::lock_guard lock(mutex);
    return acknowledged.size();
  };
  while (acknowledged_count() < 40 && failures.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));

  std::vector<std::string> before_backup;
  {
    const std::lock_guard lock(mutex);
    before_backup = acknowledged;
  }
  const std::string backup = make_temp_dir() + "/habits-backup.db";
  const auto [backup_status, backup_output] = run_habitd(env, {"backup", backup});
  const std::size_t acknowledged_at_end_of_backup = acknowledged_count();
  stop = true;
  for (auto& writer : writers) writer.join();
  ASSERT_EQ(backup_status, 0) << backup_output;
  EXPECT_EQ(failures.load(), 0);
  EXPECT_TRUE(std::filesystem::exists(backup));
  EXPECT_FALSE(std::filesystem::exists(backup + ".partial"));
  // Writes went on during the backup (the writers only stopped after it).
  EXPECT_GE(acknowledged_at_end_of_backup, before_backup.size());

  // A second backup to the same file is refused rather than overwriting it.
  EXPECT_EQ(run_habitd(env, {"backup", backup}).first, 1);

  // Restored into a fresh server's database.
  const EnvVars fresh = with_url(env, "sqlite:" + make_temp_dir() + "/restored.db");
  const auto [restore_status, restore_output] = run_habitd(fresh, {"restore", backup});
  ASSERT_EQ(restore_status, 0) << restore_output;
  ServerProcess restored(fresh);
  HttpClient reader(restored.port());
  const auto relogin = reader.post("/api/v1/auth/login", {{"login", user}, {"password", "correct horse battery"}});
  ASSERT_EQ(relogin.status, 200) << relogin.body;
  const auto names = habit_names(reader, bearer(std::string(relogin.json().at("access_token").as_string())));
  for (const auto& name : before_backup) EXPECT_TRUE(names.contains(name)) << name << " was acknowledged before the backup began";
  EXPECT_LE(names.size(), acknowledged_count());  // nothing that was never acknowledged
  std::cout << "backup: " << before_backup.size() << " writes acknowledged before it began, " << names.size()
            << " in the restored database, " << acknowledged_count() << " acknowledged in all\n";
}

TEST_F(BackupApi, RestoreRefusesAFileThatIsNotAHabitdDatabase) {
  const EnvVars env = backend_env();
  const std::string junk = make_temp_dir() + "/junk.db";
  {
    std::ofstream out(junk);
    out << "not a database";
  }
  const auto [status, output] = run_habitd(with_url(env, "sqlite:" + make_temp_dir() + "/target.db"), {"restore", junk});
  EXPECT_EQ(status, 1) << output;
  EXPECT_NE(output.find("not a database"), std::string::npos) << output;
}

}  // namespace
}  // namespace habitd::test
