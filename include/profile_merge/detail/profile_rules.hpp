// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/attribute_merge.hpp"
#include "profile_merge/change_report.hpp"
#include "profile_merge/detail/diagnostics.hpp"
#include "profile_merge/detail/field_table.hpp"
#include "profile_merge/detail/operation.hpp"
#include "profile_merge/effect.hpp"
#include "profile_merge/identifier_query.hpp"
#include "profile_merge/identifiers.hpp"
#include "profile_merge/impl/attribute_merge.ipp"
#include "profile_merge/impl/identifier_query.ipp"
#include "profile_merge/impl/identifiers.ipp"
#include "profile_merge/impl/naming.ipp"
#include "profile_merge/naming.hpp"
#include "profile_merge/options.hpp"
#include "profile_merge/result.hpp"

// Pieces PATCH and PUT of profiles share; each names the rule it implements.
namespace profile_merge {
inline namespace v1 {
namespace detail {

inline constexpr std::string_view profile_envelope = "profile";

// F1: name is a string (valid UTF-8) or null.
inline void check_name(const nlohmann::json& value, std::string_view pointer, diagnostics& found) {
    if (value.is_null()) {
        return;
    }
    if (!value.is_string()) {
        found.fail(error_code::invalid_type, pointer,
                   PROFILE_MERGE_PATTERN("name must be a string or null, not {}."),
                   json_type_name(value));
    } else if (!is_utf8(*value.get_ptr<const std::string*>())) {
        found.fail(error_code::invalid_value, pointer,
                   PROFILE_MERGE_PATTERN("name is not valid UTF-8."));
    }
}

// What a writable request member of a kind is read as (F1, G9, P4, U5). Server-managed
// kinds are never writable (schema_rules): a request member of one is only screened
// (G6).
enum class body_reading { screened, name, attributes, identifiers };

// Where a member of a PUT's result comes from when the body does not write it (U2,
// U3, U6, PL7).
enum class put_origin {
    kept,            // the stored value; none on a create
    kept_object,     // the stored value when it is an object, else {}
    address_source,  // the query's source (U2), or the stored one by id (U6)
    address_type,    // the same for type
    new_id,          // the context's new id
    now,             // the context's time
    path_user_id,    // the path's user id (U3); none without one
    none,            // nothing yet: NM1 and U2 complete name and identifiers
};

// Section F's kinds as rows, in the order of profile_field_kind: what a stored member
// of the kind must be (G13, whose table is derived from these), how a request member
// of it is read, and what a PUT's result holds for it when the body does not write it,
// on a replace and on a create.
struct profile_kind_row {
    profile_field_kind kind;
    stored_kind stored;
    bool required;  // every stored profile has one
    body_reading body;
    put_origin on_replace;
    put_origin on_create;
};
inline constexpr std::array<profile_kind_row, 9> profile_kind_rows{{
    {profile_field_kind::id, stored_kind::string, true, body_reading::screened, put_origin::kept,
     put_origin::new_id},
    {profile_field_kind::created_at, stored_kind::string, false, body_reading::screened,
     put_origin::kept, put_origin::now},
    {profile_field_kind::updated_at, stored_kind::string, false, body_reading::screened,
     put_origin::kept, put_origin::now},
    {profile_field_kind::source, stored_kind::string, true, body_reading::screened,
     put_origin::address_source, put_origin::address_source},
    {profile_field_kind::type, stored_kind::string, true, body_reading::screened,
     put_origin::address_type, put_origin::address_type},
    {profile_field_kind::user_id, stored_kind::string, false, body_reading::screened,
     put_origin::kept, put_origin::path_user_id},
    {profile_field_kind::name, stored_kind::string, false, body_reading::name, put_origin::kept,
     put_origin::none},
    {profile_field_kind::attributes, stored_kind::object, false, body_reading::attributes,
     put_origin::kept_object, put_origin::kept_object},
    {profile_field_kind::identifiers, stored_kind::identifier_array, false,
     body_reading::identifiers, put_origin::kept, put_origin::none},
}};

[[nodiscard]] constexpr const profile_kind_row& kind_row(profile_field_kind kind) noexcept {
    return profile_kind_rows[static_cast<std::size_t>(kind)];
}

[[nodiscard]] constexpr bool in_kind_order(const std::array<profile_kind_row, 9>& rows) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (static_cast<std::size_t>(rows[i].kind) != i) {
            return false;
        }
    }
    return true;
}
static_assert(in_kind_order(profile_kind_rows));

// The server-managed kinds, which no request writes, are the ones read as nothing.
[[nodiscard]] constexpr bool screened_kinds_are_server_managed() {
    for (const profile_kind_row& row : profile_kind_rows) {
        if ((row.body == body_reading::screened) != is_server_managed(row.kind)) {
            return false;
        }
    }
    return true;
}
static_assert(screened_kinds_are_server_managed());

// G13's rows: the kinds' rows, in the key order of their members (check_stored_entity
// walks the two side by side).
[[nodiscard]] constexpr std::array<stored_member_rule, 9> stored_rules_of(
    const std::array<profile_kind_row, 9>& rows) {
    std::array<stored_member_rule, 9> out{};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        stored_member_rule rule{to_string(rows[i].kind), rows[i].stored, rows[i].required};
        std::size_t at = i;
        for (; at > 0 && rule.name < out[at - 1].name; --at) {
            out[at] = out[at - 1];
        }
        out[at] = rule;
    }
    return out;
}
inline constexpr std::array<stored_member_rule, 9> stored_profile_rules =
    stored_rules_of(profile_kind_rows);
