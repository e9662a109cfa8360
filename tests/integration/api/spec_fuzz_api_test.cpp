// Spec-driven API fuzzing: every operation of openapi/openapi.json gets generated valid and invalid
// bodies, path and query parameters and headers (wrong types, missing fields, huge numbers, empty
// and very long strings, invalid UTF-8, nulls, arrays where objects belong, bad ids and dates).
// The real server must never answer 5xx, every 4xx must be application/problem+json, and every
// status must be one the document lists for the operation (the HttpClient also checks each reply
// against the document's schemas). Deterministic: one fixed seed.
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <sstream>

#include "api_fixture.hpp"
#include "contract.hpp"

namespace habitd::test {
namespace {

namespace json = boost::json;

// Bytes that are not JSON's business to fix: each placeholder string is swapped for raw text
// after serialisation, so a body can carry invalid UTF-8 or numbers no double holds.
const std::vector<std::pair<std::string, std::string>> kRawValues = {
    {"@@invalid_utf8@@", "\"\xff\xfe\xc0\xaf\""},
    {"@@lone_surrogate@@", "\"\\ud800\""},
    {"@@huge_integer@@", "99999999999999999999999999999"},
    {"@@huge_exponent@@", "1e99999"},
    {"@@negative_zero@@", "-0.0"},
};

std::string serialize_with_raw_values(const json::value& value) {
  std::string text = json::serialize(value);
  for (const auto& [placeholder, raw] : kRawValues)
    for (auto at = text.find("\"" + placeholder + "\""); at != std::string::npos; at = text.find("\"" + placeholder + "\""))
      text.replace(at, placeholder.size() + 2, raw);
  return text;
}

// Values that are wrong somewhere: every JSON type, edges of numbers and strings, hostile text.
std::vector<json::value> hostile_values() {
  std::vector<json::value> values;
  for (json::value value : {json::value(nullptr),
                            json::value(""),
                            json::value(std::string(5000, 'x')),
                            json::value(true),
                            json::value(0),
                            json::value(-1),
                            json::value(1.5),
                            json::value(1e308),
                            json::value(-9223372036854775807LL),
                            json::value(json::array{}),
                            json::value(json::array{1, "two"}),
                            json::value(json::object{}),
                            json::value(json::object{{"a", 1}}),
                            json::value("2026-02-30"),
                            json::value("0000-00-00"),
                            json::value("<script>alert(1)</script>"),
                            json::value("'; DROP TABLE users; --"),
                            json::value(std::string("nul\0byte", 8)),
                            json::value("\t\n"),
                            json::value("\xf0\x9f\x98\x80")})
    values.push_back(std::move(value));
  for (const auto& [placeholder, raw] : kRawValues) values.emplace_back(placeholder);
  return values;
}

// A value the schema accepts: its example, first enum value, or the simplest value of its type.
json::value valid_value(const json::value& node, int depth = 0) {
  const auto& schema = resolve_ref(node).as_object();
  if (auto* example = schema.if_contains("example")) return *example;
  if (auto* constant = schema.if_contains("const")) return *constant;
  if (auto* options = schema.if_contains("enum")) return options->as_array().front();
  for (const char* choice : {"oneOf", "anyOf"})
    if (auto* alternatives = schema.if_contains(choice)) return valid_value(alternatives->as_array().front(), depth);
  std::string type = "object";
  if (auto* declared = schema.if_contains("type")) {
    type = declared->is_string() ? declared->as_string()
                                 : declared->as_array().front().as_string();  // ["string", "null"]: the first is never null here
  }
  if (type == "string") {
    if (schema.contains("format") && schema.at("format").as_string() == "date") return "2026-01-01";
    const auto min = schema.contains("minLength") ? schema.at("minLength").to_number<std::size_t>() : 1;
    return json::value(std::string(std::max<std::size_t>(min, 1), 'x'));
  }
  if (type == "integer" || type == "number") return schema.contains("minimum") ? schema.at("minimum") : json::value(1);
  if (type == "boolean") return false;
  if (type == "array") return depth > 3 ? json::array{} : json::array{valid_value(schema.at("items"), depth + 1)};
  json::object out;
  if (auto* required = schema.if_contains("required"))
    for (const auto& name : required->as_array())
      out[name.as_string()] = valid_value(schema.at("properties").at(name.as_string()), depth + 1);
  return out;
}

struct Operation {
  std::string method;
  std::string path;
  const json::object* spec;
};

std::vector<Operation> operations() {
  std::vector<Operation> out;
  for (const auto& [path, item] : openapi_document().at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      std::string upper(method);
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out.push_back({upper, std::string(path), &operation.as_object()});
    }
  }
  return out;
}

std::vector<json::object> parameters(const Operation& operation, std::string_view where) {
  std::vector<json::object> out;
  if (const auto* list = operation.spec->if_contains("parameters")) {
    for (const auto& parameter : list->as_array())
      if (resolve_ref(parameter).at("in").as_string() == where) out.push_back(resolve_ref(parameter).as_object());
  }
  return out;
}

std::optional<json::value> body_example(const Operation& operation) {
  const auto* body = operation.spec->if_contains("requestBody");
  if (!body) return std::nullopt;
  const auto& media = body->at("content").at("application/json").as_object();
  if (auto* example = media.if_contains("example")) return *example;
  return valid_value(media.at("schema"));
}

const json::object* body_properties(const Operation& operation) {
  const auto& schema =
      resolve_ref(operation.spec->at("requestBody").at("content").at("application/json").at("schema")).as_object();
  return schema.contains("properties") ? &schema.at("properties").as_object() : nullptr;
}

struct Case {
  std::string what;
  std::string target;
  std::string body;
  Headers headers;
};

class SpecFuzzApi : public ApiTest {
 protected:
  // Failed logins are part of the fuzzing: no per-address budget may turn them into 429s for the
  // set-up logins of later operations.
  static void SetUpTestSuite() {
    start_server({{"HABITS_LOGIN_FAILURES_PER_ADDRESS", "1000000"}, {"HABITS_LOGIN_FAILURES_PER_ACCOUNT", "1000000"}});
  }

