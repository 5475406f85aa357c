// array_store: the self-describing table convention for n-d arrays.
#include <complex>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "allocation_counter.hpp"
#include "expect_error.hpp"
#include "sqlite_fixture.hpp"
#include "zc/copy_stats.hpp"

namespace zc::test {
namespace {

using zc::sqlite::array_store;

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class array_store_test : public sqlite_test {
 protected:
  std::string text(const std::string& sql) {
    zc::sqlite::statement st(db_, sql);
    EXPECT_TRUE(st.step()) << sql;
    const auto* p = sqlite3_column_text(st, 0);
    return p ? reinterpret_cast<const char*>(p) : "(null)";
  }
};

template <class T>
T make_value(std::size_t i) {
  const int small = static_cast<int>(i % 7 + 1);
  if constexpr (std::is_same_v<T, bool>) {
    return small % 2 == 0;
  } else if constexpr (std::is_same_v<T, std::complex<float>> ||
                       std::is_same_v<T, std::complex<double>>) {
    using R = typename T::value_type;
    return T(static_cast<R>(small), static_cast<R>(-small));
  } else {
    return static_cast<T>(small);
  }
}

template <class T>
void round_trip(array_store& store, const std::string& name) {
  constexpr std::size_t n = 3 * 4 * 5;
  const std::unique_ptr<T[]> values(new T[n]);  // not std::vector: vector<bool> has no data()
  for (std::size_t i = 0; i < n; ++i) values[i] = make_value<T>(i);
  const zc::buffer_view src = zc::view(values.get(), {3, 4, 5});
  store.put(name, src);
  const zc::sqlite::stored_array got = store.get(name);
  EXPECT_EQ(got.info().dtype, zc::dtype_of<T>()) << name;
  EXPECT_EQ(got.info().shape, (dims{3, 4, 5})) << name;
  EXPECT_EQ(got.info().nbytes, src.nbytes());
  const zc::buffer_view v = got.view();
  EXPECT_EQ(v.data(), got.bytes().data());  // a view of SQLite's value, not a copy
  EXPECT_TRUE(v.readonly());
  EXPECT_TRUE(v == src) << name;
  const std::unique_ptr<T[]> back(new T[n]());
  store.get_into(name, zc::view(back.get(), {3, 4, 5}));
  for (std::size_t i = 0; i < n; ++i) EXPECT_TRUE(back[i] == values[i]) << name << " " << i;
}

TEST_F(array_store_test, round_trips_every_scalar_type) {
  array_store store(db_);
  round_trip<std::uint8_t>(store, "u1");
  round_trip<std::int8_t>(store, "i1");
  round_trip<std::uint16_t>(store, "u2");
  round_trip<std::int16_t>(store, "i2");
  round_trip<std::uint32_t>(store, "u4");
  round_trip<std::int32_t>(store, "i4");
  round_trip<std::uint64_t>(store, "u8");
  round_trip<std::int64_t>(store, "i8");
  round_trip<float>(store, "f4");
  round_trip<double>(store, "f8");
  round_trip<std::complex<float>>(store, "c8");
  round_trip<std::complex<double>>(store, "c16");
  round_trip<bool>(store, "b1");
  EXPECT_EQ(store.names().size(), 13u);
}

TEST_F(array_store_test, table_is_ordinary_sql_that_documents_itself) {
  array_store store(db_);
  std::vector<double> m(12, 1.0);
  store.put("m", zc::view(m.data(), {3, 4}));
  std::vector<std::uint8_t> img(6, 7);
  store.put("img", zc::view(img.data(), {1, 2, 3}));
  EXPECT_EQ(text("SELECT dtype FROM zc_arrays WHERE name = 'm'"),
            zc::host_byte_order == zc::byte_order::little ? "<f8" : ">f8");
  EXPECT_EQ(text("SELECT shape FROM zc_arrays WHERE name = 'm'"), "[3,4]");
  EXPECT_EQ(text("SELECT byte_order FROM zc_arrays WHERE name = 'm'"),
            zc::host_byte_order == zc::byte_order::little ? "little" : "big");
  EXPECT_EQ(text("SELECT byte_order FROM zc_arrays WHERE name = 'img'"), "none");
  EXPECT_EQ(text("SELECT length(data) FROM zc_arrays WHERE name = 'm'"), "96");
  EXPECT_EQ(text("SELECT json_extract(shape, '$[2]') FROM zc_arrays WHERE name = 'img'"), "3");
  EXPECT_EQ(text("SELECT hex(data) FROM zc_arrays WHERE name = 'img'"), "070707070707");
}

TEST_F(array_store_test, rows_written_by_others_are_readable) {
  array_store store(db_);
  exec("INSERT INTO zc_arrays VALUES ('ones', '|u1', '[2,2]', 'none', X'01010101')");
  exec("INSERT INTO zc_arrays VALUES ('be', '>u2', '[2]', 'big', X'01000002')");
  exec("INSERT INTO zc_arrays VALUES ('struct', 'd', '[1]', '" +
       std::string(zc::host_byte_order == zc::byte_order::little ? "little" : "big") +
       "', zeroblob(8))");
  exec("INSERT INTO zc_arrays VALUES ('empty', '<f4', '[0,5]', 'little', X'')");
  exec("INSERT INTO zc_arrays VALUES ('scalar', '<i4', '[]', 'little', X'2A000000')");
  const auto ones = store.get("ones");
  EXPECT_EQ((ones.view().at<const std::uint8_t>(1, 1)), 1);
  const zc::buffer_view be = store.get("be").view();
  EXPECT_EQ(be.dtype().resolved_order(), zc::byte_order::big);
  std::uint16_t native[2];
  zc::copy(be, zc::view(native));  // explicit byte-order conversion
  EXPECT_EQ(native[0], 256);
  EXPECT_EQ(native[1], 2);
  EXPECT_EQ((store.get("struct").view().at<const double>(0)), 0.0);
  const zc::buffer_view empty = store.get("empty").view();
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_EQ(empty.shape(1), 5);
  const zc::buffer_view scalar = store.get("scalar").view();
  EXPECT_EQ(scalar.rank(), 0u);
  if (zc::host_byte_order == zc::byte_order::little) {
    EXPECT_EQ(scalar.at<const std::int32_t>(), 42);
  }
}

TEST_F(array_store_test, get_view_outlives_the_handle) {
  array_store store(db_);
  std::vector<float> values(1000, 3.0f);
  store.put("a", zc::view(values));
  zc::buffer_view v;
  {
    const auto got = store.get("a");
    v = got.view();
  }  // the handle is gone; the view shares ownership of the statement
  EXPECT_TRUE(v.owner());
  EXPECT_EQ((v.at<const float>(999)), 3.0f);
  EXPECT_EQ(v.owner().use_count(), 1);  // the view alone keeps the row alive
}

TEST_F(array_store_test, held_view_does_not_block_writes_on_the_same_connection) {
  array_store store(db_);
  std::vector<std::int16_t> a(100, 5), b(50, 6);
  store.put("a", zc::view(a));
  const zc::buffer_view held = store.get("a").view();
  store.put("b", zc::view(b));
  store.put("a", zc::view(b));   // even replacing the row the view came from
  EXPECT_EQ(held.size(), 100u);  // the view reads SQLite's copy of the old value
  EXPECT_EQ((held.at<const std::int16_t>(99)), 5);
  EXPECT_EQ(store.info("a").nbytes, 100u);
}

// The sqlite3 command-line shell, if installed, reads what we write and
// writes what we read: the convention is plain SQL.
std::string shell(const std::string& db_path, const std::string& sql) {
  const std::string command = "sqlite3 -batch '" + db_path + "' \"" + sql + "\" 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return "(popen failed)";
  std::string out;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  ::pclose(pipe);
  return out;
}

TEST_F(array_store_test, sqlite_shell_reads_and_writes_the_store) {
  if (std::system("sqlite3 -version > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "the sqlite3 shell is not installed";
  }
  array_store store(db_);
  const std::uint16_t values[2][2] = {{1, 2}, {0x0304, 0xFFFF}};
  store.put("m", zc::view(values));
  const std::string expected_hex =
      zc::host_byte_order == zc::byte_order::little ? "010002000403FFFF" : "000100020304FFFF";
  EXPECT_EQ(shell(path_, "SELECT name, dtype, shape, byte_order, hex(data) FROM zc_arrays"),
            std::string("m|") + (zc::host_byte_order == zc::byte_order::little ? "<u2" : ">u2") +
                "|[2,2]|" + (zc::host_byte_order == zc::byte_order::little ? "little" : "big") +
                "|" + expected_hex + "\n");
  EXPECT_EQ(shell(path_,
                  "INSERT INTO zc_arrays VALUES ('from_shell', '>i4', '[2]', 'big', "
                  "X'00000007FFFFFFFE')"),
            "");
  std::int32_t back[2] = {0, 0};
  zc::copy(store.get("from_shell").view(), zc::view(back));
  EXPECT_EQ(back[0], 7);
  EXPECT_EQ(back[1], -2);
}

TEST_F(array_store_test, get_into_lands_in_callers_memory) {
  array_store store(db_);
  std::vector<double> values(128 * 1024);  // 1 MiB
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<double>(i);
  store.put("big", zc::view(values.data(), {256, 512}));
  std::vector<double> dst(values.size());
  const zc::buffer_view dst_view = zc::view(dst.data(), {256, 512});
  EXPECT_EQ(dst_view.data(), dst.data());
  const std::uint64_t copied = zc::bytes_copied();
  {
    allocation_counter counter;
    EXPECT_EQ(store.get_into("big", dst_view), values.size() * 8);
    EXPECT_LT(counter.largest(), 4096u);  // query text only, never the payload
  }
  EXPECT_EQ(zc::bytes_copied(), copied);
  EXPECT_EQ(dst, values);
  // Column-major destination: same elements, other memory order.
  std::vector<double> f(values.size());
  store.get_into("big", zc::view(f.data(), {512, 256}).transpose());
  EXPECT_EQ(f[1 * 256 + 0], values[0 * 512 + 1]);
}

TEST_F(array_store_test, get_into_refuses_other_dtype_or_shape) {
  array_store store(db_);
  std::vector<double> values(6, 1.0);
  store.put("m", zc::view(values.data(), {2, 3}));
  std::vector<double> wrong_shape(6);
  try {
    store.get_into("m", zc::view(wrong_shape.data(), {3, 2}));
    FAIL();
  } catch (const zc::error& e) {
    EXPECT_EQ(e.code(), zc::errc::shape_mismatch);
    EXPECT_NE(std::string(e.what()).find("[2,3]"), std::string::npos) << e.what();
  }
  std::vector<float> wrong_type(6);
  EXPECT_THROW(store.get_into("m", zc::view(wrong_type.data(), {2, 3})), zc::error);
  const zc::buffer_view swapped =
      zc::view(wrong_shape.data(), {2, 3})
          .with_byte_order(zc::host_byte_order == zc::byte_order::little ? zc::byte_order::big
                                                                         : zc::byte_order::little);
  try {
    store.get_into("m", swapped);
    FAIL();
  } catch (const zc::error& e) {
    EXPECT_EQ(e.code(), zc::errc::dtype_mismatch);
  }
  const std::vector<double> readonly(6);
  EXPECT_THROW(store.get_into("m", zc::view(readonly.data(), {2, 3})), zc::error);
}

TEST_F(array_store_test, non_contiguous_views_are_streamed_in_c_order) {
  array_store store(db_);
  std::vector<std::int32_t> values(8 * 6);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<std::int32_t>(i);
  const zc::buffer_view m = zc::view(values.data(), {8, 6});
  const zc::buffer_view pieces[] = {m.transpose(), m.slice(0, 1, {}, 3), m.flip(1)};
  int k = 0;
  for (const zc::buffer_view& v : pieces) {
    const std::string name = "piece" + std::to_string(k++);
    store.put(name, v);
    EXPECT_TRUE(store.get(name).view() == v) << v.describe();
  }
  EXPECT_NE(sqlite3_get_autocommit(db_), 0);
}

TEST_F(array_store_test, put_replaces_and_remove_deletes) {
  array_store store(db_);
  std::vector<std::uint8_t> a(10, 1), b(20, 2);
  store.put("x", zc::view(a));
  store.put("x", zc::view(b));
  EXPECT_EQ(store.info("x").nbytes, 20u);
  EXPECT_EQ(store.names(), std::vector<std::string>{"x"});
  EXPECT_TRUE(store.contains("x"));
  EXPECT_TRUE(store.remove("x"));
  EXPECT_FALSE(store.remove("x"));
  EXPECT_FALSE(store.contains("x"));
  EXPECT_FALSE(store.find("x").has_value());
  for (auto f :
       {+[](array_store& s) { (void)s.get("x"); }, +[](array_store& s) { (void)s.info("x"); },
        +[](array_store& s) { (void)s.open_reader("x"); }}) {
    try {
      f(store);
      FAIL();
    } catch (const zc::error& e) {
      EXPECT_EQ(e.code(), zc::errc::out_of_range);
      EXPECT_NE(std::string(e.what()).find("'x'"), std::string::npos) << e.what();
    }
  }
}

TEST_F(array_store_test, rows_breaking_the_convention_are_refused) {
  array_store store(db_);
  exec("INSERT INTO zc_arrays VALUES ('short', '<f8', '[2]', 'little', X'00')");
  exec("INSERT INTO zc_arrays VALUES ('order', '<f8', '[1]', 'big', zeroblob(8))");
  exec("INSERT INTO zc_arrays VALUES ('dtype', 'f3', '[1]', 'little', zeroblob(8))");
  exec("INSERT INTO zc_arrays VALUES ('shape', '<f8', '1', 'little', zeroblob(8))");
  exec("INSERT INTO zc_arrays VALUES ('text', '|u1', '[4]', 'none', 'abcd')");
  const std::pair<const char*, zc::errc> cases[] = {{"short", zc::errc::shape_mismatch},
                                                    {"order", zc::errc::invalid_format},
                                                    {"dtype", zc::errc::invalid_format},
                                                    {"shape", zc::errc::invalid_format},
                                                    {"text", zc::errc::dtype_mismatch}};
  for (const auto& [name, code] : cases) {
    try {
      (void)store.get(name);
      ADD_FAILURE() << name;
    } catch (const zc::error& e) {
      EXPECT_EQ(e.code(), code) << name << ": " << e.what();
    }
    try {
      (void)store.info(name);
      ADD_FAILURE() << name;
    } catch (const zc::error& e) {
      EXPECT_EQ(e.code(), code) << name << ": " << e.what();
    }
  }
}

TEST_F(array_store_test, empty_arrays_with_huge_extents_round_trip) {
  // Core lets an empty view have extents whose product overflows before the
  // zero is reached (its strides are never used), and put() stores it; get(),
  // info() and get_into() refused it with errc::overflow (found by
  // fuzz_sqlite_array_store).
  array_store store(db_);
  constexpr std::int64_t huge = std::int64_t{1} << 62;
  const dims shape{huge, huge, 0};
  std::int16_t storage = 0;
  store.put("empty", zc::view(&storage, shape));
  EXPECT_EQ(text("SELECT shape FROM zc_arrays WHERE name = 'empty'"),
            "[4611686018427387904,4611686018427387904,0]");
  const zc::sqlite::array_info info = store.info("empty");
  EXPECT_EQ(info.shape, shape);
  EXPECT_EQ(info.nbytes, 0u);
  const zc::sqlite::stored_array got = store.get("empty");
  EXPECT_EQ(got.info().shape, shape);
  const zc::buffer_view v = got.view();
  EXPECT_EQ(v.shape_dims(), shape);
  EXPECT_EQ(v.dtype(), zc::dtype_of<std::int16_t>());
  EXPECT_EQ(v.nbytes(), 0u);
  std::int16_t dst = 7;
  EXPECT_EQ(store.get_into("empty", zc::view(&dst, shape)), 0u);
  EXPECT_EQ(dst, 7);
  // The zero may come first as well; a non-empty overflowing shape is refused.
  exec(
      "INSERT INTO zc_arrays VALUES ('zero_first', '<i2', '[0,4611686018427387904,8]', "
      "'little', X'')");
  EXPECT_EQ(store.info("zero_first").shape, (dims{0, huge, 8}));
  exec(
      "INSERT INTO zc_arrays VALUES ('overflow', '<i2', '[4611686018427387904,8]', "
      "'little', X'')");
  EXPECT_EQ(code_of([&] { (void)store.info("overflow"); }), zc::errc::overflow);
  EXPECT_EQ(code_of([&] { (void)store.get("overflow"); }), zc::errc::overflow);
}

TEST_F(array_store_test, table_name_is_checked) {
  EXPECT_THROW(array_store(db_, "x; DROP TABLE y"), zc::error);
  EXPECT_THROW(array_store(db_, ""), zc::error);
  EXPECT_THROW(array_store(db_, "1abc"), zc::error);
  EXPECT_THROW(array_store(nullptr), zc::error);
  array_store custom(db_, "tiles_2");
  std::vector<std::uint8_t> a(3, 1);
  custom.put("a", zc::view(a));
  EXPECT_EQ(text("SELECT name FROM tiles_2"), "a");
}

TEST_F(array_store_test, png_files_round_trip_byte_exact) {
  array_store store(db_);
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(testdata("pngsuite"))) {
    if (entry.path().extension() == ".png") names.push_back(entry.path().string());
    if (names.size() == 12) break;
  }
  ASSERT_FALSE(names.empty());
  for (const std::string& path : names) {
    const auto file = read_file(path);
    store.put(path, zc::view(file));
    // Zero-copy: what a PNG decoder's memory source would read.
    const auto got = store.get(path);
    const zc::memory_source source(got.bytes());
    EXPECT_EQ(source.rest().data(), got.bytes().data());
    ASSERT_EQ(got.bytes().nbytes(), file.size()) << path;
    EXPECT_EQ(std::memcmp(got.bytes().data(), file.data(), file.size()), 0) << path;
    // Streamed: what a decoder reading a byte_source in chunks sees.
    zc::sqlite::blob_reader reader = store.open_reader(path);
    std::vector<std::uint8_t> streamed(file.size());
    std::size_t at = 0;
    while (const std::size_t n =
               reader.read_some(reinterpret_cast<std::byte*>(streamed.data() + at), 64))
      at += n;
    EXPECT_EQ(streamed, file) << path;
  }
}

TEST_F(array_store_test, failed_multi_array_write_leaves_store_as_it_was) {
  array_store store(db_);
  std::vector<std::uint8_t> keep(100, 1), fits(100, 2), too_big(5000, 3);
  store.put("keep", zc::view(keep));
  sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, 4096);
  try {
    zc::sqlite::transaction tx(db_);
    store.put("fits", zc::view(fits));
    store.put("keep", zc::view(fits));  // replaces inside the transaction
    store.put("too_big", zc::view(too_big));
    tx.commit();
    FAIL();
  } catch (const zc::error& e) {
    EXPECT_EQ(e.code(), zc::errc::limit_exceeded);
  }
  EXPECT_EQ(store.names(), std::vector<std::string>{"keep"});
  std::vector<std::uint8_t> back(100);
  store.get_into("keep", zc::view(back));
  EXPECT_EQ(back, keep);
}

}  // namespace
}  // namespace zc::test