static_assert(in_key_order(stored_profile_rules));

// The members of a stored profile that G13 found, by kind (nullptr when absent): what
// the planners read instead of looking each up again.
class stored_profile {
public:
    stored_profile() = default;
    explicit stored_profile(const stored_members<9>& members) noexcept : members_(members) {}
    [[nodiscard]] const nlohmann::json* operator[](profile_field_kind kind) const noexcept {
        return members_[row_of[static_cast<std::size_t>(kind)]];
    }

private:
    // Each kind's row of stored_profile_rules.
    static constexpr std::array<std::size_t, 9> row_of = [] {
        std::array<std::size_t, 9> rows{};
        for (std::size_t kind = 0; kind < rows.size(); ++kind) {
            rows[kind] =
                row_named(stored_profile_rules, to_string(static_cast<profile_field_kind>(kind)));
        }
        return rows;
    }();
    stored_members<9> members_{};
};

// `identifier_elements` false checks that `identifiers` is an array, not its elements:
// for an operation that does not read them.
inline stored_profile check_stored_profile(const nlohmann::json& stored, diagnostics& found,
                                           bool identifier_elements = true) {
    return stored_profile(
        check_stored_entity(stored, "profile", stored_profile_rules, found, identifier_elements));
}

// G13 for the elements of the stored identifiers, checked apart from the other
// members (check_stored_profile with `identifier_elements` false): the same error.
inline void report_unreadable_identifiers(diagnostics& found) {
    report_unreadable_member(
        "profile", stored_profile_rules[row_named(stored_profile_rules, "identifiers")], found);
}

// G13 and Q4 in one walk of the stored identifiers, for the by-query operations:
// whether `stored` matches `query`, with an error when an identifier is unreadable.
[[nodiscard]] inline bool check_stored_profile_and_match(const nlohmann::json& stored,
                                                         const query_view& query,
                                                         const identifier_rules& rules,
                                                         diagnostics& found, stored_profile& view) {
    const auto members = check_stored_entity(stored, "profile", stored_profile_rules, found, false);
    if (found.failed()) {
        return false;
    }
    view = stored_profile(members);
    constexpr std::size_t source = row_named(stored_profile_rules, "source");
    constexpr std::size_t type = row_named(stored_profile_rules, "type");
    constexpr std::size_t identifiers = row_named(stored_profile_rules, "identifiers");
    const identifier_match match = match_identifiers(
        {members[source], members[type], members[identifiers]}, query, true, rules);
    if (!match.well_formed) {
        found.fail_unplaced(error_code::invalid_stored_entity,
                            PROFILE_MERGE_PATTERN(
                                "The stored profile's `identifiers` cannot be read: an element is "
                                "not an object with a string type and a string or integer value."));
    }
    return match.matched;
}

// F1: a name of its own; null and "" count as none (then NM1 applies).
[[nodiscard]] inline bool is_own_name(const nlohmann::json* value) noexcept {
    return value != nullptr && value->is_string() && !value->get_ptr<const std::string*>()->empty();
}

// F1, G9: attributes is an object (or null), within the depth limit, well-formed.
inline void check_attributes(const nlohmann::json& value, std::string_view pointer,
                             const profile_limits& limits, diagnostics& found) {
    if (value.is_null()) {
        return;
    }
    if (!value.is_object()) {
        found.fail(error_code::invalid_type, pointer,
                   PROFILE_MERGE_PATTERN("attributes must be an object, not {}."),
                   json_type_name(value));
        return;
    }
    visit_attribute_problems(
        value, pointer, limits.max_attribute_depth, limits.max_attribute_name_length,
        [&](const attribute_problem& problem) {  // G8: every offending member
            const std::string label = brief_label(problem.pointer);
            switch (problem.kind) {
                case attribute_problem_kind::too_deep:
                    found.fail(problem.code, problem.pointer,
                               PROFILE_MERGE_PATTERN(
                                   "{} is nested deeper than the {} levels attributes may have."),
                               label, limits.max_attribute_depth);
                    break;
                case attribute_problem_kind::name_too_long:
                    found.fail(problem.code, problem.pointer,
                               PROFILE_MERGE_PATTERN("{} has a name longer than {} characters."),
                               label, limits.max_attribute_name_length);
                    break;
                case attribute_problem_kind::ill_formed_utf8:
                    found.fail(
                        problem.code, problem.pointer,
                        PROFILE_MERGE_PATTERN("{} is not valid UTF-8 (in its name or its value)."),
                        label);
                    break;
            }
            return true;
        });
}

