// An end user updating itself (E1-E9) against nlohmann's merge_patch of the same
// members, both in place: what the rules (field table, validation, effects, change
// report) cost on top of writing three members.
#include "bench_support.hpp"

namespace {

using namespace bench;

// The end user of seed 003, as a server would store it.
json johnny_end_user() {
    return {{"id", 35436},
            {"url", "https://company.zendesk.com/api/v2/end_users/35436.json"},
            {"name", "Johnny End User"},
            {"created_at", "2009-07-20T22:55:29Z"},
            {"updated_at", "2011-05-05T10:38:52Z"},
            {"time_zone", "Copenhagen"},
            {"email", "johnny@example.com"},
            {"phone", "+15551234567"},
            {"locale", "en-US"},
            {"locale_id", 1},
            {"organization_id", 57542},
            {"role", "end-user"},
            {"verified", true}};
}

// Two updates of name, time zone and phone that undo each other, so no timed
// iteration is a no-op.
json user_fields(int variant) {
    return variant == 0 ? json{{"name", "Johnny Updated"},
                               {"time_zone", "Berlin"},
                               {"phone", "+15557654321"}}
                        : json{{"name", "Johnny End User"},
                               {"time_zone", "Copenhagen"},
                               {"phone", "+15551234567"}};
}

json user_request(int variant) {
    return {{"user", user_fields(variant)}};
}

// Baseline: merge_patch of the request's members and updated_at, in place.
void merge_by_hand(json& stored, const json& fields) {
    stored.merge_patch(fields);
    stored["updated_at"] = now.now;
}

void EndUserMergePatchInPlace(benchmark::State& state) {
    json stored = johnny_end_user();
    const json fields[2] = {user_fields(0), user_fields(1)};
    int variant = 0;
    for (auto _ : state) {
        merge_by_hand(stored, fields[variant]);
        variant ^= 1;
        benchmark::DoNotOptimize(stored);
    }
}

// update_end_user with the stored user handed over by rvalue and taken back.
void UpdateEndUserRvalue(benchmark::State& state) {
    json expected = johnny_end_user();
    merge_by_hand(expected, user_fields(0));
    const auto check = pm::update_end_user(johnny_end_user(), user_request(0), now);
    if (check.outcome != pm::outcome::updated || check.entity != expected) {
        return state.SkipWithError("update_end_user disagrees with merge_patch");
    }
    json stored = johnny_end_user();
    const json requests[2] = {user_request(0), user_request(1)};
    int variant = 0;
    for (auto _ : state) {
        pm::operation_result r = pm::update_end_user(std::move(stored), requests[variant], now);
        stored = std::move(r.entity);
        variant ^= 1;
        benchmark::DoNotOptimize(stored);
    }
}

}  // namespace

BENCHMARK(EndUserMergePatchInPlace);
BENCHMARK(UpdateEndUserRvalue);
