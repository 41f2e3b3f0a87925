// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/profile_rules.hpp"
#include "profile_merge/profile_fields.hpp"

namespace profile_merge {
inline namespace v1 {
namespace detail {

// Where a PUT points: the source and type of the result, and the query's
// identifier that U2 appends (none for PUT by id).
struct put_address {
    std::string source;
    std::string type;
    std::optional<identifier> query_identifier;
};

// The server-managed members of a PUT's result (the F table's PUT column for
// read-only fields). `replaced` is the stored profile, or nullptr on create.
struct put_managed_values {
    const nlohmann::json* replaced;
    const put_address& address;
    const context& ctx;
    const put_options& options;

    // The value the result gets; nullopt when it gets none.
    template <class = void>
    [[nodiscard]] std::optional<nlohmann::json> result_value(const profile_field& field) const {
        const auto kept = [&]() -> std::optional<nlohmann::json> {
            if (const auto* value = member_or_null(*replaced, field.name)) {
                return *value;
            }
            return std::nullopt;
        };
        switch (field.on_put) {
            case profile_put_rule::keep_or_new_id:
                return replaced ? kept() : nlohmann::json(ctx.new_id);
            case profile_put_rule::keep_or_now:
                return replaced ? kept() : nlohmann::json(ctx.now);
            case profile_put_rule::now:
                return nlohmann::json(ctx.now);
            case profile_put_rule::from_address:
                return nlohmann::json(field.name == "source" ? address.source : address.type);
            case profile_put_rule::keep_or_path_user_id:
                if (replaced) {
                    return kept();
                }
                if (options.path_user_id) {
                    return nlohmann::json(*options.path_user_id);
                }
                return std::nullopt;
            default:
                return std::nullopt;  // the body decides
        }
    }

    // G6: what an echo of a read-only member is compared with: the value the
    // client last saw, so updated_at is the stored one, not `now`; on a create, the
    // value the result gets.
    template <class = void>
    [[nodiscard]] std::optional<nlohmann::json> reference_value(const profile_field& field) const {
        if (field.on_put == profile_put_rule::now && replaced != nullptr) {
            if (const auto* value = member_or_null(*replaced, field.name)) {
                return *value;
            }
            return std::nullopt;
        }
        return result_value(field);
    }
};

// What a valid PUT body says.
struct put_body {
    const nlohmann::json* name = nullptr;
    const nlohmann::json* attributes = nullptr;
    std::vector<identifier> identifiers;  // U2: normalised, de-duplicated, query's appended
};

template <class = void>
[[nodiscard]] put_body read_put_body(const nlohmann::json& body, const put_managed_values& managed,
                                     diagnostics& found) {
    put_body out;
    bool identifiers_sent = false;
    const put_options& options = managed.options;
    // As in PATCH, pointers are built only for what gets reported.
    for (const auto& [key, value] : body.get_ref<const nlohmann::json::object_t&>()) {
        const profile_field* field = find_profile_field(key);
        if (field == nullptr) {  // G5
            found.ignore(pointer_append("/profile", key), ignore_reason::unknown_field);
            continue;
        }
        switch (field->on_put) {
            case profile_put_rule::name_or_derived:
                check_name(value, "/profile/name", found);
                out.name = &value;
                break;
            case profile_put_rule::replace_attributes:
                check_attributes(value, "/profile/attributes", options.limits, found);
                out.attributes = &value;
                break;
            case profile_put_rule::replace_identifiers:  // U5
                if (value.is_null() || (value.is_array() && value.empty())) {
                    break;
                }
                identifiers_sent = true;
                out.identifiers =
                    read_identifiers(value, "/profile/identifiers", options.limits, found);
                break;
            default: {  // server-managed: G6
                const std::optional<nlohmann::json> reference = managed.reference_value(*field);
                screen_member(field->access, value, reference ? &*reference : nullptr,
                              pointer_append("/profile", key), options.read_only,
                              privileged_fields_policy::ignore, found);
            }
        }
    }
    if (!identifiers_sent) {
        found.fail(error_code::missing_required, "/profile/identifiers",
                   "identifiers is required and must not be empty: a profile is found by "
                   "its identifiers.");
        return out;
    }
    out.identifiers = deduplicate_identifiers(std::move(out.identifiers));
    if (const auto& extra = managed.address.query_identifier) {  // U2
        const bool present = std::any_of(out.identifiers.begin(), out.identifiers.end(),
                                         [&](const identifier& id) { return id == *extra; });
        if (!present) {
            out.identifiers.push_back(*extra);
        }
    }
    check_identifier_count(out.identifiers.size(), options.limits, found);  // U8
    return out;
}

// U3, U4: the user effects of a PUT.
template <class = void>
[[nodiscard]] std::vector<effect> put_effects(const put_body& body, const nlohmann::json* replaced,
                                              const put_options& options, const std::string& name) {
    std::vector<effect> effects;
    if (replaced == nullptr && !options.path_user_id) {  // U3 without a user
        resolve_user resolve{{}, name};
        for (const identifier& id : body.identifiers) {
            if (is_standard_identifier_type(id.type)) {
                resolve.identifiers.push_back({id.type, id.value});
            }
        }
        effects.emplace_back(std::move(resolve));
        return effects;
    }
    // P5 for each identifier of a standard type the stored profile did not have at
    // all (U4); a create with a user (U3) had nothing stored, so every one counts.
    std::unordered_set<std::string> stored_types;
    if (const auto* ids = replaced ? member_or_null(*replaced, "identifiers") : nullptr;
        ids && ids->is_array()) {
        for (const auto& id : *ids) {
            if (const auto* type = member_or_null(id, "type"); type && type->is_string()) {
                stored_types.insert(type->get<std::string>());
            }
        }
    }
    for (const identifier& id : body.identifiers) {
        if (stored_types.count(id.type) == 0) {
            if (auto e = identity_effect(id)) {
                effects.push_back(std::move(*e));
            }
        }
    }
    return effects;
}

// The result of a valid body, built in the caller's return slot (a function with
// one return: see patch.hpp's `patched`).
template <class Stored>
[[nodiscard]] operation_result put_result(Stored&& stored, const nlohmann::json* replaced,
                                          const put_managed_values& managed, const put_body& body,
                                          const nlohmann::json& request, const put_options& options,
                                          diagnostics&& found) {
    nlohmann::json identifiers = nlohmann::json::array();
    for (const identifier& id : body.identifiers) {
        identifiers.push_back(id.to_json());
    }
    nlohmann::json result = nlohmann::json::object();
    for (const profile_field& field : profile_fields) {  // the F table's PUT column
        switch (field.on_put) {
            case profile_put_rule::name_or_derived:  // NM1: no name when none can be derived
                if (is_own_name(body.name)) {
                    result["name"] = body.name->get<std::string>();
                } else if (auto derived = derive_profile_name(identifiers)) {
                    result["name"] = std::move(*derived);
                }
                break;
            case profile_put_rule::replace_attributes:
                result["attributes"] = body.attributes && body.attributes->is_object()
                                           ? *body.attributes
                                           : nlohmann::json::object();  // U2: absent -> {}
                break;
            case profile_put_rule::replace_identifiers:
                break;  // moved in last, after the name was derived from it
            default:
                if (auto value = managed.result_value(field)) {
                    result[std::string(field.name)] = std::move(*value);
                }
        }
    }
    result["identifiers"] = std::move(identifiers);

    operation_result r;
    r.api = api::profiles;
    r.ignored = std::move(found.ignored);
    r.ignored_omitted = found.ignored_omitted;
    const nlohmann::json* name = member_or_null(result, "name");
    r.effects = put_effects(body, replaced, options,
                            name != nullptr ? name->get<std::string>() : std::string());
    change_recorder report(&r.changes, options.report, &request);
    std::string path;
    diff_members(replaced ? *replaced : empty_object(), result, path, report);
    r.changes_coarsened = report.coarsened();
    if (replaced == nullptr) {
        r.outcome = outcome::created;
        r.entity = std::move(result);
    } else if (r.changes.empty() && r.effects.empty()) {  // G4: nothing changed
        r.outcome = outcome::unchanged;
        r.entity = take_entity(std::forward<Stored>(stored));
    } else {
        r.outcome = outcome::replaced;
        r.entity = std::move(result);
    }
    return r;
}

// G11 (5): the body, then the result.
template <class Stored>
[[nodiscard]] operation_result put_core(Stored&& stored, bool replacing, const put_address& address,
                                        const nlohmann::json& request, const context& ctx,
                                        const put_options& options, diagnostics&& found) {
    const nlohmann::json* replaced = replacing ? &stored : nullptr;
    const put_managed_values managed{replaced, address, ctx, options};
    const nlohmann::json* envelope_body = open_envelope(request, profile_envelope, found);
    put_body body;
    if (envelope_body != nullptr) {
        body = read_put_body(*envelope_body, managed, found);
    }
    if (found.failed()) {
        return fail_with(std::forward<Stored>(stored), std::move(found), api::profiles);
    }
    return put_result(std::forward<Stored>(stored), replaced, managed, body, request, options,
                      std::move(found));
}

// G11 (1): a path user_id is a usable id.
template <class = void>
void check_path_user_id_text(const put_options& options, diagnostics& found) {
    if (options.path_user_id &&
        (options.path_user_id->empty() || !is_control_free_text(*options.path_user_id))) {
        found.fail_parameter(error_code::invalid_value, "user_id",
                             "The path's user_id must be a non-empty id without control "
                             "characters.");
    }
}

// U7: a path user_id must be the stored profile's.
template <class = void>
void check_path_user_id(const nlohmann::json& stored, const put_options& options,
                        diagnostics& found) {
    if (!options.path_user_id) {
        return;
    }
    const auto* user_id = member_or_null(stored, "user_id");
    const std::optional<std::string> stored_id = user_id ? scalar_id_text(*user_id) : std::nullopt;
    if (stored_id != options.path_user_id) {
        found.fail_parameter(
            error_code::user_conflict, "user_id", "The profile belongs to {}, not to user {}.",
            stored_id ? "user " + *stored_id : std::string("no user yet"), *options.path_user_id);
    }
}

// G11 for PUT by query: (0) context, (1) query and path user_id, (1b) stored, (3) the
// user, (4) If-Match (a create has nothing to match), (5) the body.
template <class Stored>
[[nodiscard]] operation_result put_by_query_core(Stored&& stored, const query_address& where,
                                                 const nlohmann::json& request, const context& ctx,
                                                 const put_options& options) {
    diagnostics found(options.report.max_errors);
    const auto fail = [&] {
        return fail_with(std::forward<Stored>(stored), std::move(found), api::profiles);
    };
    check_context(ctx, true, found);
    if (found.failed()) {
        return fail();
    }
    std::string decoded;  // the query's parts view it when the query has an escape
    const std::optional<query_view> parsed = read_query(where, options.limits, decoded, found);
    check_path_user_id_text(options, found);
    if (found.failed()) {
        return fail();
    }
    const query_view& query = *parsed;
    bool replacing = false;  // U1 (Q4), read in the walk that checks the stored identifiers
    if (!stored.is_null()) {
        replacing = check_stored_profile_and_match(stored, query, found);
        if (found.failed()) {
            return fail();
        }
    }
    if (replacing) {
        check_path_user_id(stored, options, found);
        if (found.failed()) {
            return fail();
        }
    }
    if (!check_if_match(options.if_match, replacing ? std::as_const(stored) : null_json(), found)) {
        return fail();
    }
    profile_key key = key_of(query);  // U2 appends the query's identifier, normalised
    const put_address address{
        std::move(key.source), std::move(key.type),
        identifier{std::move(key.identifier_type), std::move(key.identifier_value)}};
    return put_core(std::forward<Stored>(stored), replacing, address, request, ctx, options,
                    std::move(found));
}

// G11 for PUT by id: (0) context, (1) path user_id, (1b) stored, (2) existence (U6),
// (3) reserved source (Q5) and the user (U7), (4) If-Match, (5) the body.
template <class Stored>
[[nodiscard]] operation_result put_by_id_core(Stored&& stored, const nlohmann::json& request,
                                              const context& ctx, const put_options& options) {
    diagnostics found(options.report.max_errors);
    const auto fail = [&] {
        return fail_with(std::forward<Stored>(stored), std::move(found), api::profiles);
    };
    check_context(ctx, false, found);
    if (found.failed()) {
        return fail();
    }
    check_path_user_id_text(options, found);
    if (found.failed()) {
        return fail();
    }
    if (stored.is_null()) {
        found.fail_unplaced(error_code::not_found, "There is no profile with this id.");
        return fail();
    }
    check_stored_profile(stored, found);
    if (found.failed()) {
        return fail();
    }
    const std::string& source =
        member_or_null(stored, "source")->template get_ref<const std::string&>();
    check_source_not_reserved(source, false, found);
    check_path_user_id(stored, options, found);
    if (found.failed() || !check_if_match(options.if_match, stored, found)) {
        return fail();
    }
    const put_address address{
        // U6: source and type kept from stored
        source, member_or_null(stored, "type")->template get<std::string>(), std::nullopt};
    return put_core(std::forward<Stored>(stored), true, address, request, ctx, options,
                    std::move(found));
}

}  // namespace detail

/// PUT /api/v2/user_profiles?identifier={query} and, with options.path_user_id,
/// PUT /api/v2/users/{user_id}/profiles?identifier={query} (U1-U5, U7, U8).
/// `stored` is the profile the query found (find_profile), or null: a match is
/// replaced (U2), otherwise a profile is created (U3) with ctx.new_id.
template <class = void>
[[nodiscard]] operation_result put_profile_by_query(const nlohmann::json& stored,
                                                    std::string_view query,
                                                    const nlohmann::json& request,
                                                    const context& ctx,
                                                    const put_options& options = {}) {
    return detail::put_by_query_core(stored, detail::query_address{query}, request, ctx, options);
}

/// As above, taking the stored profile over: never copied, handed back untouched
/// in the result's entity when the operation fails.
template <class = void>
[[nodiscard]] operation_result put_profile_by_query(nlohmann::json&& stored, std::string_view query,
                                                    const nlohmann::json& request,
                                                    const context& ctx,
                                                    const put_options& options = {}) {
    return detail::put_by_query_core(std::move(stored), detail::query_address{query}, request, ctx,
                                     options);
}

/// As above, with a query parsed before (parse_identifier_query, or one built by
/// hand): it is checked as parsing would check it (Q1-Q3, G12, G9), never re-parsed.
template <class = void>
[[nodiscard]] operation_result put_profile_by_query(const nlohmann::json& stored,
                                                    const identifier_query& query,
                                                    const nlohmann::json& request,
                                                    const context& ctx,
                                                    const put_options& options = {}) {
    return detail::put_by_query_core(stored, detail::query_address{{}, &query}, request, ctx,
                                     options);
}

/// As above, taking the stored profile over.
template <class = void>
[[nodiscard]] operation_result put_profile_by_query(nlohmann::json&& stored,
                                                    const identifier_query& query,
                                                    const nlohmann::json& request,
                                                    const context& ctx,
                                                    const put_options& options = {}) {
    return detail::put_by_query_core(std::move(stored), detail::query_address{{}, &query}, request,
                                     ctx, options);
}

/// PUT /api/v2/user_profiles/{profile_id} (U6): replaces the stored profile,
/// keeping its source and type; null stored is not_found.
template <class = void>
[[nodiscard]] operation_result put_profile_by_id(const nlohmann::json& stored,
                                                 const nlohmann::json& request, const context& ctx,
                                                 const put_options& options = {}) {
    return detail::put_by_id_core(stored, request, ctx, options);
}

/// As above, taking the stored profile over.
template <class = void>
[[nodiscard]] operation_result put_profile_by_id(nlohmann::json&& stored,
                                                 const nlohmann::json& request, const context& ctx,
                                                 const put_options& options = {}) {
    return detail::put_by_id_core(std::move(stored), request, ctx, options);
}

/// Deprecated in 0.2: the name put_profile_by_query says what finds the profile.
template <class = void>
[[deprecated("use put_profile_by_query")]] [[nodiscard]] operation_result put_profile(
    const nlohmann::json& stored, std::string_view query, const nlohmann::json& request,
    const context& ctx, const put_options& options = {}) {
    return put_profile_by_query(stored, query, request, ctx, options);
}
template <class = void>
[[deprecated("use put_profile_by_query")]] [[nodiscard]] operation_result put_profile(
    nlohmann::json&& stored, std::string_view query, const nlohmann::json& request,
    const context& ctx, const put_options& options = {}) {
    return put_profile_by_query(std::move(stored), query, request, ctx, options);
}

}  // namespace v1
}  // namespace profile_merge