// G9, P7, U8: the identifier count of a result.
inline void check_identifier_count(std::size_t count, const profile_limits& limits,
                                   diagnostics& found) {
    if (limits.max_identifiers != 0 && count > limits.max_identifiers) {
        found.fail(error_code::limit_exceeded, "/profile/identifiers",
                   PROFILE_MERGE_PATTERN(
                       "A profile may have at most {} identifiers; this request would give it {}."),
                   limits.max_identifiers, count);
    }
}

// Q5, U8: the reserved source, in the query or (by id) in the stored profile.
inline void check_source_not_reserved(std::string_view source, bool from_query,
                                      diagnostics& found) {
    if (!is_reserved_source(source)) {
        return;
    }
    if (from_query) {
        found.fail_parameter(
            error_code::reserved_source, query_parameter,
            PROFILE_MERGE_PATTERN("Source \"{}\" is reserved; profiles of that source cannot be "
                                  "created or changed."),
            source);
    } else {
        found.fail_unplaced(error_code::reserved_source,
                            PROFILE_MERGE_PATTERN(
                                "This profile's source \"{}\" is reserved; it cannot be changed."),
                            source);
    }
}

// The address of a by-query operation: the query's text as it arrived, or a query
// parsed before (a server that looked the profile up has parsed it already).
struct query_address {
    std::string_view text;
    const identifier_query* parsed = nullptr;
};

// G11 (1) for a query: Q1-Q3, G12 and G9 (split_query_text or check_query), and Q5 on
// whatever source the query names, every error of them recorded (G8). The query, or
// nullopt when any of them failed.
// PL6 (step 1 too): a type the policy refuses, or a value its normalisation refuses
// or leaves empty, is an invalid query.
[[nodiscard]] inline std::optional<query_view> read_query(const query_address& address,
                                                          const profile_limits& limits,
                                                          const identifier_rules& rules,
                                                          std::string& decoded,
                                                          diagnostics& found) {
    query_text_parts query;
    if (address.parsed != nullptr) {
        query.valid = check_query(*address.parsed, limits, found);
        query.parts = view_of(*address.parsed);
    } else {
        query = split_query_text(address.text, limits, decoded, found);
    }
    check_source_not_reserved(query.parts.source, true, found);
    if (query.valid && !rules.is_default()) {
        if (!rules.allows(query.parts.identifier_type)) {
            found.fail_parameter(
                error_code::invalid_identifier_query, query_parameter,
                PROFILE_MERGE_PATTERN("The identifier query's identifier type \"{}\" is not one "
                                      "this service knows."),
                query.parts.identifier_type);
        } else if (const auto value = rules.normalize(query.parts.identifier_type,
                                                      std::string(query.parts.identifier_value));
                   !value || value->empty()) {
            found.fail_parameter(error_code::invalid_identifier_query, query_parameter,
                                 PROFILE_MERGE_PATTERN("The identifier query's value {}."),
                                 value ? "is empty once normalised"
                                       : "must be an E.164 number such as +15551234567");
        }
    }
    return query.valid && !found.failed() ? std::optional<query_view>(query.parts) : std::nullopt;
}

