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

// One request's work, with its caller, inside one transaction.
class exchange {
public:
    exchange(const http_request& request, const caller& who, const server_clock& clock,
             id_generator& ids)
        : request_(request),
          who_(who),
          now_(clock.now()),
          new_id_(ids.next(clock.milliseconds())) {}

    [[nodiscard]] pm::context context() const { return {now_, new_id_}; }
    [[nodiscard]] const std::string& now() const noexcept { return now_; }
    [[nodiscard]] const caller& who() const noexcept { return who_; }

    // A profile operation's result: stored with its effects and history when it
    // changed something, then answered.
    http_response profile_written(store_transaction& tx, pm::operation_result&& r) const {
        if (!r.ok()) {
            return json_response(r.status(), pm::error_body(r), pm::to_string(r.outcome));
        }
        if (r.outcome != pm::outcome::unchanged) {
            json applied = apply_profile_effects(tx, r.entity, r.effects, now_);
            tx.save_profile(r.entity);
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
    std::string now_;
    std::string new_id_;
};

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

    // The route: which API, which methods, and what the path names.
    enum class route {
        none,
        profiles_by_query,
        profile,
        profile_changes,
        user_profiles,
        user,
        user_identities,
        end_user
    };
    route which = route::none;
    const auto n = at.size();
    if (n >= 3 && at[0] == "api" && at[1] == "v2") {
        const std::string& resource = at[2];
        if (resource == "user_profiles" && n == 3) {
            which = route::profiles_by_query;
        } else if (resource == "user_profiles" && n == 4) {
            which = route::profile;
        } else if (resource == "user_profiles" && n == 5 && at[4] == "changes") {
            which = route::profile_changes;
        } else if (resource == "users" && n == 5 && at[4] == "profiles") {
            which = route::user_profiles;
        } else if (resource == "users" && n == 4) {
            which = route::user;
        } else if (resource == "users" && n == 5 && at[4] == "identities") {
            which = route::user_identities;
        } else if (resource == "end_users" && n == 4) {
            which = route::end_user;
        }
    }
    const pm::api family =
        which == route::end_user || which == route::user || which == route::user_identities
            ? pm::api::end_users
            : pm::api::profiles;
    if (which == route::none) {
        return refuse(404, family, "not_found", "Not Found",
                      "No such endpoint: " + request.method + " " + request.path + ".");
    }
    const char* allowed = "GET";
    switch (which) {
        case route::profiles_by_query:
            allowed = "GET, PATCH, PUT";
            break;
        case route::profile:
            allowed = "GET, PATCH, PUT, DELETE";
            break;
        case route::user_profiles:
            allowed = "GET, PUT";
            break;
        case route::end_user:
            allowed = "GET, PUT";
            break;
        default:
            break;
    }
    if (std::string_view(allowed).find(request.method) == std::string_view::npos ||
        request.method.empty()) {
        http_response response =
            refuse(405, family, "method_not_allowed", "Method Not Allowed",
                   request.method + " is not allowed here; allowed: " + allowed + ".");
        response.headers.emplace_back("Allow", allowed);
        return response;
    }

    const std::optional<caller> who =
        store_.read([&](store_transaction& tx) { return authenticate(request.authorization, tx); });
    if (!who) {
        http_response response = refuse(401, family, "unauthorized", "Couldn't authenticate you",
                                        "Sign in with an agent's email/token and API token, or "
                                        "an end user's email and password.");
        response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"profile-merge-server\"");
        return response;
    }
    // End users reach their own user record and nothing else; agents all but the
    // End Users API, which is for end users themselves.
    const std::optional<std::int64_t> path_user =
        n >= 4 && at[2] != "user_profiles" ? user_id_in_path(at[3]) : std::nullopt;
    const bool own_record =
        who->role == caller::kind::end_user && path_user == who->user_id &&
        (which == route::end_user || which == route::user || which == route::user_identities);
    if ((who->role == caller::kind::end_user && !own_record) ||
        (who->role == caller::kind::agent && which == route::end_user)) {
        return refuse(403, family, "forbidden", "Forbidden",
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
            return refuse(400, family, "invalid_json", "Invalid JSON",
                          std::string("The request body is not JSON: ") +
                              (dynamic_cast<const too_deep*>(&e) != nullptr ? e.what()
                                                                            : "it does not parse") +
                              ".");
        }
    }

    const exchange x(request, *who, clock_, ids_);
    // GET only reads: it blocks no writer.
    const auto transaction = [&](auto&& work) {
        return request.method == "GET" ? store_.read(work) : store_.run(work);
    };
    const std::optional<std::string> identifier = query_parameter(request.query, "identifier");
    const auto missing_identifier = [&] {
        return library_refusal(
            pm::api::profiles,
            {{pm::error_code::invalid_identifier_query, pm::in_parameter{"identifier"},
              "This endpoint needs an identifier query: ?identifier=source:type:"
              "identifier_type:value."}});
    };

