// Loading a policy: the TOML text, checked field by field, so that a typing
// error in a policy file fails the scan before it starts rather than
// silently weakening it.
#include "mamori/policy.h"

#include <toml++/toml.h>

#include <ctime>
#include <fstream>
#include <sstream>

#include "mamori/sha256.h"

namespace mamori {

std::string_view BuiltinPolicyText();  // generated from patterns/policies/default.toml

PolicyDate TodayLocal() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

std::string FormatPolicyDate(PolicyDate d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
  return buf;
}

struct PolicyParser {
  std::string_view file;
  Policy* p;

  Status Invalid(const std::string& field, const std::string& what) const {
    return Status::Error("policy-invalid", std::string(file) + ": " + field + ": " + what);
  }

  Status Strings(const toml::table& t, const char* key, const std::string& where,
                 std::vector<std::string>* out) const {
    const toml::node* node = t.get(key);
    if (node == nullptr) return Status::OK();
    const toml::array* arr = node->as_array();
    if (arr == nullptr) return Invalid(where + key, "must be a list of strings");
    out->clear();
    for (const toml::node& n : *arr) {
      auto s = n.value<std::string>();
      if (!s || s->empty()) return Invalid(where + key, "must be a list of non-empty strings");
      out->push_back(*s);
    }
    return Status::OK();
  }

  Status Unsigned(const toml::table& t, const char* key, const std::string& where,
                  std::uint64_t* out) const {
    const toml::node* node = t.get(key);
    if (node == nullptr) return Status::OK();
    auto v = node->value<std::int64_t>();
    if (!v || *v < 0) return Invalid(where + key, "must be a non-negative integer");
    *out = static_cast<std::uint64_t>(*v);
    return Status::OK();
  }

  Status Date(const toml::node* node, const std::string& where, PolicyDate* out) const {
    if (node == nullptr) return Invalid(where, "missing (a date: 2026-03-31)");
    int y = 0, m = 0, d = 0;
    if (auto date = node->value<toml::date>()) {
      y = date->year, m = date->month, d = date->day;
    } else if (auto text = node->value<std::string>()) {
      char tail = 0;
      if (std::sscanf(text->c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) y = 0;
    }
    if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) {
      return Invalid(where, "must be a date: 2026-03-31");
    }
    *out = y * 10000 + m * 100 + d;
    return Status::OK();
  }

  Status PersonalData(const toml::table& doc) const {
    const toml::node* section = doc.get("personal_data");
    if (section == nullptr) return Invalid("personal_data", "missing");
    const toml::table* t = section->as_table();
    const toml::array* types = t ? t->get_as<toml::array>("types") : nullptr;
    if (types == nullptr) return Invalid("personal_data.types", "must be a list of tables");
    for (const toml::node& n : *types) {
      const toml::table* e = n.as_table();
      if (e == nullptr) return Invalid("personal_data.types", "must be a list of tables");
      PersonalDataType type;
      auto glob = e->get("type") ? e->get("type")->value<std::string>() : std::nullopt;
      if (!glob || glob->empty()) return Invalid("personal_data.types.type", "missing");
      type.type_glob = *glob;
      if (const toml::node* c = e->get("min_confidence")) {
        auto parsed = ParseConfidence(c->value<std::string>().value_or(""));
        if (!parsed) return Invalid("personal_data.types.min_confidence", "low, medium or high");
        type.min_confidence = *parsed;
      }
      if (Status s = Unsigned(*e, "min_distinct", "personal_data.types.", &type.min_distinct);
          !s.ok()) {
        return s;
      }
      if (type.min_distinct == 0) type.min_distinct = 1;
      p->personal_types_.push_back(std::move(type));
    }
    return Status::OK();
  }

  Status Protection(const toml::table& doc) const {
    const toml::table* t = doc["protection"].as_table();
    if (t == nullptr) return Status::OK();
    if (const toml::node* r = t->get("required")) {
      const std::string v = r->value<std::string>().value_or("");
      if (v != "any" && v != "strong") return Invalid("protection.required", "any or strong");
      p->require_strong_ = v == "strong";
    }
    return Strings(*t, "weak", "protection.", &p->weak_schemes_);
  }

