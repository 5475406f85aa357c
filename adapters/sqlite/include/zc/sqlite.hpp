// <zc/sqlite.hpp>: the SQLite adapter (target zc::sqlite).
//
// Blob columns of the current row as readonly buffer_views, views bound as
// blob parameters, and incremental blob I/O straight into and out of views
// of any layout; plus an array store table convention and byte streams over
// blobs.  Works on plain sqlite3* / sqlite3_stmt* handles, so it fits any
// wrapper; the RAII helpers (connection, statement, transaction) are
// optional.
//
//   zc::buffer_view b = zc::sqlite::column_view(stmt, col);
//   zc::sqlite::bind(stmt, index, v);
//   zc::sqlite::read_into(db, "table", "column", rowid, dst_view);
//   zc::sqlite::write_from(db, "table", "column", rowid, src_view);
//   zc::sqlite::read_into(db, {.table = "t", .column = "c", .rowid = id, .schema = "aux"}, dst);
//   zc::sqlite::bind(stmt, 2, std::int64_t{42});   // also doubles, text, zc::sqlite::null
//   auto name = zc::sqlite::column<std::string_view>(stmt, 1);
//
// Errors: every failure is a zc::error; SQLite's own are sqlite_error with
// its result code.  How codes map to zc::errc is one table, in error.hpp.
//
// Exports (SQLite -> view):  column_view (zero-copy, current row only),
//   array_store::get (zero-copy, owned), blob_reader (a zc::byte_source).
// Imports (view -> SQLite):  bind (zero-copy for C-contiguous views),
//   write_from / blob_writer (incremental), array_store::put.
// Paths that copy, and say so: bind(..., blob_lifetime::copy) (SQLite's
//   SQLITE_TRANSIENT copy), incremental I/O of views whose contiguous runs
//   are shorter than 256 bytes (64 KiB bounce buffer); both counted in
//   zc::bytes_copied().
#pragma once

#include "zc/sqlite/array_store.hpp"
#include "zc/sqlite/bind.hpp"
#include "zc/sqlite/blob.hpp"
#include "zc/sqlite/blob_stream.hpp"
#include "zc/sqlite/column.hpp"
#include "zc/sqlite/connection.hpp"
#include "zc/sqlite/error.hpp"
#include "zc/sqlite/shape_text.hpp"
#include "zc/sqlite/statement.hpp"
#include "zc/sqlite/transaction.hpp"
#include "zc/sqlite/value.hpp"
