#!/usr/bin/env bash
# Regression test of the main job against hostile inputs (run by ctest):
#   hostile_test.sh IMAGE_STORE PNGSUITE_DIR WORK_DIR [PYTHON3]
# Checks exit statuses, that every bad folder entry is reported by name, and
# that the database describes the images it now holds (no stale statistics
# or derived images after a file was replaced).
set -uo pipefail

exe=$1
suite=$2
work=$3
python=${4:-python3}
status=0

fail() {
  echo "FAIL: $*" >&2
  status=1
}

# Answers one SQL query on a database (python3's sqlite3 module, so the test
# does not need the sqlite3 shell).
query() {
  "$python" -c 'import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for row in con.execute(sys.argv[2]):
    print("|".join(str(v) for v in row))' "$1" "$2"
}

# Runs the job; its output goes to $work/out.txt and the exit status to $rc.
run() {
  timeout 60 "$exe" --jobs 4 "$@" >"$work/out.txt" 2>&1
  rc=$?
}

expect_output() {
  grep -q -- "$1" "$work/out.txt" || fail "output lacks '$1'"
}

rm -rf "$work"
mkdir -p "$work"

# 1. Replacing a stored image replaces what was derived from it.
mkdir "$work/replace"
db=$work/replace.sqlite
cp "$suite/basn6a08.png" "$work/replace/x.png"  # RGBA: 4 channels
run --images "$work/replace" --db "$db" --quiet
[[ $rc == 0 ]] || fail "first run exited $rc"
cp "$suite/basn0g08.png" "$work/replace/x.png"  # gray: 1 channel
run --images "$work/replace" --db "$db" --quiet
[[ $rc == 0 ]] || fail "second run exited $rc"
channels=$(query "$db" "SELECT group_concat(channel) FROM image_stats")
[[ $channels == 0 ]] || fail "a gray image replacing an RGBA one has statistics for channels '$channels'"
# A replacement that is stored but cannot be decoded must not keep the old
# image's statistics and derived images either.
cp "$suite/xcsn0g01.png" "$work/replace/x.png"  # valid header, bad IDAT CRC
run --images "$work/replace" --db "$db" --quiet
[[ $rc == 1 ]] || fail "an undecodable image: exit $rc, expected 1"
expect_output "BAD x.png: cannot decode"
left=$(query "$db" "SELECT (SELECT count(*) FROM image_stats) + (SELECT count(*) FROM derived)")
[[ $left == 0 ]] || fail "$left statistics/derived rows of the replaced image remain"

# 2. A folder whose *.png entries are not all readable PNG files: each bad
# entry is reported by name, the good one is processed, exit status 1.
dir=$work/hostile
mkdir "$dir"
cp "$suite/basn2c08.png" "$dir/good.png"
mkdir "$dir/folder.png"
mkfifo "$dir/fifo.png"
ln -s nowhere.png "$dir/dangling.png"
ln -s loop_b.png "$dir/loop_a.png"
ln -s loop_a.png "$dir/loop_b.png"
: >"$dir/empty.png"
run --images "$dir" --db "$work/hostile.sqlite"
[[ $rc == 1 ]] || fail "hostile folder: exit $rc, expected 1"
expect_output "images decoded  *1 ok"
expect_output "PNG files found  *7"
expect_output "stored  *1 new"
for name in folder.png fifo.png dangling.png loop_a.png loop_b.png empty.png; do
  expect_output "FAILED $name: "
done
for mode in view reader; do
  run --images "$dir" --db "$work/hostile.sqlite" --via "$mode" --quiet
  [[ $rc == 1 ]] || fail "hostile folder via $mode: exit $rc, expected 1"
  expect_output "images decoded  *0 ok, 0 bad"
  expect_output "analysed  *1$"
done

# 3. An empty --db (an unset shell variable) is a usage error, not SQLite's
# temporary database that keeps nothing.
run --images "$dir" --db ""
[[ $rc == 2 ]] || fail "--db '': exit $rc, expected 2"
expect_output "--db expects a file name"

if [[ $status != 0 ]]; then
  echo "--- last output:" >&2
  cat "$work/out.txt" >&2
fi
exit $status