  Status Rules(const toml::table& doc) const {
    const toml::node* section = doc.get("rules");
    if (section == nullptr) return Status::OK();
    const toml::table* t = section->as_table();
    if (t == nullptr) return Invalid("rules", "must be a table");
    for (const auto& [key, node] : *t) {
      const std::string id(key.str());
      PolicyRule* rule = id == kRulePersonalData     ? &p->personal_data_
                         : id == kRuleWeakProtection ? &p->weak_protection_
                         : id == kRulePpap           ? &p->ppap_rule_
                                                     : nullptr;
      if (rule == nullptr) return Invalid("rules." + id, "unknown rule");
      const toml::table* r = node.as_table();
      if (r == nullptr) return Invalid("rules." + id, "must be a table");
      if (const toml::node* sev = r->get("severity")) {
        const std::string v = sev->value<std::string>().value_or("");
        if (v != "high" && v != "medium" && v != "low") {
          return Invalid("rules." + id + ".severity", "high, medium or low");
        }
        rule->severity = v;
      }
      if (const toml::node* en = r->get("enabled")) {
        auto v = en->value<bool>();
        if (!v) return Invalid("rules." + id + ".enabled", "true or false");
        rule->enabled = *v;
      }
    }
    return Status::OK();
  }

  Status Ppap(const toml::table& doc) const {
    const toml::table* t = doc["ppap"].as_table();
    if (t == nullptr) return Status::OK();
    PpapSettings& s = p->ppap_;
    Status st;
    if (!(st = Strings(*t, "archive_formats", "ppap.", &s.archive_formats)).ok() ||
        !(st = Strings(*t, "name_patterns", "ppap.", &s.name_patterns)).ok() ||
        !(st = Strings(*t, "notice_patterns", "ppap.", &s.notice_patterns)).ok() ||
        !(st = Strings(*t, "notice_extensions", "ppap.", &s.notice_extensions)).ok() ||
        !(st = Unsigned(*t, "notice_max_bytes", "ppap.", &s.notice_max_bytes)).ok() ||
        !(st = Unsigned(*t, "notice_read_bytes", "ppap.", &s.notice_read_bytes)).ok()) {
      return st;
    }
    // The read is held in memory: bounded whatever the file says.
    s.notice_read_bytes = std::min<std::uint64_t>(s.notice_read_bytes, 1 << 20);
    return Status::OK();
  }

  Status Exceptions(const toml::table& doc) const {
    const toml::node* section = doc.get("exceptions");
    if (section == nullptr) return Status::OK();
    const toml::array* list = section->as_array();
    if (list == nullptr) return Invalid("exceptions", "must be [[exceptions]] tables");
    int i = 0;
    for (const toml::node& n : *list) {
      const std::string where = "exceptions[" + std::to_string(i++) + "].";
      const toml::table* t = n.as_table();
      if (t == nullptr) return Invalid("exceptions", "must be [[exceptions]] tables");
      PolicyException e;
      e.path_glob = t->get("path") ? t->get("path")->value<std::string>().value_or("") : "";
      if (e.path_glob.empty()) return Invalid(where + "path", "missing");
      e.reason = t->get("reason") ? t->get("reason")->value<std::string>().value_or("") : "";
      if (e.reason.empty()) return Invalid(where + "reason", "every exception needs a reason");
      if (Status s = Strings(*t, "rules", where, &e.rules); !s.ok()) return s;
      for (const std::string& r : e.rules) {
        if (r != kRulePersonalData && r != kRuleWeakProtection && r != kRulePpap) {
          return Invalid(where + "rules", "unknown rule " + r);
        }
      }
      if (Status s = Date(t->get("expires"), where + "expires", &e.expires); !s.ok()) return s;
      p->exceptions_.push_back(std::move(e));
    }
    return Status::OK();
  }
};

Status Policy::Parse(std::string_view name, std::string_view text, Policy* policy) {
  Policy p;
  p.name_ = std::string(name);
  p.hash_ = Sha256Hex(text);
  toml::table doc;
  try {
    doc = toml::parse(text, std::string(name));
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << name << ":" << e.source().begin.line << ": " << e.description();
    return Status::Error("policy-invalid", msg.str());
  }
  PolicyParser parser{name, &p};
  if (const toml::node* v = doc.get("version"); v && v->value<std::int64_t>().value_or(0) != 1) {
    return parser.Invalid("version", "this mamori reads policy version 1");
  }
  Status s;
  if (!(s = parser.PersonalData(doc)).ok() || !(s = parser.Protection(doc)).ok() ||
      !(s = parser.Rules(doc)).ok() || !(s = parser.Ppap(doc)).ok() ||
      !(s = parser.Exceptions(doc)).ok()) {
    return s;
  }
  *policy = std::move(p);
  return Status::OK();
}

Status Policy::LoadBuiltin(Policy* policy) {
  return Parse("default.toml (built in)", BuiltinPolicyText(), policy);
}

Status Policy::LoadFile(const std::string& path, Policy* policy) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error("policy-invalid", path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::Error("policy-invalid", path + ": cannot be read");
  return Parse(path, text.str(), policy);
}

std::vector<const PolicyException*> Policy::Expired(PolicyDate today) const {
  std::vector<const PolicyException*> out;
  for (const PolicyException& e : exceptions_) {
    if (e.expires < today) out.push_back(&e);
  }
  return out;
}

}  // namespace mamori
