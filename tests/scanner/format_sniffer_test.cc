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
  CHECK(SniffFormat("/a/empty.txt", "").readable_as_text);
}

TEST_CASE("Sniffing names containers by their magic, whatever the name", "[scanner][sniff]") {
  CHECK(SniffFormat("x.csv", std::string_view("PK\x03\x04rest", 8)).format == "zip");
  CHECK(SniffFormat("x", "%PDF-1.7").format == "pdf");
  CHECK(SniffFormat("x", std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)).format == "cfb");
  CHECK(SniffFormat("x", "\x1F\x8B\x08").format == "gzip");
  CHECK_FALSE(SniffFormat("x.zip", std::string_view("PK\x03\x04", 4)).readable_as_text);
  CHECK(SniffFormat("x", std::string_view("\xFF\xFEh\0", 4)).format == "utf16-text");
  CHECK(SniffFormat("x", std::string_view("ELF\0\0", 5)).format == "binary");
}

}  // namespace mamori
