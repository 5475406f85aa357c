#!/usr/bin/env bash
# The main job's contract, one scenario per ctest test:
#   store_test.sh SCENARIO IMAGE_STORE PNGSUITE_DIR WORK_DIR PYTHON3
# while_read needs the test build, image_store_with_test_hooks (its
# IMAGE_STORE_TEST_HOOK_* variables); the others run the shipped program.
# Scenarios: incremental bad_images vanished recursive parallel disk_full
#            read_only locked while_read progress migration
# Every run uses --jobs 4 (the ThreadSanitizer stage runs these tests too).
# The database is read back with python3's sqlite3 module, so what is
# checked is what the database holds, not what the program printed.
set -uo pipefail

scenario=$1
exe=$2
suite=$3
work=$4/$scenario
python=${5:-python3}
status=0
skip=77  # ctest SKIP_RETURN_CODE

fail() {
  echo "FAIL [$scenario]: $*" >&2
  status=1
}

query() {  # query DB SQL: rows as a|b|c lines
  "$python" -c 'import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for row in con.execute(sys.argv[2]):
    print("|".join(str(v) for v in row))' "$1" "$2"
}

run() {  # run ARGS...: output in $work/out.txt, status in $rc
  timeout 120 "$exe" --jobs 4 --lines "$@" >"$work/out.txt" 2>&1
  rc=$?
}

expect_rc() {
  [[ $rc == "$1" ]] || fail "$2: exit status $rc, expected $1"
}

expect_output() {
  grep -Eq -- "$1" "$work/out.txt" || fail "output lacks /$1/"
}

expect_eq() {  # expect_eq WHAT FOUND EXPECTED
  [[ $2 == "$3" ]] || fail "$1: found '$2', expected '$3'"
}

# The report's "the database now holds" must equal the database.
expect_report_matches_db() {
  local db=$1 images ok bad
  images=$(query "$db" "SELECT count(*) FROM images")
  ok=$(query "$db" "SELECT count(*) FROM image_state WHERE status = 'ok'")
  bad=$(query "$db" "SELECT count(*) FROM image_state WHERE status = 'bad'")
  expect_output "^    images +$images \\("
  expect_output "^      analysed +$ok$"
  expect_output "^      bad \\(cannot decode\\) +$bad$"
}

good_images() {  # good_images DIR [COUNT]: the first COUNT valid PngSuite files
  mkdir -p "$1"
  local n=0 f
  for f in "$suite"/[!x]*.png; do
    cp "$f" "$1/"
    n=$((n + 1))
    [[ -n ${2:-} && $n -ge $2 ]] && break
  done
}

rm -rf "$work"
mkdir -p "$work"
db=$work/store.sqlite

