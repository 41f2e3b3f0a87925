// Fuzzes the CLI's bytes-to-result path (one batch line). Properties: no
// exception escapes; the output is one JSON object that names its line and either
// an error or an outcome, and it dumps without error.
#include "../../examples/cli/cli_core.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string line(reinterpret_cast<const char*>(data), size);
    const nlohmann::json out =
        profile_merge_cli::run_batch_line(line, 7, "2020-03-11T01:20:28Z", "01FUZZ");
    fuzz::require(out.is_object() && out.value("line", 0) == 7,
                  "a result line lacks its line number");
    fuzz::require(out.contains("error") != out.contains("outcome"),
                  "a result line has both or neither");
    fuzz::require_dumpable(out);
    return 0;
}
