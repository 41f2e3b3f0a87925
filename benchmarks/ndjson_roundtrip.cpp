// Target 7's baseline: parse every NDJSON line from stdin and dump it, nothing else.
#include <cstdio>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

int main() {
    std::ios::sync_with_stdio(false);
    std::string line;
    while (std::getline(std::cin, line)) {
        const std::string out = nlohmann::json::parse(line).dump();
        std::fwrite(out.data(), 1, out.size(), stdout);
        std::fputc('\n', stdout);
    }
}
