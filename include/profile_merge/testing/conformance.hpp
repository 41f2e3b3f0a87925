// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

// Opt-in, outside the umbrella: it sees the library only through it, so that the
// single header and this file are all a user of the single header needs.
#include "profile_merge/detail/compact_json.hpp"
#include "profile_merge/detail/json_value.hpp"
#include "profile_merge/detail/member_lookup.hpp"
#include "profile_merge/detail/message.hpp"
#include "profile_merge/profile_merge.hpp"

// Runs conformance vectors (docs/conformance.md): language-neutral cases, each an
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

// A member's text (a view into it), or "" when it is absent or not a string
// (json::value would throw).
[[nodiscard]] inline std::string_view string_or_empty(const nlohmann::json* member) {
    return member != nullptr && member->is_string()
               ? std::string_view(member->get_ref<const std::string&>())
               : std::string_view();
}

[[nodiscard]] inline std::string_view string_member(const nlohmann::json& object,
                                                    std::string_view name) {
    return string_or_empty(member_or_null(object, name));
}

// The members of an operation (a case of docs/conformance.md, or a batch line) that its
// format check and its run read: views into the object, null when absent.
struct operation_members {
    const nlohmann::json* expect = nullptr;
    const nlohmann::json* id = nullptr;
    const nlohmann::json* identifiers = nullptr;
    const nlohmann::json* new_id = nullptr;
    const nlohmann::json* now = nullptr;
    const nlohmann::json* op = nullptr;
    const nlohmann::json* options = nullptr;
    const nlohmann::json* policy = nullptr;
    const nlohmann::json* query = nullptr;
    const nlohmann::json* request = nullptr;
    const nlohmann::json* stored = nullptr;
    const nlohmann::json* user_id = nullptr;
};

// Their names: a plain array of a plain struct, which instantiates nothing on
// nlohmann::json where it is only included.
struct operation_member_name {
    std::string_view name;
    const nlohmann::json* operation_members::*member;
};
inline constexpr operation_member_name operation_member_names[] = {
    {"expect", &operation_members::expect},
    {"id", &operation_members::id},
    {"identifiers", &operation_members::identifiers},
    {"new_id", &operation_members::new_id},
    {"now", &operation_members::now},
    {"op", &operation_members::op},
    {"options", &operation_members::options},
    {"policy", &operation_members::policy},
    {"query", &operation_members::query},
    {"request", &operation_members::request},
    {"stored", &operation_members::stored},
    {"user_id", &operation_members::user_id},
};

// Finds them in one walk of the object, each member's name matched against the
// table: a batch line has about 15 of them, and one descent of the map each would
// be most of what the batch costs beyond parsing and writing.
[[nodiscard]] inline operation_members read_operation_members(const nlohmann::json& operation) {
    operation_members found;
    if (!operation.is_object()) {
        return found;
    }
    for (const auto& [name, value] : operation.get_ref<const nlohmann::json::object_t&>()) {
        for (const operation_member_name& wanted : operation_member_names) {
            if (wanted.name == name) {
                found.*(wanted.member) = &value;
                break;
            }
        }
    }
    return found;
}

[[nodiscard]] inline bool is_entity_op(std::string_view op) {
    return op == "patch_profile" || op == "put_profile" || op == "put_profile_by_id" ||
           op == "update_end_user";
}