  // A fresh account, habit and log for each operation: a case that deletes them harms no other.
  struct Fixture {
    Account account;
    std::string habit;
    std::string today;
  };
  Fixture fixture() {
    Fixture f{register_user(), {}, domain::format_date(today_in("UTC"))};
    auto http = client();
    auto habit =
        http.post("/api/v1/habits", {{"name", "Fuzzed"}, {"frequency", "daily"}, {"start_date", "2026-01-01"}}, f.account.auth());
    EXPECT_EQ(habit.status, 201) << habit.body;
    f.habit = std::string(habit.json().at("id").as_string());
    EXPECT_EQ(http.post("/api/v1/habits/" + f.habit + "/logs", json::object{}, f.account.auth()).status, 201);
    return f;
  }

  void send(HttpClient& http, const Operation& operation, const Case& c) {
    const Reply reply = http.request(operation.method, c.target, c.body, c.headers);
    const std::string where = operation.method + " " + c.target + " [" + c.what + "]";
    EXPECT_LT(reply.status, 500) << where << ": " << reply.body;
    if (reply.status >= 400) {
      EXPECT_EQ(reply.header("content-type"), "application/problem+json") << where;
    }
    EXPECT_TRUE(operation.spec->at("responses").as_object().contains(std::to_string(reply.status)))
        << where << " answered an undocumented " << reply.status << ": " << reply.body;
    ++sent_;
  }

