// Conditional requests: every 200 GET carries a strong ETag; If-None-Match revalidates (304, no
// body); If-Match guards PATCH and DELETE of a habit (412, nothing changes).
#include <functional>
#include <vector>

#include "api_fixture.hpp"
#include "domain/calendar.hpp"

namespace habitd::test {
namespace {

class ConditionalApi : public ApiTest {
 protected:
  std::string create_habit(const Account& a, const std::string& name) {
    auto reply = client().post("/api/v1/habits", {{"name", name}, {"frequency", "daily"}}, a.auth());
    EXPECT_EQ(reply.status, 201) << reply.body;
    return std::string(reply.json().at("id").as_string());
  }
  static Headers with(const Account& a, const std::string& name, const std::string& value) {
    Headers headers = a.auth();
    headers.emplace_back(name, value);
    return headers;
  }
};

TEST_F(ConditionalApi, ReadsRevalidateWithIfNoneMatch) {
  const Account a = register_user();
  (void)create_habit(a, "water");
  for (const std::string target :
       {"/api/v1/habits", "/api/v1/progress", "/api/v1/insights", "/api/v1/users/me", "/api/v1/export"}) {
    for (int attempt = 1;; ++attempt) {
      const auto first = client().get(target, a.auth());
      ASSERT_EQ(first.status, 200) << target << first.body;
      const std::string tag = first.header("etag");
      ASSERT_FALSE(tag.empty()) << target;
      const auto again = client().get(target, with(a, "If-None-Match", tag));
      // A list of tags, weak forms and * all revalidate; another tag does not.
      const auto listed = client().get(target, with(a, "If-None-Match", "\"nope\", W/" + tag));
      const auto any = client().get(target, with(a, "If-None-Match", "*"));
      const auto other = client().get(target, with(a, "If-None-Match", "\"nope\""));
      // The export's body names the second it was taken: when that moved on meanwhile, its tag
      // rightly did too, and the round is repeated.
      if (other.header("etag") != tag && attempt < 5) continue;
      EXPECT_EQ(tag.front(), '"') << target << " " << tag;  // strong: no W/
      EXPECT_EQ(again.status, 304) << target << again.body;
      EXPECT_TRUE(again.body.empty()) << target;
      EXPECT_EQ(again.header("etag"), tag) << target;
      EXPECT_EQ(listed.status, 304) << target;
      EXPECT_EQ(any.status, 304) << target;
      EXPECT_EQ(other.status, 200) << target;
      break;
    }
  }
}

// The other reads, one row each: 200 with a tag, 304 with no body and the same tag, then a write
// that changes the answer, after which the old tag gets a 200 with a new tag.
TEST_F(ConditionalApi, EveryOtherReadRevalidatesUntilAWriteChangesIt) {
  Account a = register_user();
  const domain::Date today = today_in("UTC");
  const auto day = [&](int back) { return domain::format_date(today - std::chrono::days(back)); };
  const auto made =
      client().post("/api/v1/habits", {{"name", "walk"}, {"frequency", "daily"}, {"start_date", day(30)}}, a.auth());
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string habit = "/api/v1/habits/" + std::string(made.json().at("id").as_string());
  const auto log_on = [&](int back) {
    return [&, back] { EXPECT_EQ(client().post(habit + "/logs", {{"date", day(back)}}, a.auth()).status, 201) << back; };
  };
  struct Row {
    std::string target;
    std::function<void()> write;
  };
  const std::vector<Row> rows = {
      {"/api/v1/today", log_on(0)},
      {"/api/v1/changes",
       [&] {
         EXPECT_EQ(client().patch(habit, {{"name", "walk far"}}, a.auth()).status, 200);
       }},
      {"/api/v1/tokens",
       [&] {
         EXPECT_EQ(client().post("/api/v1/tokens", {{"name", "cron"}, {"scope", "read"}}, a.auth()).status, 201);
       }},
      {habit,
       [&] {
         EXPECT_EQ(client().patch(habit, {{"description", "every day"}}, a.auth()).status, 200);
       }},
      {habit + "/logs", log_on(1)},
      {habit + "/streak", log_on(2)},
      {habit + "/calendar?year=" + day(0).substr(0, 4),
       [&] { EXPECT_EQ(client().del(habit + "/logs/" + day(0), a.auth()).status, 204); }},
      // Another sign-in is another session in the list.
      {"/api/v1/sessions",
       [&] {
         EXPECT_EQ(client().post("/api/v1/auth/login", {{"login", a.username}, {"password", a.password}}).status, 200);
       }},
  };
  for (const auto& row : rows) {
    const auto first = client().get(row.target, a.auth());
    ASSERT_EQ(first.status, 200) << row.target << " " << first.body;
    const std::string tag = first.header("etag");
    ASSERT_FALSE(tag.empty()) << row.target;
    EXPECT_EQ(tag.front(), '"') << row.target << " " << tag;
    const auto again = client().get(row.target, with(a, "If-None-Match", tag));
    EXPECT_EQ(again.status, 304) << row.target << " " << again.body;
    EXPECT_TRUE(again.body.empty()) << row.target;
    EXPECT_EQ(again.header("etag"), tag) << row.target;
    row.write();
    const auto changed = client().get(row.target, with(a, "If-None-Match", tag));
    EXPECT_EQ(changed.status, 200) << row.target << " " << changed.body;
    EXPECT_FALSE(changed.body.empty()) << row.target;
    EXPECT_NE(changed.header("etag"), tag) << row.target;
    EXPECT_NE(changed.body, first.body) << row.target;
  }
}

TEST_F(ConditionalApi, TheTagChangesWhenTheAnswerWould) {
  const Account a = register_user();
  const std::string id = create_habit(a, "read");
  const auto before = client().get("/api/v1/habits/" + id, a.auth());
  ASSERT_EQ(client().post("/api/v1/habits/" + id + "/logs", boost::json::object{}, a.auth()).status, 201);
  const auto after = client().get("/api/v1/habits/" + id, with(a, "If-None-Match", before.header("etag")));
  EXPECT_EQ(after.status, 200);
  EXPECT_NE(after.header("etag"), before.header("etag"));
  EXPECT_EQ(after.json().at("total_completions").as_int64(), 1);
  // Another user's tag is never this user's.
  const Account b = register_user();
  (void)create_habit(b, "read");
  EXPECT_NE(client().get("/api/v1/habits", b.auth()).header("etag"), client().get("/api/v1/habits", a.auth()).header("etag"));
}

TEST_F(ConditionalApi, IfMatchGuardsPatch) {
  const Account a = register_user();
  const std::string id = create_habit(a, "stretch");
  const std::string path = "/api/v1/habits/" + id;
  const std::string tag = client().get(path, a.auth()).header("etag");
  auto patched = client().patch(path, {{"name", "stretch well"}}, with(a, "If-Match", tag));
  ASSERT_EQ(patched.status, 200) << patched.body;
  const std::string new_tag = patched.header("etag");
  EXPECT_NE(new_tag, tag);
  // The ETag of the PATCH is the one GET now answers with.
  EXPECT_EQ(client().get(path, a.auth()).header("etag"), new_tag);
  // The old tag no longer matches: 412, and nothing changes.
  auto stale = client().patch(path, {{"name", "overwritten"}}, with(a, "If-Match", tag));
  expect_problem(stale, 412);
  EXPECT_EQ(client().get(path, a.auth()).json().at("name").as_string(), "stretch well");
  // The new one does; so do * and a list holding it. A weak tag never matches strongly.
  EXPECT_EQ(client().patch(path, {{"name", "a"}}, with(a, "If-Match", "\"x\", " + new_tag)).status, 200);
  EXPECT_EQ(client().patch(path, {{"name", "b"}}, with(a, "If-Match", "*")).status, 200);
  const std::string current = client().get(path, a.auth()).header("etag");
  expect_problem(client().patch(path, {{"name", "c"}}, with(a, "If-Match", "W/" + current)), 412);
}

TEST_F(ConditionalApi, IfMatchGuardsDelete) {
  const Account a = register_user();
  const std::string id = create_habit(a, "nap");
  const std::string path = "/api/v1/habits/" + id;
  const std::string tag = client().get(path, a.auth()).header("etag");
  // Any change to the account since the read makes the tag stale.
  (void)create_habit(a, "other");
  expect_problem(client().del(path, with(a, "If-Match", tag)), 412);
  EXPECT_EQ(client().get(path, a.auth()).status, 200);
  EXPECT_EQ(client().del(path, with(a, "If-Match", client().get(path, a.auth()).header("etag"))).status, 204);
  expect_problem(client().del(path, with(a, "If-Match", "*")), 404);
}

TEST_F(ConditionalApi, LogsCarryUpdatedAt) {
  const Account a = register_user();
  const std::string id = create_habit(a, "log");
  const auto created = client().post("/api/v1/habits/" + id + "/logs", {{"notes", "first"}}, a.auth());
  ASSERT_EQ(created.status, 201);
  EXPECT_EQ(created.json().at("updated_at"), created.json().at("created_at"));
  const std::string date(created.json().at("date").as_string());
  const auto edited = client().patch("/api/v1/habits/" + id + "/logs/" + date, {{"notes", "second"}}, a.auth());
  ASSERT_EQ(edited.status, 200);
  EXPECT_TRUE(edited.json().as_object().contains("updated_at"));
}

}  // namespace
}  // namespace habitd::test
