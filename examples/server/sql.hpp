// SPDX-License-Identifier: MIT
// The little the store needs of a SQL database, so that one store runs on SQLite and
// on PostgreSQL: parameterised statements, text in and text out, and transactions
// that a backend may ask to be retried.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace server {

// A parameter or a cell: text, or SQL NULL. Integers travel as their decimal text,
// which both databases convert to the column's type.
using sql_value = std::optional<std::string>;
using sql_row = std::vector<sql_value>;

// The database refused a statement; the transaction is rolled back.
class sql_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The transaction lost a race (SQLite busy past its timeout, PostgreSQL SQLSTATE
// 40001 or 40P01): running it again from the start may succeed.
class sql_retry : public sql_error {
public:
    using sql_error::sql_error;
};

// One connection, used by one thread at a time. Statements use `?` for parameters;
// a backend with another syntax rewrites them.
class sql_connection {
public:
    virtual ~sql_connection() = default;
    // Runs one statement and returns its rows (none for a statement without any).
    virtual std::vector<sql_row> run(std::string_view statement,
                                     const std::vector<sql_value>& parameters) = 0;
    // Starts a transaction: one that writes serialises with every other writer; one
    // that only reads sees one consistent snapshot and blocks no writer.
    virtual void begin(bool writes) = 0;
    virtual void commit() = 0;
    virtual void rollback() noexcept = 0;
};

// A connection to "sqlite:PATH" (PATH ":memory:": a database private to this
// connection); throws sql_error when it cannot be opened.
std::unique_ptr<sql_connection> open_sqlite(const std::string& path);

// A connection to a PostgreSQL database by libpq URI, whose transactions are
// SERIALIZABLE; throws sql_error when it cannot be opened.
std::unique_ptr<sql_connection> open_postgresql(const std::string& uri);

}  // namespace server
