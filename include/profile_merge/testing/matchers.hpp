// SPDX-License-Identifier: MIT
#pragma once

// GoogleTest matchers for a team's own rules (docs/policies.md): opt-in, outside the
// umbrella, for test code that links GoogleTest and GoogleMock. Each takes the wire
// names as strings and, when it fails, shows the whole result.
//
//   EXPECT_THAT(r, IsOutcome("updated"));
//   EXPECT_THAT(r, HasChange("replace", "/attributes/visits"));
//   EXPECT_THAT(r, HasIgnored("/profile/attributes/tier", "read_only"));

#include <fstream>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

#include "profile_merge/profile_merge.hpp"
#include "profile_merge/testing/conformance.hpp"

namespace profile_merge {
inline namespace v1 {

/// GoogleTest prints a result as its JSON, whole: what a failed matcher shows.
inline void PrintTo(const operation_result& r, std::ostream* os) {
    *os << to_json(r).dump(2);
}

namespace testing {

/// The result's outcome has this wire name ("updated", "invalid", ...).
MATCHER_P(IsOutcome, name, "has outcome \"" + std::string(name) + "\"") {
    return to_string(arg.outcome) == std::string_view(name);
}

/// G4: the operation changed nothing.
MATCHER(IsUnchanged, "is unchanged") {
    return arg.outcome == outcome::unchanged;
}

/// The change report lists this change (R1): op "add", "replace", "remove" or "append".
MATCHER_P2(HasChange, op, path, "reports the change " + std::string(op) + " " + std::string(path)) {
    for (const change_view c : arg.changes) {
        if (to_string(c.op) == std::string_view(op) && c.path == std::string_view(path)) {
            return true;
        }
    }
    return false;
}

/// The result carries an effect of this kind ("add_user_identity", ...).
MATCHER_P(HasEffect, kind, "has an effect of kind \"" + std::string(kind) + "\"") {
    for (const effect& e : arg.effects) {
        if (to_json(e).value("kind", "") == std::string_view(kind)) {
            return true;
        }
    }
    return false;
}

/// The result carries an effect of this kind whose members include `members`.
MATCHER_P2(HasEffect, kind, members,
           "has an effect of kind \"" + std::string(kind) + "\" with " +
               nlohmann::json(members).dump()) {
    const nlohmann::json wanted(members);
    for (const effect& e : arg.effects) {
        const nlohmann::json got = to_json(e);
        if (got.value("kind", "") != std::string_view(kind)) {
            continue;
        }
        bool all = true;
        for (const auto& [name, value] : wanted.items()) {
            all = all && got.contains(name) && got[name] == value;
        }
        if (all) {
            return true;
        }
    }
    return false;
}

/// The result has an error with this code at this body pointer (G8).
MATCHER_P2(HasError, code, pointer,
           "has error " + std::string(code) + " at " + std::string(pointer)) {
    for (const error& e : arg.errors) {
        if (to_string(e.code) == std::string_view(code) &&
            e.pointer() == std::string_view(pointer)) {
            return true;
        }
    }
    return false;
}

/// The result has an error with this code, wherever it is.
MATCHER_P(HasError, code, "has error " + std::string(code)) {
    for (const error& e : arg.errors) {
        if (to_string(e.code) == std::string_view(code)) {
            return true;
        }
    }
    return false;
}

/// The request member at `pointer` was ignored, for this reason ("read_only",
/// "unknown_field", "not_permitted", "write_once").
MATCHER_P2(HasIgnored, pointer, reason,
           "ignores " + std::string(pointer) + " (" + std::string(reason) + ")") {
    for (const ignored_member& i : arg.ignored) {
        if (i.pointer == std::string_view(pointer) &&
            to_string(i.reason) == std::string_view(reason)) {
            return true;
        }
    }
    return false;
}

/// The request member at `pointer` was ignored, for whatever reason.
MATCHER_P(HasIgnored, pointer, "ignores " + std::string(pointer)) {
    for (const ignored_member& i : arg.ignored) {
        if (i.pointer == std::string_view(pointer)) {
            return true;
        }
    }
    return false;
}

/// The cases of a vector file (docs/conformance.md), for a parameterised test:
///
///   class TeamVectors : public ::testing::TestWithParam<nlohmann::json> {};
///   TEST_P(TeamVectors, Pass) {
///       const auto verdict = profile_merge::run_conformance_case(GetParam());
///       EXPECT_TRUE(verdict.passed()) << ::testing::PrintToString(verdict.failures);
///   }
///   INSTANTIATE_TEST_SUITE_P(Team, TeamVectors,
///       ::testing::ValuesIn(profile_merge::testing::conformance_cases("vectors.json")),
///       profile_merge::testing::conformance_case_name);
///
/// Throws std::runtime_error when the file cannot be read or is not in the format.
[[nodiscard]] inline std::vector<nlohmann::json> conformance_cases(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot read " + path);
    }
    const nlohmann::json document = nlohmann::json::parse(in);
    const conformance_report format = [&] {
        conformance_report checked;
        const auto cases = document.find("cases");
        if (!document.is_object() || cases == document.end() || !cases->is_array()) {
            checked.format_errors.push_back("the document must be an object with a `cases` array");
            return checked;
        }
        for (std::size_t i = 0; i < cases->size(); ++i) {
            detail::check_case_format((*cases)[i], i, checked.format_errors);
        }
        return checked;
    }();
    if (!format.format_errors.empty()) {
        throw std::runtime_error(path + ": " + format.format_errors.front());
    }
    return document["cases"].get<std::vector<nlohmann::json>>();
}

/// A GoogleTest name for a case: its id with every character that is not a letter or
/// a digit made '_'.
template <class ParamInfo>
[[nodiscard]] std::string conformance_case_name(const ParamInfo& info) {
    std::string name = info.param.value("id", "case_" + std::to_string(info.index));
    for (char& c : name) {
        const bool plain =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!plain) {
            c = '_';
        }
    }
    return name;
}

}  // namespace testing
}  // namespace v1
}  // namespace profile_merge
