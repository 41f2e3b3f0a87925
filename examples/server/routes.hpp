// SPDX-License-Identifier: MIT
// The Profiles and End Users APIs over the store, independent of the HTTP library:
// a request in, a response out. Every decision about an entity is the library's.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <profile_merge/policy.hpp>

#include "clock.hpp"
#include "store.hpp"

namespace server {

struct http_request {
    std::string method;
    std::string path;   // without the query, percent-escapes as sent
    std::string query;  // after '?', as sent
    std::string authorization;
    std::optional<std::string> if_match;
    std::string body;
};

struct http_response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;     // JSON, or empty (204)
    std::string outcome;  // for the access log: the library's outcome or the refusal's code
};

class api {
public:
    // `rules`: the team's policy every profile write follows (docs/policies.md).
    api(store& records, const server_clock& clock, id_generator& ids,
        profile_merge::policy rules = {})
        : store_(records), clock_(clock), ids_(ids), rules_(std::move(rules)) {}

    [[nodiscard]] http_response handle(const http_request& request);

private:
    store& store_;
    const server_clock& clock_;
    id_generator& ids_;
    profile_merge::policy rules_;
};

// The raw value of parameter `name` in a query string (percent-escapes kept), or
// nullopt when it is absent.
[[nodiscard]] std::optional<std::string> query_parameter(const std::string& query,
                                                         const std::string& name);

// A body for statuses the HTTP layer answers itself (413, 400 for bad framing).
[[nodiscard]] std::string error_document(const std::string& code, const std::string& detail);

}  // namespace server