// PL5: the result's attributes against the policy's schema, each violation an error at
// the request's member when the request holds it, else at /profile/attributes.
// Whether there was none.
inline bool check_attributes_schema(const compiled_policy* policy, const nlohmann::json& entity,
                                    const nlohmann::json& request, diagnostics& found) {
    if (policy == nullptr || policy->check_schema == nullptr) {
        return true;
    }
    const nlohmann::json* attributes = member_or_null(entity, "attributes");
    std::vector<schema_violation_found> violations;
    policy->check_schema(policy->schema.get(), attributes != nullptr ? *attributes : empty_object(),
                         violations);
    const nlohmann::json* body = member_or_null(request, profile_envelope);
    for (const schema_violation_found& v : violations) {
        std::string result_path = "/attributes";
        const nlohmann::json* sent =
            body != nullptr ? member_or_null(*body, "attributes") : nullptr;
        for (const std::string& token : v.path) {
            append_pointer_token(result_path, token);
            if (sent != nullptr && sent->is_object()) {
                sent = member_or_null(*sent, token);
            } else if (sent != nullptr && sent->is_array()) {
                const bool digits = !token.empty() && token.size() <= 18 &&
                                    token.find_first_not_of("0123456789") == std::string::npos;
                const std::size_t index =
                    digits ? static_cast<std::size_t>(std::stoull(token)) : sent->size();
                sent = index < sent->size() ? &(*sent)[index] : nullptr;
            } else {
                sent = nullptr;
            }
        }
        found.fail(error_code::schema_violation,
                   sent != nullptr && !v.path.empty() ? "/profile" + result_path
                                                      : std::string("/profile/attributes"),
                   PROFILE_MERGE_PATTERN("The result's {} fails the attributes schema: {}"),
                   result_path, v.message);
    }
    return violations.empty();
}

// The kinds of the fields a policy may state (compiled_policy::fields), in its order.
inline constexpr std::array<profile_field_kind, 3> policy_field_kinds{
    profile_field_kind::name, profile_field_kind::attributes, profile_field_kind::identifiers};
static_assert(to_string(policy_field_kinds[0]) == compiled_policy::field_names[0] &&
              to_string(policy_field_kinds[1]) == compiled_policy::field_names[1] &&
              to_string(policy_field_kinds[2]) == compiled_policy::field_names[2]);

// PL9, PL10: the options an operation runs with under its policy: the policy's limits
// override the options' own, and its fields (unless the write is trusted) set who may
// write name, attributes and identifiers. A copy only when the policy states either.
template <class Options>
[[nodiscard]] const Options& options_under_policy(const Options& options,
                                                  std::optional<Options>& adjusted) {
    const compiled_policy* rules = options.policy.compiled();
    if (rules == nullptr) {
        return options;
    }
    // Each limit the policy states, beside the option it replaces.
    const policy_limits& stated = rules->limits;
    const std::array<std::pair<const std::optional<std::size_t>*, std::size_t profile_limits::*>, 7>
        limits{{{&stated.identifiers, &profile_limits::max_identifiers},
                {&stated.source_length, &profile_limits::max_source_length},
                {&stated.type_length, &profile_limits::max_type_length},
                {&stated.identifier_type_length, &profile_limits::max_identifier_length},
                {&stated.identifier_value_length, &profile_limits::max_identifier_value_length},
                {&stated.attribute_depth, &profile_limits::max_attribute_depth},
                {&stated.attribute_name_length, &profile_limits::max_attribute_name_length}}};
    // A field's access the policy changes (trusted: none).
    const auto changes_field = [&](std::size_t i) {
        if (options.trusted || !rules->fields[i]) {
            return false;
        }
        const profile_field* row = options.schema.find(policy_field_kinds[i]);
        return row != nullptr && row->access != *rules->fields[i];
    };
    bool changes = stated.max_errors && *stated.max_errors != options.report.max_errors;
    for (const auto& [limit, member] : limits) {
        changes = changes || (*limit && **limit != options.limits.*member);
    }
    for (std::size_t i = 0; i < rules->fields.size(); ++i) {
        changes = changes || changes_field(i);
    }
    if (!changes) {  // the Zendesk document: nothing to copy
        return options;
    }
    Options& o = adjusted.emplace(options);
    for (const auto& [limit, member] : limits) {
        if (*limit) {
            o.limits.*member = **limit;
        }
    }
    if (stated.max_errors) {
        o.report.max_errors = *stated.max_errors;
    }
    std::vector<profile_field> rows;  // a new table only when an access changes
    for (std::size_t i = 0; i < rules->fields.size(); ++i) {
        if (changes_field(i)) {
            if (rows.empty()) {
                rows.assign(o.schema.begin(), o.schema.end());
            }
            for (profile_field& row : rows) {
                if (row.kind == policy_field_kinds[i]) {
                    row.access = *rules->fields[i];
                }
            }
        }
    }
    if (!rows.empty()) {
        o.schema = profile_schema(rows);
    }
    return o;
}

// P5: the effect of a standard identifier joining a profile; nothing for custom types.
[[nodiscard]] inline std::optional<effect> identity_effect(const identifier& id,
                                                           const identifier_rules& rules) {
    switch (rules.effect(id.type)) {  // N4, PL6
        case identifier_effect_kind::none:
            return std::nullopt;
        case identifier_effect_kind::external_id:
            return effect{set_user_external_id{id.value}};
        case identifier_effect_kind::identity:
            return effect{add_user_identity{id.type, id.value}};
    }
    return std::nullopt;
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