// The members a case must have, with the JSON type each must be; problems are
// format errors, reported with the case's position.
inline void check_case_format(const nlohmann::json& c, std::size_t index,
                              std::vector<std::string>& problems, bool needs_expect = true) {
    if (!c.is_object()) {
        problems.push_back(
            detail::format_message(PROFILE_MERGE_PATTERN("case {} is not an object"), index));
        return;
    }
    const operation_members m = read_operation_members(c);
    const auto where = [&] {
        return m.id != nullptr && m.id->is_string()
                   ? detail::format_message(PROFILE_MERGE_PATTERN("case {} ({})"), index,
                                            m.id->get<std::string>())
                   : detail::format_message(PROFILE_MERGE_PATTERN("case {}"), index);
    };
    // Whether the member is there with the type; if not, the problem is recorded.
    const auto require = [&](const nlohmann::json* value, std::string_view member,
                             bool (nlohmann::json::*is)() const noexcept, std::string_view type) {
        if (value == nullptr || !(value->*is)()) {
            problems.push_back(detail::format_message(PROFILE_MERGE_PATTERN("{}: `{}` must be {}"),
                                                      where(), member, type));
            return false;
        }
        return true;
    };
    if (needs_expect) {
        require(m.id, "id", &nlohmann::json::is_string, "a string");
    }
    if (!require(m.op, "op", &nlohmann::json::is_string, "a string")) {
        return;
    }
    const std::string_view op = m.op->get_ref<const std::string&>();
    if (std::find(conformance_ops.begin(), conformance_ops.end(), op) == conformance_ops.end()) {
        problems.push_back(
            detail::format_message(PROFILE_MERGE_PATTERN("{}: unknown op `{}`"), where(), op));
        return;
    }
    if (needs_expect && require(m.expect, "expect", &nlohmann::json::is_object, "an object")) {
        const auto outcome = m.expect->find("outcome");
        if (outcome == m.expect->end() || !outcome->is_string()) {
            problems.push_back(detail::format_message(
                PROFILE_MERGE_PATTERN("{}: `expect.outcome` must be a string"), where()));
        }
    }
    if (is_entity_op(op)) {
        if (m.request == nullptr) {  // any JSON value: a string or null tests G1
            problems.push_back(detail::format_message(
                PROFILE_MERGE_PATTERN("{}: `request` is required"), where()));
        }
        require(m.now, "now", &nlohmann::json::is_string, "a string");
        if (m.stored == nullptr) {
            problems.push_back(detail::format_message(
                PROFILE_MERGE_PATTERN("{}: `stored` is required (null when none)"), where()));
        }
    }
    if (op == "put_profile" || op == "parse_identifier_query") {
        require(m.query, "query", &nlohmann::json::is_string, "a string");
    }
    if (op == "put_profile") {
        require(m.new_id, "new_id", &nlohmann::json::is_string, "a string");
    }
    if (m.user_id != nullptr && !m.user_id->is_null() && !m.user_id->is_string() &&
        !m.user_id->is_number_integer()) {  // a path segment: text, or an id as a number
        problems.push_back(detail::format_message(
            PROFILE_MERGE_PATTERN("{}: `user_id` must be a string or an integer"), where()));
    }
    if (op == "derive_profile_name" && m.identifiers == nullptr) {
        problems.push_back(detail::format_message(
            PROFILE_MERGE_PATTERN("{}: `identifiers` is required"), where()));
    }
    if (m.policy != nullptr) {  // PL1: a policy that does not load is no case
        if (op != "patch_profile" && op != "put_profile" && op != "put_profile_by_id") {
            problems.push_back(detail::format_message(
                PROFILE_MERGE_PATTERN("{}: `policy` is for the profile operations"), where()));
        } else {
            try {
                (void)load_policy(*m.policy);
            } catch (const policy_error& e) {
                for (const policy_problem& p : e.errors()) {
                    problems.push_back(detail::format_message(
                        PROFILE_MERGE_PATTERN("{}: policy{}: {}"), where(), p.pointer, p.message));
                }
            }
        }
    }
    if (const nlohmann::json* options = m.options) {
        if (!options->is_object()) {
            problems.push_back(detail::format_message(
                PROFILE_MERGE_PATTERN("{}: `options` must be an object"), where()));
            return;
        }
        for (auto option = options->cbegin(); option != options->cend(); ++option) {
            const std::string& name = option.key();
            const bool known_choice =
                (option->is_string() &&
                 ((name == "attribute_merge" &&
                   option_from_string<attribute_merge>(option->get<std::string>())) ||
                  (name == "read_only" &&
                   option_from_string<read_only_policy>(option->get<std::string>())) ||
                  (name == "privileged_fields" &&
                   option_from_string<privileged_fields_policy>(option->get<std::string>())) ||
                  name == "if_match")) ||
                (name == "trusted" && option->is_boolean());
            if (!known_choice) {
                problems.push_back(detail::format_message(
                    PROFILE_MERGE_PATTERN(
                        "{}: option `{}` = {} is not one docs/conformance.md knows"),
                    where(), name, option->dump()));
            }
        }
    }
}

