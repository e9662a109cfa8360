#include "api/v1/json/canonical_json.hpp"

#include <gtest/gtest.h>

namespace habitd::api::v1 {
namespace {

std::string canonical(std::string_view text) {
  auto result = canonical_json(text);
  EXPECT_TRUE(result) << text;
  return result.value_or("");
}

TEST(CanonicalJson, KeyOrderAndWhiteSpaceDoNotMatter) {
  EXPECT_EQ(canonical(R"({"name":"Read","frequency":"daily"})"), R"({"frequency":"daily","name":"Read"})");
  EXPECT_EQ(canonical(" {\n  \"frequency\" : \"daily\",\t\"name\": \"Read\" }\r\n"), R"({"frequency":"daily","name":"Read"})");
  EXPECT_EQ(canonical(R"({"b":{"d":1,"c":[{"y":2,"x":1}]},"a":null})"), R"({"a":null,"b":{"c":[{"x":1,"y":2}],"d":1}})");
}

TEST(CanonicalJson, EquivalentNumberSpellingsAreOne) {
  for (const char* spelling : {"30", "30.0", "3e1", "3.0E+1", "300e-1"}) EXPECT_EQ(canonical(spelling), "30") << spelling;
  EXPECT_EQ(canonical("-0.0"), "0");
  EXPECT_EQ(canonical("0.1"), "0.1");
  EXPECT_EQ(canonical("2.50"), "2.5");
  EXPECT_EQ(canonical("1e300"), "1e+300");
  EXPECT_EQ(canonical("1e400"), "1e999");  // Boost.JSON reads it as infinity; this reads back the same
  EXPECT_EQ(canonical("-1e999"), "-1e999");
  EXPECT_EQ(canonical("0e400"), "0e999");  // NaN to Boost.JSON 1.81
  EXPECT_EQ(canonical("18446744073709551615"), "18446744073709551615");  // uint64: exact
  EXPECT_EQ(canonical("-9223372036854775808"), "-9223372036854775808");
  EXPECT_NE(canonical("1"), canonical("1.5"));
}

TEST(CanonicalJson, StringsAreComparedAsText) {
  EXPECT_EQ(canonical(R"("\u0041\/")"), R"("A/")");
  EXPECT_EQ(canonical(R"({"\u006eame":"x"})"), R"({"name":"x"})");
  EXPECT_NE(canonical(R"("a")"), canonical(R"("A")"));
}

TEST(CanonicalJson, ArrayOrderMatters) { EXPECT_NE(canonical("[1,2]"), canonical("[2,1]")); }

TEST(CanonicalJson, ARepeatedKeyKeepsItsLastValueAsTheParserDoes) {
  EXPECT_EQ(canonical(R"({"a":1,"a":2})"), R"({"a":2})");
}

TEST(CanonicalJson, NotJsonIsNullopt) {
  EXPECT_FALSE(canonical_json(""));
  EXPECT_FALSE(canonical_json("{"));
  EXPECT_FALSE(canonical_json(R"({"a":1} trailing)"));
  EXPECT_FALSE(canonical_json(std::string(40, '[') + std::string(40, ']')));  // deeper than bodies may be
}

TEST(CanonicalJson, IsAFixedPoint) {
  const std::string once = canonical(R"({"z":[1.0,{"b":true,"a":"\u00e9"}],"y":-2E2})");
  EXPECT_EQ(canonical(once), once);
}

}  // namespace
}  // namespace habitd::api::v1
