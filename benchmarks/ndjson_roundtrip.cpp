// The batch's baselines: parse every NDJSON line from stdin and write it back,
// nothing else. By default with nlohmann's dump() (the target's baseline); with
// `--compact-writer`, with the writer profile-merge batch uses for its result lines,
// so that the batch's ratio to it is the cost of the rules alone.
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <profile_merge/profile_merge.hpp>

int main(int argc, char** argv) {
    const bool compact_writer = argc > 1 && std::string_view(argv[1]) == "--compact-writer";
    if (argc > 2 || (argc == 2 && !compact_writer)) {
        std::fputs("usage: ndjson_roundtrip [--compact-writer] < lines.ndjson\n", stderr);
        return 2;
    }
    std::ios::sync_with_stdio(false);
    std::string line;
    std::string out;
    while (std::getline(std::cin, line)) {
        if (compact_writer) {
            out.clear();
            profile_merge::detail::append_compact(out, nlohmann::json::parse(line));
        } else {
            out = nlohmann::json::parse(line).dump();
        }
        std::fwrite(out.data(), 1, out.size(), stdout);
        std::fputc('\n', stdout);
    }
}
