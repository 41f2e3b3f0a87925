// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "profile_merge/detail/member_lookup.hpp"
#include "profile_merge/end_user.hpp"
#include "profile_merge/identifier_query.hpp"
#include "profile_merge/naming.hpp"
#include "profile_merge/patch.hpp"
#include "profile_merge/put.hpp"
#include "profile_merge/result.hpp"

// Runs conformance vectors (conformance/FORMAT.md): language-neutral cases, each an
// operation, its inputs and what must come out. Any file in that format runs here.
namespace profile_merge {
inline namespace v1 {

/// One case's verdict: passed when `failures` is empty.
struct conformance_case_result {
    std::string id;
    std::vector<std::string> failures;  // one line each: what was expected, what came out
    [[nodiscard]] bool passed() const noexcept { return failures.empty(); }
};

/// A whole file's verdict. `format_errors` says why a document is not in the
/// format at all (then no case ran).
struct conformance_report {
    std::vector<conformance_case_result> cases;
    std::vector<std::string> format_errors;

    [[nodiscard]] std::size_t passed() const noexcept {
        return static_cast<std::size_t>(
            std::count_if(cases.begin(), cases.end(), [](const auto& c) { return c.passed(); }));
    }
    [[nodiscard]] std::size_t failed() const noexcept { return cases.size() - passed(); }
};

namespace detail {

inline constexpr std::array<std::string_view, 6> conformance_ops{
    "patch_profile",          "put_profile",        "put_profile_by_id", "update_end_user",
    "parse_identifier_query", "derive_profile_name"};

// A string member's text (a view into `object`), or "" when it is absent or not a
// string (json::value would throw).
template <class = void>
[[nodiscard]] std::string_view string_member(const nlohmann::json& object, std::string_view name) {
    const nlohmann::json* member = member_or_null(object, name);
    return member != nullptr && member->is_string()
               ? std::string_view(member->get_ref<const std::string&>())
               : std::string_view();
}

template <class = void>
[[nodiscard]] bool is_entity_op(std::string_view op) {
    return op == "patch_profile" || op == "put_profile" || op == "put_profile_by_id" ||
           op == "update_end_user";
}

// The members a case must have, with the JSON type each must be; problems are
// format errors, reported with the case's position.
template <class = void>
void check_case_format(const nlohmann::json& c, std::size_t index,
                       std::vector<std::string>& problems, bool needs_expect = true) {
    const auto where = [&] {
        const auto id = c.find("id");
        return id != c.end() && id->is_string()
                   ? fmt::format("case {} ({})", index, id->get<std::string>())
                   : fmt::format("case {}", index);
    };
    if (!c.is_object()) {
        problems.push_back(fmt::format("case {} is not an object", index));
        return;
    }
    // The member, or nullptr with the problem recorded.
    const auto require = [&](std::string_view member, bool (nlohmann::json::*is)() const noexcept,
                             std::string_view type) -> const nlohmann::json* {
        const nlohmann::json* value = member_or_null(c, member);
        if (value == nullptr || !(value->*is)()) {
            problems.push_back(fmt::format("{}: `{}` must be {}", where(), member, type));
            return nullptr;
        }
        return value;
    };
    if (needs_expect) {
        require("id", &nlohmann::json::is_string, "a string");
    }
    const nlohmann::json* const op_member = require("op", &nlohmann::json::is_string, "a string");
    if (op_member == nullptr) {
        return;
    }
    const std::string_view op = op_member->get_ref<const std::string&>();
    if (std::find(conformance_ops.begin(), conformance_ops.end(), op) == conformance_ops.end()) {
        problems.push_back(fmt::format("{}: unknown op `{}`", where(), op));
        return;
    }
    if (const nlohmann::json* expect_member =
            needs_expect ? require("expect", &nlohmann::json::is_object, "an object") : nullptr) {
        const auto& expect = *expect_member;
        const auto outcome = expect.find("outcome");
        if (outcome == expect.end() || !outcome->is_string()) {
            problems.push_back(fmt::format("{}: `expect.outcome` must be a string", where()));
        }
    }
    if (is_entity_op(op)) {
        require("request", &nlohmann::json::is_structured, "an object");
        require("now", &nlohmann::json::is_string, "a string");
        if (member_or_null(c, "stored") == nullptr) {
            problems.push_back(fmt::format("{}: `stored` is required (null when none)", where()));
        }
    }
    if (op == "put_profile" || op == "parse_identifier_query") {
        require("query", &nlohmann::json::is_string, "a string");
    }
    if (op == "put_profile") {
        require("new_id", &nlohmann::json::is_string, "a string");
    }
    if (op == "derive_profile_name" && member_or_null(c, "identifiers") == nullptr) {
        problems.push_back(fmt::format("{}: `identifiers` is required", where()));
    }
    if (const nlohmann::json* options = member_or_null(c, "options")) {
        if (!options->is_object()) {
            problems.push_back(fmt::format("{}: `options` must be an object", where()));
            return;
        }
        for (auto option = options->cbegin(); option != options->cend(); ++option) {
            const std::string& name = option.key();
            const bool known_choice =
                option->is_string() &&
                ((name == "attribute_merge" &&
                  option_from_string<attribute_merge>(option->get<std::string>())) ||
                 (name == "read_only" &&
                  option_from_string<read_only_policy>(option->get<std::string>())) ||
                 (name == "privileged_fields" &&
                  option_from_string<privileged_fields_policy>(option->get<std::string>())) ||
                 name == "if_match");
            if (!known_choice) {
                problems.push_back(fmt::format("{}: option `{}` = {} is not one FORMAT.md knows",
                                               where(), name, option->dump()));
            }
        }
    }
}

// A case's `options` member, or null.
template <class = void>
[[nodiscard]] const nlohmann::json& options_member(const nlohmann::json& c) {
    const nlohmann::json* options = member_or_null(c, "options");
    return options != nullptr ? *options : null_json();
}

// A choice among a case's `options`, or `fallback` when it is absent or not one
// FORMAT.md names.
template <class Policy>
[[nodiscard]] Policy option_or(const nlohmann::json& options, std::string_view name,
                               Policy fallback) {
    return option_from_string<Policy>(string_member(options, name)).value_or(fallback);
}

template <class = void>
[[nodiscard]] std::optional<std::string> if_match_option(const nlohmann::json& options) {
    const nlohmann::json* value = member_or_null(options, "if_match");
    if (value == nullptr) {
        return std::nullopt;
    }
    return value->is_string() ? value->get<std::string>() : value->dump();
}

}  // namespace detail

/// The problems that keep `operation` (a case of FORMAT.md, or a batch line: the
/// same members without `id` and `expect`) from running; empty when it can run.
template <class = void>
[[nodiscard]] std::vector<std::string> operation_format_problems(const nlohmann::json& operation) {
    std::vector<std::string> problems;
    detail::check_case_format(operation, 0, problems, false);
    return problems;
}

/// True for the ops that take a stored entity and a request (not the two look-ups).
template <class = void>
[[nodiscard]] bool is_entity_operation(std::string_view op) {
    return detail::is_entity_op(op);
}

/// The options a case (or batch line) names for each operation: FORMAT.md's
/// `options`, and `user_id` for PUT. Anything absent or unknown keeps its default.
template <class = void>
[[nodiscard]] patch_options patch_options_of(const nlohmann::json& c) {
    patch_options options;
    const nlohmann::json& named = detail::options_member(c);
    options.attributes = detail::option_or(named, "attribute_merge", attribute_merge::deep);
    options.read_only = detail::option_or(named, "read_only", read_only_policy::ignore);
    options.if_match = detail::if_match_option(named);
    return options;
}

template <class = void>
[[nodiscard]] put_options put_options_of(const nlohmann::json& c) {
    put_options options;
    const nlohmann::json& named = detail::options_member(c);
    options.read_only = detail::option_or(named, "read_only", read_only_policy::ignore);
    options.if_match = detail::if_match_option(named);
    const nlohmann::json* user_id = detail::member_or_null(c, "user_id");
    if (user_id != nullptr && !user_id->is_null()) {
        options.path_user_id = scalar_id_text(*user_id).value_or(user_id->dump());
    }
    return options;
}

template <class = void>
[[nodiscard]] end_user_options end_user_options_of(const nlohmann::json& c) {
    end_user_options options;
    const nlohmann::json& named = detail::options_member(c);
    options.read_only = detail::option_or(named, "read_only", read_only_policy::ignore);
    options.privileged_fields =
        detail::option_or(named, "privileged_fields", privileged_fields_policy::ignore);
    options.if_match = detail::if_match_option(named);
    return options;
}

namespace detail {
// The entity operation `c` describes, on `stored` (taken over, never copied).
template <class = void>
[[nodiscard]] operation_result run_entity_operation_on(nlohmann::json stored,
                                                       const nlohmann::json& c) {
    // Views into `c`, which the format check has vetted (a batch line runs this).
    const std::string_view op = string_member(c, "op");
    const nlohmann::json* const request_member = member_or_null(c, "request");
    const nlohmann::json& request = request_member != nullptr ? *request_member : null_json();
    const context ctx{string_member(c, "now"), string_member(c, "new_id")};
    if (op == "patch_profile") {
        const patch_options options = patch_options_of(c);
        if (const auto* query = member_or_null(c, "query"); query && query->is_string()) {
            return patch_profile_by_query(std::move(stored), query->get_ref<const std::string&>(),
                                          request, ctx, options);
        }
        return patch_profile(std::move(stored), request, ctx, options);
    }
    if (op == "update_end_user") {
        return update_end_user(std::move(stored), request, ctx, end_user_options_of(c));
    }
    const put_options options = put_options_of(c);
    if (op == "put_profile") {
        return put_profile(std::move(stored), string_member(c, "query"), request, ctx, options);
    }
    return put_profile_by_id(std::move(stored), request, ctx, options);
}
}  // namespace detail

/// Runs the entity operation an operation object describes (op, stored, request,
/// now, new_id, query, user_id, options). Requires operation_format_problems to
/// be empty and `op` to be an entity op.
template <class = void>
[[nodiscard]] operation_result run_entity_operation(const nlohmann::json& c) {
    return detail::run_entity_operation_on(c["stored"], c);
}

/// As above, taking the operation over: its stored entity is moved, not copied.
template <class = void>
[[nodiscard]] operation_result run_entity_operation(nlohmann::json&& c) {
    nlohmann::json stored = std::move(c["stored"]);
    return detail::run_entity_operation_on(std::move(stored), c);
}

namespace detail {

// A multiset comparison of two arrays of JSON values (effects).
template <class = void>
[[nodiscard]] bool same_multiset(nlohmann::json a, nlohmann::json b) {
    if (!a.is_array() || !b.is_array() || a.size() != b.size()) {
        return false;
    }
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}

template <class = void>
void compare_errors(const nlohmann::json& expected, const std::vector<error>& actual,
                    std::vector<std::string>& failures) {
    if (!expected.is_array()) {
        failures.push_back("expect.errors must be an array");
        return;
    }
    for (const auto& want : expected) {
        const std::string code(string_member(want, "code"));
        const auto pointer = want.find("pointer");
        const bool found = std::any_of(actual.begin(), actual.end(), [&](const error& e) {
            return to_string(e.code) == code &&
                   (pointer == want.end() || (pointer->is_string() && e.pointer == *pointer));
        });
        if (!found) {
            nlohmann::json got = nlohmann::json::array();
            for (const error& e : actual) {
                got.push_back(to_json(e));
            }
            failures.push_back(fmt::format("errors: expected one like {}, got {}",
                                           dump_compact(want), dump_compact(got)));
        }
    }
}

template <class = void>
void compare_entity_result(const nlohmann::json& expect, const operation_result& r,
                           std::vector<std::string>& failures) {
    const std::string entity_name(r.entity_name());
    if (const auto want = expect.find(entity_name); want != expect.end()) {
        if (*want != r.entity) {
            failures.push_back(fmt::format("{}: differs; JSON Patch from expected to actual: {}",
                                           entity_name,
                                           dump_compact(nlohmann::json::diff(*want, r.entity))));
        }
    }
    if (const auto want = expect.find("effects"); want != expect.end()) {
        nlohmann::json got = nlohmann::json::array();
        for (const effect& e : r.effects) {
            got.push_back(to_json(e));
        }
        if (!same_multiset(*want, got)) {
            failures.push_back(fmt::format("effects: expected {}, got {}", dump_compact(*want),
                                           dump_compact(got)));
        }
    }
    if (const auto want = expect.find("ignored"); want != expect.end()) {
        std::vector<std::string> expected_pointers;
        for (const auto& pointer : *want) {
            expected_pointers.push_back(pointer.is_string() ? pointer.get<std::string>()
                                                            : dump_compact(pointer));
        }
        std::vector<std::string> got;
        for (const ignored_member& i : r.ignored) {
            got.push_back(i.pointer);
        }
        std::sort(expected_pointers.begin(), expected_pointers.end());
        expected_pointers.erase(std::unique(expected_pointers.begin(), expected_pointers.end()),
                                expected_pointers.end());
        std::sort(got.begin(), got.end());
        got.erase(std::unique(got.begin(), got.end()), got.end());
        if (expected_pointers != got) {
            failures.push_back(fmt::format("ignored: expected {}, got {}",
                                           dump_compact(expected_pointers), dump_compact(got)));
        }
    }
    if (const auto want = expect.find("errors"); want != expect.end()) {
        compare_errors(*want, r.errors, failures);
    }
}

}  // namespace detail

/// Runs one case (an object in the format) and compares every member its
/// `expect` names. The case must be well-formed (see run_conformance).
template <class = void>
[[nodiscard]] conformance_case_result run_conformance_case(const nlohmann::json& c) {
    conformance_case_result result;
    result.id = detail::string_member(c, "id");
    const nlohmann::json& expect = c["expect"];
    const std::string op = c["op"].get<std::string>();
    const std::string want_outcome = expect["outcome"].get<std::string>();
    auto& failures = result.failures;
    const auto check_outcome = [&](std::string_view got) {
        if (got != want_outcome) {
            failures.push_back(
                fmt::format("outcome: expected \"{}\", got \"{}\"", want_outcome, got));
        }
    };
    try {
        if (detail::is_entity_op(op)) {
            const operation_result r = run_entity_operation(c);
            check_outcome(to_string(r.outcome));
            if (const auto status = expect.find("status");
                status != expect.end() && *status != r.status()) {
                failures.push_back(
                    fmt::format("status: expected {}, got {}", status->dump(), r.status()));
            }
            detail::compare_entity_result(expect, r, failures);
        } else if (op == "parse_identifier_query") {
            const query_parse_result parsed = parse_identifier_query(c["query"].get<std::string>());
            check_outcome(parsed.ok() ? "ok" : "invalid");
            if (const auto want = expect.find("query"); want != expect.end() && parsed.ok()) {
                const nlohmann::json got = to_json(*parsed.query);
                if (*want != got) {
                    failures.push_back(fmt::format("query: expected {}, got {}",
                                                   detail::dump_compact(*want),
                                                   detail::dump_compact(got)));
                }
            }
            if (const auto want = expect.find("errors"); want != expect.end()) {
                detail::compare_errors(*want, parsed.errors, failures);
            }
        } else {  // derive_profile_name
            const std::optional<std::string> name = derive_profile_name(c["identifiers"]);
            check_outcome("ok");
            if (const auto want = expect.find("name"); want != expect.end()) {
                const nlohmann::json got = name ? nlohmann::json(*name) : nlohmann::json();
                if (*want != got) {
                    failures.push_back(fmt::format("name: expected {}, got {}",
                                                   detail::dump_compact(*want),
                                                   detail::dump_compact(got)));
                }
            }
        }
    } catch (const std::exception& e) {  // a vector's inputs of the wrong shape
        failures.push_back(fmt::format("exception: {}", e.what()));
    }
    return result;
}

/// Runs a document `{"cases": [...]}`. When the document is not in the format,
/// `format_errors` says why and no case runs.
template <class = void>
[[nodiscard]] conformance_report run_conformance(const nlohmann::json& document) {
    conformance_report report;
    const auto cases = document.is_object() ? document.find("cases") : document.end();
    if (!document.is_object() || cases == document.end() || !cases->is_array()) {
        report.format_errors.push_back("the document must be an object with a `cases` array");
        return report;
    }
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < cases->size(); ++i) {
        detail::check_case_format((*cases)[i], i, report.format_errors);
        if ((*cases)[i].is_object()) {
            ids.emplace_back(detail::string_member((*cases)[i], "id"));
        }
    }
    std::sort(ids.begin(), ids.end());
    if (const auto twin = std::adjacent_find(ids.begin(), ids.end()); twin != ids.end()) {
        report.format_errors.push_back(fmt::format("case id `{}` is not unique", *twin));
    }
    if (!report.format_errors.empty()) {
        return report;
    }
    for (const auto& c : *cases) {
        report.cases.push_back(run_conformance_case(c));
    }
    return report;
}

}  // namespace v1
}  // namespace profile_merge