  int sent_ = 0;
};

std::string fill_path(const std::string& pattern, const std::string& id, const std::string& date) {
  std::string path = pattern;
  if (auto at = path.find("{id}"); at != std::string::npos) path.replace(at, 4, id);
  if (auto at = path.find("{date}"); at != std::string::npos) path.replace(at, 6, date);
  return path;
}

const std::vector<std::string> kBadIds = {"nope",
                                          "00000000-0000-0000-0000-000000000000",
                                          std::string(300, 'a'),
                                          "%00",
                                          "%FF%FE",
                                          "%27%20OR%201%3D1--",
                                          "..",
                                          "%2F",
                                          "-1",
                                          "%E2%80%AE"};
const std::vector<std::string> kBadDates = {"2026-02-30", "today", "99999-01-01", "2026-1-1", "%FF", "0000-01-01", "%00"};
const std::vector<std::string> kBadQueryValues = {"",    "abc", "-1",   "0",          "99999999999999999999999", "1.5",
                                                  "%FF", "%00", "true", "2026-02-30", std::string(3000, '9')};

TEST_F(SpecFuzzApi, EveryOperationSurvivesHostileInput) {
  std::mt19937 random(20261126);
  const auto hostile = hostile_values();
  for (const auto& operation : operations()) {
    SCOPED_TRACE(operation.method + " " + operation.path);
    const Fixture f = fixture();
    const Headers auth = f.account.auth();
    const std::string target = fill_path(operation.path, f.habit, f.today);
    const bool secured = !operation.spec->contains("security") || !operation.spec->at("security").as_array().empty();
    std::vector<Case> cases;

    // Path parameters: bad ids and dates where the operation takes them.
    if (operation.path.find("{id}") != std::string::npos)
      for (const auto& id : kBadIds)
        cases.push_back({"id " + id.substr(0, 20), fill_path(operation.path, id, f.today), "", auth});
    if (operation.path.find("{date}") != std::string::npos)
      for (const auto& date : kBadDates) cases.push_back({"date " + date, fill_path(operation.path, f.habit, date), "", auth});
    // Query parameters, one at a time, and all of them at once.
    std::string all_bad;
    for (const auto& parameter : parameters(operation, "query")) {
      const std::string name(parameter.at("name").as_string());
      for (const auto& value : kBadQueryValues) cases.push_back({"query " + name, target + "?" + name + "=" + value, "", auth});
      all_bad += (all_bad.empty() ? "?" : "&") + name + "=" + kBadQueryValues[random() % kBadQueryValues.size()];
    }
    if (!all_bad.empty()) cases.push_back({"all query parameters", target + all_bad, "", auth});
    // Headers: credentials of every wrong kind, bad idempotency keys and request ids.
    if (secured)
      for (const std::string& value :
           {std::string(), std::string("Bearer"), std::string("Bearer "), std::string("Bearer garbage"),
            std::string("Basic dXNlcjpwYXNzd29yZA=="), "Bearer " + f.account.access_token + "x", std::string("Bearer \xff\xfe"),
            "Token " + f.account.access_token, std::string(6000, 'B')})
        cases.push_back({"authorization", target, "", {{"Authorization", value}}});
    if (!parameters(operation, "header").empty()) {
      cases.push_back({"request id", target, "", {auth[0], {"X-Request-Id", "not valid; " + std::string(200, 'r')}}});
      for (const auto& parameter : parameters(operation, "header"))
        if (parameter.at("name").as_string() == "Idempotency-Key")
          for (const std::string& key : {std::string(300, 'k'), std::string("has space"), std::string("\xc3\xa9")})
            cases.push_back({"idempotency key", target, "{}", {auth[0], {"Idempotency-Key", key}}});
    }

    // Bodies: the valid example, then every way to break it.
    if (const auto example = body_example(operation)) {
      const auto with_type = [&](const std::string& type) { return Headers{auth[0], {"Content-Type", type}}; };
      for (const std::string& raw :
           {std::string(), std::string("null"), std::string("[]"), std::string("[{}]"), std::string("\"text\""),
            std::string("123"), std::string("{"), std::string("{\"a\":}"), std::string("{}"),
            std::string(200, '[') + std::string(200, ']'), std::string("{\"a\":\"\xff\"}"), std::string("\xef\xbb\xbf{}"),
            serialize_with_raw_values(*example) + "garbage"})
        cases.push_back({"body " + raw.substr(0, 12), target, raw, auth});
      cases.push_back({"text/plain", target, json::serialize(*example), with_type("text/plain")});
      cases.push_back({"no content type", target, json::serialize(*example), with_type("")});
      cases.push_back({"json with charset", target, json::serialize(*example), with_type("application/json; charset=utf-8")});
      if (example->is_object()) {
        // Each property: removed, then set to each hostile value; items of arrays too (an import's habits).
        json::value base = *example;
        if (const auto* properties = body_properties(operation))
          for (const auto& [name, schema] : *properties)
            if (!base.as_object().contains(name)) base.as_object()[name] = valid_value(schema);
        cases.push_back({"every property", target, json::serialize(base), auth});
        // `locate` finds the object to break inside a fresh copy of `base`.
        const auto mutate = [&](const std::string& prefix, const std::function<json::object&(json::value&)>& locate) {
          json::value copy = base;
          std::vector<std::string> names;
          for (const auto& [name, value] : locate(copy)) names.emplace_back(name);
          for (const auto& name : names) {
            copy = base;
            locate(copy).erase(name);
            cases.push_back({"without " + prefix + name, target, json::serialize(copy), auth});
            for (const auto& value : hostile) {
              locate(copy)[name] = value;
              cases.push_back(
                  {prefix + name + " = " + json::serialize(value).substr(0, 16), target, serialize_with_raw_values(copy), auth});
            }
          }
          for (int round = 0; round < 10 && !names.empty(); ++round) {
            copy = base;
            for (int k = 0; k < 3; ++k) locate(copy)[names[random() % names.size()]] = hostile[random() % hostile.size()];
            cases.push_back({prefix + "random combination", target, serialize_with_raw_values(copy), auth});
          }
        };
        mutate("", [](json::value& doc) -> json::object& { return doc.as_object(); });
        for (const auto& [name, value] : base.as_object()) {
          if (!value.is_array() || value.as_array().empty() || !value.as_array()[0].is_object()) continue;
          const std::string key(name);
          mutate(key + "[0].",
                 [key](json::value& doc) -> json::object& { return doc.as_object()[key].as_array()[0].as_object(); });
        }
      }
    }
    // The plain valid request last: it may delete what the others needed.
    cases.push_back({"valid", target, body_example(operation) ? json::serialize(*body_example(operation)) : "", auth});

    auto http = client();
    for (const auto& c : cases) send(http, operation, c);
  }
  std::cout << "spec fuzz: " << sent_ << " requests over " << operations().size() << " operations\n";
  EXPECT_GT(sent_, 1000);
}

}  // namespace
}  // namespace habitd::test
