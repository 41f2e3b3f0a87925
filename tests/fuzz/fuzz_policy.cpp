// Fuzzes load_policy (PL1) with any JSON: a conformance case's `policy` when it has
// one, else the whole input. Properties: a policy or a policy_error, never another
// exception; a loaded policy gives back its document; a PATCH and a PUT under it (the
// case's own stored profile and request, else the seed's) throw nothing and change
// nothing when they fail (G3).
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace fuzz;
    const auto input = parse(data, size);
    if (!input)
        return 0;
    const json& named = member(*input, "policy");
    const json& document = named.is_null() ? *input : named;
    pm::policy policy;
    try {
        policy = pm::load_policy(document);
    } catch (const pm::policy_error& e) {
        require(!e.errors().empty(), "a policy_error without a problem");
        return 0;
    }
    require(policy.document() == document, "a policy does not give back its document");
    json stored = member(*input, "stored");
    json request = member(*input, "request");
    if (!stored.is_object()) {
        stored = json::parse(R"({"id": "01E06HXMJ8RJ6C0MR142D6FBSA", "source": "coolbikes",
            "type": "rider", "name": "n", "attributes": {"a": {"b": [1]}, "c": 2},
            "identifiers": [{"type": "email", "value": "x@example.com"}]})");
    }
    if (!request.is_object()) {
        request = {{"profile", {{"attributes", {{"a", {{"b", nullptr}}}, {"c", 3}}}}}};
    }
    for (const bool trusted : {false, true}) {
        pm::patch_options patch;
        patch.policy = policy;
        patch.trusted = trusted;
        const pm::operation_result patched =
            pm::patch_profile_by_id(stored, request, {"2020-03-11T01:20:28Z"}, patch);
        require_all_or_nothing(patched, stored);
        pm::put_options put;
        put.policy = policy;
        put.trusted = trusted;
        const pm::operation_result replaced =
            pm::put_profile_by_query(stored, "coolbikes:rider:email:x@example.com", request,
                                     {"2020-03-11T01:20:28Z", "01FUZZNEWID000000000000000"}, put);
        require_all_or_nothing(replaced, stored);
    }
    return 0;
}
