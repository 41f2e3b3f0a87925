// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/profile_rules.hpp"
#include "profile_merge/profile_fields.hpp"

namespace profile_merge {
inline namespace v1 {
namespace detail {

// What a valid PATCH will do, decided before the entity is touched (G3).
struct patch_plan {
    const nlohmann::json* name = nullptr;        // the request's name, when sent
    const nlohmann::json* attributes = nullptr;  // the request's attributes, when sent
    std::vector<identifier> to_append;           // P4
};

// Validates the whole body against the F table; reads `stored`, never writes it.
template <class = void>
[[nodiscard]] patch_plan plan_patch(const nlohmann::json& stored, const nlohmann::json& body,
                                    const patch_options& options, diagnostics& found) {
    patch_plan plan;
    std::vector<identifier> incoming;
    // Pointers are built only for what gets reported: PATCH is on every write path.
    for (const auto& [key, value] : body.get_ref<const nlohmann::json::object_t&>()) {
        const profile_field* field = find_profile_field(key);
        if (field == nullptr) {  // G5
            found.ignore(pointer_append("/profile", key), ignore_reason::unknown_field);
            continue;
        }
        switch (field->on_patch) {
            case profile_patch_rule::ignore:  // P6, G6
                screen_member(field->access, value, member_or_null(stored, key),
                              pointer_append("/profile", key), options.read_only,
                              privileged_fields_policy::ignore, found);
                break;
            case profile_patch_rule::set_name:  // P2
                check_name(value, "/profile/name", found);
                plan.name = &value;
                break;
            case profile_patch_rule::merge_attributes:  // P3
                check_attributes(value, "/profile/attributes", options.limits, found);
                plan.attributes = &value;
                break;
            case profile_patch_rule::append_identifiers:  // P4: null changes nothing
                if (!value.is_null()) {
                    incoming =
                        read_identifiers(value, "/profile/identifiers", options.limits, found);
                }
                break;
        }
    }
    if (!found.failed() && !incoming.empty()) {
        const nlohmann::json* stored_ids = member_or_null(stored, "identifiers");
        plan.to_append = identifiers_to_append(stored_ids ? *stored_ids : null_json(), incoming);
        if (!plan.to_append.empty()) {  // P7: checked on the result
            const std::size_t kept = stored_ids && stored_ids->is_array() ? stored_ids->size() : 0;
            check_identifier_count(kept + plan.to_append.size(), options.limits, found);
        }
    }
    return plan;
}

// Sets or removes the entity's name (`current` is its member, or nullptr); true
// when it changed.
template <class = void>
bool assign_name(nlohmann::json& entity, nlohmann::json* current, std::optional<std::string> name,
                 change_list& changes) {
    if (!name) {
        if (current == nullptr) {
            return false;
        }
        entity.erase("name");
        changes.push_back(change_op::remove, "/name");
        return true;
    }
    if (current != nullptr && *current == *name) {
        return false;
    }
    changes.push_back(current != nullptr ? change_op::replace : change_op::add, "/name");
    if (current != nullptr) {
        *current = std::move(*name);
    } else {
        entity["name"] = std::move(*name);
    }
    return true;
}

// Applies a valid plan in place. Cannot fail.
template <class = void>
void apply_patch(nlohmann::json& entity, const patch_plan& plan, attribute_merge mode,
                 std::string_view now, operation_result& r) {
    // Members are looked up only where a rule needs them (each look-up is a descent
    // of the map); map nodes stay where they are when other members are written.
    nlohmann::json* identifiers = nullptr;
    bool changed = false;
    if (!plan.to_append.empty()) {  // P4, P5
        identifiers = member_or_null(entity, "identifiers");
        // Appends are reported one by one onto an array; a profile without one
        // gets a whole new member, reported as such (a stored non-array is replaced).
        const bool onto_array = identifiers != nullptr && identifiers->is_array();
        if (!onto_array) {
            r.changes.push_back(identifiers == nullptr ? change_op::add : change_op::replace,
                                "/identifiers");
            identifiers = &(entity["identifiers"] = nlohmann::json::array());
        }
        for (const identifier& id : plan.to_append) {
            if (onto_array) {
                r.changes.push_back(change_op::append, "/identifiers", identifiers->size());
            }
            identifiers->push_back(id.to_json());
            if (auto e = identity_effect(id)) {
                r.effects.push_back(std::move(*e));
            }
        }
        changed = true;
    }
    if (plan.attributes != nullptr) {  // P3
        nlohmann::json* const stored = member_or_null(entity, "attributes");
        if (plan.attributes->is_null()) {  // F1: null clears to {}
            if (stored == nullptr || !stored->is_object() || !stored->empty()) {
                r.changes.push_back(stored == nullptr ? change_op::add : change_op::replace,
                                    "/attributes");
                entity["attributes"] = nlohmann::json::object();
                changed = true;
            }
        } else if (!plan.attributes->empty()) {
            if (stored == nullptr) {
                r.changes.push_back(change_op::add, "/attributes");
                merge_attributes(entity["attributes"], *plan.attributes, mode);
                changed = true;
            } else {
                changed |=
                    merge_attributes(*stored, *plan.attributes, mode, "/attributes", &r.changes);
            }
        }
    }
    // P2, F1, NM1: a name of its own, else (removed, or never had one) the derived one.
    nlohmann::json* const name = member_or_null(entity, "name");
    if (is_own_name(plan.name)) {
        changed |= assign_name(entity, name, plan.name->get_ref<const std::string&>(), r.changes);
    } else if (plan.name != nullptr || !is_own_name(name)) {
        if (identifiers == nullptr) {
            identifiers = member_or_null(entity, "identifiers");
        }
        changed |=
            assign_name(entity, name,
                        identifiers ? derive_profile_name(*identifiers) : std::nullopt, r.changes);
    }
    // G4, P8
    if (changed || !r.effects.empty()) {
        assign_text(entity, member_or_null(entity, "updated_at"), "updated_at", now);
        r.outcome = outcome::updated;
    } else {
        r.outcome = outcome::unchanged;
    }
}

// The result of a valid plan. A function of its own with one return, so that the
// result is built where the caller wants it: returned from patch_core beside the
// failures, it was moved, copying the report's inline buffers on every PATCH.
template <class Stored>
[[nodiscard]] operation_result patched(Stored&& stored, const patch_plan& plan,
                                       std::vector<ignored_member> ignored, const context& ctx,
                                       const patch_options& options) {
    operation_result r;
    r.api = api::profiles;
    r.ignored = std::move(ignored);
    r.entity = std::forward<Stored>(stored);  // a move for the rvalue overloads
    apply_patch(r.entity, plan, options.attributes, ctx.now, r);
    return r;
}

// `query` is null for PATCH by id; `found` holds what reading the query found. (The
// query is read by the caller: a std::optional<identifier_query> here would be
// zeroed on every PATCH by id, 136 bytes through `rep stos`.)
template <class Stored>
[[nodiscard]] operation_result patch_core(Stored&& stored, const identifier_query* query,
                                          diagnostics found, const nlohmann::json& request,
                                          const context& ctx, const patch_options& options) {
    if (!found.failed()) {  // gates that need a valid address: G10, P1
        if (!check_if_match(options.if_match, stored, found)) {
            return fail_with(std::forward<Stored>(stored), std::move(found), api::profiles);
        }
        if (!stored.is_object() || (query && !matches(stored, *query))) {
            found.fail(error_code::not_found, "", "{}",
                       query ? "No profile matches the identifier query."
                             : "There is no profile with this id.");
            return fail_with(std::forward<Stored>(stored), std::move(found), api::profiles);
        }
        if (!query) {  // by id: the stored profile's own source (Q5)
            if (const auto* source = member_or_null(stored, "source");
                source && source->is_string()) {
                check_source_not_reserved(source->template get_ref<const std::string&>(), false,
                                          found);
            }
        }
    }
    const nlohmann::json* body = open_envelope(request, profile_envelope, found);
    const patch_plan plan =
        body != nullptr ? plan_patch(stored, *body, options, found) : patch_plan{};
    if (found.failed()) {
        return fail_with(std::forward<Stored>(stored), std::move(found), api::profiles);
    }
    return patched(std::forward<Stored>(stored), plan, std::move(found.ignored), ctx, options);
}

}  // namespace detail

/// PATCH /api/v2/user_profiles/{profile_id} (P1-P8). `stored` is the profile the id
/// found, or null. Never throws for bad input; on failure the result's entity is
/// `stored` unchanged (G3).
template <class = void>
[[nodiscard]] operation_result patch_profile(const nlohmann::json& stored,
                                             const nlohmann::json& request, const context& ctx,
                                             const patch_options& options = {}) {
    return detail::patch_core(stored, nullptr, {}, request, ctx, options);
}

/// As above, taking the stored profile over: it is updated in place, never copied,
/// and handed back in the result's entity, untouched when the operation fails.
template <class = void>
[[nodiscard]] operation_result patch_profile(nlohmann::json&& stored, const nlohmann::json& request,
                                             const context& ctx,
                                             const patch_options& options = {}) {
    return detail::patch_core(std::move(stored), nullptr, {}, request, ctx, options);
}

/// PATCH /api/v2/user_profiles?identifier={query}: as patch_profile, and the query
/// is parsed (Q1-Q3), may not name the reserved source (Q5), and must match the
/// stored profile (Q4), else not_found.
template <class = void>
[[nodiscard]] operation_result patch_profile_by_query(const nlohmann::json& stored,
                                                      std::string_view query,
                                                      const nlohmann::json& request,
                                                      const context& ctx,
                                                      const patch_options& options = {}) {
    detail::diagnostics found;
    const auto parsed = detail::read_query(query, options.limits, found);
    return detail::patch_core(stored, parsed ? &*parsed : nullptr, std::move(found), request, ctx,
                              options);
}

/// As above, taking the stored profile over (updated in place, never copied).
template <class = void>
[[nodiscard]] operation_result patch_profile_by_query(nlohmann::json&& stored,
                                                      std::string_view query,
                                                      const nlohmann::json& request,
                                                      const context& ctx,
                                                      const patch_options& options = {}) {
    detail::diagnostics found;
    const auto parsed = detail::read_query(query, options.limits, found);
    return detail::patch_core(std::move(stored), parsed ? &*parsed : nullptr, std::move(found),
                              request, ctx, options);
}

}  // namespace v1
}  // namespace profile_merge
