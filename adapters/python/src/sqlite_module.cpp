#include "sqlite_module.hpp"

#include <pybind11/stl.h>  // names() -> list of str

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "import_buffer.hpp"
#include "png_module.hpp"
#include "py_view.hpp"
#include "zc/sqlite.hpp"

namespace py = pybind11;

namespace zc::python {
namespace {

// One open database.  Every operation holds a shared_ptr to it, so closing
// the Python connection while another thread is inside a (GIL-released)
// call, or while a blob or a View from get() is alive, only marks it
// closed; SQLite's handle is closed when the last holder is done.
struct database {
  database(const std::string& file, zc::sqlite::connection::mode mode, std::string store_table)
      : path(file), connection(file, mode), table(std::move(store_table)) {}

  std::string path;
  zc::sqlite::connection connection;
  std::string table;
  // Serialises the calls made through this connection: SQLite serialises
  // each API call, but a put() is several (a savepoint, statements), which
  // two threads must not interleave.  Taken only with the GIL released.
  std::mutex mutex;
  std::optional<zc::sqlite::array_store> store_;  // made on first use: it may create the table
  std::atomic<bool> closed{false};

  zc::sqlite::array_store& store() {  // with `mutex` held
    if (!store_) store_.emplace(connection.get(), table);
    return *store_;
  }
};

// A View of an array read by get(): the statement that sits on the row (and
// the database it belongs to) live as long as the View or any buffer made
// from it.  Members are destroyed in reverse: the statement first.
struct stored_owner {
  std::shared_ptr<database> db;
  zc::sqlite::stored_array array;
};

class py_connection {
 public:
  py_connection(py::handle path, bool readonly, const std::string& table, double timeout) {
    std::optional<std::string> file = path_of(path);
    if (!file) throw py::type_error("zcbridge.sqlite.connect: path must be a str or os.PathLike");
    using mode = zc::sqlite::connection::mode;
    db_ = std::make_shared<database>(*file, readonly ? mode::read_only : mode::read_write_create,
                                     table);
    if (!(timeout >= 0.0)) {  // also NaN, which no cast to int may see
      throw zc::error(zc::errc::invalid_argument,
                      "zcbridge.sqlite.connect: timeout must be a number of seconds >= 0, got " +
                          std::to_string(timeout));
    }
    // Milliseconds as SQLite's int; beyond ~24 days means "wait as long as it takes".
    db_->connection.busy_timeout(static_cast<int>(std::min(timeout, 2e6) * 1000.0));
  }

  void put(std::string_view name, py::handle array) {
    std::shared_ptr<database> db = open();
    const zc::buffer_view v = import_buffer(array, false);
    py::gil_scoped_release unlocked;
    const std::lock_guard lock(db->mutex);
    db->store().put(name, v);
  }

  py::object get(std::string_view name) {
    std::shared_ptr<database> db = open();
    zc::buffer_view v;
    {
      py::gil_scoped_release unlocked;
      const std::lock_guard lock(db->mutex);
      auto owner = std::make_shared<stored_owner>(stored_owner{db, db->store().get(name)});
      // SQLite promises no alignment for a value on its page; NumPy and
      // memoryview handle unaligned buffers, so none is required here.
      v = owner->array.view(zc::sqlite::alignment_policy::allow_unaligned).with_owner(owner);
    }
    return make_view(std::move(v));
  }

  py::object get_into(std::string_view name, py::handle out) {
    std::shared_ptr<database> db = open();
    const zc::buffer_view destination = import_buffer(out, true);
    {
      py::gil_scoped_release unlocked;
      const std::lock_guard lock(db->mutex);
      (void)db->store().get_into(name, destination);
    }
    return py::reinterpret_borrow<py::object>(out);
  }

  std::vector<std::string> names() {
    std::shared_ptr<database> db = open();
    py::gil_scoped_release unlocked;
    const std::lock_guard lock(db->mutex);
    return db->store().names();
  }

  bool remove(std::string_view name) {
    std::shared_ptr<database> db = open();
    py::gil_scoped_release unlocked;
    const std::lock_guard lock(db->mutex);
    return db->store().remove(name);
  }