// An operation's `options` member, or null.
[[nodiscard]] inline const nlohmann::json& options_member(const operation_members& m) {
    return m.options != nullptr ? *m.options : null_json();
}

// A choice among a case's `options`, or `fallback` when it is absent or not one
// docs/conformance.md names.
template <class Policy>
[[nodiscard]] Policy option_or(const nlohmann::json& options, std::string_view name,
                               Policy fallback) {
    return option_from_string<Policy>(string_member(options, name)).value_or(fallback);
}

[[nodiscard]] inline std::optional<std::string> if_match_option(const nlohmann::json& options) {
    const nlohmann::json* value = member_or_null(options, "if_match");
    if (value == nullptr) {
        return std::nullopt;
    }
    return value->is_string() ? value->get<std::string>() : value->dump();
}

// PL2: `options.trusted`.
[[nodiscard]] inline bool trusted_option(const nlohmann::json& options) {
    const nlohmann::json* value = member_or_null(options, "trusted");
    return value != nullptr && value->is_boolean() && value->get<bool>();
}

// The case's own `policy`, which wins over `fallback` (the CLI's --policy).
[[nodiscard]] inline policy policy_of(const operation_members& m, const policy& fallback) {
    return m.policy != nullptr ? load_policy(*m.policy) : fallback;
}

[[nodiscard]] inline patch_options patch_options_from(const operation_members& m,
                                                      const policy& fallback = {}) {
    patch_options options;
    const nlohmann::json& named = options_member(m);
    options.attributes = option_or(named, "attribute_merge", attribute_merge::deep);
    options.read_only = option_or(named, "read_only", read_only_policy::ignore);
    options.if_match = if_match_option(named);
    options.trusted = trusted_option(named);
    options.policy = policy_of(m, fallback);
    return options;
}

[[nodiscard]] inline put_options put_options_from(const operation_members& m,
                                                  const policy& fallback = {}) {
    put_options options;
    const nlohmann::json& named = options_member(m);
    options.read_only = option_or(named, "read_only", read_only_policy::ignore);
    options.if_match = if_match_option(named);
    options.trusted = trusted_option(named);
    options.policy = policy_of(m, fallback);
    if (m.user_id != nullptr && !m.user_id->is_null()) {
        options.path_user_id = scalar_id_text(*m.user_id).value_or(std::string());
    }
    return options;
}

[[nodiscard]] inline end_user_options end_user_options_from(const operation_members& m) {
    end_user_options options;
    const nlohmann::json& named = options_member(m);
    options.read_only = option_or(named, "read_only", read_only_policy::ignore);
    options.privileged_fields =
        option_or(named, "privileged_fields", privileged_fields_policy::ignore);
    options.if_match = if_match_option(named);
    return options;
}

}  // namespace detail

/// The problems that keep `operation` (a case of docs/conformance.md, or a batch line: the
/// same members without `id` and `expect`) from running; empty when it can run.
[[nodiscard]] inline std::vector<std::string> operation_format_problems(
    const nlohmann::json& operation) {
    std::vector<std::string> problems;
    detail::check_case_format(operation, 0, problems, false);
    return problems;
}

/// True for the ops that take a stored entity and a request (not the two look-ups).
[[nodiscard]] inline bool is_entity_operation(std::string_view op) {
    return detail::is_entity_op(op);
}

/// The options a case (or batch line) names for each operation: docs/conformance.md's
/// `options`, and `user_id` for PUT. Anything absent or unknown keeps its default.
[[nodiscard]] inline patch_options patch_options_of(const nlohmann::json& c) {
    return detail::patch_options_from(detail::read_operation_members(c));
}

[[nodiscard]] inline put_options put_options_of(const nlohmann::json& c) {
    return detail::put_options_from(detail::read_operation_members(c));
}

[[nodiscard]] inline end_user_options end_user_options_of(const nlohmann::json& c) {
    return detail::end_user_options_from(detail::read_operation_members(c));
}

