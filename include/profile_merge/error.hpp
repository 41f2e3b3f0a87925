// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "profile_merge/detail/enum_names.hpp"
#include "profile_merge/outcome.hpp"

namespace profile_merge {
inline namespace v1 {

/// G8: the closed list of error codes. Codes are for programs, messages for people.
enum class error_code {
    invalid_envelope,
    invalid_type,
    invalid_value,
    blank_value,
    missing_required,
    invalid_identifier_query,
    reserved_source,
    limit_exceeded,
    read_only_field,
    forbidden_field,
    shared_user,
    user_conflict,
    precondition_failed,
    not_found,
};

/// One problem with a request. Bad input is a value, never an exception.
struct error {
    error_code code;
    /// RFC 6901 pointer into the request body ("" is the whole body). Empty when
    /// `parameter` names where the problem is instead.
    std::string pointer;
    /// A sentence for people; it names the field.
    std::string message;
    /// Set when the problem is not in the body but in a URL parameter or header:
    /// "identifier" (the identifier query), "user_id" (the path), "If-Match".
    std::string parameter;

    friend bool operator==(const error& a, const error& b) {
        return a.code == b.code && a.pointer == b.pointer && a.message == b.message &&
               a.parameter == b.parameter;
    }
    friend bool operator!=(const error& a, const error& b) { return !(a == b); }
};

namespace detail {
template <>
struct enum_names<error_code> {
    static constexpr std::array<std::string_view, 14> values{
        "invalid_envelope",    "invalid_type",     "invalid_value",
        "blank_value",         "missing_required", "invalid_identifier_query",
        "reserved_source",     "limit_exceeded",   "read_only_field",
        "forbidden_field",     "shared_user",      "user_conflict",
        "precondition_failed", "not_found"};
};

// Human titles for the error bodies (G8), in enumerator order.
inline constexpr std::array<std::string_view, 14> error_titles{
    "Invalid Envelope",    "Invalid Type",     "Invalid Value",
    "Blank Value",         "Missing Required", "Invalid Identifier Query",
    "Reserved Source",     "Limit Exceeded",   "Read-Only Field",
    "Forbidden Field",     "Shared User",      "User Conflict",
    "Precondition Failed", "Not Found"};
}  // namespace detail

[[nodiscard]] constexpr std::string_view to_string(error_code code) noexcept {
    return detail::enum_to_string(code);
}

[[nodiscard]] constexpr std::optional<error_code> error_code_from_string(
    std::string_view text) noexcept {
    return detail::enum_from_string<error_code>(text);
}

/// A short title for people ("Limit Exceeded").
[[nodiscard]] constexpr std::string_view title(error_code code) noexcept {
    return detail::error_titles[static_cast<std::size_t>(code)];
}

/// The outcome an error alone leads to (G7).
[[nodiscard]] constexpr outcome outcome_of(error_code code) noexcept {
    switch (code) {
        case error_code::not_found:
            return outcome::not_found;
        case error_code::precondition_failed:
            return outcome::precondition_failed;
        case error_code::forbidden_field:
        case error_code::shared_user:
            return outcome::forbidden;
        case error_code::user_conflict:
            return outcome::conflict;
        default:
            return outcome::invalid;
    }
}

/// The outcome of a failed request with several errors: the most serious wins,
/// in the order 404, 412, 403, 409, 400/422. Requires at least one error.
template <class = void>
[[nodiscard]] outcome outcome_of(const std::vector<error>& errors) noexcept {
    constexpr std::array<outcome, 5> precedence{outcome::not_found, outcome::precondition_failed,
                                                outcome::forbidden, outcome::conflict,
                                                outcome::invalid};
    for (const outcome candidate : precedence) {
        for (const error& e : errors) {
            if (outcome_of(e.code) == candidate) {
                return candidate;
            }
        }
    }
    return outcome::invalid;
}

}  // namespace v1
}  // namespace profile_merge
