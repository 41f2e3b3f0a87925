// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/config.hpp"
#include "profile_merge/detail/text.hpp"
#include "profile_merge/policy.hpp"

namespace profile_merge {
inline namespace v1 {

/// N4: the identifier types that map onto the user record; everything else is custom.
enum class identifier_kind {
    email,
    phone_number,
    twitter,
    facebook,
    sdk,
    external_id,
    custom,
};

namespace detail {
struct standard_identifier_type {
    std::string_view type;
    identifier_kind kind;
    bool lower_cased;  // N1
};
// N1 and N4 as data: one row per standard type.
inline constexpr std::array<standard_identifier_type, 6> standard_identifier_types{{
    {"email", identifier_kind::email, true},
    {"phone_number", identifier_kind::phone_number, false},
    {"twitter", identifier_kind::twitter, true},
    {"facebook", identifier_kind::facebook, false},
    {"sdk", identifier_kind::sdk, false},
    {"external_id", identifier_kind::external_id, false},
}};

[[nodiscard]] constexpr const standard_identifier_type* find_standard_type(
    std::string_view type) noexcept {
    for (const auto& row : standard_identifier_types) {
        if (row.type == type) {
            return &row;
        }
    }
    return nullptr;
}
}  // namespace detail

/// N4: the kind of an identifier type (case-sensitive: "Email" is custom).
[[nodiscard]] constexpr identifier_kind identifier_kind_of(std::string_view type) noexcept {
    const auto* row = detail::find_standard_type(type);
    return row ? row->kind : identifier_kind::custom;
}

/// N4: true for email, phone_number, twitter, facebook, sdk and external_id.
[[nodiscard]] constexpr bool is_standard_identifier_type(std::string_view type) noexcept {
    return detail::find_standard_type(type) != nullptr;
}

/// N1: the stored and compared form of an identifier value: email and twitter
/// values are lower-cased (ASCII A-Z only); every other type keeps its value.
[[nodiscard]] PROFILE_MERGE_DECL std::string normalize_identifier_value(std::string_view type,
                                                                        std::string value);

/// N2: the text of an identifier value or a user_id: a string as is, an integer as
/// its decimal string; nullopt for a float, bool, null, object or array.
[[nodiscard]] PROFILE_MERGE_DECL std::optional<std::string> scalar_id_text(
    const nlohmann::json& value);

/// E6: the compact E.164 form of a phone number (spaces, '-', '.', '(' and ')'
/// removed; then '+' and 2-15 digits, the first not 0), or nullopt.
[[nodiscard]] PROFILE_MERGE_DECL std::optional<std::string> compact_e164(std::string_view phone);

namespace detail {

// PL6: what a profile operation does with identifiers of each type: how values are
// normalised (N1), which user effect a type gives (N4, P5), how it names a profile
// (NM1), and whether a type nobody declared may be used. RULES.md without a policy;
// a policy's declarations where it makes them, RULES.md in what they leave out.
class identifier_rules {
public:
    identifier_rules() noexcept = default;
    explicit identifier_rules(const compiled_policy* policy) noexcept : policy_(policy) {}

    // N1, PL6: the stored and compared form of a value; nullopt when `e164` refuses it.
    [[nodiscard]] PROFILE_MERGE_DECL std::optional<std::string> normalize(std::string_view type,
                                                                          std::string value) const;

    // N4, PL6: the user effect an identifier of this type gives.
    [[nodiscard]] PROFILE_MERGE_DECL identifier_effect_kind effect(std::string_view type) const;

    // PL6: whether a request may use this type (custom_identifier_types: reject refuses
    // an undeclared non-standard one).
    [[nodiscard]] PROFILE_MERGE_DECL bool allows(std::string_view type) const;

    // NM1: the rank of a type (lower names first; 0 for a type without one, which
    // comes after every ranked type) and the name an identifier gives.
    [[nodiscard]] PROFILE_MERGE_DECL std::uint64_t rank(std::string_view type) const;
    [[nodiscard]] PROFILE_MERGE_DECL std::string name(std::string_view type,
                                                      std::string_view value) const;

    // Whether these are RULES.md's, which the fast paths assume.
    [[nodiscard]] bool is_default() const noexcept {
        return policy_ == nullptr ||
               (policy_->identifier_types.empty() &&
                policy_->custom_identifier_types == custom_identifier_policy::allow);
    }

private:
    [[nodiscard]] const identifier_type_rule* declared(std::string_view type) const {
        return policy_ != nullptr ? policy_->identifier_type(type) : nullptr;
    }
    const compiled_policy* policy_ = nullptr;
};

}  // namespace detail

/// N3: two identifiers are the same when their types are equal and their
/// normalised values are equal.
[[nodiscard]] PROFILE_MERGE_DECL bool same_identifier(std::string_view type_a,
                                                      std::string_view value_a,
                                                      std::string_view type_b,
                                                      std::string_view value_b);

}  // namespace v1
}  // namespace profile_merge

#ifdef PROFILE_MERGE_HEADER_ONLY
#include "profile_merge/impl/normalize.ipp"
#endif