case $scenario in
incremental)
  good_images "$work/img" 20
  run --images "$work/img" --db "$db"
  expect_rc 0 "first run"
  expect_output "stored +20 new, 0 changed"
  expect_output "images decoded +20 ok, 0 bad"
  # The summary's decoder split is the per-image lines'; a build without the
  # fast path (ZC_PNG_FAST_PATH=0, from CMake's ZC_WITH_ISAL) decodes all
  # with libpng.
  fast=$(grep -Ec '^\[[0-9]+/20\] .* fast +(direct rows|row buffer)' "$work/out.txt")
  libpng=$(grep -Ec '^\[[0-9]+/20\] .* libpng +(direct rows|row buffer)' "$work/out.txt")
  expect_eq "images the per-image lines count" "$((fast + libpng))" 20
  if [[ ${ZC_PNG_FAST_PATH:-1} == 0 ]]; then
    expect_eq "images the fast path decoded without it" "$fast" 0
  else
    # The as-stored decode (tRNS to alpha) takes the fast path for 8/16-bit
    # non-interlaced files (basn0g08, basn0g16, ... among the first 20) and
    # libpng for the rest (low bit depths, palette, interlaced).
    expect_eq "some images decoded by the fast path" "$((fast > 0))" 1
    expect_eq "some images decoded by libpng" "$((libpng > 0))" 1
    expect_output "basn0g08\\.png .* fast +direct rows"
    expect_output "basn0g16\\.png .* fast +direct rows"
  fi
  expect_output "decoded by +$fast fast path, $libpng libpng"
  # Unchanged: nothing stored, nothing decoded.
  run --images="$work/img" --db="$db"
  expect_rc 0 "re-run"
  expect_output "stored +0 new, 0 changed"
  expect_output "unchanged \\(skipped\\) +20 "
  expect_output "images decoded +0 ok, 0 bad"
  # Touched (same bytes, new time): only the time is recorded.
  touch -d '2001-01-01' "$work/img/basn0g08.png"
  run --images "$work/img" --db "$db"
  expect_output "time updated only +1 "
  expect_output "images decoded +0 ok"
  # Changed content under the same name: row, statistics, derived replaced.
  cp "$suite/basn6a16.png" "$work/img/basn0g08.png"  # gray 8-bit -> RGBA 16-bit
  run --images "$work/img" --db "$db"
  expect_rc 0 "changed file"
  expect_output "stored +0 new, 1 changed"
  expect_output "images decoded +1 ok, 0 bad"
  expect_eq "channels of the replaced image's statistics" \
    "$(query "$db" "SELECT group_concat(channel) FROM image_stats s JOIN images i ON i.id = s.image_id WHERE i.name = 'basn0g08.png'")" \
    "0,1,2,3"
  expect_eq "bit depth of the replaced row" \
    "$(query "$db" "SELECT bit_depth || '/' || status FROM images JOIN image_state ON image_id = id WHERE name = 'basn0g08.png'")" "16/ok"
  # A new file: only it is decoded.
  cp "$suite/basn2c08.png" "$work/img/new.png"
  run --images "$work/img" --db "$db"
  expect_output "stored +1 new, 0 changed"
  expect_output "images decoded +1 ok, 0 bad"
  expect_eq "derived images" "$(query "$db" "SELECT count(*) FROM derived")" "42"
  expect_report_matches_db "$db"
  ;;

bad_images)
  good_images "$work/img" 3
  cp "$suite/xcsn0g01.png" "$work/img/bad_crc.png"      # valid header, bad IDAT CRC
  head -c 300 "$suite/basn2c16.png" >"$work/img/truncated.png"
  echo "not a png" >"$work/img/text.png"                # refused at ingest
  run --images "$work/img" --db "$db"
  expect_rc 1 "bad images"
  expect_output "images decoded +3 ok, 2 bad"
  expect_output "FAILED text.png: not stored: "
  expect_output "BAD bad_crc.png: cannot decode: .*CRC"
  expect_output "BAD truncated.png: cannot decode: "
  expect_eq "bad rows" "$(query "$db" "SELECT group_concat(name) FROM (SELECT name FROM images JOIN image_state ON image_id = id WHERE status = 'bad' AND error <> '' ORDER BY name)")" \
    "bad_crc.png,truncated.png"
  expect_eq "statistics of bad images" "$(query "$db" "SELECT count(*) FROM image_stats s JOIN image_state t USING (image_id) WHERE t.status = 'bad'")" "0"
  # Not decoded again while unchanged; still counted, still exit 1.
  run --images "$work/img" --db "$db"
  expect_rc 1 "re-run with bad images"
  expect_output "images decoded +0 ok, 0 bad"
  expect_output "bad \\(cannot decode\\) +2$"
  # Repaired: decoded once more, now fine.
  cp "$suite/basn2c16.png" "$work/img/truncated.png"
  run --images "$work/img" --db "$db"
  expect_output "images decoded +1 ok, 0 bad"
  expect_report_matches_db "$db"
  ;;

vanished)
  good_images "$work/img" 5
  run --images "$work/img" --db "$db"
  rm "$work/img/basi0g01.png"
  run --images "$work/img" --db "$db"
  expect_rc 0 "vanished without --prune"
  expect_output "vanished files +1 \\(rows kept"
  expect_output "vanished basi0g01.png"
  expect_eq "rows kept" "$(query "$db" "SELECT count(*) FROM images")" "5"
  run --images "$work/img" --db "$db" --prune
  expect_rc 0 "--prune"
  expect_output "vanished files +1 \\(1 rows deleted"
  expect_eq "rows after --prune" "$(query "$db" "SELECT count(*) FROM images")" "4"
  expect_eq "orphan derived rows" "$(query "$db" "SELECT count(*) FROM derived WHERE image_id NOT IN (SELECT id FROM images)")" "0"
  # An empty folder is reported as such.
  mkdir "$work/empty"
  run --images "$work/empty" --db "$work/empty.sqlite"
  expect_rc 0 "empty folder"
  expect_output "PNG files found +0 \\(the folder holds no \\*.png file\\)"
  ;;