namespace detail {
// The entity operation `m` describes, on `stored` (taken over, never copied).
// `m` views an operation the format check has vetted (a batch line runs this).
[[nodiscard]] inline operation_result run_entity_operation_on(nlohmann::json stored,
                                                              const operation_members& m,
                                                              const policy& fallback = {}) {
    const std::string_view op = string_or_empty(m.op);
    const nlohmann::json& request = m.request != nullptr ? *m.request : null_json();
    const context ctx{std::string(string_or_empty(m.now)), std::string(string_or_empty(m.new_id))};
    if (op == "patch_profile") {
        const patch_options options = patch_options_from(m, fallback);
        if (m.query != nullptr && m.query->is_string()) {
            return patch_profile_by_query(std::move(stored), m.query->get_ref<const std::string&>(),
                                          request, ctx, options);
        }
        return patch_profile_by_id(std::move(stored), request, ctx, options);
    }
    if (op == "update_end_user") {
        return update_end_user(std::move(stored), request, ctx, end_user_options_from(m));
    }
    const put_options options = put_options_from(m, fallback);
    if (op == "put_profile") {
        return put_profile_by_query(std::move(stored), string_or_empty(m.query), request, ctx,
                                    options);
    }
    return put_profile_by_id(std::move(stored), request, ctx, options);
}
}  // namespace detail

/// Runs the entity operation an operation object describes (op, stored, request,
/// now, new_id, query, user_id, options, policy). Requires operation_format_problems
/// to be empty and `op` to be an entity op. `fallback` is the policy of a profile
/// operation that names none.
[[nodiscard]] inline operation_result run_entity_operation(const nlohmann::json& c,
                                                           const policy& fallback = {}) {
    const detail::operation_members m = detail::read_operation_members(c);
    return detail::run_entity_operation_on(m.stored != nullptr ? *m.stored : nlohmann::json(), m,
                                           fallback);
}

/// As above, taking the operation over: its stored entity is moved, not copied.
[[nodiscard]] inline operation_result run_entity_operation(nlohmann::json&& c,
                                                           const policy& fallback = {}) {
    nlohmann::json* const stored = detail::member_or_null(c, "stored");
    nlohmann::json taken = stored != nullptr ? std::move(*stored) : nlohmann::json();
    return detail::run_entity_operation_on(std::move(taken), detail::read_operation_members(c),
                                           fallback);
}

namespace detail {

// A multiset comparison of two arrays of JSON values (effects).
[[nodiscard]] inline bool same_multiset(nlohmann::json a, nlohmann::json b) {
    if (!a.is_array() || !b.is_array() || a.size() != b.size()) {
        return false;
    }
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}

inline void compare_errors(const nlohmann::json& expected, const std::vector<error>& actual,
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
                   (pointer == want.end() ||
                    (pointer->is_string() && e.pointer() == pointer->get<std::string>()));
        });
        if (!found) {
            nlohmann::json got = nlohmann::json::array();
            for (const error& e : actual) {
                got.push_back(to_json(e));
            }
            failures.push_back(detail::format_message(
                PROFILE_MERGE_PATTERN("errors: expected one like {}, got {}"), dump_compact(want),
                dump_compact(got)));
        }
    }
}

inline void compare_entity_result(const nlohmann::json& expect, const operation_result& r,
                                  std::vector<std::string>& failures) {
    const std::string entity_name(r.entity_name());
    if (const auto want = expect.find(entity_name); want != expect.end()) {
        if (*want != r.entity) {
            failures.push_back(detail::format_message(
                PROFILE_MERGE_PATTERN("{}: differs; JSON Patch from expected to actual: {}"),
                entity_name, dump_compact(nlohmann::json::diff(*want, r.entity))));
        }
    }
    if (const auto want = expect.find("effects"); want != expect.end()) {
        nlohmann::json got = nlohmann::json::array();
        for (const effect& e : r.effects) {
            got.push_back(to_json(e));
        }
        if (!same_multiset(*want, got)) {
            failures.push_back(
                detail::format_message(PROFILE_MERGE_PATTERN("effects: expected {}, got {}"),
                                       dump_compact(*want), dump_compact(got)));
        }
    }
    if (const auto want = expect.find("ignored"); want != expect.end()) {
        std::vector<std::string> expected_pointers;
        for (const auto& pointer : *want) {
            if (pointer.is_object()) {  // {pointer, reason}: the reason is checked too
                const std::string_view at = string_member(pointer, "pointer");
                const std::string_view reason = string_member(pointer, "reason");
                expected_pointers.emplace_back(at);
                const bool found =
                    std::any_of(r.ignored.begin(), r.ignored.end(), [&](const ignored_member& i) {
                        return i.pointer == at && to_string(i.reason) == reason;
                    });
                if (!found) {
                    failures.push_back(detail::format_message(
                        PROFILE_MERGE_PATTERN("ignored: expected {} with reason \"{}\""), at,
                        reason));
                }
                continue;
            }
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
            failures.push_back(
                detail::format_message(PROFILE_MERGE_PATTERN("ignored: expected {}, got {}"),
                                       dump_compact(expected_pointers), dump_compact(got)));
        }
    }
    if (const auto want = expect.find("changes"); want != expect.end()) {  // R1
        nlohmann::json got = nlohmann::json::array();
        for (const change_view c : r.changes) {
            got.push_back({{"op", to_string(c.op)}, {"path", c.path}});
        }
        if (!same_multiset(*want, got)) {
            failures.push_back(
                detail::format_message(PROFILE_MERGE_PATTERN("changes: expected {}, got {}"),
                                       dump_compact(*want), dump_compact(got)));
        }
    }
    if (const auto want = expect.find("errors"); want != expect.end()) {
        compare_errors(*want, r.errors, failures);
    }
}

}  // namespace detail

