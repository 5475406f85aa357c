// libFuzzer target: zc::sqlite::array_store's read path (get, info,
// get_into, open_reader) over a row whose metadata and blob the fuzzer
// chooses, as a program other than zcbridge could have written it.
//
// Input layout:
//   byte 0      flags (see below)
//   then        dtype text '\n' shape text '\n' byte_order text '\n' blob bytes
//               (a missing field is empty; the blob is everything after the
//               third newline, so it may contain newlines itself)
// Flags:
//   bits 0-1    how the metadata is stored: 0, 1 as TEXT in the store's own
//               table; 2 dtype as a BLOB, 3 byte_order as NULL (both in a
//               table created beforehand without types or constraints, which
//               the store adopts as it finds it)
//   bits 2-3    how the data is stored: 0, 1 as a BLOB; 2 as zeroblob(n)
//               (SQLite expands it on read); 3 as TEXT
//   bits 4-6    the get_into destination: 0 C order, 1 Fortran order, 2 axis 0
//               flipped, 3 padded element stride, 4 at an odd address, 5 the
//               other byte order, 6 an extra axis, 7 readonly
//   bit 7       look up a name that is not stored
// Checked:
//   - get(), info() and get_into() each either succeed or throw zc::error
//     with a message; get() and info() agree on success and on refusal;
//   - a row that follows the convention (checked here independently) is
//     never refused by get()/info();
//   - a successful get() describes the row: nbytes == blob length ==
//     itemsize x product(shape), bytes() holds the stored bytes, view() has
//     the stored dtype and shape and the same bytes in C order;
//   - get_into() into a matching destination returns nbytes and leaves the
//     stored bytes in C order; a mismatching or readonly one is refused with
//     the matching error code and left untouched;
//   - open_reader() streams exactly the stored bytes.
#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zc/buffer_view.hpp"
#include "zc/error.hpp"
#include "zc/sqlite.hpp"

#include "fuzz_input.hpp"

namespace {

using zc::fuzz::check;
using zc::fuzz::fail;

void check_message(const zc::error& e) { check(std::strlen(e.what()) > 0, "empty error message"); }

struct row_input {
  std::uint8_t flags = 0;
  std::string_view dtype_text;
  std::string_view shape_text;
  std::string_view order_text;
  std::string_view blob;
};

row_input split(const std::uint8_t* data, std::size_t size) {
  row_input in;
  if (size == 0) return in;
  in.flags = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto field = [&rest]() {
    const std::size_t nl = rest.find('\n');
    const std::string_view f = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    return f;
  };
  in.dtype_text = field();
  in.shape_text = field();
  in.order_text = field();
  in.blob = rest;
  return in;
}

// An independent reading of the convention's shape: a JSON array of
// non-negative integers without leading zeros, at most 8 of them, each
// <= INT64_MAX.  Only used one way: what it accepts the store must accept.
std::optional<zc::dims> strict_shape(std::string_view t) {
  std::size_t i = 0;
  const auto ws = [&] {
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) ++i;
  };
  ws();
  if (i == t.size() || t[i] != '[') return std::nullopt;
  ++i;
  ws();
  zc::dims out;
  if (i < t.size() && t[i] == ']') {
    ++i;
  } else {
    for (;;) {
      ws();
      const std::size_t start = i;
      while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
      const std::size_t len = i - start;
      if (len == 0 || (len > 1 && t[start] == '0') || len > 19) return std::nullopt;
      const std::string digits(t.substr(start, len));
      if (len == 19 && digits > "9223372036854775807") return std::nullopt;
      if (out.size() == zc::max_rank) return std::nullopt;
      out.push_back(static_cast<std::int64_t>(std::stoull(digits)));
      ws();
      if (i < t.size() && t[i] == ',') {
        ++i;
        continue;
      }
      if (i < t.size() && t[i] == ']') {
        ++i;
        break;
      }
      return std::nullopt;
    }
  }
  ws();
  if (i != t.size()) return std::nullopt;
  return out;
}

// True when the row follows the convention, judged without the store.
bool follows_convention(const row_input& in) {
  if ((in.flags & 3) >= 2 || ((in.flags >> 2) & 3) == 3) return false;
  zc::dtype type;
  try {
    type = zc::dtype::parse(in.dtype_text);
  } catch (const zc::error&) {
    return false;
  }
  const std::optional<zc::dims> shape = strict_shape(in.shape_text);
  if (!shape) return false;
  const std::string_view order = type.itemsize() == 1                              ? "none"
                                 : type.resolved_order() == zc::byte_order::little ? "little"
                                                                                   : "big";
  if (in.order_text != order) return false;
  unsigned __int128 bytes = type.itemsize();
  for (const std::int64_t e : *shape) {
    bytes *= static_cast<std::uint64_t>(e);
    if (bytes > (static_cast<unsigned __int128>(1) << 64))
      bytes = static_cast<unsigned __int128>(1) << 64;
  }
  return bytes == in.blob.size();
}

void exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail("setup SQL failed");
}

void bind_text(sqlite3_stmt* st, int index, std::string_view text) {
  // An empty field needs a non-null pointer to stay '' rather than NULL.
  if (sqlite3_bind_text64(st, index, text.empty() ? "" : text.data(), text.size(), SQLITE_TRANSIENT,
                          SQLITE_UTF8) != SQLITE_OK) {
    fail("bind text failed");
  }
}

void bind_blob(sqlite3_stmt* st, int index, std::string_view bytes) {
  // A zero-length blob needs a non-null pointer to stay a blob, not NULL.
  if (sqlite3_bind_blob64(st, index, bytes.empty() ? "" : bytes.data(), bytes.size(),
                          SQLITE_TRANSIENT) != SQLITE_OK) {
    fail("bind blob failed");
  }
}

// Inserts the row named "a".
void insert_row(sqlite3* db, const row_input& in) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO zc_arrays VALUES ('a', ?1, ?2, ?3, ?4)", -1, &st,
                         nullptr) != SQLITE_OK) {
    fail("prepare insert failed");
  }
  const unsigned meta = in.flags & 3U;
  if (meta == 2) {
    bind_blob(st, 1, in.dtype_text);
  } else {
    bind_text(st, 1, in.dtype_text);
  }
  bind_text(st, 2, in.shape_text);
  if (meta == 3) {
    sqlite3_bind_null(st, 3);
  } else {
    bind_text(st, 3, in.order_text);
  }
  switch ((in.flags >> 2) & 3U) {
    case 2:
      sqlite3_bind_zeroblob64(st, 4, in.blob.size());
      break;
    case 3:
      bind_text(st, 4, in.blob);
      break;
    default:
      bind_blob(st, 4, in.blob);
      break;
  }
  if (sqlite3_step(st) != SQLITE_DONE) fail("insert failed");
  sqlite3_finalize(st);
}

// The bytes the data column holds, as get() must report them.
std::vector<std::byte> stored_bytes(const row_input& in) {
  if (((in.flags >> 2) & 3U) == 2) return std::vector<std::byte>(in.blob.size());
  const auto* p = reinterpret_cast<const std::byte*>(in.blob.data());
  return {p, p + in.blob.size()};
}

bool same_info(const zc::sqlite::array_info& a, const zc::sqlite::array_info& b) {
  return a.name == b.name && a.dtype == b.dtype && a.shape == b.shape && a.nbytes == b.nbytes &&
         a.rowid == b.rowid;
}

// get_into() into the destination layout the flags pick.
void check_get_into(const zc::sqlite::array_store& store, const zc::sqlite::array_info& info,
                    const std::vector<std::byte>& expected, std::uint8_t flags) {
  const unsigned layout = (flags >> 4) & 7U;
  const std::size_t item = info.dtype.itemsize();
  const std::size_t count = info.nbytes / item;
  constexpr std::size_t pad = 3;
  // Room for the padded layout and the odd offset; never empty.
  std::vector<std::byte> memory((count == 0 ? 1 : count) * (item + pad) + 1, std::byte{0x5a});
  zc::dims shape = info.shape;
  zc::dtype type = info.dtype;
  std::optional<zc::errc> refusal;
  std::optional<zc::buffer_view> dst;
  try {
    switch (layout) {
      case 1: {
        zc::dims reversed;
        for (std::size_t k = shape.size(); k > 0; --k) reversed.push_back(shape[k - 1]);
        dst = zc::view(static_cast<void*>(memory.data()), type, reversed).transpose();
        break;
      }
      case 2:
        dst = zc::view(static_cast<void*>(memory.data()), type, shape);
        if (shape.size() > 0) dst = dst->flip(0);
        break;
      case 3: {
        zc::dims strides = zc::c_strides(shape, item + pad);
        dst = zc::buffer_view(memory.data(), type, shape, strides, zc::access::read_write);
        break;
      }
      case 4:
        dst = zc::view(static_cast<void*>(memory.data() + 1), type, shape);
        break;
      case 5:
        type = type.with_order(type.resolved_order() == zc::byte_order::little
                                   ? zc::byte_order::big
                                   : zc::byte_order::little);
        if (!(type == info.dtype)) refusal = zc::errc::dtype_mismatch;
        dst = zc::view(static_cast<void*>(memory.data()), type, shape);
        break;
      case 6:
        if (shape.size() == zc::max_rank) return;
        shape.push_back(1);
        refusal = zc::errc::shape_mismatch;
        dst = zc::view(static_cast<void*>(memory.data()), type, shape);
        break;
      case 7:
        refusal = zc::errc::readonly;
        dst = zc::view(static_cast<const void*>(memory.data()), type, shape);
        break;
      default:
        dst = zc::view(static_cast<void*>(memory.data()), type, shape);
        break;
    }
  } catch (const zc::error&) {
    return;  // this shape has no destination here (e.g. its strides overflow)
  }
  const std::vector<std::byte> before = memory;
  try {
    const std::size_t n = store.get_into("a", *dst);
    check(!refusal.has_value(), "get_into accepted a mismatching or readonly destination");
    check(n == info.nbytes, "get_into returned another byte count than nbytes");
    check(dst->to_bytes() == expected, "get_into left other bytes than the stored ones");
  } catch (const zc::error& e) {
    check_message(e);
    check(refusal.has_value(), "get_into refused a matching destination");
    check(e.code() == *refusal, "get_into refused with an unexpected error code");
    check(memory == before, "a refused get_into wrote to the destination");
  }
}

