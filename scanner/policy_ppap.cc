#include "policy_ppap.h"

#include <fnmatch.h>
#include <iconv.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include "long_path.h"
#include "mamori/file_reader.h"

namespace mamori {

namespace {

void LowerAscii(std::string* s) {
  for (char& c : *s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

// `text` converted from UTF-8 to `charset`; "" when it has no such form.
std::string Convert(const std::string& text, const char* charset) {
  iconv_t cd = ::iconv_open(charset, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return "";
  std::string out(text.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(text.data());
  std::size_t in_left = text.size();
  char* o = out.data();
  std::size_t o_left = out.size();
  std::size_t rc = ::iconv(cd, &in, &in_left, &o, &o_left);
  if (rc != static_cast<std::size_t>(-1)) rc = ::iconv(cd, nullptr, nullptr, &o, &o_left);
  ::iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1) || in_left != 0) return "";
  out.resize(out.size() - o_left);
  return out;
}

// In ISO-2022-JP the pattern may begin or end inside a run of JIS text that
// the mail shifted into earlier or leaves later: drop the outer shifts.
std::string TrimJisShifts(std::string s) {
  if (s.rfind("\x1b$B", 0) == 0) s.erase(0, 3);
  if (s.size() >= 3 && s.compare(s.size() - 3, 3, "\x1b(B") == 0) s.resize(s.size() - 3);
  return s;
}

std::string DirName(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string Extension(const std::string& name) {
  std::size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0) return "";
  std::string ext = name.substr(dot + 1);
  LowerAscii(&ext);
  return ext;
}

}  // namespace

PpapCheck::PpapCheck(const PpapSettings& settings, std::vector<std::string> exclude)
    : settings_(settings) {
  for (std::string& glob : exclude) {
    if (glob.find('/') == std::string::npos) exclude_.push_back(std::move(glob));
  }
  for (const std::string& p : settings_.notice_patterns) {
    for (std::string form : {p, Convert(p, "CP932"), Convert(p, "UTF-16LE"),
                             TrimJisShifts(Convert(p, "ISO-2022-JP"))}) {
      LowerAscii(&form);
      if (form.empty() || std::find(needles_.begin(), needles_.end(), form) != needles_.end()) {
        continue;
      }
      needles_.push_back(std::move(form));
    }
  }
}

bool PpapCheck::HoldsNotice(std::string_view text) const {
  std::string lower(text);
  LowerAscii(&lower);
  for (const std::string& n : needles_) {
    if (lower.find(n) != std::string::npos) return true;
  }
  return false;
}

bool PpapCheck::NameMatches(const std::string& name) const {
  for (const std::string& glob : settings_.name_patterns) {
    if (::fnmatch(glob.c_str(), name.c_str(), FNM_CASEFOLD) == 0) return true;
  }
  return false;
}

bool PpapCheck::ReadableNotice(const std::string& path, const std::string& name) const {
  const std::string ext = Extension(name);
  if (std::find(settings_.notice_extensions.begin(), settings_.notice_extensions.end(), ext) ==
      settings_.notice_extensions.end()) {
    return false;
  }
  FileReader reader;
  FileRef ref;
  if (!reader.Open(path, &ref).ok() || ref.size > settings_.notice_max_bytes) return false;
  std::string buf(static_cast<std::size_t>(settings_.notice_read_bytes), '\0');
  std::size_t got = 0;
  bool eof = false;
  if (!reader.Read(buf.data(), buf.size(), &got, &eof).ok()) return false;
  buf.resize(got);
  return HoldsNotice(buf);
}

const std::vector<std::string>& PpapCheck::NoticesIn(const std::string& dir) {
  auto it = by_dir_.find(dir);
  if (it != by_dir_.end()) return it->second;
  std::vector<std::string>& notices = by_dir_[dir];
  std::vector<std::string> names;
  int err = 0;
  ListDirectory(dir, &names, &err);  // a partial listing still tells what it holds
  std::sort(names.begin(), names.end());
  int reads = 0;
  for (const std::string& name : names) {
    bool excluded = false;
    for (const std::string& glob : exclude_) {
      if (::fnmatch(glob.c_str(), name.c_str(), 0) == 0) excluded = true;
    }
    if (excluded) continue;
    const std::string path = dir == "/" ? "/" + name : dir + "/" + name;
    struct stat st;
    if (StatPath(path, &st, false) != 0 || !S_ISREG(st.st_mode)) continue;
    if (NameMatches(name)) {
      notices.push_back(name);
    } else if (reads < kMaxNoticeReads &&
               static_cast<std::uint64_t>(st.st_size) <= settings_.notice_max_bytes &&
               !Extension(name).empty()) {
      const std::string ext = Extension(name);
      if (std::find(settings_.notice_extensions.begin(), settings_.notice_extensions.end(), ext) ==
          settings_.notice_extensions.end()) {
        continue;
      }
      ++reads;
      if (ReadableNotice(path, name)) notices.push_back(name);
    }
  }
  return notices;
}

std::string PpapCheck::NoticeBeside(const std::string& path) {
  const std::string self = BaseName(path);
  for (const std::string& name : NoticesIn(DirName(path))) {
    if (name != self) return name;
  }
  return "";
}

}  // namespace mamori
