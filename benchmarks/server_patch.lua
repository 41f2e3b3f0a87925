-- wrk: PATCH the seed's profile by identifier query as the seed's agent. Two bodies
-- alternate, so that every request changes the profile and is written.
local bodies = {
  '{"profile": {"name": "Jane Doe", "attributes": {"saddle_height": "87cm"}}}',
  '{"profile": {"name": "Jane Doe", "attributes": {"saddle_height": "85cm"}}}',
}
local turn = 0
wrk.method = "PATCH"
wrk.path = "/api/v2/user_profiles?identifier=coolbikes:rider:email:jdoe@example.com"
wrk.headers["Content-Type"] = "application/json"
-- devs@coolbikes.com/token:6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv
wrk.headers["Authorization"] =
  "Basic ZGV2c0Bjb29sYmlrZXMuY29tL3Rva2VuOjZ3aUlCV2JHa0JNbzFtUkRNdVZ3a3cxRVBzTmtlVWo5NVBJejJha3Y="

request = function()
  turn = turn % 2 + 1
  return wrk.format(nil, nil, nil, bodies[turn])
end

done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, non2xx))
end
