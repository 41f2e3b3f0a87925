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
    invalid_context,        // G2: the server's `now` or `new_id`
    invalid_stored_entity,  // G13: a stored entity the rules cannot read safely
};

/// One problem with a request. Bad input is a value, never an exception.
struct error {
    error_code code;
    /// RFC 6901 pointer into the request body ("" is the whole body); none when the
    /// problem is not in the body (G8: `parameter` names where it is, or nothing does).
    std::optional<std::string> pointer;
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
    static constexpr std::array<std::string_view, 16> values{
        "invalid_envelope",     "invalid_type",     "invalid_value",
        "blank_value",          "missing_required", "invalid_identifier_query",
        "reserved_source",      "limit_exceeded",   "read_only_field",
        "forbidden_field",      "shared_user",      "user_conflict",
        "precondition_failed",  "not_found",        "invalid_context",
        "invalid_stored_entity"};
};

// Human titles for the error bodies (G8), in enumerator order.
inline constexpr std::array<std::string_view, 16> error_titles{
    "Invalid Envelope",     "Invalid Type",     "Invalid Value",
    "Blank Value",          "Missing Required", "Invalid Identifier Query",
    "Reserved Source",      "Limit Exceeded",   "Read-Only Field",
    "Forbidden Field",      "Shared User",      "User Conflict",
    "Precondition Failed",  "Not Found",        "Invalid Context",
    "Invalid Stored Entity"};
static_assert(error_titles.size() == enum_names<error_code>::values.size());
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
        case error_code::invalid_context:
        case error_code::invalid_stored_entity:
            return outcome::server_error;
        default:
            return outcome::invalid;
    }
}

namespace detail {
// G7: failures from the most serious down; the first whose outcome an error has wins.
inline constexpr std::array<outcome, 6> failure_precedence{
    outcome::server_error, outcome::not_found, outcome::precondition_failed,
    outcome::forbidden,    outcome::conflict,  outcome::invalid};

[[nodiscard]] constexpr std::size_t failure_rank(outcome value) noexcept {
    std::size_t rank = 0;
    while (rank < failure_precedence.size() && failure_precedence[rank] != value) {
        ++rank;
    }
    return rank;
}
}  // namespace detail

/// The more serious of two failure outcomes (500, 404, 412, 403, 409, 400/422).
[[nodiscard]] constexpr outcome more_serious(outcome a, outcome b) noexcept {
    return detail::failure_rank(a) <= detail::failure_rank(b) ? a : b;
}

/// The outcome of a failed request with several errors: the most serious wins,
/// in the order 500, 404, 412, 403, 409, 400/422. Requires at least one error.
/// (Operations stop at the first G11 step that fails, so their errors seldom mix;
/// in step 5, a forbidden_field among invalid members makes the outcome 403.)
template <class = void>
[[nodiscard]] outcome outcome_of(const std::vector<error>& errors) noexcept {
    outcome worst = outcome::invalid;
    for (const error& e : errors) {
        worst = more_serious(worst, outcome_of(e.code));
    }
    return worst;
}

}  // namespace v1
}  // namespace profile_merge
