// A consumer's program: one PATCH through whichever way the library was taken in.
#include <cstdio>

#include <profile_merge/profile_merge.hpp>

int main() {
    namespace pm = profile_merge;
    const nlohmann::json stored = {{"id", "1"},
                                   {"source", "s"},
                                   {"type", "t"},
                                   {"name", "n"},
                                   {"attributes", nlohmann::json::object()},
                                   {"identifiers", {{{"type", "email"}, {"value", "a@b.c"}}}}};
    const auto r =
        pm::patch_profile_by_id(stored, {{"profile", {{"name", "m"}}}}, {"2020-01-01T00:00:00Z"});
    std::printf("profile_merge %s: %s\n", PROFILE_MERGE_VERSION_STRING,
                std::string(pm::to_string(r.outcome)).c_str());
    return r.outcome == pm::outcome::updated ? 0 : 1;
}