recursive)
  good_images "$work/img" 2
  good_images "$work/img/sub/deeper" 3
  mkdir "$work/img/other"
  run --images "$work/img" --db "$db"
  expect_output "PNG files found +2$"
  expect_output "sub-folders skipped +2 "
  run --images "$work/img" --db "$db" --recursive
  expect_rc 0 "--recursive"
  expect_output "PNG files found +5$"
  expect_eq "names" "$(query "$db" "SELECT count(*) FROM images WHERE name LIKE 'sub/deeper/%'")" "3"
  ;;

parallel)
  # Identical rows, statistics and derived PNG bytes for every --jobs.
  for jobs in 1 4; do
    timeout 120 "$exe" --images "$suite" --db "$work/jobs$jobs.sqlite" --jobs $jobs --quiet \
      >"$work/out.txt" 2>&1
    rc=$?
    expect_rc 1 "--jobs $jobs on PngSuite (bad files included)"
  done
  dump='SELECT i.id, i.name, t.status, coalesce(t.error, ""), t.content_hash, hex(i.png),
          (SELECT group_concat(channel || ":" || mean || ":" || stddev || ":" || min || ":" || max, ";")
             FROM (SELECT * FROM image_stats WHERE image_id = i.id ORDER BY channel)),
          (SELECT group_concat(kind || ":" || width || "x" || height || ":" || hex(png), ";")
             FROM (SELECT * FROM derived WHERE image_id = i.id ORDER BY kind))
        FROM images i JOIN image_state t ON t.image_id = i.id ORDER BY i.id'
  query "$work/jobs1.sqlite" "$dump" >"$work/jobs1.txt"
  query "$work/jobs4.sqlite" "$dump" >"$work/jobs4.txt"
  [[ $(wc -l <"$work/jobs1.txt") -ge 160 ]] || fail "too few rows dumped"
  cmp -s "$work/jobs1.txt" "$work/jobs4.txt" || fail "--jobs 1 and --jobs 4 databases differ"
  ;;

disk_full)
  good_images "$work/img"
  # RLIMIT_FSIZE (works without privileges): files may not grow past 200 KiB.
  # The write fails with EFBIG, which SQLite reports as an I/O error.
  rc=$(
    ulimit -f 200
    timeout 120 "$exe" --jobs 4 --lines --images "$work/img" --db "$db" >"$work/out.txt" 2>&1
    echo $?
  )
  expect_rc 3 "RLIMIT_FSIZE disk full"
  expect_output "RUN STOPPED: cannot .* in database '.*': disk I/O error \\(SQLITE_IOERR"
  expect_report_matches_db "$db"
  run --images "$work/img" --db "$db"
  expect_rc 0 "re-run after the disk-full run"
  expect_eq "all analysed after the re-run" \
    "$(query "$db" "SELECT count(*) = sum(status = 'ok') FROM image_state")" "1"
  # Full while the results are written: the smallest limit at which the
  # images fit but the statistics and derived images do not (searched, so
  # the test does not depend on page counts).
  found=""
  for kib in 256 320 384 448 512 640 768 1024 1280 1536 2048; do
    rm -f "$work/analysis.sqlite"*
    rc=$(
      ulimit -f $kib
      timeout 120 "$exe" --jobs 4 --lines --images "$work/img" --db "$work/analysis.sqlite" \
        >"$work/out.txt" 2>&1
      echo $?
    )
    if [[ $rc == 3 ]] && grep -q "RUN STOPPED: cannot write the results" "$work/out.txt"; then
      found=$kib
      break
    fi
  done
  if [[ -z $found ]]; then
    fail "no file size limit stopped the run while writing results"
  else
    echo "a $found KiB limit stopped the run while writing results"
    expect_report_matches_db "$work/analysis.sqlite"
    expect_eq "pending images left for the re-run" \
      "$(query "$work/analysis.sqlite" "SELECT count(*) > 0 FROM image_state WHERE status = 'pending'")" "1"
    expect_eq "derived rows without an analysed image" \
      "$(query "$work/analysis.sqlite" "SELECT count(*) FROM derived JOIN image_state USING (image_id) WHERE status <> 'ok'")" "0"
    run --images "$work/img" --db "$work/analysis.sqlite"
    expect_rc 0 "re-run after the full disk during analysis"
  fi
  # A really full file system, where one can be mounted (root in a
  # container may not): a 160 KiB tmpfs.
  mnt=$work/tmpfs
  mkdir -p "$mnt"
  if mount -t tmpfs -o size=160k tmpfs "$mnt" 2>/dev/null; then
    run --images "$work/img" --db "$mnt/full.sqlite"
    expect_rc 3 "full tmpfs"
    expect_output "database or disk is full"
    cp "$mnt/full.sqlite" "$work/full_copy.sqlite" 2>/dev/null
    expect_report_matches_db "$mnt/full.sqlite"
    umount "$mnt"
  else
    echo "note: cannot mount a tmpfs here; only RLIMIT_FSIZE was tested"
  fi
  ;;

