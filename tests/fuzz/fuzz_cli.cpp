// Fuzzes the CLI's bytes-to-result path (one batch line). Properties: no
// exception escapes; the output is one line of valid JSON, an object that names its
// line and has an error exactly when the line was reported bad, or else an outcome;
// the compact writer behind result lines writes any value the line holds as dump()
// with the replace handler does.
#include "../../examples/cli/cli_core.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string line(reinterpret_cast<const char*>(data), size);
    std::string text;
    const bool bad = profile_merge_cli::run_batch_line(
        line, 7, "2020-03-11T01:20:28Z", [] { return std::string("01FUZZ"); }, text);
    fuzz::require(text.find('\n') == std::string::npos, "a result line spans lines");
    const auto out = nlohmann::json::parse(text, nullptr, false);
    fuzz::require(!out.is_discarded(), "a result line is not valid JSON");
    fuzz::require(out.is_object() && out.value("line", 0) == 7,
                  "a result line lacks its line number");
    fuzz::require(out.contains("error") == bad, "a bad line is not reported as one");
    fuzz::require(out.contains("error") != out.contains("outcome"),
                  "a result line has both or neither");
    fuzz::require_dumpable(out);
    const auto value = nlohmann::json::parse(line, nullptr, false);
    fuzz::require(profile_merge::detail::dump_compact(value) ==
                      value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "the compact writer and dump() disagree");
    return 0;
}
