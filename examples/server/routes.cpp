// SPDX-License-Identifier: MIT
#include "routes.hpp"

#include <cstdint>
#include <stdexcept>
#include <string_view>

#include <profile_merge/profile_merge.hpp>

#include "auth.hpp"
#include "effects.hpp"

namespace server {
namespace {

namespace pm = profile_merge;

// Deeper documents are refused before the library sees them; its own limits (G9)
// are far below this.
constexpr int max_body_depth = 512;

struct too_deep : std::runtime_error {
    too_deep() : std::runtime_error("the body nests deeper than 512 levels") {}
};

http_response json_response(int status, const json& body, std::string_view outcome = "ok") {
    return {status,
            {{"Content-Type", "application/json; charset=utf-8"}},
            body.dump(),
            std::string(outcome)};
}

// An error the library did not decide (authentication, routing, the body's syntax), in
// the API's error shape: Profiles' {"errors": [...]}, End Users' {"error", "description"}.
http_response refuse(int status, pm::api which, const std::string& code, const std::string& title,
                     const std::string& detail) {
    if (which == pm::api::profiles) {
        return json_response(
            status, {{"errors", {{{"code", code}, {"title", title}, {"detail", detail}}}}}, code);
    }
    return json_response(status, {{"error", title}, {"description", detail}}, code);
}

// The library's refusal of a request it was not asked to operate on (a query that
// does not parse, a GET of nothing), as the library writes error bodies.
http_response library_refusal(pm::api which, std::vector<pm::error> errors) {
    pm::operation_result r;
    r.api = which;
    r.outcome = pm::outcome_of(errors);
    r.errors = std::move(errors);
    return json_response(r.status(), pm::error_body(r), pm::to_string(r.outcome));
}

std::vector<std::string> segments_of(const std::string& path) {
    std::vector<std::string> out;
    std::size_t start = 1;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        out.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    if (!out.empty()) {  // Zendesk's paths work with and without ".json"
        std::string& last = out.back();
        if (last.size() > 5 && last.compare(last.size() - 5, 5, ".json") == 0) {
            last.resize(last.size() - 5);
        }
    }
    return out;
}

std::optional<std::int64_t> user_id_in_path(const std::string& text) {
    if (text.empty() || text.size() > 18 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
    }
    return std::stoll(text);
}

// One request's context for the library, and what it writes besides the entity.
class exchange {
public:
    exchange(const http_request& request, const caller& who, const server_clock& clock,
             id_generator& ids, const pm::policy& rules)
        : request_(request),
          who_(who),
          rules_(rules),
          now_(clock.now()),
          // Only a PUT may create; other requests take no id from the sequence.
          new_id_(request.method == "PUT" ? ids.next(clock.milliseconds()) : std::string()) {}

    [[nodiscard]] pm::context context() const { return {now_, new_id_}; }
    [[nodiscard]] const pm::policy& rules() const noexcept { return rules_; }

    // A profile operation's result: stored with its effects and history when it
    // changed something, then answered.
    http_response profile_written(store_transaction& tx, pm::operation_result&& r) const {
        if (!r.ok()) {
            return json_response(r.status(), pm::error_body(r), pm::to_string(r.outcome));
        }
        if (r.outcome != pm::outcome::unchanged) {
            json applied = apply_profile_effects(tx, r.entity, r.effects, now_);
            tx.save_profile(r.entity, rules_);
            tx.add_change(r.entity.at("id").get<std::string>(),
                          history_entry(r, std::move(applied)));
        }
        return entity_response(r.status(), "profile", r.entity, pm::to_string(r.outcome));
    }

    http_response user_written(store_transaction& tx, pm::operation_result&& r) const {
        if (!r.ok()) {
            return json_response(r.status(), pm::error_body(r), pm::to_string(r.outcome));
        }
        if (r.outcome != pm::outcome::unchanged) {
            apply_end_user_effects(tx, r.entity, r.effects, now_);
            tx.save_user(r.entity);
        }
        return entity_response(r.status(), "user", r.entity, pm::to_string(r.outcome));
    }

