// SPDX-License-Identifier: MIT
#include "store.hpp"

#include <algorithm>
#include <chrono>
#include <random>
#include <stdexcept>
#include <thread>
#include <utility>

namespace server {
namespace {

// Portable SQL: ids are assigned by the store (MAX + 1 inside the transaction), so
// that SQLite and PostgreSQL need no dialect of their own.
const char* const schema[] = {
    "CREATE TABLE IF NOT EXISTS users (id BIGINT PRIMARY KEY, email TEXT UNIQUE, "
    "external_id TEXT UNIQUE, password_hash TEXT, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS identities (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL "
    "REFERENCES users (id), type TEXT NOT NULL, value TEXT NOT NULL, is_primary INTEGER NOT "
    "NULL, created_at TEXT NOT NULL, UNIQUE (type, value))",
    "CREATE INDEX IF NOT EXISTS identities_by_user ON identities (user_id)",
    "CREATE TABLE IF NOT EXISTS agents (email TEXT PRIMARY KEY, token_hash TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS profiles (id TEXT PRIMARY KEY, user_id TEXT, body TEXT NOT "
    "NULL)",
    "CREATE INDEX IF NOT EXISTS profiles_by_user ON profiles (user_id)",
    "CREATE TABLE IF NOT EXISTS profile_keys (source TEXT NOT NULL, type TEXT NOT NULL, "
    "identifier_type TEXT NOT NULL, identifier_value TEXT NOT NULL, profile_id TEXT NOT NULL, "
    "PRIMARY KEY (source, type, identifier_type, identifier_value, profile_id))",
    "CREATE INDEX IF NOT EXISTS profile_keys_by_profile ON profile_keys (profile_id)",
    "CREATE TABLE IF NOT EXISTS profile_changes (profile_id TEXT NOT NULL, seq BIGINT NOT "
    "NULL, body TEXT NOT NULL, PRIMARY KEY (profile_id, seq))",
    "CREATE TABLE IF NOT EXISTS outbox (id BIGINT PRIMARY KEY, body TEXT NOT NULL)",
};

std::string text_of(const sql_value& cell) {
    if (!cell) {
        throw sql_error("a NULL where the schema has none");
    }
    return *cell;
}

std::optional<json> first_body(const std::vector<sql_row>& rows) {
    if (rows.empty()) {
        return std::nullopt;
    }
    return json::parse(text_of(rows.front().at(0)));
}

std::vector<json> bodies(const std::vector<sql_row>& rows) {
    std::vector<json> out;
    out.reserve(rows.size());
    for (const sql_row& row : rows) {
        out.push_back(json::parse(text_of(row.at(0))));
    }
    return out;
}

sql_value optional_string(const json& object, const char* member) {
    const auto found = object.find(member);
    if (found == object.end() || !found->is_string()) {
        return std::nullopt;
    }
    return found->get<std::string>();
}

}  // namespace

std::optional<json> store_transaction::profile_by_id(const std::string& id) {
    return first_body(db_.run("SELECT body FROM profiles WHERE id = ?", {id}));
}

std::optional<json> store_transaction::profile_by_key(const profile_merge::profile_key& key) {
    return first_body(
        db_.run("SELECT p.body FROM profile_keys k JOIN profiles p ON p.id = k.profile_id "
                "WHERE k.source = ? AND k.type = ? AND k.identifier_type = ? AND "
                "k.identifier_value = ? ORDER BY p.id LIMIT 1",
                {key.source, key.type, key.identifier_type, key.identifier_value}));
}

std::vector<json> store_transaction::profiles_of_user(const std::string& user_id) {
    return bodies(db_.run("SELECT body FROM profiles WHERE user_id = ? ORDER BY id", {user_id}));
}

void store_transaction::save_profile(const json& profile, const profile_merge::policy& rules) {
    const std::string id = profile.at("id").get<std::string>();
    db_.run(
        "INSERT INTO profiles (id, user_id, body) VALUES (?, ?, ?) ON CONFLICT (id) DO "
        "UPDATE SET user_id = excluded.user_id, body = excluded.body",
        {id, optional_string(profile, "user_id"), profile.dump()});
    db_.run("DELETE FROM profile_keys WHERE profile_id = ?", {id});
    for (const profile_merge::profile_key& key : profile_merge::lookup_keys(profile, rules)) {
        db_.run(
            "INSERT INTO profile_keys (source, type, identifier_type, identifier_value, "
            "profile_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            {key.source, key.type, key.identifier_type, key.identifier_value, id});
    }
}

bool store_transaction::delete_profile(const std::string& id) {
    db_.run("DELETE FROM profile_keys WHERE profile_id = ?", {id});
    return !db_.run("DELETE FROM profiles WHERE id = ? RETURNING id", {id}).empty();
}

void store_transaction::add_change(const std::string& profile_id, const json& entry) {
    db_.run(
        "INSERT INTO profile_changes (profile_id, seq, body) VALUES (?, (SELECT "
        "COALESCE(MAX(seq), 0) + 1 FROM profile_changes WHERE profile_id = ?), ?)",
        {profile_id, profile_id, entry.dump()});
}

std::vector<json> store_transaction::changes_of(const std::string& profile_id) {
    return bodies(db_.run("SELECT body FROM profile_changes WHERE profile_id = ? ORDER BY seq",
                          {profile_id}));
}

std::optional<json> store_transaction::user(std::int64_t id) {
    return first_body(db_.run("SELECT body FROM users WHERE id = ?", {std::to_string(id)}));
}

std::optional<user_login> store_transaction::login_of(const std::string& email) {
    const auto rows = db_.run("SELECT id, password_hash FROM users WHERE email = ?", {email});
    if (rows.empty() || !rows.front().at(1)) {
        return std::nullopt;
    }
    return user_login{std::stoll(text_of(rows.front().at(0))), *rows.front().at(1)};
}

std::int64_t store_transaction::create_user(json user,
                                            const std::optional<std::string>& password_hash) {
    if (!user.contains("id")) {
        user["id"] = std::stoll(
            text_of(db_.run("SELECT COALESCE(MAX(id), 0) + 1 FROM users", {}).at(0).at(0)));
    }
    const std::int64_t id = user.at("id").get<std::int64_t>();
    db_.run(
        "INSERT INTO users (id, email, external_id, password_hash, body) VALUES (?, ?, ?, ?, "
        "?)",
        {std::to_string(id), optional_string(user, "email"), optional_string(user, "external_id"),
         password_hash, user.dump()});
    return id;
}

void store_transaction::save_user(const json& user) {
    db_.run("UPDATE users SET email = ?, external_id = ?, body = ? WHERE id = ?",
            {optional_string(user, "email"), optional_string(user, "external_id"), user.dump(),
             std::to_string(user.at("id").get<std::int64_t>())});
}

std::optional<std::int64_t> store_transaction::owner_of(const std::string& type,
                                                        const std::string& value) {
    const auto rows =
        type == "external_id"
            ? db_.run("SELECT id FROM users WHERE external_id = ?", {value})
            : db_.run("SELECT user_id FROM identities WHERE type = ? AND value = ?", {type, value});
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::stoll(text_of(rows.front().at(0)));
}

bool store_transaction::add_identity(std::int64_t user_id, const std::string& type,
                                     const std::string& value, const std::string& now) {
    const std::string user = std::to_string(user_id);
    return !db_.run(
                   "INSERT INTO identities (id, user_id, type, value, is_primary, created_at) "
                   "VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM identities), ?, ?, ?, "
                   "(SELECT CASE WHEN COUNT(*) = 0 THEN 1 ELSE 0 END FROM identities WHERE "
                   "user_id = ? AND type = ?), ?) ON CONFLICT (type, value) DO NOTHING "
                   "RETURNING id",
                   {user, type, value, user, type, now})
                .empty();
}

std::vector<json> store_transaction::identities_of(std::int64_t user_id) {
    std::vector<json> out;
    for (const sql_row& row :
         db_.run("SELECT id, type, value, is_primary, created_at FROM identities WHERE "
                 "user_id = ? ORDER BY id",
                 {std::to_string(user_id)})) {
        const std::string created_at = text_of(row.at(4));
        out.push_back({{"id", std::stoll(text_of(row.at(0)))},
                       {"user_id", user_id},
                       {"type", text_of(row.at(1))},
                       {"value", text_of(row.at(2))},
                       {"verified", false},
                       {"primary", text_of(row.at(3)) == "1"},
                       {"created_at", created_at},
                       {"updated_at", created_at}});
    }
    return out;
}

std::optional<std::string> store_transaction::agent_token_hash(const std::string& email) {
    const auto rows = db_.run("SELECT token_hash FROM agents WHERE email = ?", {email});
    if (rows.empty()) {
        return std::nullopt;
    }
    return text_of(rows.front().at(0));
}

void store_transaction::add_agent(const std::string& email, const std::string& token_hash) {
    db_.run("INSERT INTO agents (email, token_hash) VALUES (?, ?)", {email, token_hash});
}

void store_transaction::enqueue(const json& job) {
    db_.run(
        "INSERT INTO outbox (id, body) VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM "
        "outbox), ?)",
        {job.dump()});
}

bool store_transaction::empty() {
    const auto rows = db_.run(
        "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM "
        "profiles) + (SELECT COUNT(*) FROM agents)",
        {});
    return text_of(rows.at(0).at(0)) == "0";
}

store::store(std::string target, std::size_t connections)
    : target_(std::move(target)), capacity_(connections) {
    if (target_.rfind("sqlite:", 0) == 0) {
        backend_ = "sqlite";
        if (target_ == "sqlite::memory:") {
            capacity_ = 1;  // each connection to :memory: is a database of its own
        }
    } else if (target_.rfind("postgresql://", 0) == 0 || target_.rfind("postgres://", 0) == 0) {
        backend_ = "postgresql";
    } else {
        throw std::invalid_argument(
            "--store must be sqlite:PATH, sqlite::memory: or a "
            "postgresql:// URI, not \"" +
            target_ + "\"");
    }
    if (capacity_ == 0) {
        capacity_ = 1;
    }
    // Servers starting together on one database race to create the tables: the
    // loser tries again.
    lease first(*this);
    for (int attempt = 1;; ++attempt) {
        try {
            first.db().begin(true);
            for (const char* statement : schema) {
                first.db().run(statement, {});
            }
            first.db().commit();
            break;
        } catch (const sql_error&) {
            first.db().rollback();
            if (attempt == 20) {  // not a race: the database refuses the schema
                throw;
            }
            back_off(attempt);
        }
    }
}

void store::back_off(int attempt) {
    thread_local std::minstd_rand random{std::random_device{}()};
    const int ceiling_us = 100 << std::min(attempt, 10);  // 0.2 ms, doubling to 102 ms
    std::this_thread::sleep_for(std::chrono::microseconds(
        std::uniform_int_distribution<int>(ceiling_us / 2, ceiling_us)(random)));
}

std::unique_ptr<sql_connection> store::open() const {
    if (backend_ == "sqlite") {
        return open_sqlite(target_.substr(7));
    }
    return open_postgresql(target_);
}

store::lease::lease(store& owner) : owner_(owner) {
    std::unique_lock<std::mutex> lock(owner_.mutex_);
    owner_.returned_.wait(
        lock, [&] { return !owner_.idle_.empty() || owner_.opened_ < owner_.capacity_; });
    if (!owner_.idle_.empty()) {
        connection_ = std::move(owner_.idle_.back());
        owner_.idle_.pop_back();
        return;
    }
    ++owner_.opened_;
    lock.unlock();
    try {
        connection_ = owner_.open();
    } catch (...) {
        lock.lock();
        --owner_.opened_;
        owner_.returned_.notify_one();
        throw;
    }
}

store::lease::~lease() {
    const std::lock_guard<std::mutex> lock(owner_.mutex_);
    owner_.idle_.push_back(std::move(connection_));
    owner_.returned_.notify_one();
}

}  // namespace server
