// Fuzzes PUT (by query, by id) with conformance-case-shaped JSON. Properties: no
// exception; G3 on failure; a replaced profile keeps id, created_at and user_id;
// a created one has the new id; the query identifier is in every result (U2);
// limits hold; a result has a name and dumps without error; the same PUT again is
// unchanged.
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace fuzz;
    const auto input = parse(data, size);
    if (!input)
        return 0;
    const json& stored = member(*input, "stored");
    const json& request = member(*input, "request");
    const json& query = member(*input, "query");
    pm::put_options options;
    try {
        options = pm::put_options_of(*input);
    } catch (const pm::policy_error&) {  // a policy that does not load runs nothing (PL1)
        return 0;
    }
    const pm::context ctx{"2020-03-11T01:20:28Z", "01FUZZNEWID000000000000000"};
    const bool by_query = query.is_string();
    const auto run = [&](const json& s, const pm::context& c) {
        return by_query ? pm::put_profile_by_query(s, query.get<std::string>(), request, c, options)
                        : pm::put_profile_by_id(s, request, c, options);
    };
    const pm::operation_result r = run(stored, ctx);
    require_all_or_nothing(r, stored);
    if (!r.ok())
        return 0;
    if (r.outcome == pm::outcome::created) {
        require(member(r.entity, "id") == "01FUZZNEWID000000000000000",
                "a created profile lacks the new id");
    } else {
        for (const char* kept : {"id", "created_at", "user_id"}) {
            require(member(r.entity, kept) == member(stored, kept),
                    "PUT lost id, created_at or user_id");
        }
    }
    if (by_query) {
        const auto parsed = pm::parse_identifier_query(query.get<std::string>());
        require(parsed.ok() && pm::matches(r.entity, *parsed.query, options.policy),
                "the query no longer finds the result");
    }
    require(member(r.entity, "name").is_string(), "a result has no name");
    require_limits(json(), r.entity, options.limits);
    require_dumpable(r.entity);
    const pm::operation_result again =
        run(r.entity, {"2031-01-01T00:00:00Z", "01FUZZOTHERID0000000000000"});
    require(again.outcome == pm::outcome::unchanged, "the same PUT twice is not unchanged");
    return 0;
}
