// Replays files through a fuzz target without libFuzzer (any compiler): what
// ctest runs on the seed corpus and on tests/fuzz/regressions/.
//   fuzz_replay TARGET FILE...
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int fuzz_entry_identifier_query(const std::uint8_t* data, std::size_t size);
extern "C" int fuzz_entry_patch(const std::uint8_t* data, std::size_t size);
extern "C" int fuzz_entry_put(const std::uint8_t* data, std::size_t size);
extern "C" int fuzz_entry_end_user(const std::uint8_t* data, std::size_t size);
extern "C" int fuzz_entry_cli(const std::uint8_t* data, std::size_t size);
extern "C" int fuzz_entry_policy(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    using entry = int (*)(const std::uint8_t*, std::size_t);
    const struct {
        const char* name;
        entry run;
    } targets[] = {{"identifier_query", fuzz_entry_identifier_query},
                   {"patch", fuzz_entry_patch},
                   {"put", fuzz_entry_put},
                   {"end_user", fuzz_entry_end_user},
                   {"cli", fuzz_entry_cli},
                   {"policy", fuzz_entry_policy}};
    if (argc < 2) {
        std::fprintf(stderr, "usage: fuzz_replay TARGET FILE...\n");
        return 2;
    }
    entry run = nullptr;
    for (const auto& target : targets) {
        if (std::string(argv[1]) == target.name)
            run = target.run;
    }
    if (run == nullptr) {
        std::fprintf(stderr, "unknown target %s\n", argv[1]);
        return 2;
    }
    int replayed = 0;
    for (int i = 2; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "cannot read %s\n", argv[i]);
            return 2;
        }
        const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                      std::istreambuf_iterator<char>());
        run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        ++replayed;
    }
    std::printf("replayed %d inputs\n", replayed);
    return 0;
}
