// SPDX-License-Identifier: MIT
#include "effects.hpp"

#include <stdexcept>
#include <variant>

namespace server {
namespace {

namespace pm = profile_merge;

template <class... Visitor>
struct overloaded : Visitor... {
    using Visitor::operator()...;
};
template <class... Visitor>
overloaded(Visitor...) -> overloaded<Visitor...>;

std::int64_t user_id_of(const json& profile) {
    const auto found = profile.find("user_id");
    if (found == profile.end() || !found->is_string()) {
        throw std::logic_error("a profile effect for a profile without a user");
    }
    return std::stoll(found->get<std::string>());
}

json user_or_fail(store_transaction& tx, std::int64_t id) {
    std::optional<json> user = tx.user(id);
    if (!user) {
        throw std::logic_error("a profile names user " + std::to_string(id) +
                               ", who is not stored");
    }
    return std::move(*user);
}

// An identity for the user; the user's first email becomes its primary address.
json add_identity(store_transaction& tx, std::int64_t user_id, const std::string& type,
                  const std::string& value, const std::string& now) {
    const bool added = tx.add_identity(user_id, type, value, now);
    if (added && type == "email") {
        json user = user_or_fail(tx, user_id);
        if (!user.contains("email") || user["email"].is_null()) {
            user["email"] = value;
            user["updated_at"] = now;
            tx.save_user(user);
        }
    }
    json done{
        {"effect", "add_user_identity"}, {"user_id", user_id}, {"type", type}, {"value", value}};
    if (!added) {  // the identity is a user's already, this one's or another's
        done["skipped"] = "the identity belongs to a user already";
    }
    return done;
}

// external_id is a member of the user, not an identity; it names one user only.
json set_external_id(store_transaction& tx, std::int64_t user_id, const std::string& value,
                     const std::string& now) {
    json done{{"effect", "set_user_external_id"}, {"user_id", user_id}, {"value", value}};
    if (const auto owner = tx.owner_of("external_id", value); owner && *owner != user_id) {
        done["skipped"] = "another user has this external_id";
        return done;
    }
    json user = user_or_fail(tx, user_id);
    user["external_id"] = value;
    user["updated_at"] = now;
    tx.save_user(user);
    return done;
}

}  // namespace

json apply_profile_effects(store_transaction& tx, json& profile,
                           const std::vector<pm::effect>& effects, const std::string& now) {
    json done = json::array();
    for (const pm::effect& e : effects) {
        std::visit(
            overloaded{
                [&](const pm::add_user_identity& a) {
                    done.push_back(add_identity(tx, user_id_of(profile), a.type, a.value, now));
                },
                [&](const pm::set_user_external_id& s) {
                    done.push_back(set_external_id(tx, user_id_of(profile), s.value, now));
                },
                [&](const pm::resolve_user& r) {
                    std::optional<std::int64_t> owner;
                    for (const pm::identifier& id : r.identifiers) {
                        if ((owner = tx.owner_of(id.type, id.value))) {
                            break;
                        }
                    }
                    const bool created = !owner;
                    if (created) {
                        owner = tx.create_user({{"name", r.anonymous_name},
                                                {"email", nullptr},
                                                {"role", "end-user"},
                                                {"created_at", now},
                                                {"updated_at", now}},
                                               std::nullopt);
                    }
                    profile["user_id"] = std::to_string(*owner);
                    done.push_back(
                        {{"effect", "resolve_user"}, {"user_id", *owner}, {"created", created}});
                    for (const pm::identifier& id : r.identifiers) {
                        done.push_back(id.type == "external_id"
                                           ? set_external_id(tx, *owner, id.value, now)
                                           : add_identity(tx, *owner, id.type, id.value, now));
                    }
                },
                [&](const auto&) {
                    throw std::logic_error("an end-user effect from a profile operation");
                },
            },
            e);
    }
    return done;
}

json apply_end_user_effects(store_transaction& tx, json& user,
                            const std::vector<pm::effect>& effects, const std::string& now) {
    json done = json::array();
    const std::int64_t id = user.at("id").get<std::int64_t>();
    for (const pm::effect& e : effects) {
        std::visit(overloaded{
                       [&](const pm::add_secondary_email& a) {
                           const bool added = tx.add_identity(id, "email", a.value, now);
                           json item{{"effect", "add_secondary_email"}, {"value", a.value}};
                           if (!added) {
                               item["skipped"] = "the identity belongs to a user already";
                           }
                           done.push_back(std::move(item));
                       },
                       [&](const pm::phone_changed& p) {
                           // A number another user has too is a shared number, not a direct line.
                           bool shared = false;
                           if (p.value) {
                               const auto owner = tx.owner_of("phone_number", *p.value);
                               shared = owner && *owner != id;
                               if (!owner) {
                                   tx.add_identity(id, "phone_number", *p.value, now);
                               }
                           }
                           user["shared_phone_number"] = shared;
                           done.push_back({{"effect", "phone_changed"},
                                           {"value", p.value ? json(*p.value) : json(nullptr)},
                                           {"shared", shared}});
                       },
                       [&](const pm::set_default_organization& s) {
                           user["organization_id"] =
                               s.organization_id ? json(*s.organization_id) : json(nullptr);
                           done.push_back({{"effect", "set_default_organization"},
                                           {"organization_id", user["organization_id"]}});
                       },
                       [&](const pm::fetch_remote_photo& f) {
                           tx.enqueue({{"job", "fetch_remote_photo"},
                                       {"user_id", id},
                                       {"url", f.url},
                                       {"queued_at", now}});
                           done.push_back({{"effect", "fetch_remote_photo"}, {"url", f.url}});
                       },
                       [&](const auto&) {
                           throw std::logic_error("a profile effect from an end-user update");
                       },
                   },
                   e);
    }
    return done;
}

}  // namespace server
