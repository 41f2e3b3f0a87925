// The README's embedding example: a server's PATCH handler in a few lines.
#include <cstdio>
#include <string>

#include <profile_merge/profile_merge.hpp>

int main() {
    namespace pm = profile_merge;
    // What the server's store holds, and what the client sent.
    nlohmann::json stored = {{"id", "01E06HXMJ8RJ6C0MR142D6FBSA"},
                             {"user_id", "81123613"},
                             {"source", "coolbikes"},
                             {"type", "rider"},
                             {"name", "sunshine_user"},
                             {"attributes", {{"favorite_color", "red"}, {"saddle_height", "85cm"}}},
                             {"created_at", "2020-02-03T22:14:48Z"},
                             {"updated_at", "2020-02-03T22:14:48Z"},
                             {"identifiers", {{{"type", "email"}, {"value", "jdoe@example.com"}}}}};
    const auto request = nlohmann::json::parse(
        R"({"profile": {"name": "Jane Doe", "attributes": {"saddle_height": "87cm"}}})");

    // The clock is the server's (G2); the stored profile is handed over, never copied.
    pm::operation_result result =
        pm::patch_profile_by_query(std::move(stored), "coolbikes:rider:email:jdoe@example.com",
                                   request, pm::context{"2020-03-11T01:20:28Z"});

    if (!result.ok()) {  // 400/404/412...: answer with the error body; the store is untouched
        std::printf("%d %s\n", result.status(), pm::error_body(result).dump().c_str());
        return 1;
    }
    // Store result.entity, apply result.effects to the user, log result.changes.
    for (const pm::effect& effect : result.effects) {
        std::printf("effect: %s\n", pm::to_json(effect).dump().c_str());
    }
    std::printf("%s %d %s %s\n", std::string(pm::to_string(result.outcome)).c_str(),
                result.status(), result.entity["name"].get<std::string>().c_str(),
                result.entity["attributes"]["saddle_height"].get<std::string>().c_str());
    return 0;
}
