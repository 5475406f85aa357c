#!/usr/bin/env python3
"""Checks that every C++ snippet in README.md is taken from the example it names.

Each ```cpp block must be preceded (within the eight lines before it) by a
link to a file under examples/; every code line of the block, with comments
and surrounding whitespace removed, must occur in that file in the same
order (lines may be left out, and `...` lines stand for omitted code).  So
the README cannot drift from code that CI builds and runs.
    check_readme_snippets.py [README.md]
"""
import pathlib
import re
import sys


def code_of(line):
    return re.sub(r"//.*$", "", line).strip()


def main():
    readme = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    root = readme.resolve().parent
    lines = readme.read_text().splitlines()
    failures = 0
    checked = 0
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```cpp":
            i += 1
            continue
        start = i
        context = " ".join(lines[max(0, i - 8):i])
        links = re.findall(r"\((examples/[^)\s]+)\)", context)
        i += 1
        block = []
        while i < len(lines) and lines[i].strip() != "```":
            block.append(lines[i])
            i += 1
        i += 1
        if not links:
            print(f"{readme}:{start + 1}: cpp block without a link to its examples/ file")
            failures += 1
            continue
        link = links[-1]  # the nearest one before the block
        source = root / link
        if not source.is_file():
            print(f"{readme}:{start + 1}: {link} does not exist")
            failures += 1
            continue
        file_lines = [code_of(l) for l in source.read_text().splitlines()]
        position = 0
        for offset, line in enumerate(block):
            wanted = code_of(line)
            if not wanted or wanted == "...":
                continue
            try:
                position = file_lines.index(wanted, position) + 1
            except ValueError:
                print(f"{readme}:{start + 2 + offset}: not in {link} "
                      f"(after line {position}): {wanted}")
                failures += 1
                break
        checked += 1
    if failures:
        sys.exit(f"check_readme_snippets: {failures} snippet problem(s)")
    print(f"check_readme_snippets: {checked} snippet(s) match their examples")


if __name__ == "__main__":
    main()
