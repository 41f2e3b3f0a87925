// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "profile_merge/detail/diagnostics.hpp"
#include "profile_merge/detail/member_lookup.hpp"
#include "profile_merge/detail/text.hpp"
#include "profile_merge/etag.hpp"
#include "profile_merge/result.hpp"

// Steps every operation takes, whatever its entity: G1, G3, G10.
namespace profile_merge {
inline namespace v1 {
namespace detail {

// Shared empty values, so that "no such member" can be passed by reference. A
// conditional such as `found ? stored : nlohmann::json()` is a prvalue and would
// deep-copy `stored`; `found ? stored : null_json()` is an lvalue and copies nothing.
template <class = void>
[[nodiscard]] const nlohmann::json& null_json() {
    static const nlohmann::json value;
    return value;
}
template <class = void>
[[nodiscard]] const nlohmann::json& empty_object() {
    static const nlohmann::json value = nlohmann::json::object();
    return value;
}

// G4: entity[key] = text, reusing the old string's buffer (updated_at on every write).
// `member` is the entity's member `key`, or nullptr when it has none.
template <class = void>
void assign_text(nlohmann::json& entity, nlohmann::json* member, std::string_view key,
                 std::string_view text) {
    if (member != nullptr && member->is_string()) {
        member->get_ptr<std::string*>()->assign(text.data(), text.size());
    } else {
        entity[std::string(key)] = text;
    }
}

// G1: the inner object of `{"<envelope>": {...}}`, or nullptr with the error recorded.
template <class = void>
[[nodiscard]] const nlohmann::json* open_envelope(const nlohmann::json& request,
                                                  std::string_view envelope, diagnostics& found) {
    if (!request.is_object()) {
        found.fail(error_code::invalid_envelope, "",
                   "The request body must be a JSON object such as {{\"{}\": {{...}}}}, not {}.",
                   envelope, json_type_name(request));
        return nullptr;
    }
    const auto* inner = member_or_null(request, envelope);
    if (inner == nullptr || !inner->is_object()) {
        found.fail(error_code::invalid_envelope, pointer_append("", envelope),
                   "The request body must hold its fields in an object named \"{}\"; {}.", envelope,
                   inner == nullptr ? std::string("it is missing")
                                    : format_message("it is {}", json_type_name(*inner)));
        return nullptr;
    }
    if (request.size() == 1) {  // only the envelope: nothing to report
        return inner;
    }
    for (auto member = request.cbegin(); member != request.cend(); ++member) {
        if (member.key() != envelope) {
            found.ignore(pointer_append("", member.key()), ignore_reason::unknown_field);
        }
    }
    return inner;
}

// G10: a gate before anything else is looked at.
template <class = void>
[[nodiscard]] bool check_if_match(const std::optional<std::string>& if_match,
                                  const nlohmann::json& stored, diagnostics& found) {
    if (!if_match || if_match_allows(*if_match, stored)) {
        return true;
    }
    found.fail_parameter(error_code::precondition_failed, "If-Match", "{}",
                         stored.is_null()
                             ? "If-Match was given, but there is nothing stored to match."
                             : "If-Match does not match the stored entity's current etag.");
    return false;
}

// G3: a failed operation gives back the stored entity exactly as it was.
template <class Stored>
[[nodiscard]] operation_result fail_with(Stored&& stored, diagnostics&& found, api which) {
    operation_result r;
    r.api = which;
    r.entity = std::forward<Stored>(stored);
    r.errors = std::move(found.errors);
    r.ignored = std::move(found.ignored);
    r.outcome = outcome_of(r.errors);
    return r;
}

}  // namespace detail
}  // namespace v1
}  // namespace profile_merge
