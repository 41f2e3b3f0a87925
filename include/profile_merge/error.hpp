// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "profile_merge/detail/config.hpp"
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
    unknown_attribute,      // PL5: an attribute the policy does not know
    schema_violation,       // PL5: the result's attributes fail the policy's schema
};

/// G8: a problem in the request body, at an RFC 6901 pointer ("" is the whole body).
struct in_body {
    std::string pointer;
    friend bool operator==(const in_body& a, const in_body& b) { return a.pointer == b.pointer; }
    friend bool operator!=(const in_body& a, const in_body& b) { return !(a == b); }
};

/// G8: a problem in a URL parameter or header: "identifier" (the identifier query),
/// "user_id" (the path), "If-Match".
struct in_parameter {
    std::string name;
    friend bool operator==(const in_parameter& a, const in_parameter& b) {
        return a.name == b.name;
    }
    friend bool operator!=(const in_parameter& a, const in_parameter& b) { return !(a == b); }
};

/// G8: where a problem is: in the body, in a parameter, or in no part of the request
/// (std::monostate: not found, the stored entity, the server's context).
using error_location = std::variant<std::monostate, in_body, in_parameter>;

/// One problem with a request. Bad input is a value, never an exception.
struct error {
    error_code code;
    error_location location;
    /// A sentence for people; it names the field.
    std::string message;

    /// The body pointer, when the problem is in the body.
    [[nodiscard]] std::optional<std::string_view> pointer() const noexcept {
        if (const auto* where = std::get_if<in_body>(&location)) {
            return where->pointer;
        }
        return std::nullopt;
    }
    /// The parameter's name, when the problem is in a parameter or header.
    [[nodiscard]] std::optional<std::string_view> parameter() const noexcept {
        if (const auto* where = std::get_if<in_parameter>(&location)) {
            return where->name;
        }
        return std::nullopt;
    }

    friend bool operator==(const error& a, const error& b) {
        return a.code == b.code && a.location == b.location && a.message == b.message;
    }
    friend bool operator!=(const error& a, const error& b) { return !(a == b); }
};

namespace detail {
// G7, G8: every fact about an error code, one row per enumerator.
struct error_code_row {
    error_code code;
    std::string_view name;   // the wire name
    std::string_view title;  // for people, in error bodies
    outcome leads_to;        // the outcome an error alone leads to
};
inline constexpr std::array<error_code_row, 18> error_code_rows{{
    {error_code::invalid_envelope, "invalid_envelope", "Invalid Envelope", outcome::invalid},
    {error_code::invalid_type, "invalid_type", "Invalid Type", outcome::invalid},
    {error_code::invalid_value, "invalid_value", "Invalid Value", outcome::invalid},
    {error_code::blank_value, "blank_value", "Blank Value", outcome::invalid},
    {error_code::missing_required, "missing_required", "Missing Required", outcome::invalid},
    {error_code::invalid_identifier_query, "invalid_identifier_query", "Invalid Identifier Query",
     outcome::invalid},
    {error_code::reserved_source, "reserved_source", "Reserved Source", outcome::invalid},
    {error_code::limit_exceeded, "limit_exceeded", "Limit Exceeded", outcome::invalid},
    {error_code::read_only_field, "read_only_field", "Read-Only Field", outcome::invalid},
    {error_code::forbidden_field, "forbidden_field", "Forbidden Field", outcome::forbidden},
    {error_code::shared_user, "shared_user", "Shared User", outcome::forbidden},
    {error_code::user_conflict, "user_conflict", "User Conflict", outcome::conflict},
    {error_code::precondition_failed, "precondition_failed", "Precondition Failed",
     outcome::precondition_failed},
    {error_code::not_found, "not_found", "Not Found", outcome::not_found},
    {error_code::invalid_context, "invalid_context", "Invalid Context", outcome::server_error},
    {error_code::invalid_stored_entity, "invalid_stored_entity", "Invalid Stored Entity",
     outcome::server_error},
    {error_code::unknown_attribute, "unknown_attribute", "Unknown Attribute", outcome::invalid},
    {error_code::schema_violation, "schema_violation", "Schema Violation", outcome::invalid},
}};
static_assert(rows_in_enumerator_order(error_code_rows) &&
                  error_code_rows.back().code == error_code::schema_violation,
              "one row per error_code, in enumerator order");

template <>
struct enum_names<error_code> {
    static constexpr std::array<std::string_view, 18> values = names_of(error_code_rows);
};
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
    const auto index = static_cast<std::size_t>(code);
    return index < detail::error_code_rows.size() ? detail::error_code_rows[index].title
                                                  : std::string_view{};
}

/// The outcome an error alone leads to (G7).
[[nodiscard]] constexpr outcome outcome_of(error_code code) noexcept {
    const auto index = static_cast<std::size_t>(code);
    return index < detail::error_code_rows.size() ? detail::error_code_rows[index].leads_to
                                                  : outcome::invalid;
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
[[nodiscard]] PROFILE_MERGE_DECL outcome outcome_of(const std::vector<error>& errors) noexcept;

}  // namespace v1
}  // namespace profile_merge

#ifdef PROFILE_MERGE_HEADER_ONLY
#include "profile_merge/impl/error.ipp"
#endif
