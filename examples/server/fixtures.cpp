// SPDX-License-Identifier: MIT
#include "fixtures.hpp"

#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>

#include "auth.hpp"

namespace server {
namespace {

const json& list_in(const json& fixtures, const char* name) {
    static const json none = json::array();
    const auto found = fixtures.find(name);
    if (found == fixtures.end()) {
        return none;
    }
    if (!found->is_array()) {
        throw std::runtime_error(std::string("fixtures: \"") + name + "\" must be an array");
    }
    return *found;
}

std::string string_member(const json& entry, const char* member, const std::string& where) {
    const auto found = entry.find(member);
    if (found == entry.end() || !found->is_string() ||
        found->get_ref<const std::string&>().empty()) {
        throw std::runtime_error("fixtures: " + where + " needs a non-empty string \"" + member +
                                 "\"");
    }
    return found->get<std::string>();
}

}  // namespace

std::string load_fixtures(store& records, const std::string& path, const std::string& now) {
    std::ifstream file(path);
    if (!file) {
        throw std::runtime_error("fixtures: cannot read " + path);
    }
    const std::string text((std::istreambuf_iterator<char>(file)),
                           std::istreambuf_iterator<char>());
    const json fixtures = json::parse(text, nullptr, false);
    if (!fixtures.is_object()) {
        throw std::runtime_error("fixtures: " + path + " is not a JSON object");
    }
    return records.run([&](store_transaction& tx) -> std::string {
        if (!tx.empty()) {
            return "fixtures not loaded: the store holds data already";
        }
        std::size_t agents = 0;
        std::size_t users = 0;
        std::size_t profiles = 0;
        for (const json& agent : list_in(fixtures, "agents")) {
            const std::string where = "agent " + std::to_string(agents);
            tx.add_agent(lower_case(string_member(agent, "email", where)),
                         hash_token(string_member(agent, "token", where)));
            ++agents;
        }
        std::set<std::string> user_ids;
        for (const json& entry : list_in(fixtures, "users")) {
            const std::string where = "user " + std::to_string(users);
            if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_number_integer()) {
                throw std::runtime_error("fixtures: " + where + " needs an integer \"id\"");
            }
            json user = entry;
            std::optional<std::string> password_hash;
            if (user.contains("password")) {
                password_hash = hash_password(string_member(user, "password", where));
                user.erase("password");
            }
            string_member(user, "name", where);
            if (user.contains("email")) {
                user["email"] = lower_case(string_member(user, "email", where));
            }
            user.emplace("role", "end-user");
            user.emplace("created_at", now);
            user.emplace("updated_at", now);
            const std::int64_t id = tx.create_user(user, password_hash);
            if (user.contains("email")) {
                tx.add_identity(id, "email", user["email"].get<std::string>(), now);
            }
            user_ids.insert(std::to_string(id));
            ++users;
        }
        for (const json& profile : list_in(fixtures, "profiles")) {
            const std::string where = "profile " + std::to_string(profiles);
            if (!profile.is_object()) {
                throw std::runtime_error("fixtures: " + where + " is not an object");
            }
            string_member(profile, "id", where);
            string_member(profile, "source", where);
            string_member(profile, "type", where);
            if (profile.contains("user_id") &&
                user_ids.count(string_member(profile, "user_id", where)) == 0) {
                throw std::runtime_error("fixtures: " + where + " names user " +
                                         profile["user_id"].get<std::string>() +
                                         ", who is not among the users");
            }
            tx.save_profile(profile);
            ++profiles;
        }
        return "fixtures loaded: " + std::to_string(agents) + " agents, " + std::to_string(users) +
               " users, " + std::to_string(profiles) + " profiles";
    });
}

}  // namespace server
