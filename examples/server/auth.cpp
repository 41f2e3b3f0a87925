// SPDX-License-Identifier: MIT
#include "auth.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace server {
namespace {

std::string to_hex(const unsigned char* bytes, std::size_t size) {
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes, size);
    hex.pop_back();
    return hex;
}

// Compares two strings in time that depends on their lengths only.
bool same_secret(const std::string& a, const std::string& b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::optional<std::pair<std::string, std::string>> basic_credentials(
    const std::string& authorization) {
    constexpr std::string_view scheme = "basic ";  // in any letter case (RFC 9110 11.1)
    if (authorization.size() <= scheme.size() ||
        lower_case(authorization.substr(0, scheme.size())) != scheme) {
        return std::nullopt;
    }
    const std::string_view encoded = std::string_view(authorization).substr(scheme.size());
    std::vector<unsigned char> decoded(encoded.size());
    std::size_t length = 0;
    if (sodium_base642bin(decoded.data(), decoded.size(), encoded.data(), encoded.size(), nullptr,
                          &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
        return std::nullopt;
    }
    const std::string text(decoded.begin(), decoded.begin() + static_cast<std::ptrdiff_t>(length));
    const auto colon = text.find(':');
    if (colon == std::string::npos) {
        return std::nullopt;
    }
    return std::make_pair(text.substr(0, colon), text.substr(colon + 1));
}

// Checked against when no such user exists, so that a wrong email takes as long to
// refuse as a wrong password.
const std::string& decoy_password_hash() {
    static const std::string hash = hash_password("decoy password, matches nothing");
    return hash;
}

}  // namespace

std::string lower_case(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    return text;
}

void init_secrets() {
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium cannot start");
    }
}

std::string hash_token(const std::string& token) {
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                       token.size(), nullptr, 0);
    return to_hex(digest, sizeof digest);
}

std::string hash_password(const std::string& password) {
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        throw std::runtime_error("out of memory hashing a password");
    }
    return hash;
}

std::optional<caller> authenticate(const std::string& authorization, store_transaction& tx) {
    const auto credentials = basic_credentials(authorization);
    if (!credentials) {
        return std::nullopt;
    }
    const auto& [name, secret] = *credentials;
    constexpr std::string_view token_suffix = "/token";
    if (name.size() > token_suffix.size() &&
        name.compare(name.size() - token_suffix.size(), token_suffix.size(), token_suffix) == 0) {
        const std::string email = lower_case(name.substr(0, name.size() - token_suffix.size()));
        const std::string presented = hash_token(secret);
        const std::optional<std::string> expected = tx.agent_token_hash(email);
        if (!same_secret(expected ? *expected : hash_token(""), presented) || !expected) {
            return std::nullopt;
        }
        return caller{caller::kind::agent, email, 0};
    }
    const std::optional<user_login> login = tx.login_of(lower_case(name));
    const std::string& hash = login ? login->password_hash : decoy_password_hash();
    if (crypto_pwhash_str_verify(hash.c_str(), secret.data(), secret.size()) != 0 || !login) {
        return std::nullopt;
    }
    return caller{caller::kind::end_user, lower_case(name), login->id};
}

}  // namespace server