    static http_response entity_response(int status, const char* name, const json& entity,
                                         std::string_view outcome = "ok") {
        http_response response = json_response(status, {{name, entity}}, outcome);
        response.headers.emplace_back("ETag", pm::etag(entity));
        return response;
    }

private:
    json history_entry(const pm::operation_result& r, json applied) const {
        json entry = pm::to_json(r);
        entry.erase(std::string(r.entity_name()));  // the profile itself is stored once
        entry.erase("errors");
        entry["at"] = now_;
        entry["request"] = request_.method + " " + request_.path +
                           (request_.query.empty() ? "" : "?" + request_.query);
        entry["by"] = who_.email;
        entry["applied"] = std::move(applied);
        return entry;
    }

    const http_request& request_;
    const caller& who_;
    const pm::policy& rules_;
    std::string now_;
    std::string new_id_;
};

// The endpoints: what follows /api/v2, the API whose error shape they use, and the
// methods they answer.
enum class route {
    profiles_by_query,
    profile,
    profile_changes,
    user_profiles,
    user,
    user_identities,
    end_user
};

struct route_row {
    route which;
    std::string_view resource;  // the first segment after /api/v2
    std::size_t segments;       // how many follow /api/v2
    std::string_view tail;      // the third one, when there are three
    pm::api family;
    std::string_view allowed;  // for 405's Allow
};

constexpr route_row routes[] = {
    {route::profiles_by_query, "user_profiles", 1, "", pm::api::profiles, "GET, PATCH, PUT"},
    {route::profile, "user_profiles", 2, "", pm::api::profiles, "GET, PATCH, PUT, DELETE"},
    {route::profile_changes, "user_profiles", 3, "changes", pm::api::profiles, "GET"},
    {route::user_profiles, "users", 3, "profiles", pm::api::profiles, "GET, PUT"},
    {route::user, "users", 2, "", pm::api::end_users, "GET"},
    {route::user_identities, "users", 3, "identities", pm::api::end_users, "GET"},
    {route::end_user, "end_users", 2, "", pm::api::end_users, "GET, PUT"},
};

const route_row* route_of(const std::vector<std::string>& at) {
    if (at.size() < 3 || at[0] != "api" || at[1] != "v2") {
        return nullptr;
    }
    for (const route_row& row : routes) {
        if (at[2] == row.resource && at.size() - 2 == row.segments &&
            (row.segments < 3 || at[4] == row.tail)) {
            return &row;
        }
    }
    return nullptr;
}

bool allows(const route_row& row, const std::string& method) {
    std::string_view rest = row.allowed;
    while (!rest.empty()) {
        const std::size_t comma = rest.find(", ");
        if (rest.substr(0, comma) == method) {
            return true;
        }
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 2);
    }
    return false;
}

// A request that passed the gates: routed, signed in, allowed, its body parsed.
struct call {
    const http_request& request;
    const std::vector<std::string>& at;  // the path's segments
    const exchange& x;
    const json& body;  // null for GET and DELETE

