// Instructions per PATCH, for callgrind (tools/patch_instructions.sh): the request of
// PatchNameAndAttributes (name and two attributes, the two variants in turn, by
// rvalue) against the same writes by hand (HandWrittenPatch), each loop in a function
// of its own as in the benchmarks. Deterministic where this shared machine's wall clock
// is not.
//
//   patch_instructions N none|zendesk|fifty|hand [SIZE]   (SIZE: 0 small, 1 medium, 2 large)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bench_support.hpp"

namespace {

using namespace bench;

[[gnu::noinline]] void by_hand(json& stored, const json (&requests)[2], int n) {
    int variant = 0;
    for (int i = 0; i < n; ++i) {
        const json& body = requests[variant]["profile"];
        stored["name"] = body["name"];
        stored["attributes"].merge_patch(body["attributes"]);
        stored["updated_at"] = now.now;
        variant ^= 1;
    }
}

[[gnu::noinline]] void by_library(json& stored, const json (&requests)[2], int n,
                                  const pm::patch_options& options) {
    int variant = 0;
    for (int i = 0; i < n; ++i) {
        pm::operation_result r =
            pm::patch_profile_by_id(std::move(stored), requests[variant], now, options);
        stored = std::move(r.entity);
        variant ^= 1;
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fputs("usage: patch_instructions N none|zendesk|fifty|hand [SIZE]\n", stderr);
        return 2;
    }
    const int n = std::atoi(argv[1]);
    const std::string mode = argv[2];
    const profile_size& size = sizes[argc > 3 ? std::atoi(argv[3]) % 3 : 0];
    json stored = make_profile(size);
    const json requests[2] = {name_and_attributes_request(0), name_and_attributes_request(1)};
    pm::patch_options options = patch_options_for(size);
    if (mode == "zendesk") {
        options.policy = pm::zendesk_policy();
    } else if (mode == "fifty") {
        options.policy = fifty_path_policy();
    }
    if (mode == "hand") {
        by_hand(stored, requests, n);
    } else {
        by_library(stored, requests, n, options);
    }
    std::printf("%s\n", stored["name"].get<std::string>().c_str());
    return stored["name"] == (n % 2 == 0 ? "Jane Doe" : "Jane Roe") ? 0 : 1;
}
