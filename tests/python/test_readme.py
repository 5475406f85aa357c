"""README's Python snippets are taken from the examples CTest runs: each
```python block follows a link to its examples/python/ file, and its code
lines occur there in the same order (the rule check_readme_snippets.py
applies to the C++ snippets)."""
import re

from conftest import TESTS

ROOT = TESTS.parent.parent


def code_of(line):
    return re.sub(r"#.*$", "", line).strip()


def test_readme_python_snippets_come_from_examples():
    lines = (ROOT / "README.md").read_text().splitlines()
    blocks = [i for i, line in enumerate(lines) if line.strip() == "```python"]
    assert blocks, "README.md has no Python snippet"
    for start in blocks:
        links = re.findall(r"\((examples/python/[^)\s]+\.py)\)", " ".join(lines[max(0, start - 8):start]))
        assert links, f"README.md:{start + 1}: python block without a link to examples/python"
        source = [code_of(line) for line in (ROOT / links[-1]).read_text().splitlines()]
        position = 0
        end = lines.index("```", start + 1)
        for number in range(start + 1, end):
            wanted = code_of(lines[number])
            if not wanted or wanted == "...":
                continue
            assert wanted in source[position:], (
                f"README.md:{number + 1} not in {links[-1]} after line {position}: {wanted}")
            position = source.index(wanted, position) + 1
