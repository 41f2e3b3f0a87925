// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/diagnostics.hpp"
#include "profile_merge/detail/member_lookup.hpp"
#include "profile_merge/detail/text.hpp"
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
template <class = void>
[[nodiscard]] nlohmann::json to_json(const identifier_query& query) {
    return {{"source", query.source},
            {"type", query.type},
            {"identifier_type", query.identifier_type},
            {"identifier_value", query.identifier_value}};
}

/// A parsed query, or the errors (code invalid_identifier_query or limit_exceeded,
/// parameter "identifier") that explain why there is none.
struct query_parse_result {
    std::optional<identifier_query> query;
    std::vector<error> errors;
    [[nodiscard]] bool ok() const noexcept { return query.has_value(); }
};

namespace detail {

// Q2: decodes every %XX exactly once; '+' stays '+'. nullopt on a malformed escape.
template <class = void>
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t start = 0;  // the run of plain characters not yet copied
    for (std::size_t at = text.find('%'); at != std::string_view::npos;
         at = text.find('%', start)) {
        out.append(text.substr(start, at - start));
        if (at + 2 >= text.size()) {  // fewer than two characters follow
            return std::nullopt;
        }
        const int high = hex_digit_value(text[at + 1]);
        const int low = hex_digit_value(text[at + 2]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        out.push_back(static_cast<char>(high * 16 + low));
        start = at + 3;
    }
    out.append(text.substr(start));
    return out;
}

inline constexpr std::string_view query_parameter = "identifier";

}  // namespace detail

/// Parses an identifier query exactly as it arrived (Q1-Q3), checking the G9
/// limits of its parts. Never throws for bad input.
template <class = void>
[[nodiscard]] query_parse_result parse_identifier_query(std::string_view text,
                                                        const profile_limits& limits = {}) {
    detail::diagnostics found;
    // A message goes in as an argument: it is text, not a pattern.
    const auto fail = [&](const std::string& message) {
        found.fail_parameter(error_code::invalid_identifier_query, detail::query_parameter, "{}",
                             message);
        return query_parse_result{std::nullopt, std::move(found.errors)};
    };
    std::optional<std::string> decoded = detail::percent_decode(text);
    if (!decoded) {
        return fail(
            "The identifier query has a malformed percent-escape (a '%' must be "
            "followed by two hexadecimal digits).");
    }
    if (!detail::is_utf8(*decoded)) {
        return fail("The identifier query is not valid UTF-8 once decoded.");
    }
    if (!detail::is_control_free_text(*decoded)) {  // Q2, G12
        return fail("The identifier query contains a control character.");
    }
    // Q1: split at the first three colons; the value keeps any further colons.
    std::array<std::string, 4> parts;
    std::size_t start = 0;
    for (std::size_t part = 0; part < 3; ++part) {
        const auto colon = decoded->find(':', start);
        if (colon == std::string::npos) {
            return fail(
                detail::format_message("The identifier query must have four parts, "
                                       "source:type:identifier_type:identifier_value; it has {}.",
                                       part + 1));
        }
        parts[part] = decoded->substr(start, colon - start);
        start = colon + 1;
    }
    parts[3] = decoded->substr(start);
    static constexpr std::array<std::string_view, 4> names{"source", "type", "identifier_type",
                                                           "identifier_value"};
    for (std::size_t part = 0; part < 4; ++part) {
        if (parts[part].empty()) {
            found.fail_parameter(error_code::invalid_identifier_query, detail::query_parameter,
                                 "The identifier query's {} is empty; all four parts are "
                                 "required (source:type:identifier_type:identifier_value).",
                                 names[part]);
            continue;
        }
        if (part < 3 && !detail::is_identifying_text(parts[part])) {  // G12
            found.fail_parameter(error_code::invalid_identifier_query, detail::query_parameter,
                                 "The identifier query's {} contains a space or an invisible "
                                 "character.",
                                 names[part]);
            continue;
        }
        const std::size_t limit =
            part < 2 ? limits.max_source_length : limits.max_identifier_length;
        const std::size_t length = detail::utf8_length(parts[part]).value_or(0);
        if (limit != 0 && length > limit) {
            found.fail_parameter(error_code::limit_exceeded, detail::query_parameter,
                                 "The identifier query's {} has {} characters; at most {} are "
                                 "allowed.",
                                 names[part], length, limit);
        }
    }
    if (found.failed()) {
        return {std::nullopt, std::move(found.errors)};
    }
    return {identifier_query{std::move(parts[0]), std::move(parts[1]), std::move(parts[2]),
                             std::move(parts[3])},
            {}};
}

/// How format_identifier_query writes a query.
enum class query_encoding {
    raw,              // "coolbikes:rider:email:jdoe@example.com" ('%' is still escaped)
    percent_encoded,  // every byte outside RFC 3986's unreserved set escaped, ready for a URL
};

