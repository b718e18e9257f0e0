#include "mamori/rule_set.h"

#include <toml++/toml.h>

#include <set>

#include "mamori/sha256.h"
#include "mamori/writing_forms.h"

namespace mamori {

const std::vector<std::pair<std::string_view, std::string_view>>& BuiltinRuleTexts();

int Rule::TotalDigits() const {
  int n = 0;
  for (int g : groups) n += g;
  return n;
}

namespace {

Status Invalid(std::string_view file, const std::string& what) {
  return Status::Error("rule-invalid", std::string(file) + ": " + what);
}

Status StringList(const toml::table& t, const char* key, std::string_view file,
                  const std::string& id, bool required, std::vector<std::string>* out) {
  const toml::node* node = t.get(key);
  if (node == nullptr) {
    return required ? Invalid(file, "rule " + id + ": missing " + key) : Status::OK();
  }
  const toml::array* arr = node->as_array();
  if (arr == nullptr) return Invalid(file, "rule " + id + ": " + key + " must be a list");
  for (const auto& el : *arr) {
    auto s = el.value<std::string>();
    if (!s) return Invalid(file, "rule " + id + ": " + key + " must hold strings");
    out->push_back(*s);
  }
  return Status::OK();
}

Status ParseRule(const toml::table& t, std::string_view file, Rule* rule) {
  rule->id = t["id"].value_or(std::string());
  if (rule->id.empty()) return Invalid(file, "a rule has no id");
  const std::string& id = rule->id;
  rule->type = t["type"].value_or(std::string());
  rule->display = t["display"].value_or(rule->type);
  rule->personal = t["personal"].value_or(false);
  rule->validator_name = t["validator"].value_or(std::string());
  rule->window_chars = t["window"].value_or(60);
  if (rule->type.empty()) return Invalid(file, "rule " + id + ": missing type");
  rule->validator = FindValidator(rule->validator_name);
  if (rule->validator == nullptr) {
    return Invalid(file, "rule " + id + ": unknown validator '" + rule->validator_name + "'");
  }
  if (rule->window_chars < 0 || rule->window_chars > 1000) {
    return Invalid(file, "rule " + id + ": window must be 0..1000 characters");
  }
  rule->kind = t["kind"].value_or(std::string("digits"));
  if (rule->kind == "labelled") {
    rule->parser = t["parser"].value_or(std::string());
    rule->header_requires = t["header_requires"].value_or(std::string());
    if (rule->parser != "insurance_card") {
      return Invalid(file, "rule " + id + ": unknown parser '" + rule->parser + "'");
    }
    if (rule->validator_name != "none") {
      return Invalid(file, "rule " + id + ": a labelled rule has no validator (use \"none\")");
    }
    rule->evidence = kEvidenceLabel | kEvidenceHeader;
    Status s;
    if (!(s = StringList(t, "keywords", file, id, true, &rule->keywords)).ok()) return s;
    if (rule->keywords.empty()) return Invalid(file, "rule " + id + ": needs labels");
    if (!(s = StringList(t, "examples", file, id, true, &rule->examples)).ok()) return s;
    return StringList(t, "negative_examples", file, id, true, &rule->negative_examples);
  }
  if (rule->kind != "digits")
    return Invalid(file, "rule " + id + ": unknown kind '" + rule->kind + "'");
  const toml::array* groups = t["groups"].as_array();
  if (groups == nullptr || groups->empty()) return Invalid(file, "rule " + id + ": missing groups");
  for (const auto& g : *groups) {
    auto n = g.value<int64_t>();
    if (!n || *n < 1 || *n > 32) return Invalid(file, "rule " + id + ": groups must be 1..32");
    rule->groups.push_back(static_cast<int>(*n));
  }
  // Values are held as 64-bit numbers inside the detector.
  if (rule->TotalDigits() > 19) return Invalid(file, "rule " + id + ": more than 19 digits");
  Status s;
  if (!(s = StringList(t, "separators", file, id, true, &rule->separators)).ok()) return s;
  if (rule->separators.empty()) return Invalid(file, "rule " + id + ": separators is empty");
  for (const auto& sep : rule->separators) {
    if (SeparatorVariants(sep) == nullptr) {
      return Invalid(file, "rule " + id + ": unknown separator class '" + sep +
                               "' (use \"\", \"space\" or \"hyphen\")");
    }
  }
  rule->leading_zero_loss = t["leading_zero_loss"].value_or(false);
  // Without a check digit a list of values proves nothing.
  if (rule->validator_name == "none") rule->evidence = kEvidenceLabel | kEvidenceHeader;
  if (const toml::node* ev = t.get("evidence")) {
    std::vector<std::string> names;
    if (!(s = StringList(t, "evidence", file, id, true, &names)).ok()) return s;
    (void)ev;
    rule->evidence = 0;
    for (const auto& n : names) {
      if (n == "label") {
        rule->evidence |= kEvidenceLabel;
      } else if (n == "header") {
        rule->evidence |= kEvidenceHeader;
      } else if (n == "list") {
        rule->evidence |= kEvidenceList;
      } else {
        return Invalid(file, "rule " + id + ": unknown evidence '" + n + "'");
      }
    }
  }
  if ((rule->evidence & kEvidenceList) && rule->validator_name == "none") {
    return Invalid(file, "rule " + id + ": list evidence needs a check digit");
  }
  if (!(s = StringList(t, "keywords", file, id, false, &rule->keywords)).ok()) return s;
  for (const auto& k : rule->keywords) {
    if (k.empty()) return Invalid(file, "rule " + id + ": empty keyword");
  }
  if (!(s = StringList(t, "examples", file, id, true, &rule->examples)).ok()) return s;
  if (!(s = StringList(t, "negative_examples", file, id, true, &rule->negative_examples)).ok()) {
    return s;
  }
  return Status::OK();
}

}  // namespace

Status RuleSet::LoadBuiltin(RuleSet* rules) { return Parse(BuiltinRuleTexts(), rules); }

Status RuleSet::Parse(const std::vector<std::pair<std::string_view, std::string_view>>& files,
                      RuleSet* rules) {
  RuleSet result;
  std::string hashed;
  std::set<std::string> ids;
  for (const auto& [name, text] : files) {
    hashed.append(name).push_back('\0');
    hashed.append(text).push_back('\0');
    toml::table doc;
    try {
      doc = toml::parse(text, std::string(name));
    } catch (const toml::parse_error& e) {
      return Invalid(name, std::string(e.description()));
    }
    if (const toml::table* other = doc["other_labels"].as_table()) {
      if (Status s =
              StringList(*other, "keywords", name, "other_labels", true, &result.other_labels_);
          !s.ok()) {
        return s;
      }
    }
    const toml::array* list = doc["rule"].as_array();
    if (list == nullptr) {
      if (doc.contains("other_labels")) continue;
      return Invalid(name, "no [[rule]] tables");
    }
    for (const auto& node : *list) {
      const toml::table* t = node.as_table();
      if (t == nullptr) return Invalid(name, "[[rule]] must be a table");
      Rule rule;
      Status s = ParseRule(*t, name, &rule);
      if (!s.ok()) return s;
      if (!ids.insert(rule.id).second) return Invalid(name, "duplicate rule id " + rule.id);
      result.rules_.push_back(std::move(rule));
    }
  }
  if (result.rules_.empty()) return Status::Error("rule-invalid", "no rules");
  // The detector keeps one bit per rule for column headers.
  if (result.rules_.size() > 64) return Status::Error("rule-invalid", "more than 64 rules");
  result.hash_ = Sha256Hex(hashed);
  *rules = std::move(result);
  return Status::OK();
}

}  // namespace mamori
