#include "mamori/format_sniffer.h"

#include <catch2/catch.hpp>

namespace mamori {

TEST_CASE("Sniffing names text and delimited text", "[scanner][sniff]") {
  CHECK(SniffFormat("/a/b.csv", "a,b\n1,2\n").format == "csv");
  CHECK(SniffFormat("/a/B.CSV", "a,b\n").format == "csv");
  CHECK(SniffFormat("/a/b.tsv", "a\tb\n").format == "tsv");
  CHECK(SniffFormat("/a/notes", "hello").format == "text");
  CHECK(SniffFormat("/a/.csv", "hidden").format == "text");
  CHECK(SniffFormat("/a/empty.txt", "").format == "text");
  CHECK(SniffFormat("/a/empty.txt", "").kind == FormatKind::kText);
}

TEST_CASE("Sniffing names containers by their magic, whatever the name", "[scanner][sniff]") {
  CHECK(SniffFormat("x.csv", std::string_view("PK\x03\x04rest", 8)).format == "zip");
  CHECK(SniffFormat("x", "%PDF-1.7").format == "pdf");
  CHECK(SniffFormat("x", std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)).format == "cfb");
  CHECK(SniffFormat("x", "\x1F\x8B\x08").format == "gzip");
  CHECK(SniffFormat("x.zip", std::string_view("PK\x03\x04", 4)).kind == FormatKind::kArchive);
  // UTF-16 is text, NULs and all.
  CHECK(SniffFormat("x.txt", std::string_view("\xFF\xFEh\0i\0\n\0", 8)).format == "text");
  CHECK(SniffFormat("x.csv", std::string_view("\xFF\xFEh\0,\0i\0\n\0", 10)).format == "csv");
  CHECK(SniffFormat("x", std::string_view("ELF\0\0", 5)).format == "binary");
}

TEST_CASE("Delimited text is told from running text", "[scanner][sniff]") {
  CHECK(DelimiterFor("csv", "a,b\n") == ',');
  CHECK(DelimiterFor("tsv", "a\tb\n") == '\t');
  CHECK(DelimiterFor("text", "氏名\t個人番号\n山田\t123\n佐藤\t456\n") == '\t');
  CHECK(DelimiterFor("text", "氏名\t個人番号\n山田\t1\t2\n") == 0);  // uneven
  CHECK(DelimiterFor("text", "one line\twith a tab\n") == 0);
  CHECK(DelimiterFor("text", "拝啓、\n山田様\n") == 0);
  CHECK(DelimiterFor("json", "{\"a\":\t1}\n{\"b\":\t2}\n") == 0);
  // Comma-separated text under another name, with quoted commas and CRLF.
  CHECK(DelimiterFor("text", "氏名,個人番号\r\n山田,123\r\n\"佐藤, 花子\",456\r\n") == ',');
  CHECK(DelimiterFor("text", "Dear Sir, hello.\nThanks, and, bye.\n") == 0);  // uneven
  CHECK(DelimiterFor("text", "one line, with a comma\n") == 0);
}

}  // namespace mamori