    [[nodiscard]] bool is(const char* method) const { return request.method == method; }
    // GET only reads: it blocks no writer.
    template <class Work>
    auto transaction(store& records, Work&& work) const {
        return is("GET") ? records.read(work) : records.run(work);
    }
};

http_response not_found(const char* what) {
    return library_refusal(pm::api::profiles, {{pm::error_code::not_found, {}, what}});
}

// GET, PATCH and PUT /user_profiles?identifier=q, and PUT /users/{id}/profiles?identifier=q.
http_response profile_by_query(store& records, const call& c, bool for_user) {
    const std::optional<std::string> identifier = query_parameter(c.request.query, "identifier");
    if (!identifier) {
        return library_refusal(
            pm::api::profiles,
            {{pm::error_code::invalid_identifier_query, pm::in_parameter{"identifier"},
              "This endpoint needs an identifier query: ?identifier=source:type:"
              "identifier_type:value."}});
    }
    // A query that does not parse goes to the library as text, which refuses it.
    const pm::query_parse_result parsed = pm::parse_identifier_query(*identifier);
    if (!parsed.ok() && c.is("GET")) {
        return library_refusal(pm::api::profiles, parsed.errors);
    }
    return c.transaction(records, [&](store_transaction& tx) {
        json stored;
        if (parsed.ok()) {
            stored = tx.profile_by_key(pm::lookup_key(*parsed.query, c.x.rules())).value_or(json());
        }
        if (c.is("GET")) {
            return stored.is_null() ? not_found("No profile matches the identifier query.")
                                    : exchange::entity_response(200, "profile", stored);
        }
        if (c.is("PATCH")) {
            pm::patch_options options;
            options.if_match = c.request.if_match;
            options.policy = c.x.rules();
            return c.x.profile_written(
                tx, parsed.ok() ? pm::patch_profile_by_query(std::move(stored), *parsed.query,
                                                             c.body, c.x.context(), options)
                                : pm::patch_profile_by_query(std::move(stored), *identifier, c.body,
                                                             c.x.context(), options));
        }
        pm::put_options options;
        options.if_match = c.request.if_match;
        options.policy = c.x.rules();
        if (for_user) {
            options.path_user_id = c.at[3];
            if (const auto id = user_id_in_path(c.at[3]); id && !tx.user(*id)) {
                return library_refusal(pm::api::profiles,
                                       {{pm::error_code::not_found, pm::in_parameter{"user_id"},
                                         "There is no user with this id."}});
            }
        }
        return c.x.profile_written(
            tx, parsed.ok() ? pm::put_profile_by_query(std::move(stored), *parsed.query, c.body,
                                                       c.x.context(), options)
                            : pm::put_profile_by_query(std::move(stored), *identifier, c.body,
                                                       c.x.context(), options));
    });
}

// GET, PATCH, PUT and DELETE /user_profiles/{id}.
http_response profile_by_id(store& records, const call& c) {
    const std::string& id = c.at[3];
    return c.transaction(records, [&](store_transaction& tx) {
        json stored = tx.profile_by_id(id).value_or(json());
        if (c.is("GET")) {
            return stored.is_null() ? not_found("There is no profile with this id.")
                                    : exchange::entity_response(200, "profile", stored);
        }
        if (c.is("DELETE")) {
            if (stored.is_null()) {
                return not_found("There is no profile with this id.");
            }
            if (c.request.if_match && !pm::if_match_allows(*c.request.if_match, stored)) {
                return library_refusal(
                    pm::api::profiles,
                    {{pm::error_code::precondition_failed, pm::in_parameter{"If-Match"},
                      "If-Match does not match the stored profile's current etag."}});
            }
            (void)tx.delete_profile(id);
            return http_response{204, {}, {}, "deleted"};
        }
        if (c.is("PATCH")) {
            pm::patch_options options;
            options.if_match = c.request.if_match;
            options.policy = c.x.rules();
            return c.x.profile_written(
                tx, pm::patch_profile_by_id(std::move(stored), c.body, c.x.context(), options));
        }
        pm::put_options options;
        options.if_match = c.request.if_match;
        options.policy = c.x.rules();
        return c.x.profile_written(
            tx, pm::put_profile_by_id(std::move(stored), c.body, c.x.context(), options));
    });
}

// GET /user_profiles/{id}/changes: kept after the profile is deleted.
http_response profile_changes(store& records, const call& c) {
    return records.read([&](store_transaction& tx) {
        std::vector<json> entries = tx.changes_of(c.at[3]);
        if (entries.empty() && !tx.profile_by_id(c.at[3])) {
            return not_found("There is no profile with this id.");
        }
        return json_response(200, {{"changes", std::move(entries)}});
    });
}

// GET /users/{id}/profiles.
http_response profiles_of_user(store& records, const call& c) {
    return records.read([&](store_transaction& tx) {
        return json_response(200, {{"profiles", tx.profiles_of_user(c.at[3])}});
    });
}

// GET /users/{id}, GET /users/{id}/identities, GET and PUT /end_users/{id}.
http_response user_record(store& records, const call& c, route which) {
    const std::optional<std::int64_t> id = user_id_in_path(c.at[3]);
    return c.transaction(records, [&](store_transaction& tx) {
        std::optional<json> user = id ? tx.user(*id) : std::nullopt;
        if (!user) {
            return refuse(404, pm::api::end_users, "not_found", "RecordNotFound",
                          "There is no user with this id.");
        }
        if (which == route::user_identities) {
            return json_response(200, {{"identities", tx.identities_of(*id)}});
        }
        if (c.is("GET")) {
            return exchange::entity_response(200, "user", *user);
        }
        pm::end_user_options options;
        options.if_match = c.request.if_match;
        return c.x.user_written(
            tx, pm::update_end_user(std::move(*user), c.body, c.x.context(), options));
    });
}

}  // namespace

