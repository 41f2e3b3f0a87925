// SPDX-License-Identifier: MIT
// The definitions of profile_merge/patch.hpp (docs/architecture.md, "Compiling").
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "profile_merge/detail/profile_rules.hpp"
#include "profile_merge/patch.hpp"
#include "profile_merge/profile_fields.hpp"

namespace profile_merge {
inline namespace v1 {

namespace detail {

// NM1 on PATCH: whether the result's name is derived, from the name the request sends
// (nullptr when it sends none) and the stored profile's.
[[nodiscard]] inline bool patch_derives_name(const nlohmann::json* sent,
                                             const nlohmann::json& stored) {
    return !is_own_name(sent != nullptr ? sent : member_or_null(stored, "name"));
}

// P2-P7: validates the whole body against the F table and decides every write;
// reads `stored`, never writes it.
[[nodiscard]] inline entity_plan plan_patch(const nlohmann::json& stored,
                                            const nlohmann::json& body,
                                            const patch_options& options, diagnostics& found) {
    const nlohmann::json* name = nullptr;        // the request's, when sent
    const nlohmann::json* attributes = nullptr;  // the request's, when sent
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
                name = &value;
                break;
            case profile_patch_rule::merge_attributes:  // P3
                check_attributes(value, "/profile/attributes", options.limits, found);
                attributes = &value;
                break;
            case profile_patch_rule::append_identifiers:  // P4: null changes nothing
                if (!value.is_null()) {
                    incoming =
                        read_identifiers(value, "/profile/identifiers", options.limits, found);
                }
                break;
        }
    }
    const nlohmann::json* stored_ids = nullptr;
    std::vector<identifier> to_append;
    if (!incoming.empty()) {
        stored_ids = member_or_null(stored, "identifiers");
        to_append = identifiers_to_append(stored_ids ? *stored_ids : null_json(), incoming);
        if (!to_append.empty()) {  // P7: on the result, beside any other error
            const std::size_t kept = stored_ids && stored_ids->is_array() ? stored_ids->size() : 0;
            check_identifier_count(kept + to_append.size(), options.limits, found);
        }
    }
    entity_plan plan;
    if (found.failed()) {
        return plan;
    }
    plan.steps.reserve(3);
    if (!to_append.empty()) {  // P4, P5
        nlohmann::json elements(nlohmann::json::value_t::array);
        elements.get_ref<nlohmann::json::array_t&>().reserve(to_append.size());
        for (const identifier& id : to_append) {
            elements.push_back(id.to_json());
            if (auto e = identity_effect(id)) {
                plan.effects.push_back(std::move(*e));
            }
        }
        plan.steps.push_back(plan_step::append("identifiers", std::move(elements)));
    }
    if (attributes != nullptr) {  // P3; F1: null clears them to {}
        plan.steps.push_back(attributes->is_null()
                                 ? plan_step::set("attributes", nlohmann::json::object())
                                 : plan_step::merge("attributes", *attributes, options.attributes));
    }
    // P2, F1, NM1: a name of its own, else (removed, or never had one) the one derived
    // from the identifiers the result has.
    if (is_own_name(name)) {
        plan.steps.push_back(plan_step::set("name", name->get<std::string>()));
    } else if (patch_derives_name(name, stored)) {
        if (stored_ids == nullptr) {
            stored_ids = member_or_null(stored, "identifiers");
        }
        profile_name_deriver deriver;
        deriver.offer_all(stored_ids ? *stored_ids : null_json());
        for (const identifier& id : to_append) {
            deriver.offer(id.type, id.value);
        }
        std::optional<std::string> derived = deriver.name();
        plan.steps.push_back(derived ? plan_step::set("name", std::move(*derived))
                                     : plan_step::remove("name"));
    }
    return plan;
}

// G13 for the elements of the stored identifiers, which a PATCH reads only to append
// to them (P4) or to derive the name from them (NM1): one that does neither leaves
// them as they are, and costs the same however many the profile has.
[[nodiscard]] inline bool patch_reads_stored_identifiers(const nlohmann::json& stored,
                                                         const nlohmann::json& request) {
    const nlohmann::json* body = member_or_null(request, profile_envelope);
    if (body == nullptr || !body->is_object() || !stored.is_object()) {
        return true;  // refused at another gate; read as much as may be
    }
    const nlohmann::json* identifiers = member_or_null(*body, "identifiers");
    if (identifiers != nullptr && !identifiers->is_null()) {
        return true;
    }
    return patch_derives_name(member_or_null(*body, "name"), stored);
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

    patch_spec(const query_address* where, const nlohmann::json& body, const patch_options& options)
        : address(where), request(body), opts(options) {}

    [[nodiscard]] const patch_options& options() const noexcept { return opts; }

    void check_address(diagnostics& found) {  // Q1-Q3, G12, G9, Q5
        if (address != nullptr) {
            query = read_query(*address, opts.limits, decoded, found);
        }
    }

    // G13, and for a query Q4 in the same walk (matching reads every identifier).
    [[nodiscard]] bool check_stored(const nlohmann::json& stored, diagnostics& found) {
        if (query) {
            return check_stored_profile_and_match(stored, *query, found);
        }
        check_stored_profile(stored, found, patch_reads_stored_identifiers(stored, request));
        return true;
    }

    [[nodiscard]] std::string_view not_found() const noexcept {  // P1
        return query ? "No profile matches the identifier query."
                     : "There is no profile with this id.";
    }

    void check_target(const nlohmann::json& target, diagnostics& found) {
        if (!query) {  // Q5 by id: the stored profile's own source
            check_source_not_reserved(
                member_or_null(target, "source")->get_ref<const std::string&>(), false, found);
        }
    }

    [[nodiscard]] entity_plan plan(const nlohmann::json* target, const nlohmann::json& body,
                                   diagnostics& found) const {
        return plan_patch(*target, body, opts, found);
    }
};

template <class Stored>
[[nodiscard]] operation_result patch_core(Stored&& stored, const query_address* address,
                                          const nlohmann::json& request, const context& ctx,
                                          const patch_options& options) {
    patch_spec spec(address, request, options);
    return run_operation(spec, std::forward<Stored>(stored), request, ctx);
}

}  // namespace detail

operation_result patch_profile_by_id(const nlohmann::json& stored, const nlohmann::json& request,
                                     const context& ctx, const patch_options& options) {
    return detail::patch_core(stored, nullptr, request, ctx, options);
}

operation_result patch_profile_by_id(nlohmann::json&& stored, const nlohmann::json& request,
                                     const context& ctx, const patch_options& options) {
    return detail::patch_core(std::move(stored), nullptr, request, ctx, options);
}

operation_result patch_profile_by_query(const nlohmann::json& stored, std::string_view query,
                                        const nlohmann::json& request, const context& ctx,
                                        const patch_options& options) {
    const detail::query_address address{query};
    return detail::patch_core(stored, &address, request, ctx, options);
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
    return detail::patch_core(stored, &address, request, ctx, options);
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
