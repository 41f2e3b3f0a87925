// SPDX-License-Identifier: MIT
// The definitions of profile_merge/identifier_query.hpp (docs/architecture.md, "Compiling").
#pragma once

#include <charconv>
#include <cstdint>
#include <utility>

#include "profile_merge/detail/diagnostics.hpp"
#include "profile_merge/detail/member_lookup.hpp"
#include "profile_merge/detail/text.hpp"
#include "profile_merge/identifier_query.hpp"
#include "profile_merge/impl/normalize.ipp"

namespace profile_merge {
inline namespace v1 {

namespace detail {

inline constexpr std::string_view query_parameter = "identifier";

// A query's four parts, viewing either the text as it arrived or a decoded copy.
struct query_view {
    std::string_view source;
    std::string_view type;
    std::string_view identifier_type;
    std::string_view identifier_value;
};

inline query_view view_of(const identifier_query& query) noexcept {
    return {query.source, query.type, query.identifier_type, query.identifier_value};
}

inline constexpr std::array<std::string_view, 4> query_part_names{
    "source", "type", "identifier_type", "identifier_value"};

// Q4 for an operation, in one walk of the stored identifiers that also reads every
// one (G13): whether the profile matches, and whether each element is an identifier
// object. `matched` is false when an element is not.
struct identifier_match {
    bool matched = false;
    bool well_formed = true;
};

// The members of a stored profile that Q4 reads (null when absent).
struct profile_key_members {
    const nlohmann::json* source = nullptr;
    const nlohmann::json* type = nullptr;
    const nlohmann::json* identifiers = nullptr;
};
// Q2: decodes every %XX exactly once into `out`; '+' stays '+'. False on a malformed
// escape, whose '%' is then kept as it is, so that the rest can still be checked.
[[nodiscard]] inline bool percent_decode(std::string_view text, std::string& out) {
    out.reserve(text.size());
    bool well_formed = true;
    std::size_t start = 0;  // the run of plain characters not yet copied
    for (std::size_t at = text.find('%'); at != std::string_view::npos;
         at = text.find('%', start)) {
        out.append(text.substr(start, at - start));
        const int high = at + 2 < text.size() ? hex_digit_value(text[at + 1]) : -1;
        const int low = at + 2 < text.size() ? hex_digit_value(text[at + 2]) : -1;
        if (high < 0 || low < 0) {
            well_formed = false;
            out.push_back('%');
            start = at + 1;
            continue;
        }
        out.push_back(static_cast<char>(high * 16 + low));
        start = at + 3;
    }
    out.append(text.substr(start));
    return well_formed;
}

// Q2, Q3, G12 and G9 for each part present (`count` of them), every error of each:
// a part is empty, or is not UTF-8, holds a control character or (a key part) a colon
// (Q1, for a query given as parts), or, being a key part, a blank (G12), or is too
// long. `printable_ascii` says the parts are printable ASCII (so text is valid and a
// part's length is its size), and without `keys_may_have_blanks` the G12 walk of the
// key parts is skipped.
[[nodiscard]] inline bool check_query_parts(const std::array<std::string_view, 4>& parts,
                                            std::size_t count, bool printable_ascii,
                                            bool keys_may_have_blanks, const profile_limits& limits,
                                            diagnostics& found) {
    bool valid = true;
    const auto fail = [&](error_code code, auto pattern, const auto&... args) {
        found.fail_parameter(code, query_parameter, pattern, args...);
        valid = false;
    };
    for (std::size_t part = 0; part < count; ++part) {
        const std::string_view name = query_part_names[part];
        const std::string_view text = parts[part];
        const bool key = part < 3;
        if (text.empty()) {
            fail(error_code::invalid_identifier_query,
                 PROFILE_MERGE_PATTERN("The identifier query's {} is empty; all four parts are "
                                       "required (source:type:identifier_type:identifier_value)."),
                 name);
            continue;
        }
        if (!printable_ascii && !is_utf8(text)) {
            fail(
                error_code::invalid_identifier_query,
                PROFILE_MERGE_PATTERN("The identifier query's {} is not valid UTF-8 once decoded."),
                name);
            continue;
        }
        if (!printable_ascii && !is_control_free_text(text)) {
            fail(error_code::invalid_identifier_query,
                 PROFILE_MERGE_PATTERN("The identifier query's {} contains a control character."),
                 name);
        } else if (key && text.find(':') != std::string_view::npos) {  // Q1
            fail(error_code::invalid_identifier_query,
                 PROFILE_MERGE_PATTERN("The identifier query's {} contains a colon, which "
                                       "separates the parts."),
                 name);
        } else if (key && keys_may_have_blanks && !is_identifying_text(text)) {  // G12
            fail(error_code::invalid_identifier_query,
                 PROFILE_MERGE_PATTERN("The identifier query's {} contains a space or an "
                                       "invisible character."),
                 name);
        }
        const std::size_t limit = std::array<std::size_t, 4>{
            limits.max_source_length, limits.max_type_length, limits.max_identifier_length,
            limits.max_identifier_value_length}[part];
        const std::size_t length = printable_ascii ? text.size() : *utf8_length(text);
        if (limit != 0 && length > limit) {
            fail(error_code::limit_exceeded,
                 PROFILE_MERGE_PATTERN("The identifier query's {} has {} characters; at most {} "
                                       "are allowed."),
                 name, length, limit);
        }
    }
    return valid;
}

// A query's text split into its parts (empty where there is none), and whether they
// are valid. The parts view the text, or the decoded copy when it has an escape; a
// query without one allocates nothing.
struct query_text_parts {
    query_view parts;
    bool valid = false;
};

// Q1-Q3, G12 and the G9 limits of the parts, every error into `found` (G11 (1), G8).
[[nodiscard]] inline query_text_parts split_query_text(std::string_view text,
                                                       const profile_limits& limits,
                                                       std::string& decoded, diagnostics& found) {
    bool valid = true;
    if (text.find('%') != std::string_view::npos) {
        if (!percent_decode(text, decoded)) {
            found.fail_parameter(
                error_code::invalid_identifier_query, query_parameter,
                PROFILE_MERGE_PATTERN("The identifier query has a malformed percent-escape (a '%' "
                                      "must be followed by two hexadecimal digits)."));
            valid = false;
        }
        text = decoded;
    }
    // Printable ASCII is valid UTF-8 without controls, and its one blank is ' '.
    const bool printable_ascii =
        std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
    // Q1: split at the first three colons; the value keeps any further colons.
    std::array<std::string_view, 4> parts;
    std::size_t count = 0;
    std::size_t start = 0;
    for (; count < 3; ++count) {
        const auto colon = text.find(':', start);
        if (colon == std::string_view::npos) {
            break;
        }
        parts[count] = text.substr(start, colon - start);
        start = colon + 1;
    }
    if (count < 3) {
        found.fail_parameter(
            error_code::invalid_identifier_query, query_parameter,
            PROFILE_MERGE_PATTERN("The identifier query must have four parts, "
                                  "source:type:identifier_type:identifier_value; it has {}."),
            count + 1);
        valid = false;
    } else {
        parts[count++] = text.substr(start);
    }
    // The three key parts have a blank only if the text before the value does.
    const bool keys_may_have_blanks =
        !printable_ascii || text.substr(0, start).find(' ') != std::string_view::npos;
    valid = check_query_parts(parts, count, printable_ascii, keys_may_have_blanks, limits, found) &&
            valid;
    return {{parts[0], parts[1], parts[2], parts[3]}, valid};
}

// Q1-Q3, G12 and G9 for a query given as its parts (parsed earlier, or built by
// hand): what parsing its text would check, so that it is refused the same way.
[[nodiscard]] inline bool check_query(const identifier_query& query, const profile_limits& limits,
                                      diagnostics& found) {
    const std::array<std::string_view, 4> parts{query.source, query.type, query.identifier_type,
                                                query.identifier_value};
    return check_query_parts(parts, 4, false, true, limits, found);
}
// N1, Q4: whether a stored identifier value (a string, or an integer as its decimal
// text, N2) equals the query's value once both are normalised. Compares in place:
// a profile may hold many identifiers, and matching allocates nothing for them.
[[nodiscard]] inline bool same_identifier_value(const nlohmann::json& stored,
                                                std::string_view wanted,
                                                bool lower_cased) noexcept {
    char digits[24];
    std::string_view text;
    if (const auto* string = stored.get_ptr<const std::string*>()) {
        text = *string;
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
        if (text[i] != wanted[i] && ascii_lower(text[i]) != ascii_lower(wanted[i])) {
            return false;
        }
    }
    return true;
}

[[nodiscard]] inline profile_key_members key_members_of(const nlohmann::json& profile) {
    return {member_or_null(profile, "source"), member_or_null(profile, "type"),
            member_or_null(profile, "identifiers")};
}

// `rules` other than RULES.md's compare values in their normalised form (PL6).
[[nodiscard]] inline identifier_match match_identifiers(const profile_key_members& profile,
                                                        const query_view& query, bool whole,
                                                        const identifier_rules& rules = {}) {
    const auto text_is = [](const nlohmann::json* value, std::string_view wanted) {
        const auto* text = value != nullptr ? value->get_ptr<const std::string*>() : nullptr;
        return text != nullptr && *text == wanted;
    };
    const nlohmann::json* identifiers = profile.identifiers;
    if (identifiers == nullptr || !identifiers->is_array()) {
        return {};
    }
    const bool same_kind =
        text_is(profile.source, query.source) && text_is(profile.type, query.type);
    if (!same_kind && !whole) {
        return {};
    }
    const auto* standard = find_standard_type(query.identifier_type);
    const bool lower_cased = standard != nullptr && standard->lower_cased;
    std::optional<std::string> normalized;  // the query's value, under a policy's rules
    if (!rules.is_default()) {
        normalized = rules.normalize(query.identifier_type, std::string(query.identifier_value));
    }
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
        if (!same_kind || result.matched) {
            continue;
        }
        if (!rules.is_default()) {
            if (normalized && *type->get_ptr<const std::string*>() == query.identifier_type &&
                rules.normalize(query.identifier_type, *scalar_id_text(*value)) == normalized) {
                result.matched = true;
                if (!whole) {
                    break;
                }
            }
            continue;
        }
        // A string value's length alone tells most identifiers apart.
        const auto* text = value->get_ptr<const std::string*>();
        if (text != nullptr && text->size() != query.identifier_value.size()) {
            continue;
        }
        if (same_identifier_value(*value, query.identifier_value, lower_cased) &&
            *type->get_ptr<const std::string*>() == query.identifier_type) {
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
// Q4, PL6: the key of a query whose value `rules` accept (read_query checked it).
[[nodiscard]] inline profile_key key_of(const query_view& query,
                                        const identifier_rules& rules = {}) {
    return {std::string(query.source), std::string(query.type), std::string(query.identifier_type),
            rules.normalize(query.identifier_type, std::string(query.identifier_value))
                .value_or(std::string(query.identifier_value))};
}

}  // namespace detail

nlohmann::json to_json(const identifier_query& query) {
    return {{"source", query.source},
            {"type", query.type},
            {"identifier_type", query.identifier_type},
            {"identifier_value", query.identifier_value}};
}

void to_json(nlohmann::json& j, const identifier_query& query) {
    j = to_json(query);
}

query_parse_result parse_identifier_query(std::string_view text, const profile_limits& limits) {
    detail::diagnostics found;
    std::string decoded;
    const detail::query_text_parts split = detail::split_query_text(text, limits, decoded, found);
    if (!split.valid) {
        return {std::nullopt, std::move(found.errors)};
    }
    const detail::query_view& parts = split.parts;
    return {
        identifier_query{std::string(parts.source), std::string(parts.type),
                         std::string(parts.identifier_type), std::string(parts.identifier_value)},
        {}};
}

std::optional<std::string> format_identifier_query(const identifier_query& query,
                                                   query_encoding encoding) {
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

bool is_reserved_source(std::string_view source) noexcept {
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

bool matches(const nlohmann::json& profile, const identifier_query& query, const policy& rules) {
    return detail::match_identifiers(detail::key_members_of(profile), detail::view_of(query), false,
                                     detail::identifier_rules(rules.compiled()))
        .matched;
}

profile_key lookup_key(const identifier_query& query, const policy& rules) {
    return detail::key_of(detail::view_of(query), detail::identifier_rules(rules.compiled()));
}

std::vector<profile_key> lookup_keys(const nlohmann::json& profile, const policy& rules) {
    const detail::identifier_rules identifiers(rules.compiled());
    std::vector<profile_key> keys;
    const detail::profile_key_members members = detail::key_members_of(profile);
    if (members.source == nullptr || !members.source->is_string() || members.type == nullptr ||
        !members.type->is_string() || members.identifiers == nullptr ||
        !members.identifiers->is_array()) {
        return keys;
    }
    for (const nlohmann::json& element :
         members.identifiers->get_ref<const nlohmann::json::array_t&>()) {
        if (auto id = detail::stored_identifier(element)) {
            keys.push_back({members.source->get_ref<const std::string&>(),
                            members.type->get_ref<const std::string&>(), std::string(id->first),
                            identifiers.normalize(id->first, id->second).value_or(id->second)});
        }
    }
    return keys;
}

}  // namespace v1
}  // namespace profile_merge
