// Number, size, time and permission formatting for the HTML report
// (declared in report_labels.h). Integer arithmetic only: no locale, no
// time zone database, no floating point, so the output is deterministic.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>

#include "report_labels.h"

namespace mamori {
namespace {

constexpr std::int64_t kJstOffsetSeconds = 9 * 3600;

struct CivilTime {
  std::int64_t year = 1970;
  int month = 1, day = 1, hour = 0, minute = 0, second = 0;
};

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant,
// "chrono-Compatible Low-Level Date Algorithms").
std::int64_t DaysFromCivil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilTime CivilFromSeconds(std::int64_t seconds) {
  std::int64_t days = seconds / 86400;
  std::int64_t rem = seconds % 86400;
  if (rem < 0) rem += 86400, --days;
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  CivilTime t;
  t.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  t.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  t.year = yoe + era * 400 + (t.month <= 2);
  t.hour = static_cast<int>(rem / 3600);
  t.minute = static_cast<int>(rem / 60 % 60);
  t.second = static_cast<int>(rem % 60);
  return t;
}

bool ParseNumber(std::string_view s, std::size_t at, std::size_t len, int* out) {
  if (at + len > s.size()) return false;
  for (std::size_t i = at; i < at + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return std::from_chars(s.data() + at, s.data() + at + len, *out).ec == std::errc();
}

// "YYYY-MM-DDTHH:MM:SSZ" (store.cc's format) as seconds since the epoch.
bool ParseStoredTime(std::string_view s, std::int64_t* seconds) {
  int y, mo, d, h, mi, se;
  if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
      s[16] != ':' || s[19] != 'Z') {
    return false;
  }
  if (!ParseNumber(s, 0, 4, &y) || !ParseNumber(s, 5, 2, &mo) || !ParseNumber(s, 8, 2, &d) ||
      !ParseNumber(s, 11, 2, &h) || !ParseNumber(s, 14, 2, &mi) || !ParseNumber(s, 17, 2, &se)) {
    return false;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return false;
  *seconds = DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
  return true;
}

std::string FormatCivil(const CivilTime& t, bool with_seconds) {
  char buf[64];
  if (with_seconds) {
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d %02d:%02d:%02d JST",
                  static_cast<long long>(t.year), t.month, t.day, t.hour, t.minute, t.second);
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d %02d:%02d JST", static_cast<long long>(t.year),
                  t.month, t.day, t.hour, t.minute);
  }
  return buf;
}

}  // namespace

std::string FormatCount(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string FormatBytes(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  std::size_t unit = 0;
  // Largest unit whose value is at least 1, in 128 bits so the largest sizes
  // do not overflow; a value that rounds to 1,024 moves up a unit.
  const unsigned __int128 value = bytes;
  unsigned __int128 scale = 1;
  while (unit + 1 < std::size(kUnits) && value >= scale * 1024) scale *= 1024, ++unit;
  for (;;) {
    const auto tenths = static_cast<std::uint64_t>((value * 10 + scale / 2) / scale);
    if (tenths < 100) {
      return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " " + kUnits[unit];
    }
    const auto whole = static_cast<std::uint64_t>((value + scale / 2) / scale);
    if (whole < 1024 || unit + 1 == std::size(kUnits)) {
      return FormatCount(whole) + " " + kUnits[unit];
    }
    scale *= 1024, ++unit;
  }
}

std::string FormatStoredTime(std::string_view utc_iso) {
  std::int64_t seconds = 0;
  if (!ParseStoredTime(utc_iso, &seconds)) return std::string(utc_iso);
  return FormatCivil(CivilFromSeconds(seconds + kJstOffsetSeconds), true);
}

std::string FormatStoredDate(std::string_view utc_iso) {
  std::int64_t seconds = 0;
  if (!ParseStoredTime(utc_iso, &seconds)) return std::string(utc_iso);
  const CivilTime t = CivilFromSeconds(seconds + kJstOffsetSeconds);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(t.year), t.month,
                t.day);
  return buf;
}

std::string FormatEpochNs(std::int64_t ns) {
  std::int64_t seconds = ns / 1000000000;
  if (ns % 1000000000 < 0) --seconds;  // floor for times before 1970
  std::string text = FormatCivil(CivilFromSeconds(seconds + kJstOffsetSeconds), false);
  return text.substr(0, text.size() - 4);  // without " JST"
}

std::string FormatMode(std::uint32_t mode) {
  static constexpr char kLetters[] = "rwxrwxrwx";
  std::string out(9, '-');
  for (int i = 0; i < 9; ++i) {
    if (mode & (0400u >> i)) out[i] = kLetters[i];
  }
  // setuid/setgid/sticky as ls shows them.
  if (mode & 04000) out[2] = out[2] == 'x' ? 's' : 'S';
  if (mode & 02000) out[5] = out[5] == 'x' ? 's' : 'S';
  if (mode & 01000) out[8] = out[8] == 'x' ? 't' : 'T';
  return out;
}

}  // namespace mamori
