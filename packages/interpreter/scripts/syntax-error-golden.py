#!/usr/bin/env python3
"""Capture python3's stderr for the parser's syntax-error tests.

For every packages/interpreter/test/fixtures/syntax-errors/NAME.py (a malformed script), run
`python3 NAME.py` as a user would and write what it prints on stderr (SyntaxWarnings, then the
SyntaxError) to NAME.expected, with the script's absolute path replaced by its bare file name
(the test parses with that name). Needs CPython 3.11.7's messages:

    python3 packages/interpreter/scripts/syntax-error-golden.py
"""
import pathlib
import subprocess
import sys

if sys.version_info[:2] != (3, 11):
    sys.exit(f"syntax-error-golden.py needs CPython 3.11, this is {sys.version.split()[0]}")

FOLDER = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures" / "syntax-errors"


def main():
    count = 0
    for path in sorted(FOLDER.glob("*.py")):
        run = subprocess.run([sys.executable, path.name], cwd=FOLDER, capture_output=True, text=True)
        if run.returncode == 0 or "Traceback" in run.stderr:
            sys.exit(f"{path.name}: expected a syntax error, got exit {run.returncode}:\n{run.stderr}")
        # Tracebacks quote the path, warnings start with it.
        stderr = run.stderr.replace(f'"{path}"', f'"{path.name}"').replace(f"{path}:", f"{path.name}:")
        path.with_suffix(".expected").write_text(stderr, encoding="utf-8")
        count += 1
    print(f"wrote {count} .expected files to {FOLDER}")


if __name__ == "__main__":
    main()
