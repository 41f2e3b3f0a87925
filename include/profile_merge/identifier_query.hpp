// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/diagnostics.hpp"
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

[[nodiscard]] constexpr int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Q2: decodes every %XX exactly once; '+' stays '+'. nullopt on a malformed escape.
template <class = void>
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size()) {  // fewer than two characters follow
            return std::nullopt;
        }
        const int high = hex_value(text[i + 1]);
        const int low = hex_value(text[i + 2]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
    }
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
    if (decoded->find('\0') != std::string::npos) {
        return fail("The identifier query contains a NUL character.");
    }
    if (!detail::is_utf8(*decoded)) {
        return fail("The identifier query is not valid UTF-8 once decoded.");
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

/// Q5: source `zendesk`, in any letter case, is reserved.
template <class = void>
[[nodiscard]] bool is_reserved_source(std::string_view source) noexcept {
    constexpr std::string_view reserved = "zendesk";
    if (source.size() != reserved.size()) {
        return false;
    }
    for (std::size_t i = 0; i < source.size(); ++i) {
        if (detail::ascii_lower(source[i]) != reserved[i]) {
            return false;
        }
    }
    return true;
}

/// Q4: a profile matches when its source and type are equal to the query's
/// (case-sensitive) and it has an identifier of the query's type whose value
/// equals the query's value after normalisation (N1).
template <class = void>
[[nodiscard]] bool matches(const nlohmann::json& profile, const identifier_query& query) {
    if (!profile.is_object()) {
        return false;
    }
    const auto source = profile.find("source");
    const auto type = profile.find("type");
    const auto identifiers = profile.find("identifiers");
    if (source == profile.end() || type == profile.end() || identifiers == profile.end() ||
        *source != query.source || *type != query.type || !identifiers->is_array()) {
        return false;
    }
    const std::string wanted =
        normalize_identifier_value(query.identifier_type, query.identifier_value);
    return std::any_of(
        identifiers->begin(), identifiers->end(), [&](const nlohmann::json& element) {
            auto id = detail::stored_identifier(element);
            return id && id->first == query.identifier_type &&
                   normalize_identifier_value(id->first, std::move(id->second)) == wanted;
        });
}

/// Q4: the first profile of a range that matches the query, or the range's end.
template <class Range>
[[nodiscard]] auto find_profile(Range&& profiles, const identifier_query& query) {
    return std::find_if(std::begin(profiles), std::end(profiles),
                        [&](const nlohmann::json& profile) { return matches(profile, query); });
}

}  // namespace v1
}  // namespace profile_merge
