// SPDX-License-Identifier: MIT
#include "clock.hpp"

#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace server {
namespace {

std::string format_utc(std::time_t seconds) {
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

std::int64_t parse_utc(const std::string& text) {
    std::tm parts{};
    char zone = '\0';
    char tail = '\0';
    if (text.size() != 20 ||
        std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%c", &parts.tm_year, &parts.tm_mon,
                    &parts.tm_mday, &parts.tm_hour, &parts.tm_min, &parts.tm_sec, &zone,
                    &tail) != 7 ||
        zone != 'Z') {
        throw std::invalid_argument(
            "--clock fixed: needs a UTC time such as "
            "2020-03-11T01:20:28Z, not \"" +
            text + "\"");
    }
    parts.tm_year -= 1900;
    parts.tm_mon -= 1;
    const std::time_t seconds = timegm(&parts);
    // A date that does not exist (2020-02-30) comes back as another one.
    if (text != format_utc(seconds)) {
        throw std::invalid_argument("--clock fixed: " + text +
                                    " is not a date and time that exists");
    }
    return static_cast<std::int64_t>(seconds) * 1000;
}

}  // namespace

server_clock::server_clock(std::optional<std::string> fixed) : fixed_(std::move(fixed)) {
    if (fixed_) {
        fixed_milliseconds_ = parse_utc(*fixed_);
    }
}

std::string server_clock::now() const {
    if (fixed_) {
        return *fixed_;
    }
    return format_utc(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
}

std::int64_t server_clock::milliseconds() const {
    if (fixed_) {
        return fixed_milliseconds_;
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

id_generator::id_generator(std::optional<std::uint64_t> seed) {
    if (seed) {
        seeded_.emplace(*seed);
    }
}

std::string id_generator::next(std::int64_t milliseconds) {
    static constexpr char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    const std::lock_guard<std::mutex> lock(mutex_);
    if (milliseconds != last_milliseconds_) {
        last_milliseconds_ = milliseconds;
        if (seeded_) {
            for (unsigned char& byte : random_) {
                byte = static_cast<unsigned char>((*seeded_)() & 0xff);
            }
        } else {
            randombytes_buf(random_, sizeof random_);
        }
    } else {  // the same millisecond: one more than the last id
        for (int i = static_cast<int>(sizeof random_) - 1; i >= 0 && ++random_[i] == 0; --i) {
        }
    }
    // 128 bits: the time in the high 48, the randomness in the low 80.
    unsigned char bits[16];
    for (int i = 0; i < 6; ++i) {
        bits[i] = static_cast<unsigned char>(
            (static_cast<std::uint64_t>(milliseconds) >> (40 - 8 * i)) & 0xff);
    }
    for (int i = 0; i < 10; ++i) {
        bits[6 + i] = random_[i];
    }
    // 26 characters of 5 bits; the first holds the top 3 bits (130 - 128 = 2 of padding).
    std::string id(26, '0');
    for (int c = 25, bit = 0; c >= 0; --c, bit += 5) {
        unsigned value = 0;
        for (int b = 0; b < 5; ++b) {
            const int position = bit + b;  // from the least significant bit
            if (position < 128 && ((bits[15 - position / 8] >> (position % 8)) & 1) != 0) {
                value |= 1u << b;
            }
        }
        id[static_cast<std::size_t>(c)] = alphabet[value];
    }
    return id;
}

}  // namespace server
