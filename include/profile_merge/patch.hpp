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
    if (!incoming.empty()) {
        const nlohmann::json* stored_ids = member_or_null(stored, "identifiers");
        plan.to_append = identifiers_to_append(stored_ids ? *stored_ids : null_json(), incoming);
        if (!plan.to_append.empty()) {  // P7: on the result, beside any other error
            const std::size_t kept = stored_ids && stored_ids->is_array() ? stored_ids->size() : 0;
            check_identifier_count(kept + plan.to_append.size(), options.limits, found);
        }
    }
    return plan;
}

// Sets or removes the entity's name (`current` is its member, or nullptr).
template <class = void>
void assign_name(nlohmann::json& entity, nlohmann::json* current, std::optional<std::string> name,
                 entity_editor& editor) {
    if (!name) {
        if (current != nullptr) {
            editor.remove(entity, "name", "");
        }
        return;
    }
    if (current == nullptr || !current->is_string() ||
        current->get_ref<const std::string&>() != *name) {
        editor.set(entity, current, "name", std::move(*name), "");
    }
}

// Applies a valid plan to the entity, every write through `editor`.
template <class = void>
void apply_patch(nlohmann::json& entity, const patch_plan& plan, attribute_merge mode,
                 entity_editor& editor, std::vector<effect>& effects) {
    if (!plan.to_append.empty()) {  // P4, P5
        nlohmann::json* identifiers = member_or_null(entity, "identifiers");
        if (identifiers == nullptr || identifiers->is_null()) {  // a new member, one change
            nlohmann::json fresh = nlohmann::json::array();
            for (const identifier& id : plan.to_append) {
                fresh.push_back(id.to_json());
            }
            editor.set(entity, identifiers, "identifiers", std::move(fresh), "");
        } else {
            identifiers->get_ref<nlohmann::json::array_t&>().reserve(identifiers->size() +
                                                                     plan.to_append.size());
            for (const identifier& id : plan.to_append) {
                editor.append(*identifiers, id.to_json(), "/identifiers");
            }
        }
        for (const identifier& id : plan.to_append) {
            if (auto e = identity_effect(id)) {
                effects.push_back(std::move(*e));
            }
        }
    }
    if (plan.attributes != nullptr) {  // P3
        nlohmann::json* const stored = member_or_null(entity, "attributes");
        const bool absent = stored == nullptr || stored->is_null();
        if (plan.attributes->is_null()) {  // F1: null clears to {}
            if (absent || !stored->empty()) {
                editor.set(entity, stored, "attributes", nlohmann::json::object(), "");
            }
        } else if (absent) {  // MergePatch(absent, patch): the member is added, {} too
            editor.set(entity, stored, "attributes", without_null_members(*plan.attributes), "");
        } else {
            std::string path("/attributes");
            merge_object(*stored, *plan.attributes, mode, path, editor);
        }
    }
    // P2, F1, NM1: a name of its own, else (removed, or never had one) the derived one.
    nlohmann::json* const name = member_or_null(entity, "name");
    if (is_own_name(plan.name)) {
        assign_name(entity, name, plan.name->get_ref<const std::string&>(), editor);
    } else if (plan.name != nullptr || !is_own_name(name)) {
        const nlohmann::json* identifiers = member_or_null(entity, "identifiers");
        assign_name(entity, name, identifiers ? derive_profile_name(*identifiers) : std::nullopt,
                    editor);
    }
}

// The result of a valid plan. A function of its own with one return, so that the
// result is built in the caller's return slot.
template <class Stored>
[[nodiscard]] operation_result patched(Stored&& stored, const patch_plan& plan, diagnostics&& found,
                                       const nlohmann::json& request, const context& ctx,
                                       const patch_options& options) {
    operation_result r;
    r.api = api::profiles;
    r.ignored = std::move(found.ignored);
    r.ignored_omitted = found.ignored_omitted;
    r.entity = take_entity(std::forward<Stored>(stored));
    change_recorder report(&r.changes, options.report, &request);
    entity_editor editor(report);
    apply_or_restore(std::forward<Stored>(stored), r, editor, [&] {
        apply_patch(r.entity, plan, options.attributes, editor, r.effects);
        r.outcome = finish_update(r.entity, ctx.now, !r.effects.empty(), editor);
    });
    r.changes_coarsened = report.coarsened();
    return r;
}

