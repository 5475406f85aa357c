#include "zc/sqlite/array_store.hpp"

#include <sqlite3.h>

#include <string>

#include "zc/sqlite/bind.hpp"
#include "zc/sqlite/blob.hpp"
#include "zc/sqlite/error.hpp"
#include "zc/sqlite/shape_text.hpp"
#include "zc/sqlite/transaction.hpp"

namespace zc::sqlite {

namespace {

bool is_identifier(const std::string& s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  return true;
}

void bind_text(statement& st, int index, std::string_view text) {
  // SQLITE_TRANSIENT: names and metadata are small; SQLite copies them.
  const int rc =
      sqlite3_bind_text64(st, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) {
    detail::throw_sqlite(st.db(), rc, "bind text parameter " + std::to_string(index));
  }
}

std::string text_column(sqlite3_stmt* st, int col) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, col));
  if (p == nullptr) {
    if (sqlite3_errcode(sqlite3_db_handle(st)) == SQLITE_NOMEM) {
      detail::throw_sqlite(sqlite3_db_handle(st), SQLITE_NOMEM, "read a text column");
    }
    return {};  // SQL NULL: refused by the caller through parse errors
  }
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(st, col))};
}

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

// Parses and cross-checks the metadata columns of one row (columns 0..3 of
// `st`: rowid, dtype, shape, byte_order) and the blob's length.
array_info describe_row(sqlite3_stmt* st, std::string_view name, std::size_t blob_bytes,
                        const std::string& table) {
  array_info info;
  info.name = std::string(name);
  info.rowid = sqlite3_column_int64(st, 0);
  const std::string where = table + " row '" + info.name + "'";
  if (sqlite3_column_type(st, 1) != SQLITE_TEXT || sqlite3_column_type(st, 2) != SQLITE_TEXT ||
      sqlite3_column_type(st, 3) != SQLITE_TEXT) {
    throw zc::error(zc::errc::invalid_format,
                    where + ": expected TEXT dtype, shape and byte_order columns, found " +
                        "another type (the row does not follow the array store convention)");
  }
  const std::string dtype_text = text_column(st, 1);
  const std::string shape_text = text_column(st, 2);
  const std::string order_text = text_column(st, 3);
  info.dtype = zc::dtype::parse(dtype_text);
  info.shape = parse_shape(shape_text);
  const std::string expected_order = byte_order_text(info.dtype);
  if (order_text != expected_order) {
    throw zc::error(zc::errc::invalid_format, where + ": byte_order '" + order_text +
                                                  "' contradicts dtype '" + dtype_text +
                                                  "', which is " + expected_order);
  }
  // Counted as core counts (a zero extent empties the shape whatever the
  // others multiply to), so every view put() stores reads back.  parse_shape
  // refused negative extents already.
  const std::optional<std::uint64_t> count = zc::detail::element_count(info.shape.span());
  if (!count) {
    throw zc::error(zc::errc::overflow, where + ": shape " + shape_text + " overflows 64 bits");
  }
  std::uint64_t needed = 0;
  if (__builtin_mul_overflow(*count, static_cast<std::uint64_t>(info.dtype.itemsize()), &needed) ||
      needed != blob_bytes) {
    throw zc::error(zc::errc::shape_mismatch,
                    where + ": the blob has " + std::to_string(blob_bytes) + " bytes, expected " +
                        std::to_string(*count) + " x " + std::to_string(info.dtype.itemsize()) +
                        " for " + info.dtype.describe() + " x " + shape_text);
  }
  info.nbytes = blob_bytes;
  return info;
}

[[noreturn]] void missing(const std::string& table, std::string_view name) {
  throw zc::error(zc::errc::out_of_range, "zc::sqlite::array_store: expected an array named '" +
                                              std::string(name) + "' in table " + table +
                                              ", found none");
}

}  // namespace

std::string byte_order_text(zc::dtype type) {
  if (type.itemsize() == 1) return "none";
  return type.resolved_order() == byte_order::little ? "little" : "big";
}

buffer_view stored_array::bytes() const { return bytes_; }

buffer_view stored_array::view(alignment_policy policy) const {
  return as_typed(bytes_, info_.dtype, info_.shape, policy, "array '" + info_.name + "'");
}

