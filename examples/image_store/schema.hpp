// The image store's tables: a tiles-style layout (as MBTiles and GeoPackage
// keep image tiles): a few plain columns describing each image and the
// encoded PNG file itself in a blob, byte for byte.  Any SQLite client can
// read it, e.g.  sqlite3 image_store.sqlite "SELECT name, width, height,
// status, error, length(png) FROM images"  or
// "SELECT writefile('x.png', png) FROM images".
#pragma once

struct sqlite3;

namespace image_store {

/// Stored in PRAGMA user_version; bumped whenever the tables change.
///   1  images, image_stats, derived
///   2  image_state: what the incremental run compares (file size, time,
///      content hash) and the analysis status with the error of a bad image
inline constexpr int schema_version = 2;

// image_state is a table of its own, not columns of `images`: columns after
// the PNG blob sit behind its overflow pages, so every incremental run
// would read all stored PNGs just to compare sizes and hashes.
inline constexpr const char* schema_sql = R"sql(
CREATE TABLE IF NOT EXISTS images (
  id         INTEGER PRIMARY KEY,    -- rowid: incremental blob I/O needs it
  name       TEXT NOT NULL UNIQUE,   -- path relative to the folder, e.g. 'a/x.png'
  width      INTEGER NOT NULL,       -- pixels
  height     INTEGER NOT NULL,       -- pixels
  channels   INTEGER NOT NULL,       -- samples per pixel in the file (palette: 1)
  bit_depth  INTEGER NOT NULL,       -- bits per sample in the file
  color_type INTEGER NOT NULL,       -- PNG IHDR colour type (0, 2, 3, 4, 6)
  has_trns   INTEGER NOT NULL,       -- 1 when a tRNS chunk makes colours transparent
  png        BLOB NOT NULL           -- the PNG file, unchanged
);
CREATE TABLE IF NOT EXISTS image_stats (
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  channel  INTEGER NOT NULL,         -- 0-based, after palette expansion
  mean     REAL NOT NULL,            -- in sample units (0..255 or 0..65535)
  stddev   REAL NOT NULL,            -- population standard deviation
  min      REAL NOT NULL,
  max      REAL NOT NULL,
  PRIMARY KEY (image_id, channel)
);
CREATE TABLE IF NOT EXISTS derived (
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  kind     TEXT NOT NULL,            -- 'luma' (8-bit gray) or 'thumbnail' (luma, half size)
  width    INTEGER NOT NULL,
  height   INTEGER NOT NULL,
  png      BLOB NOT NULL,
  PRIMARY KEY (image_id, kind)
);
)sql";

/// Layout 2's addition, also the migration from layout 1 (with the rows of
/// layout 1 marked 'pending' with unknown file identity: the first run of
/// layout 2 stores and analyses each such image once more).
inline constexpr const char* state_sql = R"sql(
CREATE TABLE IF NOT EXISTS image_state (
  image_id      INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
  file_size     INTEGER,             -- bytes, when stored (NULL: unknown)
  file_mtime_ns INTEGER,             -- modification time, ns since 1970, when stored
  content_hash  INTEGER,             -- content_hash64() of the stored PNG bytes
  status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ok', 'bad')),
                                     -- pending: not analysed yet; ok: statistics and
                                     -- derived images match the PNG; bad: cannot be decoded
  error         TEXT                 -- why, for status 'bad'
);
CREATE INDEX IF NOT EXISTS image_state_status ON image_state(status);
INSERT OR IGNORE INTO image_state(image_id, status) SELECT id, 'pending' FROM images;
)sql";

/// Creates the tables of an empty database, migrates an older layout of
/// ours, and refuses a database that is not an image store (or a newer
/// layout).  Throws zc::sqlite::sqlite_error or zc::error.
void open_schema(sqlite3* db);

}  // namespace image_store