std::optional<std::string> query_parameter(const std::string& query, const std::string& name) {
    std::size_t start = 0;
    while (start <= query.size()) {
        const std::size_t end = std::min(query.find('&', start), query.size());
        const std::string_view pair(query.data() + start, end - start);
        const std::size_t equals = pair.find('=');
        if (pair.substr(0, equals) == name) {
            // Query strings are form-encoded: '+' is a space (a plus arrives as %2B).
            // The library decodes percent-escapes itself (Q2).
            std::string value;
            if (equals != std::string_view::npos) {
                for (const char c : pair.substr(equals + 1)) {
                    value += c == '+' ? std::string_view("%20") : std::string_view(&c, 1);
                }
            }
            return value;
        }
        start = end + 1;
    }
    return std::nullopt;
}

std::string error_document(const std::string& code, const std::string& detail) {
    return json{{"errors", {{{"code", code}, {"title", code}, {"detail", detail}}}}}.dump();
}

http_response api::handle(const http_request& request) {
    const std::vector<std::string> at = segments_of(request.path);
    if (at == std::vector<std::string>{"health"}) {
        if (request.method != "GET") {
            http_response response = refuse(405, pm::api::profiles, "method_not_allowed",
                                            "Method Not Allowed", "/health answers GET only.");
            response.headers.emplace_back("Allow", "GET");
            return response;
        }
        store_.read([](store_transaction& tx) { (void)tx.empty(); });
        return json_response(200, {{"status", "ok"}, {"store", store_.backend()}});
    }

    const route_row* row = route_of(at);
    if (row == nullptr) {
        return refuse(404, pm::api::profiles, "not_found", "Not Found",
                      "No such endpoint: " + request.method + " " + request.path + ".");
    }
    if (!allows(*row, request.method)) {
        http_response response = refuse(
            405, row->family, "method_not_allowed", "Method Not Allowed",
            request.method + " is not allowed here; allowed: " + std::string(row->allowed) + ".");
        response.headers.emplace_back("Allow", std::string(row->allowed));
        return response;
    }

    const std::optional<caller> who =
        store_.read([&](store_transaction& tx) { return authenticate(request.authorization, tx); });
    if (!who) {
        http_response response =
            refuse(401, row->family, "unauthorized", "Couldn't authenticate you",
                   "Sign in with an agent's email/token and API token, or "
                   "an end user's email and password.");
        response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"profile-merge-server\"");
        return response;
    }
    // End users reach their own user record and nothing else; agents all but the
    // End Users API, which is for end users themselves.
    const bool user_record_route = row->which == route::end_user || row->which == route::user ||
                                   row->which == route::user_identities;
    const bool own_record = user_record_route && user_id_in_path(at[3]) == who->user_id;
    if ((who->role == caller::kind::end_user && !own_record) ||
        (who->role == caller::kind::agent && row->which == route::end_user)) {
        return refuse(403, row->family, "forbidden", "Forbidden",
                      who->role == caller::kind::agent
                          ? "The End Users API is for end users themselves."
                          : "An end user may read and update only their own user record.");
    }

    json body;
    if (request.method == "PATCH" || request.method == "PUT") {
        try {
            body = json::parse(request.body, [](int depth, json::parse_event_t, json&) {
                if (depth > max_body_depth) {
                    throw too_deep();
                }
                return true;
            });
        } catch (const std::exception& e) {
            return refuse(400, row->family, "invalid_json", "Invalid JSON",
                          std::string("The request body is not JSON: ") +
                              (dynamic_cast<const too_deep*>(&e) != nullptr ? e.what()
                                                                            : "it does not parse") +
                              ".");
        }
    }

    const exchange x(request, *who, clock_, ids_, rules_);
    const call c{request, at, x, body};
    switch (row->which) {
        case route::profiles_by_query:
            return profile_by_query(store_, c, false);
        case route::profile:
            return profile_by_id(store_, c);
        case route::profile_changes:
            return profile_changes(store_, c);
        case route::user_profiles:
            return c.is("GET") ? profiles_of_user(store_, c) : profile_by_query(store_, c, true);
        case route::user:
        case route::user_identities:
        case route::end_user:
            return user_record(store_, c, row->which);
    }
    return refuse(404, row->family, "not_found", "Not Found", "No such endpoint.");
}

}  // namespace server
