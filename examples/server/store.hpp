// SPDX-License-Identifier: MIT
// The server's records: profiles (indexed by the library's lookup keys), users and
// their identities, agents, each profile's change history, and the outbox of work
// for other systems. One SQL schema serves SQLite and PostgreSQL.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include <profile_merge/identifier_query.hpp>

#include "sql.hpp"

namespace server {

using nlohmann::json;

// What authentication needs to know of a user who signs in with a password.
struct user_login {
    std::int64_t id = 0;
    std::string password_hash;
};

// The statements of one transaction. Every statement is parameterised.
class store_transaction {
public:
    explicit store_transaction(sql_connection& db) : db_(db) {}

    // Profiles, as the library reads and writes them.
    [[nodiscard]] std::optional<json> profile_by_id(const std::string& id);
    [[nodiscard]] std::optional<json> profile_by_key(const profile_merge::profile_key& key);
    [[nodiscard]] std::vector<json> profiles_of_user(const std::string& user_id);
    // Inserts or replaces the profile and its lookup keys (normalised as `rules` say).
    void save_profile(const json& profile, const profile_merge::policy& rules = {});
    [[nodiscard]] bool delete_profile(const std::string& id);

    // Each write's report, oldest first.
    void add_change(const std::string& profile_id, const json& entry);
    [[nodiscard]] std::vector<json> changes_of(const std::string& profile_id);

    // Users in Zendesk's shape, and their identities.
    [[nodiscard]] std::optional<json> user(std::int64_t id);
    [[nodiscard]] std::optional<user_login> login_of(const std::string& email);
    [[nodiscard]] std::int64_t create_user(json user,
                                           const std::optional<std::string>& password_hash);
    void save_user(const json& user);
    // The user with this identity, or for type external_id this external_id.
    [[nodiscard]] std::optional<std::int64_t> owner_of(const std::string& type,
                                                       const std::string& value);
    // False when the identity belongs to a user already (to this one or another).
    bool add_identity(std::int64_t user_id, const std::string& type, const std::string& value,
                      const std::string& now);
    [[nodiscard]] std::vector<json> identities_of(std::int64_t user_id);

    [[nodiscard]] std::optional<std::string> agent_token_hash(const std::string& email);
    void add_agent(const std::string& email, const std::string& token_hash);

    // Work for another system (a photo to fetch), kept in the same transaction.
    void enqueue(const json& job);
    [[nodiscard]] bool empty();

private:
    sql_connection& db_;
};

// A pool of connections to one database; run() and read() give each transaction a
// connection of its own and run it again from the start when the database asks
// (sql_retry).
class store {
public:
    // `target`: "sqlite:PATH", "sqlite::memory:" or a postgresql:// URI.
    store(std::string target, std::size_t connections);

    // Runs `work` in a transaction that may write.
    template <class Work>
    auto run(Work&& work) {
        return transact(true, std::forward<Work>(work));
    }

    // Runs `work` in a transaction that only reads.
    template <class Work>
    auto read(Work&& work) {
        return transact(false, std::forward<Work>(work));
    }

    [[nodiscard]] const std::string& backend() const noexcept { return backend_; }

private:
    template <class Work>
    auto transact(bool writes, Work&& work) {
        lease held(*this);
        const auto give_up = std::chrono::steady_clock::now() + retry_for;
        for (int attempt = 1;; ++attempt) {
            try {
                held.db().begin(writes);
                store_transaction tx(held.db());
                if constexpr (std::is_void_v<decltype(work(tx))>) {
                    work(tx);
                    held.db().commit();
                    return;
                } else {
                    auto result = work(tx);
                    held.db().commit();
                    return result;
                }
            } catch (const sql_retry& lost) {
                held.db().rollback();
                if (std::chrono::steady_clock::now() >= give_up) {
                    throw sql_error(std::string(lost.what()) + " (gave up after " +
                                    std::to_string(attempt) + " attempts)");
                }
                back_off(attempt);
            } catch (...) {
                held.db().rollback();
                throw;
            }
        }
    }

    // How long a transaction that keeps losing races is run again: a writer that
    // loses to others on a busy row wins in the end, and a client waits no longer.
    static constexpr std::chrono::seconds retry_for{30};

    // Waits a random time, growing with each lost race, so that the transactions
    // that collided do not collide again at once.
    static void back_off(int attempt);

    class lease {
    public:
        explicit lease(store& owner);
        lease(const lease&) = delete;
        lease& operator=(const lease&) = delete;
        ~lease();
        [[nodiscard]] sql_connection& db() const noexcept { return *connection_; }

    private:
        store& owner_;
        std::unique_ptr<sql_connection> connection_;
    };

    [[nodiscard]] std::unique_ptr<sql_connection> open() const;

    std::string target_;
    std::string backend_;
    std::size_t capacity_;
    std::size_t opened_ = 0;
    std::vector<std::unique_ptr<sql_connection>> idle_;
    std::mutex mutex_;
    std::condition_variable returned_;
};

}  // namespace server