read_only)
  # Root ignores permission bits, so the program runs as 'nobody'
  # (setpriv) on a database and folder owned by root.
  command -v setpriv >/dev/null && [[ $(id -u) == 0 ]] || {
    echo "needs root and setpriv to run as another user: skipped"
    exit $skip
  }
  as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  "${as_nobody[@]}" test -x "$exe" -a -r "$suite/basn0g08.png" || {
    echo "nobody cannot run $exe or read $suite: skipped"
    exit $skip
  }
  chmod 755 "$work"
  good_images "$work/img" 4
  run --images "$work/img" --db "$db"
  expect_rc 0 "first run as root"
  cp "$suite/basn2c08.png" "$work/img/added.png"
  rc=$("${as_nobody[@]}" timeout 60 "$exe" --jobs 4 --images "$work/img" --db "$db" \
    >"$work/out.txt" 2>&1; echo $?)
  expect_rc 3 "read-only database"
  expect_output "RUN STOPPED: cannot store 'added.png' in database '.*': attempt to write a readonly database"
  expect_report_matches_db "$db"
  # An unreadable folder.
  chmod 700 "$work/img"
  rc=$("${as_nobody[@]}" timeout 60 "$exe" --images "$work/img" --db "$db" >"$work/out.txt" 2>&1; echo $?)
  expect_rc 3 "unreadable folder"
  expect_output "cannot read image folder '.*img': Permission denied"
  chmod 755 "$work/img"
  # An unreadable file: refused with its reason, the others processed.
  chmod 600 "$work/img/added.png"
  mkdir "$work/nobody"
  cp "$db" "$work/nobody/writable.sqlite"
  chown -R 65534:65534 "$work/nobody"
  rc=$("${as_nobody[@]}" timeout 60 "$exe" --jobs 4 --images "$work/img" --db "$work/nobody/writable.sqlite" \
    >"$work/out.txt" 2>&1; echo $?)
  expect_rc 1 "unreadable file"
  expect_output "FAILED added.png: not stored: .*Permission denied"
  run --images "$work/img" --db "$db"
  expect_rc 0 "re-run as root"
  expect_eq "rows" "$(query "$db" "SELECT count(*) FROM image_state WHERE status = 'ok'")" "5"
  ;;

locked)
  good_images "$work/img" 4
  run --images "$work/img" --db "$db"
  cp "$suite/basn2c08.png" "$work/img/added.png"
  # A second connection holds the write lock (BEGIN IMMEDIATE) meanwhile.
  "$python" -c 'import sqlite3, sys, time, os
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
while os.path.exists(sys.argv[2]):
    time.sleep(0.05)
con.execute("ROLLBACK")' "$db" "$work/holding" &
  holder=$!
  for _ in $(seq 100); do [[ -e $work/holding ]] && break; sleep 0.05; done
  run --images "$work/img" --db "$db" --busy-timeout 200
  expect_rc 3 "locked database"
  expect_output "RUN STOPPED: cannot start storing images in database '.*': database is locked"
  expect_report_matches_db "$db"
  rm -f "$work/holding"
  wait $holder
  run --images "$work/img" --db "$db"
  expect_rc 0 "re-run after the lock is released"
  expect_output "stored +1 new"
  ;;