/// Runs one case (an object in the format) and compares every member its
/// `expect` names. The case must be well-formed (see run_conformance).
[[nodiscard]] inline conformance_case_result run_conformance_case(const nlohmann::json& c,
                                                                  const policy& fallback = {}) {
    conformance_case_result result;
    result.id = detail::string_member(c, "id");
    const nlohmann::json& expect = c["expect"];
    const std::string op = c["op"].get<std::string>();
    const std::string want_outcome = expect["outcome"].get<std::string>();
    auto& failures = result.failures;
    const auto check_outcome = [&](std::string_view got) {
        if (got != want_outcome) {
            failures.push_back(detail::format_message(
                PROFILE_MERGE_PATTERN("outcome: expected \"{}\", got \"{}\""), want_outcome, got));
        }
    };
    try {
        if (detail::is_entity_op(op)) {
            const operation_result r = run_entity_operation(c, fallback);
            check_outcome(to_string(r.outcome));
            if (const auto status = expect.find("status");
                status != expect.end() && *status != r.status()) {
                failures.push_back(
                    detail::format_message(PROFILE_MERGE_PATTERN("status: expected {}, got {}"),
                                           status->dump(), r.status()));
            }
            detail::compare_entity_result(expect, r, failures);
        } else if (op == "parse_identifier_query") {
            const query_parse_result parsed = parse_identifier_query(c["query"].get<std::string>());
            check_outcome(parsed.ok() ? "ok" : "invalid");
            if (const auto want = expect.find("query"); want != expect.end() && parsed.ok()) {
                const nlohmann::json got = to_json(*parsed.query);
                if (*want != got) {
                    failures.push_back(detail::format_message(
                        PROFILE_MERGE_PATTERN("query: expected {}, got {}"),
                        detail::dump_compact(*want), detail::dump_compact(got)));
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
                    failures.push_back(detail::format_message(
                        PROFILE_MERGE_PATTERN("name: expected {}, got {}"),
                        detail::dump_compact(*want), detail::dump_compact(got)));
                }
            }
        }
    } catch (const std::exception& e) {  // a vector's inputs of the wrong shape
        failures.push_back(
            detail::format_message(PROFILE_MERGE_PATTERN("exception: {}"), e.what()));
    }
    return result;
}

/// Runs a document `{"cases": [...]}`. When the document is not in the format,
/// `format_errors` says why and no case runs. A profile case without a `policy` of
/// its own runs under `fallback`.
[[nodiscard]] inline conformance_report run_conformance(const nlohmann::json& document,
                                                        const policy& fallback = {}) {
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
        report.format_errors.push_back(
            detail::format_message(PROFILE_MERGE_PATTERN("case id `{}` is not unique"), *twin));
    }
    if (!report.format_errors.empty()) {
        return report;
    }
    for (const auto& c : *cases) {
        report.cases.push_back(run_conformance_case(c, fallback));
    }
    return report;
}

}  // namespace v1
}  // namespace profile_merge
