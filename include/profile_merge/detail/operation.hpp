// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <array>
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
#include "profile_merge/normalize.hpp"
#include "profile_merge/options.hpp"
#include "profile_merge/result.hpp"

// Steps every operation takes, whatever its entity: G1, G3, G10.
namespace profile_merge {
inline namespace v1 {
namespace detail {

// Shared empty values, so that "no such member" can be passed by reference. A
// conditional such as `found ? stored : nlohmann::json()` is a prvalue and would
// deep-copy `stored`; `found ? stored : null_json()` is an lvalue and copies nothing.
template <class = void>
[[nodiscard]] const nlohmann::json& null_json() {
    static const nlohmann::json value;
    return value;
}
template <class = void>
[[nodiscard]] const nlohmann::json& empty_object() {
    static const nlohmann::json value = nlohmann::json::object();
    return value;
}

// G4: entity[key] = text, reusing the old string's buffer (updated_at on every write).
// `member` is the entity's member `key`, or nullptr when it has none.
template <class = void>
void assign_text(nlohmann::json& entity, nlohmann::json* member, std::string_view key,
                 std::string_view text) {
    if (member != nullptr && member->is_string()) {
        member->get_ptr<std::string*>()->assign(text.data(), text.size());
    } else {
        entity[std::string(key)] = text;
    }
}

// G1: the inner object of `{"<envelope>": {...}}`, or nullptr with the error recorded.
template <class = void>
[[nodiscard]] const nlohmann::json* open_envelope(const nlohmann::json& request,
                                                  std::string_view envelope, diagnostics& found) {
    if (!request.is_object()) {
        found.fail(error_code::invalid_envelope, "",
                   "The request body must be a JSON object such as {{\"{}\": {{...}}}}, not {}.",
                   envelope, json_type_name(request));
        return nullptr;
    }
    const auto* inner = member_or_null(request, envelope);
    if (inner == nullptr || !inner->is_object()) {
        found.fail(error_code::invalid_envelope, pointer_append("", envelope),
                   "The request body must hold its fields in an object named \"{}\"; {}.", envelope,
                   inner == nullptr ? std::string("it is missing")
                                    : format_message("it is {}", json_type_name(*inner)));
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
template <class = void>
[[nodiscard]] bool check_if_match(const std::optional<std::string>& if_match,
                                  const nlohmann::json& stored, diagnostics& found) {
    if (!if_match || if_match_allows(*if_match, stored)) {
        return true;
    }
    found.fail_parameter(error_code::precondition_failed, "If-Match", "{}",
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
template <class = void>
void check_context(const context& ctx, bool may_create, diagnostics& found) {
    if (!is_rfc3339_utc(ctx.now)) {
        found.fail_unplaced(error_code::invalid_context,
                            "The server's current time must be an RFC 3339 UTC time such as "
                            "2020-03-11T01:20:28Z; it is \"{}\".",
                            to_well_formed_utf8(ctx.now.substr(0, 64)));
    }
    if (may_create && (ctx.new_id.empty() || !is_control_free_text(ctx.new_id))) {
        found.fail_unplaced(error_code::invalid_context,
                            "The server's new profile id must be a non-empty string without "
                            "control characters.");
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

// The members a G13 walk found, one per row of its rules (null when absent or null).
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
    stored_members<N> members{};
    if (!stored.is_object()) {
        found.fail_unplaced(error_code::invalid_stored_entity,
                            "The stored {} is {}, not an object.", entity, json_type_name(stored));
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
                return value.is_array() &&
                       (!elements ||
                        std::all_of(
                            value.template get_ref<const nlohmann::json::array_t&>().begin(),
                            value.template get_ref<const nlohmann::json::array_t&>().end(),
                            [](const nlohmann::json& id) {
                                return identifier_parts(id).first != nullptr;
                            }));
        }
        return false;
    };
    // One walk of the entity's members, each matched against the rows.
    for (const auto& [name, value] : stored.get_ref<const nlohmann::json::object_t&>()) {
        std::size_t row = 0;
        while (row < N && compare_keys(rules[row].name, name) != 0) {
            ++row;
        }
        if (row == N || value.is_null()) {
            continue;
        }
        members[row] = &value;
        if (!fits(rules[row].kind, value)) {
            found.fail_unplaced(error_code::invalid_stored_entity,
                                "The stored {}'s `{}` cannot be read: it must be {}.", entity,
                                rules[row].name, stored_kind_name(rules[row].kind));
        }
    }
    for (std::size_t row = 0; row < N; ++row) {
        if (rules[row].required && members[row] == nullptr) {
            found.fail_unplaced(error_code::invalid_stored_entity, "The stored {} has no `{}`.",
                                entity, rules[row].name);
        }
    }
    return members;
}

// G4, P8: updated_at is `now` when the entity changed or an effect was emitted.
template <class = void>
[[nodiscard]] outcome finish_update(nlohmann::json& entity, std::string_view now,
                                    bool effects_emitted, entity_editor& editor) {
    if (!editor.changed() && !effects_emitted) {
        return outcome::unchanged;
    }
    if (nlohmann::json* updated_at = member_or_null(entity, "updated_at")) {
        editor.replace_value(*updated_at, now);  // bookkeeping, not reported (G4)
    } else {
        editor.add(entity, "updated_at", now);
    }
    return outcome::updated;
}

// G3: applies a decided operation to the entity that `r` now holds. When memory runs
// out part-way, every write is undone and the entity goes back to `stored`, where
// the caller handed it over; then the bad_alloc goes on.
template <class Stored, class Apply>
void apply_or_restore(Stored&& stored, operation_result& r, entity_editor& editor, Apply apply) {
    try {
        apply();
    } catch (...) {
        editor.rollback();
        if constexpr (!std::is_lvalue_reference_v<Stored>) {
            stored = std::move(r.entity);
        }
        throw;
    }
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
