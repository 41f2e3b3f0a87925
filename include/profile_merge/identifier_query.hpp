// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/config.hpp"
#include "profile_merge/error.hpp"
#include "profile_merge/normalize.hpp"
#include "profile_merge/options.hpp"

namespace profile_merge {
inline namespace v1 {

/// Q1: `source:type:identifier_type:identifier_value`, decoded (Q2), all parts non-empty (Q3).
struct identifier_query {
    std::string source;
    std::string type;
    std::string identifier_type;
    std::string identifier_value;

    friend bool operator==(const identifier_query& a, const identifier_query& b) {
        return a.source == b.source && a.type == b.type && a.identifier_type == b.identifier_type &&
               a.identifier_value == b.identifier_value;
    }
    friend bool operator!=(const identifier_query& a, const identifier_query& b) {
        return !(a == b);
    }
};

/// The wire form of a query: {source, type, identifier_type, identifier_value}.
[[nodiscard]] PROFILE_MERGE_DECL nlohmann::json to_json(const identifier_query& query);

// nlohmann's conversion hook, found by ADL: `nlohmann::json j = query;`.
PROFILE_MERGE_DECL void to_json(nlohmann::json& j, const identifier_query& query);

/// A parsed query, or the errors (code invalid_identifier_query or limit_exceeded,
/// parameter "identifier") that explain why there is none.
struct query_parse_result {
    std::optional<identifier_query> query;
    std::vector<error> errors;
    [[nodiscard]] bool ok() const noexcept { return query.has_value(); }
};

/// Parses an identifier query exactly as it arrived (Q1-Q3), checking the G9
/// limits of its parts. Never throws for bad input.
[[nodiscard]] PROFILE_MERGE_DECL query_parse_result
parse_identifier_query(std::string_view text, const profile_limits& limits = {});

/// How format_identifier_query writes a query.
enum class query_encoding {
    raw,              // "coolbikes:rider:email:jdoe@example.com" ('%' is still escaped)
    percent_encoded,  // every byte outside RFC 3986's unreserved set escaped, ready for a URL
};

/// The text of a query, such that parse_identifier_query gives it back. nullopt
/// when no text can: an empty part, or a colon in source, type or identifier_type.
[[nodiscard]] PROFILE_MERGE_DECL std::optional<std::string> format_identifier_query(
    const identifier_query& query, query_encoding encoding = query_encoding::raw);

/// Q5: source `zendesk`, in any letter case, is reserved; fullwidth letters
/// (U+FF01-U+FF5E) count as their ASCII forms. (G12 refuses other look-alikes.)
[[nodiscard]] PROFILE_MERGE_DECL bool is_reserved_source(std::string_view source) noexcept;

/// Q4: a profile matches when its source and type are equal to the query's
/// (case-sensitive) and it has an identifier of the query's type whose value
/// equals the query's value after normalisation (N1, or the policy's: PL6).
[[nodiscard]] PROFILE_MERGE_DECL bool matches(const nlohmann::json& profile,
                                              const identifier_query& query,
                                              const policy& rules = {});

/// Q4: the first profile of a range that matches the query, or the range's end.
template <class Range>
[[nodiscard]] auto find_profile(Range&& profiles, const identifier_query& query,
                                const policy& rules = {}) {
    return std::find_if(
        std::begin(profiles), std::end(profiles),
        [&](const nlohmann::json& profile) { return matches(profile, query, rules); });
}

/// Q4, N1: what a store indexes profiles by. A query finds a profile exactly when
/// the query's lookup_key is one of the profile's lookup_keys.
struct profile_key {
    std::string source;
    std::string type;
    std::string identifier_type;
    std::string identifier_value;  // normalised (N1); an integer as its decimal text (N2)

    friend bool operator==(const profile_key& a, const profile_key& b) {
        return a.source == b.source && a.type == b.type && a.identifier_type == b.identifier_type &&
               a.identifier_value == b.identifier_value;
    }
    friend bool operator!=(const profile_key& a, const profile_key& b) { return !(a == b); }
    friend bool operator<(const profile_key& a, const profile_key& b) {
        return std::tie(a.source, a.type, a.identifier_type, a.identifier_value) <
               std::tie(b.source, b.type, b.identifier_type, b.identifier_value);
    }
};

/// The key a query looks its profile up by; under a policy, its value normalised as
/// the policy says (PL6), so that a query finds what a PATCH under it stored.
[[nodiscard]] PROFILE_MERGE_DECL profile_key lookup_key(const identifier_query& query,
                                                        const policy& rules = {});

/// The keys of a stored profile, one per identifier, in the order of its identifiers;
/// none when its source or type is not a string. Elements that are not identifiers
/// (G13 refuses such a profile) have no key.
[[nodiscard]] PROFILE_MERGE_DECL std::vector<profile_key> lookup_keys(const nlohmann::json& profile,
                                                                      const policy& rules = {});

}  // namespace v1
}  // namespace profile_merge

#ifdef PROFILE_MERGE_HEADER_ONLY
#include "profile_merge/impl/identifier_query.ipp"
#endif
