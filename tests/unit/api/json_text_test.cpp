// Numbers read as people write them, in every answer and in the CSV export.
#include "api/v1/json/json_text.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <limits>

namespace habitd::api::v1 {
namespace {

TEST(JsonText, WholeNumbersHaveNoFraction) {
  EXPECT_EQ(decimal_text(1.0), "1");
  EXPECT_EQ(decimal_text(0.0), "0");
  EXPECT_EQ(decimal_text(-3.0), "-3");
  EXPECT_EQ(decimal_text(1e12), "1000000000000");
}

TEST(JsonText, FractionsArePlainShortestDecimals) {
  EXPECT_EQ(decimal_text(0.2308), "0.2308");
  EXPECT_EQ(decimal_text(2.5), "2.5");
  EXPECT_EQ(decimal_text(0.1 + 0.2), "0.30000000000000004");  // exact: it reads back as the same double
  EXPECT_EQ(decimal_text(0.000123), "0.000123");
}

TEST(JsonText, EveryDecimalReadsBackExactly) {
  for (double value : {0.2308, 1.0 / 3.0, 123456.789, 0.7 + 0.1, 99.99, 1e-6, 5e15 + 0.5}) {
    const std::string text = decimal_text(value);
    EXPECT_EQ(text.find_first_of("eE"), std::string::npos) << text;
    EXPECT_EQ(std::stod(text), value) << text;
  }
}

TEST(JsonText, NonFiniteNumbersAreNull) {
  EXPECT_EQ(decimal_text(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(decimal_text(std::nan("")), "null");
}

TEST(JsonText, DocumentsMatchBoostJsonExceptForNumbers) {
  const boost::json::value document = {{"name", "Read \"20\" pages\n\ttab \x01 ✓"},
                                       {"rate", 0.2308},
                                       {"count", 3},
                                       {"amount", 1.0},
                                       {"none", nullptr},
                                       {"ok", true},
                                       {"items", {1, "two", boost::json::object{}}}};
  const std::string text = json_text(document);
  EXPECT_EQ(
      text,
      R"({"name":"Read \"20\" pages\n\ttab \u0001 ✓","rate":0.2308,"count":3,"amount":1,"none":null,"ok":true,"items":[1,"two",{}]})");
  // Whatever it writes, Boost.JSON reads back as the same document (numbers as values).
  const auto back = boost::json::parse(text);
  EXPECT_EQ(back.at("name"), document.at("name"));
  EXPECT_EQ(back.at("rate").as_double(), 0.2308);
}

}  // namespace
}  // namespace habitd::api::v1
