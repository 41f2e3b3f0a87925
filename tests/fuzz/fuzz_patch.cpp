// Fuzzes PATCH with conformance-case-shaped JSON (stored, request, query, options).
// Properties: no exception; G3 on failure for both overloads; read-only fields and
// existing identifiers never change (P4, P6); limits hold; a result has a name
// whenever one can be derived from its identifiers (NM1) and dumps without error.
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace fuzz;
    const auto input = parse(data, size);
    if (!input)
        return 0;
    const json& stored = member(*input, "stored");
    const json& request = member(*input, "request");
    const json& query = member(*input, "query");
    pm::patch_options options;
    try {
        options = pm::patch_options_of(*input);
    } catch (const pm::policy_error&) {  // a policy that does not load runs nothing (PL1)
        return 0;
    }
    const pm::context ctx{"2020-03-11T01:20:28Z"};
    const auto run = [&](auto&& s) {
        return query.is_string()
                   ? pm::patch_profile_by_query(std::forward<decltype(s)>(s),
                                                query.get<std::string>(), request, ctx, options)
                   : pm::patch_profile_by_id(std::forward<decltype(s)>(s), request, ctx, options);
    };
    const pm::operation_result r = run(stored);
    json copy = stored;
    const pm::operation_result moved = run(std::move(copy));
    require(r.outcome == moved.outcome && r.entity == moved.entity, "the two overloads disagree");
    require_all_or_nothing(r, stored);
    require_all_or_nothing(moved, stored);
    if (!r.ok())
        return 0;
    for (const char* read_only : {"id", "source", "type", "user_id", "created_at"}) {
        require(member(r.entity, read_only) == member(stored, read_only),
                "PATCH changed a read-only field");
    }
    const json& before = member(stored, "identifiers");
    const json& after = member(r.entity, "identifiers");
    if (before.is_array()) {
        require(after.is_array() && after.size() >= before.size(), "PATCH removed an identifier");
        for (std::size_t i = 0; i < before.size(); ++i)
            require(after[i] == before[i], "PATCH altered an identifier");
    }
    if (pm::derive_profile_name(after)) {  // NM1: a name whenever one can be derived
        require(member(r.entity, "name").is_string(), "a result has no name");
    }
    require_limits(stored, r.entity, options.limits);
    require_dumpable(r.entity);
    return 0;
}
