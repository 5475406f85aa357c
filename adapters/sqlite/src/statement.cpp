#include "zc/sqlite/statement.hpp"

#include <sqlite3.h>

#include <string>

#include "zc/sqlite/error.hpp"

namespace zc::sqlite {

namespace {
bool only_separators(const char* tail) {
  if (tail == nullptr) return true;
  for (; *tail != '\0'; ++tail) {
    const char c = *tail;
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ';') return false;
  }
  return true;
}
}  // namespace

void statement::finalizer::operator()(sqlite3_stmt* stmt) const noexcept {
  if (clock) {
    ++clock->generation;
    clock->finalized = true;
  }
  sqlite3_finalize(stmt);
}

statement::statement(sqlite3* db, std::string_view sql) {
  if (db == nullptr) {
    throw zc::error(zc::errc::invalid_argument, "zc::sqlite::statement: null sqlite3* handle");
  }
  if (sql.size() > static_cast<std::size_t>(INT32_MAX)) {
    throw zc::error(zc::errc::overflow, "zc::sqlite::statement: SQL text of " +
                                            std::to_string(sql.size()) +
                                            " bytes exceeds SQLite's int length");
  }
  const char* tail = nullptr;
  sqlite3_stmt* prepared = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &prepared, &tail);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(prepared);  // null on failure; harmless either way
    detail::throw_sqlite(db, rc, "prepare '" + std::string(sql) + "'");
  }
  if (prepared == nullptr) {
    throw zc::error(zc::errc::invalid_argument,
                    "zc::sqlite::statement: expected one SQL statement, found none in '" +
                        std::string(sql) + "'");
  }
  stmt_.reset(prepared);
  // `tail` points into `sql`, which need not be NUL-terminated: compare by range.
  const std::string rest(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail));
  if (!only_separators(rest.c_str())) {
    stmt_.reset();
    throw zc::error(
        zc::errc::invalid_argument,
        "zc::sqlite::statement: expected one SQL statement, found more after it: '" + rest + "'");
  }
  stmt_.get_deleter().clock = std::make_shared<detail::row_clock>();
}

statement::statement(sqlite3_stmt* adopted)
    : stmt_(adopted, finalizer{std::make_shared<detail::row_clock>()}) {}

sqlite3* statement::db() const noexcept {
  return stmt_ != nullptr ? sqlite3_db_handle(stmt_.get()) : nullptr;
}

void statement::advance() noexcept {
  if (clock()) ++clock()->generation;
}

bool statement::step() {
  if (stmt_ == nullptr) {
    throw zc::error(zc::errc::invalid_argument,
                    "zc::sqlite::statement::step on an empty statement");
  }
  advance();
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  detail::throw_sqlite(db(), rc, std::string("step '") + sqlite3_sql(stmt_.get()) + "'");
}

void statement::run() {
  if (step()) {
    throw zc::error(zc::errc::invalid_argument,
                    std::string("zc::sqlite::statement::run: expected no result rows from '") +
                        sqlite3_sql(stmt_.get()) + "', found a row");
  }
}

void statement::reset() {
  advance();
  if (stmt_ != nullptr) sqlite3_reset(stmt_.get());  // reports the last step's error again: ignored
}

void statement::clear_bindings() {
  if (stmt_ != nullptr) sqlite3_clear_bindings(stmt_.get());
}

void statement::finalize() noexcept {
  if (stmt_ != nullptr) {
    stmt_.reset();  // the finalizer expires the views
  } else if (clock()) {
    advance();
    clock()->finalized = true;
  }
}

const buffer_view& checked_blob_view::get() const {
  if (!clock_ || clock_->generation != generation_) {
    const bool finalized = clock_ && clock_->finalized;
    throw zc::error(zc::errc::expired,
                    std::string("zc::sqlite: blob view used after its statement was ") +
                        (finalized ? "finalized" : "stepped or reset") +
                        ": expected the row it came from (generation " +
                        std::to_string(generation_) + "), found generation " +
                        std::to_string(clock_ ? clock_->generation : 0) +
                        "; read the blob before moving on, or copy it / use read_into()");
  }
  return view_;
}

bool checked_blob_view::valid() const noexcept {
  return clock_ && clock_->generation == generation_;
}

}  // namespace zc::sqlite
