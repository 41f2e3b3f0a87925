// SPDX-License-Identifier: MIT
// The server's own inputs to the library (G2): `now`, from the real UTC clock or
// pinned by --clock fixed:T, and new profile ids, ULIDs that --id-seed makes
// deterministic.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>

namespace server {

class server_clock {
public:
    // `fixed`: an RFC 3339 UTC time, or nullopt for the real clock. Throws
    // std::invalid_argument when `fixed` is not such a time.
    explicit server_clock(std::optional<std::string> fixed);
    // Now, as "YYYY-MM-DDTHH:MM:SSZ".
    [[nodiscard]] std::string now() const;
    // Now, in milliseconds since the Unix epoch.
    [[nodiscard]] std::int64_t milliseconds() const;

private:
    std::optional<std::string> fixed_;
    std::int64_t fixed_milliseconds_ = 0;
};

// ULIDs (26 Crockford base32 characters: 48 bits of milliseconds, 80 of randomness),
// increasing within a millisecond so that ids sort in creation order.
class id_generator {
public:
    // `seed`: the randomness from a seeded generator; nullopt: from the system.
    explicit id_generator(std::optional<std::uint64_t> seed);
    [[nodiscard]] std::string next(std::int64_t milliseconds);

private:
    std::mutex mutex_;
    std::optional<std::mt19937_64> seeded_;
    std::int64_t last_milliseconds_ = -1;
    unsigned char random_[10] = {};
};

}  // namespace server
