// Must not compile: an ordered_json where the operations take nlohmann::json would be
// converted silently (a deep copy that loses member order). OPERATION picks the call.
#include <profile_merge/profile_merge.hpp>

namespace pm = profile_merge;

int main() {
    const nlohmann::ordered_json stored = {{"id", "1"}, {"source", "s"}, {"type", "t"}};
    const nlohmann::json request = {{"profile", {{"name", "n"}}}};
    const nlohmann::ordered_json ordered_request = {{"profile", {{"name", "n"}}}};
    const pm::context ctx{"2020-03-11T01:20:28Z", "01NEW"};
#if OPERATION == 1
    return pm::patch_profile_by_id(stored, request, ctx).ok() ? 0 : 1;
#elif OPERATION == 2
    return pm::patch_profile_by_query(stored, "s:t:email:a@b.c", request, ctx).ok() ? 0 : 1;
#elif OPERATION == 3
    return pm::put_profile_by_query(nlohmann::json(), "s:t:email:a@b.c", ordered_request, ctx).ok()
               ? 0
               : 1;
#elif OPERATION == 4
    return pm::put_profile_by_id(stored, request, ctx).ok() ? 0 : 1;
#elif OPERATION == 5
    return pm::update_end_user(stored, request, ctx).ok() ? 0 : 1;
#else
    // The control: the same call on nlohmann::json compiles.
    return pm::patch_profile_by_id(nlohmann::json(stored), request, ctx).ok() ? 0 : 1;
#endif
}