    switch (which) {
        case route::profiles_by_query:
        case route::user_profiles: {
            if (which == route::user_profiles && request.method == "GET") {
                return store_.read([&](store_transaction& tx) {
                    json list = json::array();
                    for (json& p : tx.profiles_of_user(at[3])) {
                        list.push_back(std::move(p));
                    }
                    return json_response(200, {{"profiles", std::move(list)}});
                });
            }
            if (!identifier) {
                return missing_identifier();
            }
            pm::query_parse_result parsed = pm::parse_identifier_query(*identifier);
            if (!parsed.ok() && request.method == "GET") {
                return library_refusal(pm::api::profiles, std::move(parsed.errors));
            }
            return transaction([&](store_transaction& tx) {
                json stored;
                if (parsed.ok()) {
                    stored = tx.profile_by_key(pm::lookup_key(*parsed.query)).value_or(json());
                }
                if (request.method == "GET") {
                    if (stored.is_null()) {
                        return library_refusal(pm::api::profiles,
                                               {{pm::error_code::not_found,
                                                 {},
                                                 "No profile matches the identifier query."}});
                    }
                    return exchange::entity_response(200, "profile", stored);
                }
                if (request.method == "PATCH") {
                    pm::patch_options options;
                    options.if_match = request.if_match;
                    return x.profile_written(
                        tx, parsed.ok()
                                ? pm::patch_profile_by_query(std::move(stored), *parsed.query, body,
                                                             x.context(), options)
                                : pm::patch_profile_by_query(std::move(stored), *identifier, body,
                                                             x.context(), options));
                }
                pm::put_options options;
                options.if_match = request.if_match;
                if (which == route::user_profiles) {
                    options.path_user_id = at[3];
                    if (const auto id = user_id_in_path(at[3]); id && !tx.user(*id)) {
                        return library_refusal(
                            pm::api::profiles,
                            {{pm::error_code::not_found, pm::in_parameter{"user_id"},
                              "There is no user with this id."}});
                    }
                }
                return x.profile_written(
                    tx, parsed.ok() ? pm::put_profile_by_query(std::move(stored), *parsed.query,
                                                               body, x.context(), options)
                                    : pm::put_profile_by_query(std::move(stored), *identifier, body,
                                                               x.context(), options));
            });
        }
        case route::profile:
            return transaction([&](store_transaction& tx) {
                json stored = tx.profile_by_id(at[3]).value_or(json());
                if (request.method == "GET" || request.method == "DELETE") {
                    if (stored.is_null()) {
                        return library_refusal(
                            pm::api::profiles,
                            {{pm::error_code::not_found, {}, "There is no profile with this id."}});
                    }
                    if (request.method == "GET") {
                        return exchange::entity_response(200, "profile", stored);
                    }
                    if (request.if_match && !pm::if_match_allows(*request.if_match, stored)) {
                        return library_refusal(
                            pm::api::profiles,
                            {{pm::error_code::precondition_failed, pm::in_parameter{"If-Match"},
                              "If-Match does not match the stored profile's current etag."}});
                    }
                    (void)tx.delete_profile(at[3]);
                    return http_response{204, {}, {}, "deleted"};
                }
                if (request.method == "PATCH") {
                    pm::patch_options options;
                    options.if_match = request.if_match;
                    return x.profile_written(
                        tx, pm::patch_profile_by_id(std::move(stored), body, x.context(), options));
                }
                pm::put_options options;
                options.if_match = request.if_match;
                return x.profile_written(
                    tx, pm::put_profile_by_id(std::move(stored), body, x.context(), options));
            });
        case route::profile_changes:
            return transaction([&](store_transaction& tx) {
                if (!tx.profile_by_id(at[3]) && tx.changes_of(at[3]).empty()) {
                    return library_refusal(
                        pm::api::profiles,
                        {{pm::error_code::not_found, {}, "There is no profile with this id."}});
                }
                json list = json::array();
                for (json& entry : tx.changes_of(at[3])) {
                    list.push_back(std::move(entry));
                }
                return json_response(200, {{"changes", std::move(list)}});
            });
        case route::user:
        case route::user_identities:
        case route::end_user:
            return transaction([&](store_transaction& tx) {
                std::optional<json> user = path_user ? tx.user(*path_user) : std::nullopt;
                if (!user) {
                    return refuse(404, pm::api::end_users, "not_found", "RecordNotFound",
                                  "There is no user with this id.");
                }
                if (which == route::user_identities) {
                    json list = json::array();
                    for (json& identity : tx.identities_of(*path_user)) {
                        list.push_back(std::move(identity));
                    }
                    return json_response(200, {{"identities", std::move(list)}});
                }
                if (request.method == "GET") {
                    return exchange::entity_response(200, "user", *user);
                }
                pm::end_user_options options;
                options.if_match = request.if_match;
                return x.user_written(
                    tx, pm::update_end_user(std::move(*user), body, x.context(), options));
            });
        case route::none:
            break;
    }
    return refuse(404, family, "not_found", "Not Found", "No such endpoint.");
}

}  // namespace server
