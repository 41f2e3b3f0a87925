// A caller of every operation and of the functions a server calls beside them. In
// the separately compiled mode it must compile none of the library's code on JSON
// (tools/check_separate_compilation.cmake); tools/include_cost.sh times it.
#include <profile_merge/profile_merge.hpp>

#include <string>

namespace pm = profile_merge;

int main() {
    const pm::context ctx{"2020-03-11T01:20:28Z", "01E06HXMJ8RJ6C0MR142D6FBSA"};
    const nlohmann::json stored = nlohmann::json::object();
    const nlohmann::json request = nlohmann::json::object();
    std::string out;
    std::size_t total = 0;
    for (const pm::operation_result& r :
         {pm::patch_profile_by_id(stored, request, ctx),
          pm::patch_profile_by_query(stored, "a:b:email:c@d.e", request, ctx),
          pm::put_profile_by_query(nullptr, "a:b:email:c@d.e", request, ctx),
          pm::put_profile_by_id(stored, request, ctx), pm::update_end_user(stored, request, ctx)}) {
        total += pm::to_json(r).size() + pm::error_body(r).size() + pm::append_json(out, r).size();
    }
    // Every function's address can be taken: none is a template.
    std::string (*const etag)(const nlohmann::json&) = &pm::etag;
    total += etag(stored).size() + pm::parse_identifier_query("a:b:email:c@d.e").errors.size();
    return static_cast<int>(total % 2);
}
