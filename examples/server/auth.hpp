// SPDX-License-Identifier: MIT
// Who is calling: HTTP Basic credentials checked against the store, agents by API
// token ("{email}/token", token), end users by password. Secrets are kept hashed and
// compared in constant time (libsodium).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store.hpp"

namespace server {

struct caller {
    enum class kind { agent, end_user };
    kind role = kind::agent;
    std::string email;
    std::int64_t user_id = 0;  // end users only
};

// ASCII letters in lower case: emails are stored so (N1), and sign-in matches them in
// any letter case.
[[nodiscard]] std::string lower_case(std::string text);

// Starts libsodium; throws std::runtime_error when it cannot.
void init_secrets();

// For the store: a token's hash (BLAKE2b, hex) and a password's hash (Argon2id).
[[nodiscard]] std::string hash_token(const std::string& token);
[[nodiscard]] std::string hash_password(const std::string& password);

// The caller an Authorization header names, or nullopt when it is missing, not
// Basic, or its secret does not match.
[[nodiscard]] std::optional<caller> authenticate(const std::string& authorization,
                                                 store_transaction& tx);

}  // namespace server
