// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile_merge/change_report.hpp"
#include "profile_merge/detail/config.hpp"
#include "profile_merge/effect.hpp"
#include "profile_merge/error.hpp"
#include "profile_merge/outcome.hpp"

namespace profile_merge {
inline namespace v1 {

/// What every operation returns.
// nlohmann::json's destructor allocates the stack of its iterative destruction; a
// bad_alloc there terminates, as it does in nlohmann itself.
// NOLINTNEXTLINE(bugprone-exception-escape)
struct operation_result {
    profile_merge::api api = profile_merge::api::profiles;
    profile_merge::outcome outcome = profile_merge::outcome::invalid;
    /// The entity the store holds after the operation: the result on success; on
    /// failure the stored entity exactly as it was (null when nothing was stored).
    nlohmann::json entity;
    /// What the server must apply to the user record (empty on failure, G3).
    std::vector<effect> effects;
    /// Section R: what changed, with paths into `entity`.
    change_list changes;
    /// Section R: request members that did not reach the entity, with the reason.
    std::vector<ignored_member> ignored;
    /// G8: every problem found, empty on success; at most report_limits::max_errors.
    std::vector<error> errors;
    /// G8, R2: how many errors and ignored members were found beyond those listed.
    std::size_t errors_omitted = 0;
    std::size_t ignored_omitted = 0;
    /// R2: the exact report would have been too large, so changes below a member are
    /// reported as one change of that member (still naming every member that changed).
    bool changes_coarsened = false;

    [[nodiscard]] bool ok() const noexcept { return succeeded(outcome); }
    /// G7
    [[nodiscard]] int status() const noexcept { return http_status(outcome, api); }
    /// The member name of the entity in bodies and reports: "profile" or "user".
    [[nodiscard]] std::string_view entity_name() const noexcept {
        return api == profile_merge::api::profiles ? "profile" : "user";
    }
};

/// One error as a JSON object: code, pointer or parameter, message.
[[nodiscard]] PROFILE_MERGE_DECL nlohmann::json to_json(const error& e);

/// The whole result as one JSON document (what the CLI prints).
[[nodiscard]] PROFILE_MERGE_DECL nlohmann::json to_json(const operation_result& r);

/// As above, moving the entity into the document instead of copying it.
[[nodiscard]] PROFILE_MERGE_DECL nlohmann::json to_json(operation_result&& r);

// nlohmann's conversion hooks, found by ADL: `nlohmann::json j = result;`.
PROFILE_MERGE_DECL void to_json(nlohmann::json& j, const operation_result& r);
PROFILE_MERGE_DECL void to_json(nlohmann::json& j, const error& e);
PROFILE_MERGE_DECL void to_json(nlohmann::json& j, const change& c);
PROFILE_MERGE_DECL void to_json(nlohmann::json& j, const ignored_member& i);

/// Appends to_json(r), with the members of `extra` (null or an object: a request id,
/// a line number) added, to `out` as compact JSON text: the bytes
/// `dump(-1, ' ', false, error_handler_t::replace)` writes, without building the
/// document. Members come in key order, as in a std::map; an `extra` member replaces
/// a result member of the same name. For servers and batch writers that answer
/// every request with a result. Throws std::invalid_argument, leaving `out` as it
/// was, when `extra` is neither null nor an object.
PROFILE_MERGE_DECL std::string& append_json(std::string& out, const operation_result& r,
                                            const nlohmann::json& extra = nullptr);

/// G8: the HTTP error body for a failed operation; null for a success.
/// Profiles: {"errors":[{code,title,detail,source}]}. End users: the classic
/// Support shape, RecordInvalid with details keyed by field (E9) for 422,
/// {"error","description"} for 403, 404, 409 and 412.
[[nodiscard]] PROFILE_MERGE_DECL nlohmann::json error_body(const operation_result& r);

}  // namespace v1
}  // namespace profile_merge

#ifdef PROFILE_MERGE_HEADER_ONLY
#include "profile_merge/impl/result.ipp"
#endif