// open_reader() streams the same bytes, in chunks of 1..16 bytes.
void check_reader(const zc::sqlite::array_store& store, const std::vector<std::byte>& expected) {
  zc::sqlite::blob_reader reader = store.open_reader("a");
  check(reader.size() == expected.size(), "open_reader has another size");
  const std::size_t chunk = expected.empty() ? 1 : static_cast<std::size_t>(expected[0]) % 16 + 1;
  std::vector<std::byte> got;
  std::byte buffer[16];
  for (;;) {
    const std::size_t n = reader.read_some(buffer, chunk);
    check(n <= chunk, "read_some returned more than asked");
    if (n == 0) break;
    got.insert(got.end(), buffer, buffer + n);
    check(got.size() <= expected.size(), "open_reader reads past the blob");
  }
  check(got == expected, "open_reader streams other bytes");
  check(reader.remaining() == 0, "open_reader ended early");
}

void run(const row_input& in) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    fail("cannot open an in-memory database");
  }
  // Keep a pathological row from taking the whole run's memory.
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1 << 20);
  if ((in.flags & 3U) >= 2) {
    exec(db, "CREATE TABLE zc_arrays (name, dtype, shape, byte_order, data)");
  }
  {
    const zc::sqlite::array_store store(db);
    insert_row(db, in);
    const bool missing_name = (in.flags & 0x80U) != 0;
    const std::string name = missing_name ? "b" : "a";
    const bool conforming = follows_convention(in);
    const std::vector<std::byte> expected = stored_bytes(in);

    std::optional<zc::sqlite::array_info> from_info;
    std::optional<zc::errc> info_error;
    try {
      from_info = store.info(name);
    } catch (const zc::error& e) {
      check_message(e);
      info_error = e.code();
    }

    try {
      const zc::sqlite::stored_array got = store.get(name);
      check(!missing_name, "get found a name that is not stored");
      check(from_info.has_value(), "get accepted a row that info refused");
      const zc::sqlite::array_info& info = got.info();
      check(same_info(info, *from_info), "get and info describe the row differently");
      check(info.name == "a", "get reports another name");
      check(info.nbytes == expected.size(), "nbytes is not the blob length");
      std::uint64_t count = 1;
      for (const std::int64_t e : info.shape) {
        check(e >= 0, "negative extent");
        count *= static_cast<std::uint64_t>(e);
      }
      check(count * info.dtype.itemsize() == info.nbytes, "nbytes is not itemsize x product");
      check(zc::dtype::parse(std::string(in.dtype_text)) == info.dtype,
            "dtype is not the stored text's");
      const zc::buffer_view bytes = got.bytes();
      check(bytes.nbytes() == expected.size(), "bytes() has another length");
      check(bytes.readonly(), "bytes() is writable");
      check(bytes.to_bytes() == expected, "bytes() holds other bytes");
      try {
        const zc::buffer_view v = got.view(zc::sqlite::alignment_policy::allow_unaligned);
        check(v.readonly(), "view() is writable");
        check(v.dtype() == info.dtype, "view() has another dtype");
        check(v.shape_dims() == info.shape, "view() has another shape");
        check(v.nbytes() == info.nbytes, "view() has another nbytes");
        check(v.to_bytes() == expected, "view() holds other bytes");
      } catch (const zc::error& e) {
        check_message(e);
        // Only a shape whose dense strides overflow has no view.
        check(e.code() == zc::errc::overflow, "view() refused a consistent row");
      }
      try {
        const zc::buffer_view v = got.view();
        check(v.data() == bytes.data(), "view() is not the blob's memory");
      } catch (const zc::error& e) {
        check_message(e);
      }
      check_get_into(store, info, expected, in.flags);
      check_reader(store, expected);
    } catch (const zc::error& e) {
      check_message(e);
      check(!from_info.has_value(), "info accepted a row that get refused");
      check(!conforming || missing_name, "get refused a row that follows the convention");
      if (missing_name) check(e.code() == zc::errc::out_of_range, "missing name not out_of_range");
      check(info_error.has_value() && *info_error == e.code(),
            "get and info refuse with different codes");
    }
  }
  if (sqlite3_close(db) != SQLITE_OK) fail("a statement outlived the store");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  run(split(data, size));
  return 0;
}