// G11 for PATCH: `address` is null for PATCH by id.
template <class Stored>
[[nodiscard]] operation_result patch_core(Stored&& stored, const query_address* address,
                                          const nlohmann::json& request, const context& ctx,
                                          const patch_options& options) {
    diagnostics found(options.report.max_errors);
    const auto fail = [&] {
        return fail_with(std::forward<Stored>(stored), std::move(found), api::profiles);
    };
    check_context(ctx, false, found);  // (0)
    if (found.failed()) {
        return fail();
    }
    std::string decoded;  // the query's parts view it when the query has an escape
    std::optional<query_view> query;
    if (address != nullptr) {  // (1)
        query = read_query(*address, options.limits, decoded, found);
        if (found.failed()) {
            return fail();
        }
    }
    bool matched = !stored.is_null();
    if (!stored.is_null()) {  // (1b), and for a query Q4 in the same walk
        if (query) {
            matched = check_stored_profile_and_match(stored, *query, found);
        } else {
            check_stored_profile(stored, found);
        }
        if (found.failed()) {
            return fail();
        }
    }
    if (!matched) {  // (2) P1
        found.fail_unplaced(error_code::not_found, "{}",
                            query ? "No profile matches the identifier query."
                                  : "There is no profile with this id.");
        return fail();
    }
    if (!query) {  // (3) by id: the stored profile's own source (Q5)
        check_source_not_reserved(
            member_or_null(stored, "source")->template get_ref<const std::string&>(), false, found);
        if (found.failed()) {
            return fail();
        }
    }
    if (!check_if_match(options.if_match, stored, found)) {  // (4) G10
        return fail();
    }
    const nlohmann::json* body = open_envelope(request, profile_envelope, found);  // (5)
    const patch_plan plan =
        body != nullptr ? plan_patch(stored, *body, options, found) : patch_plan{};
    if (found.failed()) {
        return fail();
    }
    return patched(std::forward<Stored>(stored), plan, std::move(found), request, ctx, options);
}

}  // namespace detail

/// PATCH /api/v2/user_profiles/{profile_id} (P1-P8). `stored` is the profile the id
/// found, or null. Never throws for bad input; on failure the result's entity is
/// `stored` unchanged (G3).
template <class = void>
[[nodiscard]] operation_result patch_profile_by_id(const nlohmann::json& stored,
                                                   const nlohmann::json& request,
                                                   const context& ctx,
                                                   const patch_options& options = {}) {
    return detail::patch_core(stored, nullptr, request, ctx, options);
}

/// As above, taking the stored profile over: it is updated in place, never copied,
/// and handed back in the result's entity, untouched when the operation fails.
template <class = void>
[[nodiscard]] operation_result patch_profile_by_id(nlohmann::json&& stored,
                                                   const nlohmann::json& request,
                                                   const context& ctx,
                                                   const patch_options& options = {}) {
    return detail::patch_core(std::move(stored), nullptr, request, ctx, options);
}

/// PATCH /api/v2/user_profiles?identifier={query}: as patch_profile_by_id, and the query
/// is parsed (Q1-Q3), may not name the reserved source (Q5), and must match the
/// stored profile (Q4), else not_found.
template <class = void>
[[nodiscard]] operation_result patch_profile_by_query(const nlohmann::json& stored,
                                                      std::string_view query,
                                                      const nlohmann::json& request,
                                                      const context& ctx,
                                                      const patch_options& options = {}) {
    const detail::query_address address{query};
    return detail::patch_core(stored, &address, request, ctx, options);
}

/// As above, taking the stored profile over (updated in place, never copied).
template <class = void>
[[nodiscard]] operation_result patch_profile_by_query(nlohmann::json&& stored,
                                                      std::string_view query,
                                                      const nlohmann::json& request,
                                                      const context& ctx,
                                                      const patch_options& options = {}) {
    const detail::query_address address{query};
    return detail::patch_core(std::move(stored), &address, request, ctx, options);
}

/// As above, with a query parsed before (parse_identifier_query, or one built by
/// hand): it is checked as parsing would check it (Q1-Q3, G12, G9), never re-parsed.
template <class = void>
[[nodiscard]] operation_result patch_profile_by_query(const nlohmann::json& stored,
                                                      const identifier_query& query,
                                                      const nlohmann::json& request,
                                                      const context& ctx,
                                                      const patch_options& options = {}) {
    const detail::query_address address{{}, &query};
    return detail::patch_core(stored, &address, request, ctx, options);
}

/// As above, taking the stored profile over.
template <class = void>
[[nodiscard]] operation_result patch_profile_by_query(nlohmann::json&& stored,
                                                      const identifier_query& query,
                                                      const nlohmann::json& request,
                                                      const context& ctx,
                                                      const patch_options& options = {}) {
    const detail::query_address address{{}, &query};
    return detail::patch_core(std::move(stored), &address, request, ctx, options);
}

/// Deprecated in 0.2: the name patch_profile_by_id says what finds the profile.
template <class = void>
[[deprecated("use patch_profile_by_id")]] [[nodiscard]] operation_result patch_profile(
    const nlohmann::json& stored, const nlohmann::json& request, const context& ctx,
    const patch_options& options = {}) {
    return patch_profile_by_id(stored, request, ctx, options);
}
template <class = void>
[[deprecated("use patch_profile_by_id")]] [[nodiscard]] operation_result patch_profile(
    nlohmann::json&& stored, const nlohmann::json& request, const context& ctx,
    const patch_options& options = {}) {
    return patch_profile_by_id(std::move(stored), request, ctx, options);
}

}  // namespace v1
}  // namespace profile_merge
