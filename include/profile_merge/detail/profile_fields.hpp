// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/attribute_plan.hpp"
#include "profile_merge/detail/profile_rules.hpp"
#include "profile_merge/profile_schema.hpp"

// What each kind of profile field does (section F), in one place: how a request
// member of that kind is read, what PATCH plans for it, and what PUT's result holds.
// The operations (impl/patch.ipp, impl/put.ipp) find rows in the options' schema and
// hand them here.
namespace profile_merge {
inline namespace v1 {
namespace detail {

enum class profile_method { patch, put };

// What a body says, once each member is read through the schema. Only writable
// members are read; the others were screened (G6).
struct profile_body {
    const nlohmann::json* name = nullptr;        // F1: a string or null
    const nlohmann::json* attributes = nullptr;  // F1: an object or null, within G9
    bool identifiers_sent = false;               // PATCH: not null; PUT: not null or []
    std::vector<identifier> identifiers;         // normalised (N1-N3)
};

// P4: null appends nothing; U5: null or [] is not sending identifiers.
[[nodiscard]] inline bool sends_identifiers(const nlohmann::json& value, profile_method method) {
    return !value.is_null() &&
           !(method == profile_method::put && value.is_array() && value.empty());
}

// G5, G6 and each writable kind's checks (F1, G9, P4, U5), for every member of a
// profile body. `reference(row)` is the value a non-writable member is compared with
// (nullptr when there is none).
template <class Reference>
[[nodiscard]] profile_body read_profile_body(const nlohmann::json& body, profile_method method,
                                             const profile_schema& schema,
                                             const profile_limits& limits,
                                             read_only_policy read_only, const Reference& reference,
                                             const identifier_rules& rules, diagnostics& found) {
    profile_body out;
    const auto write = [&](const profile_field& field, const nlohmann::json& value,
                           std::string_view /*key*/) {
        switch (kind_row(field.kind).body) {
            case body_reading::name:  // P2
                check_name(value, "/profile/name", found);
                out.name = &value;
                break;
            case body_reading::attributes: {  // P3; planned only within G9's bounds
                const std::size_t errors = found.errors.size() + found.errors_omitted;
                check_attributes(value, "/profile/attributes", limits, found);
                if (found.errors.size() + found.errors_omitted == errors) {
                    out.attributes = &value;
                }
                break;
            }
            case body_reading::identifiers:
                if (sends_identifiers(value, method)) {
                    out.identifiers_sent = true;
                    out.identifiers =
                        read_identifiers(value, "/profile/identifiers", limits, found, rules);
                }
                break;
            case body_reading::screened:  // never writable (schema_rules)
                break;
        }
    };
    walk_body(body, "/profile", schema, read_only, privileged_fields_policy::ignore, reference,
              write, found);  // P6, G5, G6
    return out;
}

// Whether the schema lets a request write the member of this kind.
[[nodiscard]] inline bool is_writable(const profile_schema& schema, profile_field_kind kind) {
    const profile_field* field = schema.find(kind);
    return field != nullptr && field->access == field_access::writable;
}

// NM1 on PATCH: whether the result's name is derived, from the name the request writes
// (nullptr when it writes none) and the stored profile's.
[[nodiscard]] inline bool patch_derives_name(const nlohmann::json* sent,
                                             const nlohmann::json* stored) {
    return !is_own_name(sent != nullptr ? sent : stored);
}

// P2-P7: the writes a valid PATCH body makes, in the order NM1 needs (the name is
// derived from the identifiers the result has); reads `stored`, the entity the editor
// will write, and never writes it.
[[nodiscard]] inline entity_plan plan_patch(const stored_profile& stored,
                                            const nlohmann::json& body,
                                            const patch_options& options, diagnostics& found) {
    const auto stored_member = [&](const profile_field& field) { return stored[field.kind]; };
    const identifier_rules rules(options.policy.compiled());
    profile_body read =
        read_profile_body(body, profile_method::patch, options.schema, options.limits,
                          options.read_only, stored_member, rules, found);
    const nlohmann::json* stored_ids = nullptr;
    std::vector<identifier> to_append;
    if (!read.identifiers.empty()) {
        stored_ids = stored[profile_field_kind::identifiers];
        to_append = identifiers_to_append(stored_ids ? *stored_ids : null_json(), read.identifiers,
                                          options.policy);
        if (!to_append.empty()) {  // P7: on the result, beside any other error
            const std::size_t kept = stored_ids && stored_ids->is_array() ? stored_ids->size() : 0;
            check_identifier_count(kept + to_append.size(), options.limits, found);
        }
    }
    entity_plan plan;
    plan.updated_at = stored[profile_field_kind::updated_at];
    if (!to_append.empty()) {  // P4, P5: first, as the report lists them
        nlohmann::json elements(nlohmann::json::value_t::array);
        elements.get_ref<nlohmann::json::array_t&>().reserve(to_append.size());
        for (const identifier& id : to_append) {
            elements.push_back(id.to_json());
            if (auto e = identity_effect(id, rules)) {
                plan.effects.push_back(std::move(*e));
            }
        }
        if (stored_ids != nullptr && stored_ids->is_array()) {
            plan.append_in(*stored_ids, "/identifiers", std::move(elements));
        } else {  // a new array
            plan.set_in(nullptr, stored_ids, "/identifiers", std::move(elements));
        }
    }
    if (read.attributes != nullptr) {  // P3, F1, PL1-PL5: errors of their own, beside the rest
        plan_attributes_patch(stored[profile_field_kind::attributes], *read.attributes,
                              options.policy.compiled(), options.trusted, options.read_only,
                              options.attributes, plan, found);
    }
    if (found.failed()) {
        return plan;
    }
    // P2, F1, NM1: a name of its own, else (removed, or never had one) the one derived
    // from the identifiers the result has.
    const nlohmann::json* stored_name = stored[profile_field_kind::name];
    if (is_own_name(read.name)) {
        plan.set_in(nullptr, stored_name, "/name", *read.name);
    } else if (patch_derives_name(read.name, stored_name)) {
        stored_ids = stored[profile_field_kind::identifiers];
        profile_name_deriver deriver(rules);
        deriver.offer_all(stored_ids ? *stored_ids : null_json());
        for (const identifier& id : to_append) {
            deriver.offer(id.type, id.value);
        }
        if (std::optional<std::string> derived = deriver.name()) {
            plan.set_in(nullptr, stored_name, "/name", std::move(*derived));
        } else {
            plan.remove_if_present(stored_name, "/name");
        }
    }
    return plan;
}

// Where a PUT points: the source and type of the result, and the query's
// identifier that U2 appends (none for PUT by id).
struct put_address {
    std::string source;
    std::string type;
    std::optional<identifier> query_identifier;
};

// What a PUT's result is made from. `replaced` is the stored profile, or nullptr on
// create.
struct put_sources {
    const nlohmann::json* replaced;
    const put_address& address;
    const context& ctx;
    const put_options& options;

    [[nodiscard]] const nlohmann::json* kept(const profile_field& field) const {
        return replaced != nullptr ? member_or_null(*replaced, field.name) : nullptr;
    }
};

// The value a member of PUT's result has when the body does not write it (its kind's
// put_origin), or nullopt for none: also what a sent value of a non-writable member is
// compared with (G6).
[[nodiscard]] inline std::optional<nlohmann::json> put_fixed_value(const profile_field& field,
                                                                   const put_sources& from) {
    const profile_kind_row& row = kind_row(field.kind);
    switch (from.replaced != nullptr ? row.on_replace : row.on_create) {
        case put_origin::kept: {
            const nlohmann::json* kept = from.kept(field);
            return kept != nullptr ? std::optional<nlohmann::json>(*kept) : std::nullopt;
        }
        case put_origin::kept_object: {
            const nlohmann::json* kept = from.kept(field);
            return kept != nullptr && kept->is_object() ? *kept : nlohmann::json::object();
        }
        case put_origin::address_source:
            return nlohmann::json(from.address.source);
        case put_origin::address_type:
            return nlohmann::json(from.address.type);
        case put_origin::new_id:
            return nlohmann::json(from.ctx.new_id);
        case put_origin::now:  // finish sets `now` again on a change (G4)
            return nlohmann::json(from.ctx.now);
        case put_origin::path_user_id:
            if (from.options.path_user_id) {
                return nlohmann::json(*from.options.path_user_id);
            }
            return std::nullopt;
        case put_origin::none:
            return std::nullopt;
    }
    return std::nullopt;
}

// U2, U5, U8: the identifiers of a PUT's result, and which of them count for the user
// effects (U3, U4). Writable, they are the body's (required), de-duplicated; not
// writable, the stored ones are kept. Either way the query's joins them.
struct put_identifiers {
    nlohmann::json result = nlohmann::json::array();
    std::vector<identifier> listed;  // the body's, or those a kept list gains
};

[[nodiscard]] inline put_identifiers read_put_identifiers(profile_body& body,
                                                          const profile_field& field,
                                                          const put_sources& from,
                                                          diagnostics& found) {
    put_identifiers out;
    const auto& extra = from.address.query_identifier;
    if (field.access == field_access::writable) {
        if (!body.identifiers_sent) {
            found.fail(error_code::missing_required, "/profile/identifiers",
                       PROFILE_MERGE_PATTERN(
                           "identifiers is required and must not be empty: a profile is found "
                           "by its identifiers."));
            return out;
        }
        out.listed = deduplicate_identifiers(std::move(body.identifiers));
        if (extra && std::none_of(out.listed.begin(), out.listed.end(),
                                  [&](const identifier& id) { return id == *extra; })) {
            out.listed.push_back(*extra);
        }
    } else {
        const nlohmann::json* kept = from.kept(field);
        if (kept != nullptr && kept->is_array()) {
            out.result = *kept;
        }
        if (extra) {
            out.listed = identifiers_to_append(out.result, {*extra}, from.options.policy);
        }
    }
    for (const identifier& id : out.listed) {
        out.result.push_back(id.to_json());
    }
    // U8; kept identifiers count only when the query's joins them, as P7 for PATCH
    if (field.access == field_access::writable || !out.listed.empty()) {
        check_identifier_count(out.result.size(), from.options.limits, found);
    }
    return out;
}

// U2: the whole result of a valid PUT, member by member in the schema's rows.
// `attributes` are the writable attributes of the result (PL7), unused otherwise.
[[nodiscard]] inline nlohmann::json put_result(const put_sources& from, const profile_body& body,
                                               nlohmann::json attributes,
                                               nlohmann::json identifiers) {
    nlohmann::json result(nlohmann::json::value_t::object);
    bool attributes_written = false;  // by the body: moved in after the loop
    for (const profile_field& field : from.options.schema) {
        const bool writable = field.access == field_access::writable;
        switch (kind_row(field.kind).body) {
            case body_reading::name: {  // NM1: no name when none can be derived
                const nlohmann::json* own = writable ? body.name : from.kept(field);
                if (is_own_name(own)) {
                    result[std::string(field.name)] = own->get<std::string>();
                } else {
                    profile_name_deriver deriver(identifier_rules(from.options.policy.compiled()));
                    deriver.offer_all(identifiers);
                    if (auto derived = deriver.name()) {
                        result[std::string(field.name)] = std::move(*derived);
                    }
                }
                break;
            }
            case body_reading::identifiers:
                break;  // moved in last, after the name was derived from them
            case body_reading::attributes:
                if (writable) {  // U2: absent or null is {}
                    attributes_written = true;
                    break;
                }
                [[fallthrough]];
            case body_reading::screened:
                if (auto value = put_fixed_value(field, from)) {
                    result[std::string(field.name)] = std::move(*value);
                }
        }
    }
    if (attributes_written) {
        result["attributes"] = std::move(attributes);
    }
    result["identifiers"] = std::move(identifiers);
    return result;
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
