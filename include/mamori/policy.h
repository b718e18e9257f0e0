// The policy stage: what the organisation's rules say about one file.
//
// The built-in default encodes the rule the Japan Pension Service broke in
// 2015: a file holding personal identifiers must not be readable without a
// password. (Policy files come with the protection work.)
//
// Thread-safety: pure functions.
#ifndef MAMORI_POLICY_H_
#define MAMORI_POLICY_H_

#include <vector>

#include "mamori/file_report.h"

namespace mamori {

class RuleSet;

// Appends the report's violations to report->violations.
void ApplyDefaultPolicy(const RuleSet& rules, FileReport* report);

}  // namespace mamori

#endif  // MAMORI_POLICY_H_
