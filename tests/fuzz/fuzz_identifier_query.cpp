// Fuzzes identifier query parsing (Q1-Q3) with raw bytes. Properties: no
// exception; a parsed query's parts are non-empty and within the limits; a query
// that can be formatted parses back to itself.
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = fuzz::pm::parse_identifier_query(text);
    fuzz::require(parsed.ok() != !parsed.errors.empty(),
                  "a parse is both ok and failed, or neither");
    if (!parsed.ok())
        return 0;
    const auto& q = *parsed.query;
    for (const std::string* part : {&q.source, &q.type, &q.identifier_type, &q.identifier_value}) {
        fuzz::require(!part->empty(), "a parsed query has an empty part");
        fuzz::require(part->find('\0') == std::string::npos, "a parsed query holds a NUL");
    }
    fuzz::require(q.source.size() <= 4 * 40 && q.identifier_value.size() <= 4 * 60,
                  "a part exceeds the limits");
    for (auto encoding :
         {fuzz::pm::query_encoding::raw, fuzz::pm::query_encoding::percent_encoded}) {
        if (const auto text_again = fuzz::pm::format_identifier_query(q, encoding)) {
            const auto again = fuzz::pm::parse_identifier_query(*text_again);
            fuzz::require(again.ok() && *again.query == q,
                          "format then parse does not give the query back");
        }
    }
    return 0;
}
