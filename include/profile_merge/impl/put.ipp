// SPDX-License-Identifier: MIT
// The definitions of profile_merge/put.hpp (docs/architecture.md, "Compiling").
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "profile_merge/detail/profile_rules.hpp"
#include "profile_merge/profile_fields.hpp"
#include "profile_merge/put.hpp"

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
            case profile_put_rule::now:  // updated_at: finish sets `now` on a change (G4)
                return replaced ? kept() : nlohmann::json(ctx.now);
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
};

// What a valid PUT body says.
struct put_body {
    const nlohmann::json* name = nullptr;
    const nlohmann::json* attributes = nullptr;
    std::vector<identifier> identifiers;  // U2: normalised, de-duplicated, query's appended
};

[[nodiscard]] inline put_body read_put_body(const nlohmann::json& body,
                                            const put_managed_values& managed, diagnostics& found) {
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
            default: {  // server-managed, G6: an echo is compared with what the client saw
                const std::optional<nlohmann::json> reference = managed.result_value(*field);
                screen_member(field->access, value, reference ? &*reference : nullptr,
                              pointer_append("/profile", key), options.read_only,
                              privileged_fields_policy::ignore, found);
            }
        }
    }
    if (!identifiers_sent) {
        found.fail(error_code::missing_required, "/profile/identifiers",
                   PROFILE_MERGE_PATTERN(
                       "identifiers is required and must not be empty: a profile is found by "
                       "its identifiers."));
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
[[nodiscard]] inline std::vector<effect> put_effects(const put_body& body,
                                                     const nlohmann::json* replaced,
                                                     const put_options& options,
                                                     const std::string& name) {
    std::vector<effect> effects;
    if (replaced == nullptr && !options.path_user_id) {  // U3 without a user
        resolve_user resolve{{}, name};
        for (const identifier& id : body.identifiers) {
            if (is_standard_identifier_type(id.type)) {
                resolve.identifiers.push_back(id);
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

// U2-U4: the decided replacement of a valid body: the whole profile (the F table's
// PUT column) and the user effects.
[[nodiscard]] inline entity_plan plan_put(const put_managed_values& managed, const put_body& body) {
    nlohmann::json identifiers(nlohmann::json::value_t::array);
    for (const identifier& id : body.identifiers) {
        identifiers.push_back(id.to_json());
    }
    nlohmann::json result(nlohmann::json::value_t::object);
    for (const profile_field& field : profile_fields) {
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
    entity_plan plan;
    const nlohmann::json* name = member_or_null(result, "name");
    plan.effects = put_effects(body, managed.replaced, managed.options,
                               name != nullptr ? name->get<std::string>() : std::string());
    plan.steps.push_back(plan_step::replace(managed.replaced, std::move(result)));
    return plan;
}

// G11 (1): a path user_id is a usable id.
inline void check_path_user_id_text(const put_options& options, diagnostics& found) {
    if (options.path_user_id &&
        (options.path_user_id->empty() || !is_control_free_text(*options.path_user_id))) {
        found.fail_parameter(
            error_code::invalid_value, "user_id",
            PROFILE_MERGE_PATTERN("The path's user_id must be a non-empty id without control "
                                  "characters."));
    }
}

// U7: a path user_id must be the stored profile's.
inline void check_path_user_id(const nlohmann::json& stored, const put_options& options,
                               diagnostics& found) {
    if (!options.path_user_id) {
        return;
    }
    const auto* user_id = member_or_null(stored, "user_id");
    const std::optional<std::string> stored_id = user_id ? scalar_id_text(*user_id) : std::nullopt;
    if (stored_id != options.path_user_id) {
        found.fail_parameter(error_code::user_conflict, "user_id",
                             PROFILE_MERGE_PATTERN("The profile belongs to {}, not to user {}."),
                             stored_id ? "user " + *stored_id : std::string("no user yet"),
                             *options.path_user_id);
    }
}

// PUT of a profile for run_operation: by query (U1-U5, U7, U8), where nothing
// matching is a create, or by id (U6), where it is not found.
struct put_spec {
    static constexpr api which = api::profiles;
    static constexpr std::string_view envelope = profile_envelope;
    static constexpr outcome on_change = outcome::replaced;

    const query_address* address;  // null by id
    const context& ctx;
    const put_options& opts;
    bool may_create;
    std::string decoded;  // the query's parts view it when the query has an escape
    std::optional<query_view> query;

    put_spec(const query_address* where, const context& c, const put_options& options)
        : address(where), ctx(c), opts(options), may_create(where != nullptr) {}

    [[nodiscard]] const put_options& options() const noexcept { return opts; }

    void check_address(diagnostics& found) {
        if (address != nullptr) {  // Q1-Q3, G12, G9, Q5
            query = read_query(*address, opts.limits, decoded, found);
        }
        check_path_user_id_text(opts, found);
    }

    // G13, and for a query U1 (Q4) in the same walk.
    [[nodiscard]] bool check_stored(const nlohmann::json& stored, diagnostics& found) {
        if (query) {
            return check_stored_profile_and_match(stored, *query, found);
        }
        check_stored_profile(stored, found);
        return true;
    }

    [[nodiscard]] static std::string_view not_found() noexcept {  // U6
        return "There is no profile with this id.";
    }

    void check_target(const nlohmann::json& target, diagnostics& found) {
        if (!query) {  // Q5 by id: the stored profile's own source
            check_source_not_reserved(
                member_or_null(target, "source")->get_ref<const std::string&>(), false, found);
        }
        check_path_user_id(target, opts, found);  // U7
    }

    [[nodiscard]] entity_plan plan(const nlohmann::json* target, const nlohmann::json& body,
                                   diagnostics& found) const {
        put_address where;
        if (query) {  // U2: the query's source and type, and its identifier, normalised
            profile_key key = key_of(*query);
            where = {std::move(key.source), std::move(key.type),
                     identifier{std::move(key.identifier_type), std::move(key.identifier_value)}};
        } else {  // U6: source and type kept from stored
            where = {member_or_null(*target, "source")->get<std::string>(),
                     member_or_null(*target, "type")->get<std::string>(), std::nullopt};
        }
        const put_managed_values managed{target, where, ctx, opts};
        const put_body read = read_put_body(body, managed, found);
        if (found.failed()) {
            return {};
        }
        return plan_put(managed, read);
    }
};

template <class Stored>
[[nodiscard]] operation_result put_core(Stored&& stored, const query_address* address,
                                        const nlohmann::json& request, const context& ctx,
                                        const put_options& options) {
    put_spec spec(address, ctx, options);
    return run_operation(spec, std::forward<Stored>(stored), request, ctx);
}

}  // namespace detail

operation_result put_profile_by_query(const nlohmann::json& stored, std::string_view query,
                                      const nlohmann::json& request, const context& ctx,
                                      const put_options& options) {
    const detail::query_address address{query};
    return detail::put_core(stored, &address, request, ctx, options);
}

operation_result put_profile_by_query(nlohmann::json&& stored, std::string_view query,
                                      const nlohmann::json& request, const context& ctx,
                                      const put_options& options) {
    const detail::query_address address{query};
    return detail::put_core(std::move(stored), &address, request, ctx, options);
}

operation_result put_profile_by_query(const nlohmann::json& stored, const identifier_query& query,
                                      const nlohmann::json& request, const context& ctx,
                                      const put_options& options) {
    const detail::query_address address{{}, &query};
    return detail::put_core(stored, &address, request, ctx, options);
}

operation_result put_profile_by_query(nlohmann::json&& stored, const identifier_query& query,
                                      const nlohmann::json& request, const context& ctx,
                                      const put_options& options) {
    const detail::query_address address{{}, &query};
    return detail::put_core(std::move(stored), &address, request, ctx, options);
}

operation_result put_profile_by_id(const nlohmann::json& stored, const nlohmann::json& request,
                                   const context& ctx, const put_options& options) {
    return detail::put_core(stored, nullptr, request, ctx, options);
}

operation_result put_profile_by_id(nlohmann::json&& stored, const nlohmann::json& request,
                                   const context& ctx, const put_options& options) {
    return detail::put_core(std::move(stored), nullptr, request, ctx, options);
}

operation_result put_profile(const nlohmann::json& stored, std::string_view query,
                             const nlohmann::json& request, const context& ctx,
                             const put_options& options) {
    return put_profile_by_query(stored, query, request, ctx, options);
}

operation_result put_profile(nlohmann::json&& stored, std::string_view query,
                             const nlohmann::json& request, const context& ctx,
                             const put_options& options) {
    return put_profile_by_query(std::move(stored), query, request, ctx, options);
}

}  // namespace v1
}  // namespace profile_merge