  bool contains(std::string_view name) {
    std::shared_ptr<database> db = open();
    py::gil_scoped_release unlocked;
    const std::lock_guard lock(db->mutex);
    return db->store().contains(name);
  }

  std::size_t read_into(const std::string& table, const std::string& column, std::int64_t rowid,
                        py::handle out) {
    std::shared_ptr<database> db = open();
    const zc::buffer_view destination = import_buffer(out, true);
    py::gil_scoped_release unlocked;
    const std::lock_guard lock(db->mutex);
    return zc::sqlite::read_into(db->connection.get(), table.c_str(), column.c_str(), rowid,
                                 destination);
  }

  std::size_t write_from(const std::string& table, const std::string& column, std::int64_t rowid,
                         py::handle array) {
    std::shared_ptr<database> db = open();
    const zc::buffer_view source = import_buffer(array, false);
    py::gil_scoped_release unlocked;
    const std::lock_guard lock(db->mutex);
    return zc::sqlite::write_from(db->connection.get(), table.c_str(), column.c_str(), rowid,
                                  source);
  }

  void close() noexcept {
    if (db_) db_->closed = true;
    db_.reset();
  }
  [[nodiscard]] bool closed() const noexcept { return !db_; }
  [[nodiscard]] std::string path() const { return db_ ? db_->path : std::string(); }

  std::shared_ptr<database> open() const {
    if (!db_) {
      throw zc::error(zc::errc::expired, "the zcbridge.sqlite connection is closed");
    }
    return db_;
  }

 private:
  std::shared_ptr<database> db_;  // null once closed
};

// An incremental blob handle with a file position: the C++ side of
// zcbridge.sqlite.Blob (an io.RawIOBase, in sqlite.py).
class py_blob {
 public:
  py_blob(const py_connection& connection, const std::string& table, const std::string& column,
          std::int64_t rowid, bool writable)
      : db_(connection.open()), writable_(writable) {
    py::gil_scoped_release unlocked;
    const std::lock_guard lock(db_->mutex);
    const zc::sqlite::blob_address where{.table = table, .column = column, .rowid = rowid};
    handle_.emplace(db_->connection.get(), where,
                    writable ? zc::access::read_write : zc::access::read_only);
    size_ = handle_->size();
  }

  std::size_t readinto(py::handle buffer) {
    const zc::buffer_view dst = import_buffer(buffer, true);
    py::gil_scoped_release unlocked;
    const std::lock_guard lock(db_->mutex);
    require_usable();
    const std::size_t count = std::min(dst.nbytes(), size_ - position_);
    if (count == dst.nbytes()) {
      handle_->read(dst, position_);  // any layout, run by run
    } else if (dst.is_c_contiguous()) {
      handle_->read_bytes(static_cast<std::byte*>(dst.mutable_data()), count, position_);
    } else {
      throw zc::error(zc::errc::layout,
                      "Blob.readinto: only " + std::to_string(count) +
                          " bytes are left, and filling part of a non-contiguous buffer (" +
                          dst.describe() + ") is not supported; pass a contiguous one");
    }
    position_ += count;
    return count;
  }

  std::size_t write(py::handle buffer) {
    const zc::buffer_view src = import_buffer(buffer, false);
    py::gil_scoped_release unlocked;
    const std::lock_guard lock(db_->mutex);
    require_usable();
    if (src.nbytes() > size_ - position_) {
      throw zc::error(zc::errc::limit_exceeded,
                      "Blob.write: " + std::to_string(src.nbytes()) + " bytes at offset " +
                          std::to_string(position_) + " would pass the end of the " +
                          std::to_string(size_) +
                          "-byte blob (SQLite cannot grow a blob through a handle: "
                          "write zeroblob(n) of the final length first)");
    }
    handle_->write(src, position_);
    position_ += src.nbytes();
    return src.nbytes();
  }

  void seek(std::int64_t position) {
    py::gil_scoped_release unlocked;
    const std::lock_guard lock(db_->mutex);
    if (position < 0 || static_cast<std::uint64_t>(position) > size_) {
      throw zc::error(zc::errc::out_of_range, "Blob.seek: position " + std::to_string(position) +
                                                  " is outside the blob (0.." +
                                                  std::to_string(size_) + ")");
    }
    position_ = static_cast<std::size_t>(position);
  }

