// SPDX-License-Identifier: MIT
// The definitions of profile_merge/put.hpp (docs/architecture.md, "Compiling").
#pragma once

#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "profile_merge/detail/profile_fields.hpp"
#include "profile_merge/detail/profile_rules.hpp"
#include "profile_merge/put.hpp"

namespace profile_merge {
inline namespace v1 {

namespace detail {

// U3, U4: the user effects of a PUT.
[[nodiscard]] inline std::vector<effect> put_effects(const std::vector<identifier>& listed,
                                                     const nlohmann::json* replaced,
                                                     const put_options& options,
                                                     const std::string& name) {
    std::vector<effect> effects;
    const identifier_rules rules(options.policy.compiled());
    if (replaced == nullptr && !options.path_user_id) {  // U3 without a user
        resolve_user resolve{{}, name};
        for (const identifier& id : listed) {
            if (rules.effect(id.type) != identifier_effect_kind::none) {  // N4, PL6
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
    for (const identifier& id : listed) {
        if (stored_types.count(id.type) == 0) {
            if (auto e = identity_effect(id, rules)) {
                effects.push_back(std::move(*e));
            }
        }
    }
    return effects;
}

// U2-U4: the decided replacement of a valid body: the whole profile and the user
// effects.
[[nodiscard]] inline entity_plan plan_put(const put_sources& from, const nlohmann::json& body,
                                          diagnostics& found) {
    std::optional<nlohmann::json> fixed;  // what a non-writable member is compared with
    const auto reference = [&](const profile_field& field) -> const nlohmann::json* {
        fixed = put_fixed_value(field, from);
        return fixed ? &*fixed : nullptr;
    };
    const put_options& options = from.options;
    const identifier_rules rules(options.policy.compiled());
    profile_body read = read_profile_body(body, profile_method::put, options.schema, options.limits,
                                          options.read_only, reference, rules, found);
    put_identifiers identifiers = read_put_identifiers(
        read, *options.schema.find(profile_field_kind::identifiers), from, found);
    entity_plan plan;
    disposing_json attributes;
    if (is_writable(options.schema, profile_field_kind::attributes)) {  // U2, PL7
        attribute_planner planner(options.policy.compiled(), options.trusted, options.read_only,
                                  attribute_merge::deep, plan, found);
        attributes = planner.put(
            from.replaced != nullptr ? member_or_null(*from.replaced, "attributes") : nullptr,
            read.attributes != nullptr && read.attributes->is_object() ? read.attributes : nullptr);
    }
    if (found.failed()) {
        return {};
    }
    disposing_json result =
        put_result(from, read, std::move(attributes.get()), std::move(identifiers.result));
    const nlohmann::json* name = member_or_null(result.get(), "name");
    plan.effects = put_effects(identifiers.listed, from.replaced, options,
                               name != nullptr ? name->get<std::string>() : std::string());
    plan.replace_entity(from.replaced, std::move(result));
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
    const nlohmann::json& request;
    const context& ctx;
    const put_options& opts;
    bool may_create;
    std::string decoded;  // the query's parts view it when the query has an escape
    std::optional<query_view> query;
    stored_profile stored_members;  // what G13 found

    put_spec(const query_address* where, const nlohmann::json& body, const context& c,
             const put_options& options)
        : address(where), request(body), ctx(c), opts(options), may_create(where != nullptr) {}

    bool check_result(const nlohmann::json& entity, diagnostics& found) const {  // PL5
        return check_attributes_schema(opts.policy.compiled(), entity, request, found);
    }

    [[nodiscard]] const put_options& options() const noexcept { return opts; }

    void check_address(diagnostics& found) {
        if (address != nullptr) {  // Q1-Q3, G12, G9, Q5
            query = read_query(*address, opts.limits, identifier_rules(opts.policy.compiled()),
                               decoded, found);
        }
        check_path_user_id_text(opts, found);
    }

    // G13, and for a query U1 (Q4) in the same walk.
    [[nodiscard]] bool check_stored(const nlohmann::json& stored, diagnostics& found) {
        if (query) {
            return check_stored_profile_and_match(
                stored, *query, identifier_rules(opts.policy.compiled()), found, stored_members);
        }
        stored_members = check_stored_profile(stored, found);
        return true;
    }

    [[nodiscard]] static std::string_view not_found() noexcept {  // U6
        return "There is no profile with this id.";
    }

    void check_target(const nlohmann::json& target, diagnostics& found) {
        if (!query) {  // Q5 by id: the stored profile's own source
            check_source_not_reserved(
                stored_members[profile_field_kind::source]->get_ref<const std::string&>(), false,
                found);
        }
        check_path_user_id(target, opts, found);  // U7
    }

    [[nodiscard]] entity_plan plan(const nlohmann::json* target, const nlohmann::json& body,
                                   diagnostics& found) const {
        put_address where;
        if (query) {  // U2: the query's source and type, and its identifier, normalised
            profile_key key = key_of(*query, identifier_rules(opts.policy.compiled()));
            where = {std::move(key.source), std::move(key.type),
                     identifier{std::move(key.identifier_type), std::move(key.identifier_value)}};
        } else {  // U6: source and type kept from stored
            where = {member_or_null(*target, "source")->get<std::string>(),
                     member_or_null(*target, "type")->get<std::string>(), std::nullopt};
        }
        return plan_put(put_sources{target, where, ctx, opts}, body, found);
    }
};

template <class Stored>
[[nodiscard]] operation_result put_core(Stored&& stored, const query_address* address,
                                        const nlohmann::json& request, const context& ctx,
                                        const put_options& options) {
    std::optional<put_options> adjusted;
    put_spec spec(address, request, ctx, options_under_policy(options, adjusted));
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