array_store::array_store(sqlite3* db, std::string_view table) : db_(db), table_(table) {
  if (db == nullptr) {
    throw zc::error(zc::errc::invalid_argument, "zc::sqlite::array_store: null sqlite3* handle");
  }
  if (!is_identifier(table_)) {
    throw zc::error(
        zc::errc::invalid_argument,
        "zc::sqlite::array_store: expected a plain table name ([A-Za-z_][A-Za-z0-9_]*), "
        "found '" +
            table_ + "'");
  }
  // Look before creating, so a read-only connection can open an existing store.
  statement probe(db_, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
  bind_text(probe, 1, table_);
  if (!probe.step()) {
    exec(db_, "CREATE TABLE IF NOT EXISTS " + quoted(table_) +
                  " (name TEXT PRIMARY KEY NOT NULL, dtype TEXT NOT NULL, shape TEXT NOT NULL, "
                  "byte_order TEXT NOT NULL, data BLOB NOT NULL)");
  }
}

void array_store::put(std::string_view name, const buffer_view& v) {
  // Refuse over-long before touching the database.
  detail::check_length_limit(db_, v.nbytes(), "array_store::put");
  transaction tx(db_);
  {
    statement del(db_, "DELETE FROM " + quoted(table_) + " WHERE name = ?1");
    bind_text(del, 1, name);
    del.run();
  }
  statement ins(db_, "INSERT INTO " + quoted(table_) +
                         " (name, dtype, shape, byte_order, data) VALUES (?1, ?2, ?3, ?4, ?5)");
  bind_text(ins, 1, name);
  bind_text(ins, 2, v.dtype().str());
  bind_text(ins, 3, format_shape(v.shape_dims()));
  bind_text(ins, 4, byte_order_text(v.dtype()));
  if (v.is_c_contiguous()) {
    // SQLite reads the memory during run(); `ins` is finalized before we
    // return, so the caller's view outlives every use (SQLITE_STATIC).
    bind(ins, 5, v, blob_lifetime::caller_keeps_alive);
    ins.run();
  } else {
    const streamed_blob pending = bind_streamed(ins, 5, v);
    ins.run();
    pending.write(db_, table_.c_str(), "data", sqlite3_last_insert_rowid(db_));
  }
  tx.commit();
}

std::optional<array_info> array_store::find(std::string_view name) const {
  // length() and typeof() of a blob do not load its content.
  statement st(db_, "SELECT rowid, dtype, shape, byte_order, length(data), typeof(data) FROM " +
                        quoted(table_) + " WHERE name = ?1");
  bind_text(st, 1, name);
  if (!st.step()) return std::nullopt;
  const std::string type = text_column(st, 5);
  if (type != "blob") {
    throw zc::error(type == "null" ? zc::errc::null_value : zc::errc::dtype_mismatch,
                    "zc::sqlite::array_store: " + table_ + " row '" + std::string(name) +
                        "': data holds " + type + ", expected a blob");
  }
  return describe_row(st, name, static_cast<std::size_t>(sqlite3_column_int64(st, 4)), table_);
}

array_info array_store::info(std::string_view name) const {
  std::optional<array_info> found = find(name);
  if (!found) missing(table_, name);
  return std::move(*found);
}

stored_array array_store::get(std::string_view name) const {
  auto st = std::make_shared<statement>(db_, "SELECT rowid, dtype, shape, byte_order, data FROM " +
                                                 quoted(table_) + " WHERE name = ?1");
  bind_text(*st, 1, name);
  if (!st->step()) missing(table_, name);
  // The statement is never stepped again: the blob pointer stays valid as
  // long as the statement lives, and the views share ownership of it.
  const buffer_view raw = column_view(st->get(), 4);
  array_info info = describe_row(st->get(), name, raw.nbytes(), table_);
  buffer_view owned = raw.with_owner(st);
  return {std::move(st), std::move(info), std::move(owned)};
}

namespace {
// Opens the blob of `info` and re-checks, with the handle (and so a read
// transaction) open, that the row still holds that array: a handle expires
// on any later change, so from here on the read is consistent.
blob_handle open_checked(const array_store& store, const array_info& info) {
  blob_handle h(store.db(), {store.table(), "data", info.rowid});
  const std::optional<array_info> now = store.find(info.name);
  if (!now || now->rowid != info.rowid || !(now->dtype == info.dtype) ||
      !(now->shape == info.shape) || now->nbytes != info.nbytes) {
    throw zc::error(zc::errc::expired, "zc::sqlite::array_store: array '" + info.name +
                                           "' changed while it was being opened; retry");
  }
  return h;
}
}  // namespace

std::size_t array_store::get_into(std::string_view name, const buffer_view& dst) const {
  dst.require_writable("zc::sqlite::array_store::get_into");
  const array_info stored = info(name);
  if (!(dst.dtype() == stored.dtype)) {
    throw zc::error(zc::errc::dtype_mismatch,
                    "zc::sqlite::array_store::get_into: array '" + stored.name + "' holds " +
                        stored.dtype.describe() + ", the destination is " + dst.describe() +
                        " (convert byte order explicitly with zc::copy)");
  }
  if (!(dst.shape_dims() == stored.shape)) {
    throw zc::error(zc::errc::shape_mismatch,
                    "zc::sqlite::array_store::get_into: array '" + stored.name + "' has shape " +
                        format_shape(stored.shape) + ", the destination is " + dst.describe());
  }
  blob_handle h = open_checked(*this, stored);
  return read_into(h, dst);
}

blob_reader array_store::open_reader(std::string_view name) const {
  return blob_reader(open_checked(*this, info(name)));
}

bool array_store::remove(std::string_view name) {
  statement st(db_, "DELETE FROM " + quoted(table_) + " WHERE name = ?1");
  bind_text(st, 1, name);
  st.run();
  return sqlite3_changes(db_) > 0;
}

std::vector<std::string> array_store::names() const {
  statement st(db_, "SELECT name FROM " + quoted(table_) + " ORDER BY name");
  std::vector<std::string> out;
  while (st.step()) out.push_back(text_column(st, 0));
  return out;
}

}  // namespace zc::sqlite
