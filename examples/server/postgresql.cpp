// SPDX-License-Identifier: MIT
// PostgreSQL behind sql_connection (libpq): SERIALIZABLE transactions, whose
// serialisation failures the store retries, so that the same code runs on
// PostgreSQL-compatible distributed databases.
#include <libpq-fe.h>

#include <memory>
#include <string>
#include <utility>

#include "sql.hpp"

namespace server {
namespace {

struct result_deleter {
    void operator()(PGresult* result) const noexcept { PQclear(result); }
};
using result_ptr = std::unique_ptr<PGresult, result_deleter>;

// `?` becomes `$1`, `$2`, ... (the store's statements hold no `?` in literals).
std::string numbered(std::string_view statement) {
    std::string out;
    out.reserve(statement.size() + 16);
    int next = 0;
    for (const char c : statement) {
        if (c == '?') {
            out += '$';
            out += std::to_string(++next);
        } else {
            out += c;
        }
    }
    return out;
}

class postgresql_connection final : public sql_connection {
public:
    explicit postgresql_connection(const std::string& uri) : db_(PQconnectdb(uri.c_str())) {
        if (db_ == nullptr || PQstatus(db_) != CONNECTION_OK) {
            const std::string why = db_ != nullptr ? PQerrorMessage(db_) : "out of memory";
            PQfinish(db_);
            throw sql_error("cannot connect to PostgreSQL: " + why);
        }
        run("SET client_min_messages = warning", {});
    }

    postgresql_connection(const postgresql_connection&) = delete;
    postgresql_connection& operator=(const postgresql_connection&) = delete;
    ~postgresql_connection() override { PQfinish(db_); }

    std::vector<sql_row> run(std::string_view statement,
                             const std::vector<sql_value>& parameters) override {
        std::vector<const char*> values;
        std::vector<int> lengths;
        values.reserve(parameters.size());
        lengths.reserve(parameters.size());
        for (const sql_value& parameter : parameters) {
            values.push_back(parameter ? parameter->c_str() : nullptr);
            lengths.push_back(parameter ? static_cast<int>(parameter->size()) : 0);
        }
        const result_ptr result(PQexecParams(db_, numbered(statement).c_str(),
                                             static_cast<int>(parameters.size()), nullptr,
                                             values.data(), lengths.data(), nullptr, 0));
        const ExecStatusType status = PQresultStatus(result.get());
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            fail(result.get());
        }
        std::vector<sql_row> rows;
        const int count = PQntuples(result.get());
        const int columns = PQnfields(result.get());
        rows.reserve(static_cast<std::size_t>(count));
        for (int r = 0; r < count; ++r) {
            sql_row row;
            row.reserve(static_cast<std::size_t>(columns));
            for (int c = 0; c < columns; ++c) {
                if (PQgetisnull(result.get(), r, c) != 0) {
                    row.emplace_back();
                } else {
                    row.emplace_back(
                        std::string(PQgetvalue(result.get(), r, c),
                                    static_cast<std::size_t>(PQgetlength(result.get(), r, c))));
                }
            }
            rows.push_back(std::move(row));
        }
        return rows;
    }

    void begin(bool writes) override {
        run(writes ? "BEGIN ISOLATION LEVEL SERIALIZABLE"
                   : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            {});
    }
    void commit() override { run("COMMIT", {}); }
    void rollback() noexcept override { PQclear(PQexec(db_, "ROLLBACK")); }

private:
    [[noreturn]] void fail(const PGresult* result) const {
        const char* state =
            result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
        const std::string why = std::string("PostgreSQL: ") + PQerrorMessage(db_);
        const std::string code = state != nullptr ? state : "";
        // 40001 serialization_failure, 40P01 deadlock_detected.
        if (code == "40001" || code == "40P01") {
            throw sql_retry(why);
        }
        throw sql_error(why + " (SQLSTATE " + code + ")");
    }

    PGconn* db_;
};

}  // namespace

std::unique_ptr<sql_connection> open_postgresql(const std::string& uri) {
    return std::make_unique<postgresql_connection>(uri);
}

}  // namespace server
