// Fuzzes end-user updates with conformance-case-shaped JSON. Properties: no
// exception; G3 on failure for both overloads; role, verified and the read-only
// fields never change (E2, E3); the primary email never changes (E5); a stored
// phone is E.164 (E6); a result dumps without error.
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace fuzz;
    const auto input = parse(data, size);
    if (!input)
        return 0;
    const json& stored = member(*input, "stored");
    const json& request = member(*input, "request");
    const pm::end_user_options options = pm::end_user_options_of(*input);
    const pm::context ctx{"2011-05-06T09:00:00Z"};
    const pm::operation_result r = pm::update_end_user(stored, request, ctx, options);
    json copy = stored;
    const pm::operation_result moved = pm::update_end_user(std::move(copy), request, ctx, options);
    require(r.outcome == moved.outcome && r.entity == moved.entity, "the two overloads disagree");
    require_all_or_nothing(r, stored);
    require_all_or_nothing(moved, stored);
    if (!r.ok())
        return 0;
    for (const char* fixed : {"role", "verified", "id", "url", "created_at", "locale",
                              "shared_phone_number", "email"}) {
        require(member(r.entity, fixed) == member(stored, fixed),
                "an end user changed a protected field");
    }
    const json& phone = member(r.entity, "phone");
    if (phone.is_string() && phone != member(stored, "phone")) {
        require(pm::compact_e164(phone.get<std::string>()) == phone.get<std::string>(),
                "a stored phone is not E.164");
    }
    require_dumpable(r.entity);
    return 0;
}
