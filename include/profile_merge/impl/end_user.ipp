// SPDX-License-Identifier: MIT
// The definitions of profile_merge/end_user.hpp (docs/architecture.md, "Compiling").
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

#include "profile_merge/detail/diagnostics.hpp"
#include "profile_merge/detail/field_table.hpp"
#include "profile_merge/detail/json_value.hpp"
#include "profile_merge/detail/operation.hpp"
#include "profile_merge/detail/text.hpp"
#include "profile_merge/end_user.hpp"

namespace profile_merge {
inline namespace v1 {

namespace detail {

inline constexpr std::string_view end_user_envelope = "user";

// G13: the members of a stored end user the rules read.
inline constexpr std::array<stored_member_rule, 6> stored_end_user_rules{{
    {"email", stored_kind::string, false},
    {"id", stored_kind::integer_or_string, false},
    {"locale_id", stored_kind::integer, false},
    {"name", stored_kind::string, false},
    {"organization_id", stored_kind::integer, false},
    {"phone", stored_kind::string, false},
}};
static_assert(in_key_order(stored_end_user_rules));

// E8, failing closed: shared unless `shared` is absent, null or false.
[[nodiscard]] inline bool is_shared_user(const nlohmann::json& stored) {
    const nlohmann::json* shared = member_or_null(stored, "shared");
    return shared != nullptr && !shared->is_null() &&
           !(shared->is_boolean() && !shared->get<bool>());
}

// E4: nothing but White_Space and zero-width characters (well-formed UTF-8 given).
[[nodiscard]] inline bool is_blank(std::string_view text) {
    return each_code_point(text, [](char32_t c) { return is_blank_character(c); });
}

// E4-E7 for one writable member: validates it and adds what it does to `plan`.
// `pointer()` builds the member's pointer, only for what gets reported.
template <class Pointer>
void plan_end_user_field(const end_user_field& field, const nlohmann::json& value,
                         const nlohmann::json& stored, const Pointer& pointer, entity_plan& plan,
                         diagnostics& found) {
    const nlohmann::json* current = member_or_null(stored, field.name);
    const auto at = [&] { return pointer_append("", field.name); };  // in the entity
    const auto set = [&](const nlohmann::json& next) {               // G4 decided
        plan.set_unless_same(current, at(), next);
    };
    const auto wrong_type = [&](std::string_view wanted) {
        found.fail(error_code::invalid_type, pointer(),
                   PROFILE_MERGE_PATTERN("{} must be {}, not {}."), field.name, wanted,
                   json_type_name(value));
    };
    if (value.is_string() && !is_utf8(value.get_ref<const std::string&>())) {
        found.fail(error_code::invalid_value, pointer(),
                   PROFILE_MERGE_PATTERN("{} is not valid UTF-8."), field.name);
        return;
    }
    const bool is_string = value.is_string();
    const std::string_view text =
        is_string ? std::string_view(value.get_ref<const std::string&>()) : std::string_view();
    switch (field.kind) {
        case end_user_field_kind::none:
            return;
        case end_user_field_kind::name:  // E4
            if (value.is_null() || (is_string && is_blank(text))) {
                found.fail(error_code::blank_value, pointer(),
                           PROFILE_MERGE_PATTERN("{} cannot be blank."), field.name);
            } else if (!is_string) {
                wrong_type("a string");
            } else if (!is_control_free_text(text)) {
                found.fail(error_code::invalid_value, pointer(),
                           PROFILE_MERGE_PATTERN("{} must not contain control characters."),
                           field.name);
            } else {
                set(value);
            }
            return;
        case end_user_field_kind::email: {  // E5
            if (!is_string) {
                return wrong_type("a string");
            }
            if (!is_plausible_email(text)) {
                found.fail(
                    error_code::invalid_value, pointer(),
                    PROFILE_MERGE_PATTERN("{} must contain exactly one @ with text on both sides."),
                    field.name);
                return;
            }
            if (!is_control_free_text(text)) {  // G12
                found.fail(error_code::invalid_value, pointer(),
                           PROFILE_MERGE_PATTERN("{} must not contain control characters."),
                           field.name);
                return;
            }
            std::string lowered(text);
            ascii_lower_in_place(lowered);
            std::string primary =
                current && current->is_string() ? current->get<std::string>() : std::string();
            ascii_lower_in_place(primary);
            if (lowered != primary) {
                plan.effects.emplace_back(add_secondary_email{std::move(lowered)});
            }
            return;
        }
        case end_user_field_kind::phone: {  // E6
            std::optional<std::string> compact;
            if (!value.is_null()) {
                if (!is_string) {
                    return wrong_type("a string or null");
                }
                compact = compact_e164(text);
                if (!compact) {
                    found.fail(
                        error_code::invalid_value, pointer(),
                        PROFILE_MERGE_PATTERN("{} must be an E.164 number such as +15551234567."),
                        field.name);
                    return;
                }
            }
            const std::optional<std::string> before =
                current && current->is_string() ? std::optional(current->get<std::string>())
                                                : std::nullopt;
            if (compact == before) {
                return;
            }
            if (compact) {
                plan.set(at(), current != nullptr, *compact);
            } else {
                plan.remove_if_present(current, at());
            }
            plan.effects.emplace_back(phone_changed{std::move(compact)});
            return;
        }
        case end_user_field_kind::locale_id: {  // E7
            if (!value.is_number_integer()) {
                return wrong_type("a positive integer");
            }
            const bool positive = value.is_number_unsigned() ? value.get<std::uint64_t>() > 0
                                                             : value.get<std::int64_t>() > 0;
            if (!positive) {
                found.fail(error_code::invalid_value, pointer(),
                           PROFILE_MERGE_PATTERN("{} must be a positive integer."), field.name);
                return;
            }
            set(value);
            return;
        }
        case end_user_field_kind::organization_id: {  // E7
            if (!value.is_null() && !value.is_number_integer()) {
                return wrong_type("an integer or null");
            }
            if (value.is_number_unsigned() &&
                value.get<std::uint64_t>() >
                    static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                found.fail(error_code::invalid_value, pointer(),
                           PROFILE_MERGE_PATTERN("{} is too large."), field.name);
                return;
            }
            const nlohmann::json& before = current ? *current : null_json();
            if (same_json(before, value)) {
                return;
            }
            plan.set_unless_same(current, at(), value);
            plan.effects.emplace_back(set_default_organization{
                value.is_null() ? std::nullopt : std::optional(value.get<std::int64_t>())});
            return;
        }
        case end_user_field_kind::time_zone:  // E7
            if (!is_string) {
                return wrong_type("a string");
            }
            if (text.empty()) {
                found.fail(error_code::blank_value, pointer(),
                           PROFILE_MERGE_PATTERN("{} cannot be empty."), field.name);
                return;
            }
            set(value);
            return;
        case end_user_field_kind::remote_photo_url: {  // E7
            if (!is_string) {
                return wrong_type("a string");
            }
            if (!is_https_url(text)) {
                found.fail(error_code::invalid_value, pointer(),
                           PROFILE_MERGE_PATTERN(
                               "{} must be an https:// URL: a host, an optional port, then a path, "
                               "with no spaces or control characters."),
                           field.name);
                return;
            }
            plan.effects.emplace_back(fetch_remote_photo{std::string(text)});
            return;
        }
        case end_user_field_kind::photo:  // E7, E2
            if (value.is_object()) {
                found.ignore(pointer(), ignore_reason::read_only);
            } else if (!value.is_null()) {
                wrong_type("null (to remove the photo)");
            } else {
                plan.remove_if_present(current, at());
            }
            return;
    }
}

// The end user's own update (E1-E9) for run_operation: a partial update in place.
struct end_user_spec {
    static constexpr api which = api::end_users;
    static constexpr std::string_view envelope = end_user_envelope;
    static constexpr bool may_create = false;
    static constexpr outcome on_change = outcome::updated;

    const end_user_options& opts;

    [[nodiscard]] const end_user_options& options() const noexcept { return opts; }

    static void check_address(diagnostics& /*found*/) noexcept {}  // an id the server resolved

    static bool check_result(const nlohmann::json& /*entity*/, diagnostics& /*found*/) noexcept {
        return true;  // no policy for end users
    }

    [[nodiscard]] static bool check_stored(const nlohmann::json& stored, diagnostics& found) {
        check_stored_entity(stored, "user", stored_end_user_rules, found);  // G13
        return true;
    }

    [[nodiscard]] static std::string_view not_found() noexcept {
        return "There is no user with this id.";
    }

    static void check_target(const nlohmann::json& target, diagnostics& found) {
        if (is_shared_user(target)) {  // E8
            found.fail_unplaced(
                error_code::shared_user,
                PROFILE_MERGE_PATTERN("This user is shared with another account and cannot be "
                                      "modified here."));
        }
    }

    [[nodiscard]] entity_plan plan(const nlohmann::json* target, const nlohmann::json& body,
                                   diagnostics& found) const {
        entity_plan plan;
        const auto stored_member = [&](const end_user_field& field) {
            return member_or_null(*target, field.name);
        };
        const auto write = [&](const end_user_field& field, const nlohmann::json& value,
                               std::string_view key) {
            const auto pointer = [key] { return pointer_append("/user", key); };
            plan_end_user_field(field, value, *target, pointer, plan, found);
        };
        walk_body(body, "/user", opts.schema, opts.read_only, opts.privileged_fields, stored_member,
                  write, found);  // G5, E2, E3
        return plan;
    }
};

template <class Stored>
[[nodiscard]] operation_result end_user_core(Stored&& stored, const nlohmann::json& request,
                                             const context& ctx, const end_user_options& options) {
    end_user_spec spec{options};
    return run_operation(spec, std::forward<Stored>(stored), request, ctx);
}

}  // namespace detail

bool is_https_url(std::string_view url) {
    constexpr std::string_view scheme = "https://";
    std::size_t characters = 0;
    const bool clean = detail::each_code_point(url, [&](char32_t c) {
        ++characters;
        return !detail::is_control(c) && !detail::is_white_space(c) && c != '\\';
    });
    if (!clean || characters > 2048 || url.substr(0, scheme.size()) != scheme) {
        return false;
    }
    std::size_t i = scheme.size();
    const auto at_end_of_authority = [&] {
        return i == url.size() || url[i] == '/' || url[i] == '?' || url[i] == '#' || url[i] == ':';
    };
    if (i < url.size() && url[i] == '[') {  // an IPv6 literal
        const std::size_t close = url.find(']', i);
        if (close == std::string_view::npos || close == i + 1) {
            return false;
        }
        for (std::size_t k = i + 1; k < close; ++k) {
            const char c = url[k];
            if (!(detail::hex_digit_value(c) >= 0 || c == ':' || c == '.')) {
                return false;
            }
        }
        i = close + 1;
        if (!at_end_of_authority()) {
            return false;
        }
    } else {  // labels separated by single dots
        std::size_t label = 0;
        for (; !at_end_of_authority(); ++i) {
            const char c = url[i];
            if (c == '.') {
                if (label == 0) {
                    return false;
                }
                label = 0;
            } else if (detail::is_ascii_alphanumeric(c) || c == '-') {
                ++label;
            } else {
                return false;
            }
        }
        if (label == 0) {
            return false;  // empty host or a trailing dot
        }
    }
    if (i < url.size() && url[i] == ':') {  // a port
        std::size_t port = 0;
        std::size_t digits = 0;
        for (++i; i < url.size() && url[i] >= '0' && url[i] <= '9'; ++i, ++digits) {
            port =
                std::min<std::size_t>(port * 10 + static_cast<std::size_t>(url[i] - '0'), 100000);
        }
        if (digits == 0 || port < 1 || port > 65535) {
            return false;
        }
    }
    return i == url.size() || url[i] == '/' || url[i] == '?' || url[i] == '#';
}

operation_result update_end_user(const nlohmann::json& stored, const nlohmann::json& request,
                                 const context& ctx, const end_user_options& options) {
    return detail::end_user_core(stored, request, ctx, options);
}

operation_result update_end_user(nlohmann::json&& stored, const nlohmann::json& request,
                                 const context& ctx, const end_user_options& options) {
    return detail::end_user_core(std::move(stored), request, ctx, options);
}

}  // namespace v1
}  // namespace profile_merge
