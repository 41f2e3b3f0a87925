// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <array>
#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/diagnostics.hpp"
#include "profile_merge/detail/entity_editor.hpp"
#include "profile_merge/detail/json_value.hpp"
#include "profile_merge/detail/member_lookup.hpp"
#include "profile_merge/detail/text.hpp"
#include "profile_merge/etag.hpp"
#include "profile_merge/impl/normalize.ipp"
#include "profile_merge/normalize.hpp"
#include "profile_merge/options.hpp"
#include "profile_merge/result.hpp"

// Steps every operation takes, whatever its entity: G1, G3, G10.
namespace profile_merge {
inline namespace v1 {
namespace detail {

// G1: the inner object of `{"<envelope>": {...}}`, or nullptr with the error recorded.
[[nodiscard]] inline const nlohmann::json* open_envelope(const nlohmann::json& request,
                                                         std::string_view envelope,
                                                         diagnostics& found) {
    if (!request.is_object()) {
        found.fail(
            error_code::invalid_envelope, "",
            PROFILE_MERGE_PATTERN(
                "The request body must be a JSON object such as {{\"{}\": {{...}}}}, not {}."),
            envelope, json_type_name(request));
        return nullptr;
    }
    const auto* inner = member_or_null(request, envelope);
    if (inner == nullptr || !inner->is_object()) {
        found.fail(error_code::invalid_envelope, pointer_append("", envelope),
                   PROFILE_MERGE_PATTERN(
                       "The request body must hold its fields in an object named \"{}\"; {}."),
                   envelope,
                   inner == nullptr
                       ? std::string("it is missing")
                       : format_message(PROFILE_MERGE_PATTERN("it is {}"), json_type_name(*inner)));
        return nullptr;
    }
    if (request.size() == 1) {  // only the envelope: nothing to report
        return inner;
    }
    for (auto member = request.cbegin(); member != request.cend(); ++member) {
        if (member.key() != envelope) {
            found.ignore(pointer_append("", member.key()), ignore_reason::unknown_field);
        }
    }
    return inner;
}

// G10: a gate before anything else is looked at.
[[nodiscard]] inline bool check_if_match(const std::optional<std::string>& if_match,
                                         const nlohmann::json& stored, diagnostics& found) {
    if (!if_match || if_match_allows(*if_match, stored)) {
        return true;
    }
    found.fail_parameter(error_code::precondition_failed, "If-Match", PROFILE_MERGE_PATTERN("{}"),
                         stored.is_null()
                             ? "If-Match was given, but nothing is stored: it cannot match."
                             : "If-Match does not match the stored entity's current etag.");
    return false;
}

// The entity an operation works on: the caller's, moved, from the rvalue overloads;
// from a const&, a copy made without recursion (G13: stored data may nest deep).
template <class Stored>
[[nodiscard]] nlohmann::json take_entity(Stored&& stored) {
    if constexpr (std::is_lvalue_reference_v<Stored>) {
        return copy_json(stored);
    } else {
        return std::forward<Stored>(stored);
    }
}

// G3: a failed operation gives back the stored entity exactly as it was (copied
// without recursion from a const&: G13 allows any depth there).
template <class Stored>
[[nodiscard]] operation_result fail_with(Stored&& stored, diagnostics&& found, api which) {
    operation_result r;
    r.api = which;
    r.entity = take_entity(std::forward<Stored>(stored));
    r.outcome = found.failure_outcome();
    r.errors = std::move(found.errors);
    r.ignored = std::move(found.ignored);
    r.errors_omitted = found.errors_omitted;
    r.ignored_omitted = found.ignored_omitted;
    return r;
}

// G2 (G11 step 0): the server's own inputs. `new_id` matters when the operation
// may create (every PUT by query).
inline void check_context(const context& ctx, bool may_create, diagnostics& found) {
    if (!is_rfc3339_utc(ctx.now)) {
        found.fail_unplaced(
            error_code::invalid_context,
            PROFILE_MERGE_PATTERN("The server's current time must be an RFC 3339 UTC time such as "
                                  "2020-03-11T01:20:28Z; it is \"{}\"."),
            to_well_formed_utf8(ctx.now.substr(0, 64)));
    }
    if (may_create && (ctx.new_id.empty() || !is_control_free_text(ctx.new_id))) {
        found.fail_unplaced(
            error_code::invalid_context,
            PROFILE_MERGE_PATTERN("The server's new profile id must be a non-empty string without "
                                  "control characters."));
    }
}

// G13 (G11 step 1b): a managed member of the stored entity that the rules cannot
// read safely; `kind` says what the member may be, and null counts as absent. Depth
// is no reason to refuse: every walk over a whole entity (copy, etag, writing) is
// iterative, and the others follow the request, whose depth G9 bounds.
enum class stored_kind { string, integer_or_string, integer, object, identifier_array };

[[nodiscard]] constexpr std::string_view stored_kind_name(stored_kind kind) noexcept {
    switch (kind) {
        case stored_kind::string:
            return "a string";
        case stored_kind::integer_or_string:
            return "an integer or a string";
        case stored_kind::integer:
            return "an integer";
        case stored_kind::object:
            return "an object";
        case stored_kind::identifier_array:
            return "an array of objects with a string type and a string or integer value";
    }
    return "";
}

// One member a stored entity may have.
struct stored_member_rule {
    std::string_view name;
    stored_kind kind;
    bool required;
};

// Rows in the order of the members of an object (check_stored_entity walks both).
template <std::size_t N>
[[nodiscard]] constexpr bool in_key_order(const std::array<stored_member_rule, N>& rules) {
    for (std::size_t row = 1; row < N; ++row) {
        if (!(rules[row - 1].name < rules[row].name)) {
            return false;
        }
    }
    return true;
}

// Whether each element of an array is an object with a string type and a string or
// integer value.
[[nodiscard]] inline bool readable_identifiers(const nlohmann::json& array) {
    const auto& elements = *array.get_ptr<const nlohmann::json::array_t*>();
    return std::all_of(elements.begin(), elements.end(), [](const nlohmann::json& id) {
        return identifier_parts(id).first != nullptr;
    });
}

// G13's error for a stored member that does not fit its row.
inline void report_unreadable_member(std::string_view entity, const stored_member_rule& rule,
                                     diagnostics& found) {
    found.fail_unplaced(
        error_code::invalid_stored_entity,
        PROFILE_MERGE_PATTERN("The stored {}'s `{}` cannot be read: it must be {}."), entity,
        rule.name, stored_kind_name(rule.kind));
}

// The members a G13 walk found, one per row of its rules (nullptr when absent). A
// null member counts as absent for the checks, and is there for the writes.
template <std::size_t N>
using stored_members = std::array<const nlohmann::json*, N>;

// The row of `rules` named `name`; a name that is not a row does not compile.
template <std::size_t N>
[[nodiscard]] constexpr std::size_t row_named(const std::array<stored_member_rule, N>& rules,
                                              std::string_view name) {
    std::size_t row = 0;
    while (rules[row].name != name) {
        ++row;
    }
    return row;
}

// `elements` false leaves the elements of an identifier array to a walk of the
// caller's (matching a query reads each one anyway).
template <std::size_t N>
stored_members<N> check_stored_entity(const nlohmann::json& stored, std::string_view entity,
                                      const std::array<stored_member_rule, N>& rules,
                                      diagnostics& found, bool elements = true) {
    assert(in_key_order(rules));
    stored_members<N> members{};
    if (!stored.is_object()) {
        found.fail_unplaced(error_code::invalid_stored_entity,
                            PROFILE_MERGE_PATTERN("The stored {} is {}, not an object."), entity,
                            json_type_name(stored));
        return members;
    }
    const auto fits = [elements](stored_kind kind, const nlohmann::json& value) {
        switch (kind) {
            case stored_kind::string:
                return value.is_string();
            case stored_kind::integer_or_string:
                return value.is_string() || value.is_number_integer();
            case stored_kind::integer:
                return value.is_number_integer();
            case stored_kind::object:
                return value.is_object();
            case stored_kind::identifier_array:
                return value.is_array() && (!elements || readable_identifiers(value));
        }
        return false;
    };
    // One walk of the entity's members beside the rows, both in key order.
    std::size_t row = 0;
    for (const auto& [name, value] : *stored.get_ptr<const nlohmann::json::object_t*>()) {
        int order = -1;
        while (row < N && (order = compare_keys(rules[row].name, name)) < 0) {
            ++row;
        }
        if (row == N) {
            break;
        }
        if (order != 0) {
            continue;
        }
        members[row] = &value;
        if (!value.is_null() && !fits(rules[row].kind, value)) {
            report_unreadable_member(entity, rules[row], found);
        }
    }
    for (std::size_t required = 0; required < N; ++required) {
        if (rules[required].required &&
            (members[required] == nullptr || members[required]->is_null())) {
            found.fail_unplaced(error_code::invalid_stored_entity,
                                PROFILE_MERGE_PATTERN("The stored {} has no `{}`."), entity,
                                rules[required].name);
        }
    }
    return members;
}

// The result of a valid plan, carried out by the one writer (ARCHITECTURE: apply,
// then finish). The entity is `stored`, taken over or copied, except on a create and
// for a plan that replaces it whole (a PUT that changes it). When memory runs out part-way, every
// write is undone and the entity goes back to `stored`, where the caller handed it over (G3); then
// the bad_alloc goes on. A function of its own with one return, so that the result is built in the
// caller's return slot.
// `check_result(entity, found)` judges the result before it is kept (PL5's schema):
// when it finds errors, every write is undone and the operation fails (G3).
template <class Stored, class CheckResult>
[[nodiscard]] operation_result apply_plan(Stored&& stored, bool creating, entity_plan&& plan,
                                          diagnostics&& found, const nlohmann::json& request,
                                          const context& ctx, const report_limits& limits,
                                          api which, outcome on_change,
                                          const CheckResult& check_result) {
    operation_result r;
    r.api = which;
    const bool replaces = plan.replaces_entity();
    bool holds_stored = false;
    const auto take_stored = [&] {
        r.entity = take_entity(std::forward<Stored>(stored));
        holds_stored = true;
    };
    if (!creating && !replaces) {
        take_stored();
    }
    if constexpr (std::is_lvalue_reference_v<Stored>) {  // the plan read `stored`, not a copy
        assert(std::none_of(plan.steps.begin(), plan.steps.end(), [](const plan_step& step) {
            return step.member != nullptr || step.parent != nullptr;
        }));
        assert(plan.updated_at == nullptr);
    }
    entity_editor editor;
    try {
        for (plan_step& step : plan.steps) {
            editor.apply(r.entity, step, plan.changes);
        }
        if (!check_result(r.entity, found)) {
            editor.rollback();
            if constexpr (!std::is_lvalue_reference_v<Stored>) {
                if (holds_stored) {
                    stored = std::move(r.entity);
                }
            }
            dispose(r.entity);
            return fail_with(std::forward<Stored>(stored), std::move(found), which);
        }
        // R1: the plan's report, paths and all; R2 may allocate, so before finish's
        // unjournaled last write.
        r.changes = std::move(plan.changes);
        r.changes_coarsened = report_budget::fit(r.changes, limits, &request);
        r.outcome = editor.finish(r.entity, ctx.now, !plan.effects.empty(),
                                  creating ? outcome::created : on_change, plan.updated_at);
    } catch (...) {
        editor.rollback();
        if constexpr (!std::is_lvalue_reference_v<Stored>) {
            if (holds_stored) {
                stored = std::move(r.entity);
            }
        }
        dispose(r.entity);  // a copy, or a created entity: it goes without allocating
        throw;
    }
    r.effects = std::move(plan.effects);
    r.ignored = std::move(found.ignored);
    r.ignored_omitted = found.ignored_omitted;
    return r;
}

// G11, written once: each operation is a spec handed to it, which provides
//   which, envelope, may_create, on_change   its API, body envelope, whether it may
//                                            create, and the outcome of a change;
//   options()                                its options (report, if_match);
//   check_address(found)                     (1) the address's parameters;
//   check_stored(stored, found) -> bool      (1b) G13, and whether `stored` is the
//                                            entity addressed;
//   not_found()                              (2) the message when nothing is;
//   check_target(target, found)              (3) whether it may be changed;
//   plan(target, body, found) -> entity_plan (5) the body's decisions (target is
//                                            null on a create);
//   check_result(entity, found) -> bool      the result, before it is kept (PL5).
// The steps run in order, each only when those before found no error: (0) the
// context, (1)-(3), (4) If-Match (G10), (5) the envelope (G1) and the plan; then
// fail (G3) or apply.
template <class Spec, class Stored>
[[nodiscard]] operation_result run_operation(Spec& spec, Stored&& stored,
                                             const nlohmann::json& request, const context& ctx) {
    const auto& options = spec.options();
    diagnostics found(options.report.max_errors);
    const auto fail = [&] {
        return fail_with(std::forward<Stored>(stored), std::move(found), spec.which);
    };
    check_context(ctx, spec.may_create, found);  // (0)
    if (found.failed()) {
        return fail();
    }
    spec.check_address(found);  // (1)
    if (found.failed()) {
        return fail();
    }
    bool addressed = false;
    if (!stored.is_null()) {  // (1b)
        addressed = spec.check_stored(std::as_const(stored), found);
        if (found.failed()) {
            return fail();
        }
    }
    if (!addressed && !spec.may_create) {  // (2)
        found.fail_unplaced(error_code::not_found, PROFILE_MERGE_PATTERN("{}"), spec.not_found());
        return fail();
    }
    const nlohmann::json* target = addressed ? &std::as_const(stored) : nullptr;
    if (target != nullptr) {  // (3)
        spec.check_target(*target, found);
        if (found.failed()) {
            return fail();
        }
    }
    if (!check_if_match(options.if_match, target != nullptr ? *target : null_json(),
                        found)) {  // (4)
        return fail();
    }
    const nlohmann::json* body = open_envelope(request, spec.envelope, found);  // (5)
    entity_plan plan = body != nullptr ? spec.plan(target, *body, found) : entity_plan{};
    if (found.failed()) {
        return fail();
    }
    return apply_plan(std::forward<Stored>(stored), target == nullptr, std::move(plan),
                      std::move(found), request, ctx, options.report, spec.which, spec.on_change,
                      [&spec](const nlohmann::json& entity, diagnostics& f) {
                          return spec.check_result(entity, f);
                      });
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