  void close() {
    py::gil_scoped_release unlocked;
    const std::lock_guard lock(db_->mutex);
    if (!handle_) return;
    zc::sqlite::blob_handle handle = std::move(*handle_);
    handle_.reset();
    handle.close();  // reports a commit that failed
  }

  // No lock: nothing else can be using a blob that is being destroyed, and
  // sqlite3_blob_close is one (serialised) SQLite call.
  ~py_blob() = default;
  py_blob(const py_blob&) = delete;
  py_blob& operator=(const py_blob&) = delete;

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::size_t tell() const {
    py::gil_scoped_release unlocked;
    const std::lock_guard lock(db_->mutex);
    return position_;
  }
  [[nodiscard]] bool writable() const noexcept { return writable_; }
  [[nodiscard]] bool closed() const {
    py::gil_scoped_release unlocked;
    const std::lock_guard lock(db_->mutex);
    return !handle_;
  }

 private:
  // With db_->mutex held (close() may run on another thread).
  void require_usable() const {
    if (!handle_) throw zc::error(zc::errc::expired, "I/O operation on a closed zcbridge Blob");
    if (db_->closed) {
      throw zc::error(zc::errc::expired, "the Blob's zcbridge.sqlite connection is closed");
    }
  }

  std::shared_ptr<database> db_;  // never null; kept until the blob is destroyed
  std::optional<zc::sqlite::blob_handle> handle_;
  std::size_t size_ = 0;
  std::size_t position_ = 0;
  bool writable_;
};

}  // namespace

void bind_sqlite(py::module_& sqlite) {
  sqlite.doc() = "SQLite array store and incremental blob I/O straight into and from buffers.";

  py::class_<py_connection>(sqlite, "_Connection")
      .def(py::init<py::handle, bool, const std::string&, double>(), py::arg("path"),
           py::arg("readonly") = false, py::arg("table") = "zc_arrays", py::arg("timeout") = 5.0)
      .def("put", &py_connection::put, py::arg("name"), py::arg("array"),
           "Stores any buffer under `name` (replacing it); a C-contiguous one is bound as "
           "it is, without a copy by zcbridge.")
      .def("get", &py_connection::get, py::arg("name"),
           "The stored array as a readonly View over SQLite's own copy of the value.")
      .def("get_into", &py_connection::get_into, py::arg("name"), py::arg("out"),
           "Reads the stored array straight into `out` (same dtype and shape, any strides); "
           "returns `out`.")
      .def("names", &py_connection::names, "The stored names, sorted.")
      .def("remove", &py_connection::remove, py::arg("name"),
           "Deletes `name`; returns whether it existed.")
      .def("__contains__", &py_connection::contains)
      .def("read_into", &py_connection::read_into, py::arg("table"), py::arg("column"),
           py::arg("rowid"), py::arg("out"),
           "Incremental blob I/O: the blob at table.column, rowid straight into `out` "
           "(exactly its length); returns the byte count.")
      .def("write_from", &py_connection::write_from, py::arg("table"), py::arg("column"),
           py::arg("rowid"), py::arg("array"),
           "Incremental blob I/O: writes `array` into the existing blob of the same length; "
           "returns the byte count.")
      .def("close", &py_connection::close)
      .def_property_readonly("closed", &py_connection::closed)
      .def_property_readonly("path", &py_connection::path);

  py::class_<py_blob>(sqlite, "_Blob")
      .def(py::init<const py_connection&, const std::string&, const std::string&, std::int64_t,
                    bool>(),
           py::arg("connection"), py::arg("table"), py::arg("column"), py::arg("rowid"),
           py::arg("writable") = false)
      .def("readinto", &py_blob::readinto)
      .def("write", &py_blob::write)
      .def("seek", &py_blob::seek)
      .def("tell", &py_blob::tell)
      .def("close", &py_blob::close)
      .def_property_readonly("size", &py_blob::size)
      .def_property_readonly("writable", &py_blob::writable)
      .def_property_readonly("closed", &py_blob::closed);
}

}  // namespace zc::python