while_read)
  good_images "$work/img" 3
  # Rewritten in place while being read (same inode, other content): the
  # stored bytes are rolled back and reported; the next run stores it.
  IMAGE_STORE_TEST_HOOK_WHILE_READING="cat '$suite/basn2c08.png' >'$work/img/basi0g01.png'" \
    run --images "$work/img" --db "$db"
  expect_rc 1 "changed while read"
  expect_output "FAILED basi0g01.png: not stored: the file changed while being read"
  expect_eq "the changed file's row" "$(query "$db" "SELECT count(*) FROM images WHERE name = 'basi0g01.png'")" "0"
  expect_report_matches_db "$db"
  run --images "$work/img" --db "$db"
  expect_output "stored +1 new"
  # Vanished while being read.
  cp "$suite/basn2c16.png" "$work/img/going.png"
  IMAGE_STORE_TEST_HOOK_WHILE_READING="rm '$work/img/going.png'" run --images "$work/img" --db "$db"
  expect_rc 1 "vanished while read"
  expect_output "FAILED going.png: not stored: the file vanished while being read"
  # Vanished between the listing and the read.
  cp "$suite/basn2c16.png" "$work/img/gone.png"
  IMAGE_STORE_TEST_HOOK_AFTER_SCAN="rm '$work/img/gone.png'" run --images "$work/img" --db "$db"
  expect_rc 1 "vanished before read"
  expect_output "FAILED gone.png: not stored: the file vanished before it was read"
  run --images "$work/img" --db "$db"
  expect_rc 0 "re-run"
  ;;

progress)
  # The live line (forced: stdout is not a terminal here), rewritten in place.
  good_images "$work/img" 30
  run --images "$work/img" --db "$db" --progress
  expect_rc 0 "--progress"
  expect_output "storing \\[30/30\\] "
  expect_output "\\[[0-9]+/30\\] [0-9.]+ MB/s  [0-9:]+ elapsed  ETA [0-9:-]+ \\|"
  grep -q $'\r\033\\[K' "$work/out.txt" || fail "the live line is not rewritten in place"
  expect_output "^image_store report"
  if grep -q "^\\[1/30\\] basi" "$work/out.txt"; then fail "per-image lines in --progress mode"; fi
  ;;

migration)
  # A layout-1 database (as the previous image_store wrote it) is upgraded.
  good_images "$work/img" 2
  "$python" -c 'import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.executescript("""
CREATE TABLE images (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, width INTEGER NOT NULL,
  height INTEGER NOT NULL, channels INTEGER NOT NULL, bit_depth INTEGER NOT NULL,
  color_type INTEGER NOT NULL, has_trns INTEGER NOT NULL, png BLOB NOT NULL);
CREATE TABLE image_stats (image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  channel INTEGER NOT NULL, mean REAL NOT NULL, stddev REAL NOT NULL, min REAL NOT NULL,
  max REAL NOT NULL, PRIMARY KEY (image_id, channel));
CREATE TABLE derived (image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  kind TEXT NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL, png BLOB NOT NULL,
  PRIMARY KEY (image_id, kind));
PRAGMA user_version = 1;
""")
png = open(sys.argv[2], "rb").read()
con.execute("INSERT INTO images VALUES (7, ?, 32, 32, 1, 1, 0, 0, ?)", (sys.argv[3], png))
con.execute("INSERT INTO image_stats VALUES (7, 0, 1, 1, 0, 255)")
con.commit()' "$db" "$(ls "$work"/img/*.png | head -1)" "$(basename "$(ls "$work"/img/*.png | head -1)")"
  run --images "$work/img" --db "$db"
  expect_rc 0 "run on a layout-1 database"
  expect_eq "user_version" "$(query "$db" "PRAGMA user_version")" "2"
  expect_eq "kept row id, now analysed" "$(query "$db" "SELECT status FROM image_state WHERE image_id = 7")" "ok"
  expect_eq "images" "$(query "$db" "SELECT count(*) FROM image_state WHERE status = 'ok'")" "2"
  ;;

*)
  echo "unknown scenario '$scenario'" >&2
  exit 2
  ;;
esac

if [[ $status != 0 ]]; then
  echo "--- last output:" >&2
  cat "$work/out.txt" >&2
fi
exit $status
