// RFC 4180 output: what must be quoted is, what need not be is not, and bytes pass through.
#include "api/v1/json/csv.hpp"

#include <gtest/gtest.h>

namespace habitd::api::v1 {
namespace {

TEST(Csv, PlainFieldsAreWrittenAsIs) {
  EXPECT_EQ(csv_field("run"), "run");
  EXPECT_EQ(csv_field("  spaced out  "), "  spaced out  ");  // spaces are part of a field (RFC 4180 2.4)
  EXPECT_EQ(csv_field("semi;colon"), "semi;colon");
}

TEST(Csv, CommaQuoteAndLineBreaksAreQuoted) {
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("line\nbreak"), "\"line\nbreak\"");
  EXPECT_EQ(csv_field("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(csv_field("\""), "\"\"\"\"");
  EXPECT_EQ(csv_field("tired, \"really\"\nslept 5h"), "\"tired, \"\"really\"\"\nslept 5h\"");
}

TEST(Csv, EmptyFieldsStayEmpty) {
  EXPECT_EQ(csv_field(""), "");
  CsvWriter csv;
  csv.row({"", "", ""});
  EXPECT_EQ(csv.text(), ",,\r\n");
}

TEST(Csv, UnicodePassesThroughUnquoted) {
  EXPECT_EQ(csv_field("Laufen 🏃 über Stock"), "Laufen 🏃 über Stock");
  EXPECT_EQ(csv_field("日本語, テスト"), "\"日本語, テスト\"");
}

TEST(Csv, RecordsEndWithCrlf) {
  CsvWriter csv;
  csv.row({"habit", "date", "notes"});
  csv.row({"run", "2026-11-26", "a, \"b\"\r\nc"});
  EXPECT_EQ(std::move(csv).take(), "habit,date,notes\r\nrun,2026-11-26,\"a, \"\"b\"\"\r\nc\"\r\n");
}

TEST(Csv, NoRecordsIsEmpty) {
  const CsvWriter csv;
  EXPECT_TRUE(csv.text().empty());
}

TEST(Csv, CellsASpreadsheetWouldRunAsFormulasBecomeText) {
  for (const std::string_view formula : {"=1+1", "+1", "-1", "@SUM(A1)", "\tcmd", "\rcmd"})
    EXPECT_EQ(formula_safe(formula), "'" + std::string(formula)) << formula;
  EXPECT_EQ(formula_safe("run = good"), "run = good");
  EXPECT_EQ(formula_safe(""), "");
  EXPECT_EQ(formula_safe("'quoted"), "'quoted");
}

}  // namespace
}  // namespace habitd::api::v1
