// The image store's tables: a tiles-style layout (as MBTiles and GeoPackage
// keep image tiles): a few plain columns describing each image and the
// encoded PNG file itself in a blob, byte for byte.  Any SQLite client can
// read it, e.g.  sqlite3 image_store.sqlite "SELECT name, width, height,
// length(png) FROM images"  or  "SELECT writefile('x.png', png) FROM images".
#pragma once

namespace image_store {

/// Stored in PRAGMA user_version; bumped whenever the tables change.
inline constexpr int schema_version = 1;

inline constexpr const char* schema_sql = R"sql(
CREATE TABLE IF NOT EXISTS images (
  id         INTEGER PRIMARY KEY,    -- rowid: incremental blob I/O needs it
  name       TEXT NOT NULL UNIQUE,   -- file name, e.g. 'landscape_rgb8.png'
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
  stddev   REAL NOT NULL,
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

}  // namespace image_store
