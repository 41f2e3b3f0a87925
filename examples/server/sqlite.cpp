// SPDX-License-Identifier: MIT
// SQLite behind sql_connection: WAL, a busy timeout, and BEGIN IMMEDIATE, so that
// writers queue for the lock instead of failing on upgrade from reader to writer.
#include <sqlite3.h>

#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "sql.hpp"

namespace server {
namespace {

class sqlite_connection final : public sql_connection {
public:
    explicit sqlite_connection(const std::string& path) : writers_(writers_of(path)) {
        const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
        if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
            const std::string why = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            throw sql_error("cannot open SQLite database " + path + ": " + why);
        }
        sqlite3_busy_timeout(db_, 10000);
        execute("PRAGMA foreign_keys = ON");
        if (path != ":memory:") {
            execute("PRAGMA journal_mode = WAL");
            // A write acknowledged to a client survives a crash of the process and of
            // the machine.
            execute("PRAGMA synchronous = FULL");
        }
    }

    sqlite_connection(const sqlite_connection&) = delete;
    sqlite_connection& operator=(const sqlite_connection&) = delete;

    ~sqlite_connection() override {
        for (auto& [text, statement] : statements_) {
            sqlite3_finalize(statement);
        }
        sqlite3_close(db_);
    }

    std::vector<sql_row> run(std::string_view text,
                             const std::vector<sql_value>& parameters) override {
        sqlite3_stmt* statement = prepared(text);
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
        for (std::size_t i = 0; i < parameters.size(); ++i) {
            const int index = static_cast<int>(i) + 1;
            const int rc =
                parameters[i]
                    ? sqlite3_bind_text(statement, index, parameters[i]->data(),
                                        static_cast<int>(parameters[i]->size()), SQLITE_TRANSIENT)
                    : sqlite3_bind_null(statement, index);
            check(rc);
        }
        std::vector<sql_row> rows;
        for (;;) {
            const int rc = sqlite3_step(statement);
            if (rc == SQLITE_DONE) {
                break;
            }
            if (rc != SQLITE_ROW) {
                sqlite3_reset(statement);
                check(rc);
            }
            const int columns = sqlite3_column_count(statement);
            sql_row row;
            row.reserve(static_cast<std::size_t>(columns));
            for (int c = 0; c < columns; ++c) {
                if (sqlite3_column_type(statement, c) == SQLITE_NULL) {
                    row.emplace_back();
                } else {
                    const auto* bytes =
                        reinterpret_cast<const char*>(sqlite3_column_text(statement, c));
                    row.emplace_back(std::string(
                        bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement, c))));
                }
            }
            rows.push_back(std::move(row));
        }
        sqlite3_reset(statement);
        return rows;
    }

    // SQLite has one writer at a time. This process's writers queue on a mutex, in
    // turn; other processes on the file are waited for by the busy timeout, which
    // polls with growing sleeps and would give the queue a long tail.
    void begin(bool writes) override {
        if (!writes) {
            execute("BEGIN");
            return;
        }
        std::unique_lock<std::mutex> turn(writers_);
        execute("BEGIN IMMEDIATE");
        turn_ = std::move(turn);
    }
    void commit() override {
        execute("COMMIT");
        release_turn();
    }
    void rollback() noexcept override {
        if (sqlite3_get_autocommit(db_) == 0) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        release_turn();
    }

private:
    void execute(const char* text) {
        char* message = nullptr;
        const int rc = sqlite3_exec(db_, text, nullptr, nullptr, &message);
        if (rc != SQLITE_OK) {
            const std::string why = message != nullptr ? message : sqlite3_errstr(rc);
            sqlite3_free(message);
            fail(rc, why);
        }
    }

    sqlite3_stmt* prepared(std::string_view text) {
        const std::string key(text);
        if (const auto found = statements_.find(key); found != statements_.end()) {
            return found->second;
        }
        sqlite3_stmt* statement = nullptr;
        check(sqlite3_prepare_v2(db_, key.c_str(), static_cast<int>(key.size()), &statement,
                                 nullptr));
        statements_.emplace(key, statement);
        return statement;
    }

    void check(int rc) const {
        if (rc != SQLITE_OK) {
            fail(rc, sqlite3_errmsg(db_));
        }
    }

    [[noreturn]] static void fail(int rc, const std::string& why) {
        if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
            throw sql_retry("SQLite: " + why);
        }
        throw sql_error("SQLite: " + why);
    }

    void release_turn() noexcept {
        if (turn_.owns_lock()) {
            turn_.unlock();
        }
    }

    // The writers' queue of every connection to this file in this process.
    static std::mutex& writers_of(const std::string& path) {
        static std::mutex guard;
        static std::map<std::string, std::mutex> queues;
        const std::lock_guard<std::mutex> lock(guard);
        return queues[path];
    }

    sqlite3* db_ = nullptr;
    std::mutex& writers_;
    std::unique_lock<std::mutex> turn_;
    std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace

std::unique_ptr<sql_connection> open_sqlite(const std::string& path) {
    return std::make_unique<sqlite_connection>(path);
}

}  // namespace server