/// The text of a query, such that parse_identifier_query gives it back. nullopt
/// when no text can: an empty part, or a colon in source, type or identifier_type.
template <class = void>
[[nodiscard]] std::optional<std::string> format_identifier_query(
    const identifier_query& query, query_encoding encoding = query_encoding::raw) {
    const std::array<const std::string*, 4> parts{&query.source, &query.type,
                                                  &query.identifier_type, &query.identifier_value};
    std::string out;
    for (std::size_t part = 0; part < 4; ++part) {
        const std::string& text = *parts[part];
        if (text.empty() || (part < 3 && text.find(':') != std::string::npos)) {
            return std::nullopt;
        }
        if (part > 0) {
            out += encoding == query_encoding::raw ? ":" : "%3A";
        }
        for (const char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                    c == '~';
            if (c == '%' || (encoding == query_encoding::percent_encoded && !unreserved)) {
                constexpr std::string_view digits = "0123456789ABCDEF";
                out += '%';
                out += digits[byte >> 4];
                out += digits[byte & 0x0F];
            } else {
                out += c;
            }
        }
    }
    return out;
}

/// Q5: source `zendesk`, in any letter case, is reserved; fullwidth letters
/// (U+FF01-U+FF5E) count as their ASCII forms. (G12 refuses other look-alikes.)
template <class = void>
[[nodiscard]] bool is_reserved_source(std::string_view source) noexcept {
    constexpr std::string_view reserved = "zendesk";
    std::size_t matched = 0;
    const bool whole = detail::each_code_point(source, [&](char32_t c) {
        if (c >= 0xFF01 && c <= 0xFF5E) {
            c -= 0xFEE0;
        }
        if (matched == reserved.size() || c > 0x7F ||
            detail::ascii_lower(static_cast<char>(c)) != reserved[matched]) {
            return false;
        }
        ++matched;
        return true;
    });
    return whole && matched == reserved.size();
}

namespace detail {
// N1, Q4: whether a stored identifier value (a string, or an integer as its decimal
// text, N2) equals the query's value once both are normalised. Compares in place:
// a profile may hold many identifiers, and matching allocates nothing for them.
template <class = void>
[[nodiscard]] bool same_identifier_value(const nlohmann::json& stored, std::string_view wanted,
                                         bool lower_cased) noexcept {
    char digits[24];
    std::string_view text;
    if (stored.is_string()) {
        text = stored.get_ref<const std::string&>();
    } else if (stored.is_number_unsigned() || stored.is_number_integer()) {
        const auto written =
            stored.is_number_unsigned()
                ? std::to_chars(digits, digits + sizeof digits, stored.get<std::uint64_t>())
                : std::to_chars(digits, digits + sizeof digits, stored.get<std::int64_t>());
        text = std::string_view(digits, static_cast<std::size_t>(written.ptr - digits));
    } else {
        return false;
    }
    if (text.size() != wanted.size()) {
        return false;
    }
    if (!lower_cased) {
        return text == wanted;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (ascii_lower(text[i]) != ascii_lower(wanted[i])) {
            return false;
        }
    }
    return true;
}
}  // namespace detail

namespace detail {
// Q4 for an operation, in one walk of the stored identifiers that also reads every
// one (G13): whether the profile matches, and whether each element is an identifier
// object. `matched` is false when an element is not.
struct identifier_match {
    bool matched = false;
    bool well_formed = true;
};

template <class = void>
[[nodiscard]] identifier_match match_identifiers(const nlohmann::json& profile,
                                                 const identifier_query& query, bool whole) {
    const auto text_is = [&](std::string_view member, std::string_view wanted) {
        const nlohmann::json* value = member_or_null(profile, member);
        return value != nullptr && value->is_string() &&
               value->get_ref<const std::string&>() == wanted;
    };
    const nlohmann::json* identifiers = member_or_null(profile, "identifiers");
    if (identifiers == nullptr || !identifiers->is_array()) {
        return {};
    }
    const bool same_kind = text_is("source", query.source) && text_is("type", query.type);
    if (!same_kind && !whole) {
        return {};
    }
    const auto* standard = find_standard_type(query.identifier_type);
    const bool lower_cased = standard != nullptr && standard->lower_cased;
    identifier_match result;
    for (const nlohmann::json& element : identifiers->get_ref<const nlohmann::json::array_t&>()) {
        const auto [type, value] = identifier_parts(element);
        if (type == nullptr) {
            result.well_formed = false;
            if (whole) {
                break;
            }
            continue;
        }
        if (same_kind && !result.matched &&
            type->get_ref<const std::string&>() == query.identifier_type &&
            same_identifier_value(*value, query.identifier_value, lower_cased)) {
            result.matched = true;
            if (!whole) {
                break;
            }
        }
    }
    if (whole) {
        result.matched = result.matched && result.well_formed;
    }
    return result;
}
}  // namespace detail

/// Q4: a profile matches when its source and type are equal to the query's
/// (case-sensitive) and it has an identifier of the query's type whose value
/// equals the query's value after normalisation (N1).
template <class = void>
[[nodiscard]] bool matches(const nlohmann::json& profile, const identifier_query& query) {
    return detail::match_identifiers(profile, query, false).matched;
}

/// Q4: the first profile of a range that matches the query, or the range's end.
template <class Range>
[[nodiscard]] auto find_profile(Range&& profiles, const identifier_query& query) {
    return std::find_if(std::begin(profiles), std::end(profiles),
                        [&](const nlohmann::json& profile) { return matches(profile, query); });
}

}  // namespace v1
}  // namespace profile_merge
