// blob_reader / blob_writer: blobs as core byte streams.
#include <cstring>
#include <fstream>
#include <iterator>

#include "allocation_counter.hpp"
#include "sqlite_fixture.hpp"

namespace zc::test {
namespace {

class blob_stream_test : public sqlite_test {
 protected:
  blob_stream_test() { exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)"); }
};

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_F(blob_stream_test, reader_reads_in_the_chunks_asked_for) {
  const auto bytes = pattern(10000, 9);
  const std::int64_t rowid = insert_blob(bytes);
  zc::sqlite::blob_reader reader(db_, "blobs", "data", rowid);
  zc::byte_source& source = reader;  // usable wherever core wants a byte source
  EXPECT_EQ(reader.size(), 10000u);
  std::vector<std::uint8_t> out(10000);
  std::size_t got = 0;
  {
    allocation_counter counter;
    while (got < out.size()) {
      const std::size_t n = source.read_some(reinterpret_cast<std::byte*>(out.data() + got), 333);
      ASSERT_GT(n, 0u);
      EXPECT_LE(n, 333u);
      got += n;
      EXPECT_EQ(reader.position(), got);
    }
    EXPECT_EQ(counter.count(), 0u);  // straight from SQLite into our memory
  }
  EXPECT_EQ(source.read_some(reinterpret_cast<std::byte*>(out.data()), 10), 0u);  // end
  EXPECT_EQ(out, bytes);
  reader.seek(9990);
  EXPECT_EQ(reader.remaining(), 10u);
  std::vector<std::uint8_t> tail(20, 0);
  EXPECT_EQ(reader.read(zc::view(tail)), 10u);  // core's loop stops at the end
  EXPECT_EQ(tail[9], bytes[9999]);
  EXPECT_THROW(reader.seek(10001), zc::error);
  reader.seek(9995);
  std::vector<std::uint8_t> ten(10);
  try {
    reader.read_exact(zc::view(ten));
    FAIL();
  } catch (const zc::error& e) {
    EXPECT_EQ(e.code(), zc::errc::truncated);
  }
}

TEST_F(blob_stream_test, stored_png_streams_back_byte_exact) {
  const auto png = read_file(testdata("pngsuite/basn6a16.png"));
  ASSERT_GT(png.size(), 1000u);
  const std::int64_t rowid = insert_blob(png);
  zc::sqlite::blob_reader reader(db_, "blobs", "data", rowid);
  zc::memory_sink sink;
  std::uint8_t chunk[256];
  for (;;) {
    const std::size_t n = reader.read_some(reinterpret_cast<std::byte*>(chunk), sizeof chunk);
    if (n == 0) break;
    sink.write(reinterpret_cast<const std::byte*>(chunk), n);
  }
  ASSERT_EQ(sink.bytes().size(), png.size());
  EXPECT_EQ(std::memcmp(sink.bytes().data(), png.data(), png.size()), 0);
}

TEST_F(blob_stream_test, writer_fills_fixed_length_blob) {
  exec("INSERT INTO blobs(id, data) VALUES (1, zeroblob(1000))");
  const auto bytes = pattern(1000, 4);
  {
    zc::sqlite::blob_writer writer(db_, "blobs", "data", 1);
    zc::byte_sink& sink = writer;
    sink.write(reinterpret_cast<const std::byte*>(bytes.data()), 600);
    sink.write(zc::view(bytes.data() + 600, {400}));  // core's view overload
    EXPECT_EQ(writer.written(), 1000u);
    EXPECT_EQ(writer.remaining(), 0u);
    try {
      sink.write(reinterpret_cast<const std::byte*>(bytes.data()), 1);
      FAIL();
    } catch (const zc::error& e) {
      EXPECT_EQ(e.code(), zc::errc::limit_exceeded);
      EXPECT_NE(std::string(e.what()).find("1000 bytes"), std::string::npos) << e.what();
    }
  }
  std::vector<std::uint8_t> back(1000);
  zc::sqlite::read_into(db_, "blobs", "data", 1, zc::view(back));
  EXPECT_EQ(back, bytes);
  // A write that does not fit writes nothing of itself.
  zc::sqlite::blob_writer writer(db_, "blobs", "data", 1);
  writer.write(reinterpret_cast<const std::byte*>(bytes.data()), 990);
  const std::vector<std::uint8_t> zeros(20, 0);
  EXPECT_THROW(writer.write(reinterpret_cast<const std::byte*>(zeros.data()), 20), zc::error);
  zc::sqlite::read_into(db_, "blobs", "data", 1, zc::view(back));
  EXPECT_EQ(back, bytes);
}

TEST_F(blob_stream_test, reader_refuses_missing_row) {
  try {
    zc::sqlite::blob_reader reader(db_, "blobs", "data", 5);
    FAIL();
  } catch (const zc::error& e) {
    EXPECT_EQ(e.code(), zc::errc::out_of_range);
  }
}

}  // namespace
}  // namespace zc::test
