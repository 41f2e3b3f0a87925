// SPDX-License-Identifier: MIT
// The definitions of profile_merge/patch.hpp (docs/architecture.md, "Compiling").
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "profile_merge/detail/profile_fields.hpp"
#include "profile_merge/detail/profile_rules.hpp"
#include "profile_merge/patch.hpp"

namespace profile_merge {
inline namespace v1 {

namespace detail {

// G13 for the elements of the stored identifiers, which a PATCH reads only to append
// to them (P4) or to derive the name from them (NM1): one that does neither leaves
// them as they are, and costs the same however many the profile has.
[[nodiscard]] inline bool patch_reads_stored_identifiers(const stored_profile& stored,
                                                         const nlohmann::json& request,
                                                         const profile_schema& schema) {
    const nlohmann::json* body = member_or_null(request, profile_envelope);
    if (body == nullptr || !body->is_object()) {
        return true;  // refused at another gate; read as much as may be
    }
    const nlohmann::json* identifiers = member_or_null(*body, "identifiers");
    if (identifiers != nullptr && sends_identifiers(*identifiers, profile_method::patch) &&
        is_writable(schema, profile_field_kind::identifiers)) {
        return true;
    }
    const nlohmann::json* name = member_or_null(*body, "name");
    return patch_derives_name(
        name != nullptr && is_writable(schema, profile_field_kind::name) ? name : nullptr,
        stored[profile_field_kind::name]);
}

// PATCH of a profile (P1-P8) for run_operation; `address` is null by id.
struct patch_spec {
    static constexpr api which = api::profiles;
    static constexpr std::string_view envelope = profile_envelope;
    static constexpr bool may_create = false;
    static constexpr outcome on_change = outcome::updated;

    const query_address* address;
    const nlohmann::json& request;
    const patch_options& opts;
    std::string decoded;  // the query's parts view it when the query has an escape
    std::optional<query_view> query;
    stored_profile stored_members;  // what G13 found

    patch_spec(const query_address* where, const nlohmann::json& body, const patch_options& options)
        : address(where), request(body), opts(options) {}

    [[nodiscard]] const patch_options& options() const noexcept { return opts; }

    void check_address(diagnostics& found) {  // Q1-Q3, G12, G9, Q5
        if (address != nullptr) {
            query = read_query(*address, opts.limits, identifier_rules(opts.policy.compiled()),
                               decoded, found);
        }
    }

    // G13, and for a query Q4 in the same walk (matching reads every identifier).
    [[nodiscard]] bool check_stored(const nlohmann::json& stored, diagnostics& found) {
        if (query) {
            return check_stored_profile_and_match(
                stored, *query, identifier_rules(opts.policy.compiled()), found, stored_members);
        }
        stored_members = check_stored_profile(stored, found, false);
        const nlohmann::json* identifiers = stored_members[profile_field_kind::identifiers];
        if (identifiers == nullptr || !identifiers->is_array()) {
            return true;
        }
        // Two pure tests, the cheaper first: a few elements cost less to read than the
        // request's members to look up.
        constexpr std::size_t few = 4;
        const auto reads = [&] {
            return patch_reads_stored_identifiers(stored_members, request, opts.schema);
        };
        const auto unreadable = [&] { return !readable_identifiers(*identifiers); };
        if (identifiers->size() > few ? reads() && unreadable() : unreadable() && reads()) {
            report_unreadable_identifiers(found);
        }
        return true;
    }

    [[nodiscard]] std::string_view not_found() const noexcept {  // P1
        return query ? "No profile matches the identifier query."
                     : "There is no profile with this id.";
    }

    void check_target(const nlohmann::json& /*target*/, diagnostics& found) {
        if (!query) {  // Q5 by id: the stored profile's own source
            check_source_not_reserved(
                stored_members[profile_field_kind::source]->get_ref<const std::string&>(), false,
                found);
        }
    }

    [[nodiscard]] entity_plan plan(const nlohmann::json* /*target*/, const nlohmann::json& body,
                                   diagnostics& found) const {
        return plan_patch(stored_members, body, opts, found);
    }

    bool check_result(const nlohmann::json& entity, diagnostics& found) const {  // PL5
        return check_attributes_schema(opts.policy.compiled(), entity, request, found);
    }
};

// The const& overloads hand over a copy (which their result returns either way), so
// that the plan reads the entity the editor writes.
[[nodiscard]] inline operation_result patch_core(nlohmann::json&& stored,
                                                 const query_address* address,
                                                 const nlohmann::json& request, const context& ctx,
                                                 const patch_options& options) {
    std::optional<patch_options> adjusted;
    patch_spec spec(address, request, options_under_policy(options, adjusted));
    return run_operation(spec, std::move(stored), request, ctx);
}

}  // namespace detail

operation_result patch_profile_by_id(const nlohmann::json& stored, const nlohmann::json& request,
                                     const context& ctx, const patch_options& options) {
    return detail::patch_core(detail::copy_json(stored), nullptr, request, ctx, options);
}

operation_result patch_profile_by_id(nlohmann::json&& stored, const nlohmann::json& request,
                                     const context& ctx, const patch_options& options) {
    return detail::patch_core(std::move(stored), nullptr, request, ctx, options);
}

operation_result patch_profile_by_query(const nlohmann::json& stored, std::string_view query,
                                        const nlohmann::json& request, const context& ctx,
                                        const patch_options& options) {
    const detail::query_address address{query};
    return detail::patch_core(detail::copy_json(stored), &address, request, ctx, options);
}

operation_result patch_profile_by_query(nlohmann::json&& stored, std::string_view query,
                                        const nlohmann::json& request, const context& ctx,
                                        const patch_options& options) {
    const detail::query_address address{query};
    return detail::patch_core(std::move(stored), &address, request, ctx, options);
}

operation_result patch_profile_by_query(const nlohmann::json& stored, const identifier_query& query,
                                        const nlohmann::json& request, const context& ctx,
                                        const patch_options& options) {
    const detail::query_address address{{}, &query};
    return detail::patch_core(detail::copy_json(stored), &address, request, ctx, options);
}

operation_result patch_profile_by_query(nlohmann::json&& stored, const identifier_query& query,
                                        const nlohmann::json& request, const context& ctx,
                                        const patch_options& options) {
    const detail::query_address address{{}, &query};
    return detail::patch_core(std::move(stored), &address, request, ctx, options);
}

operation_result patch_profile(const nlohmann::json& stored, const nlohmann::json& request,
                               const context& ctx, const patch_options& options) {
    return patch_profile_by_id(stored, request, ctx, options);
}

operation_result patch_profile(nlohmann::json&& stored, const nlohmann::json& request,
                               const context& ctx, const patch_options& options) {
    return patch_profile_by_id(std::move(stored), request, ctx, options);
}

}  // namespace v1
}  // namespace profile_merge
