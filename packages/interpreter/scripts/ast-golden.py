#!/usr/bin/env python3
"""Write CPython's AST for memkit's parser golden tests.

For every Python file of the oracle corpus, the seed examples and the parser's own snippets
(packages/interpreter/test/fixtures/snippets/*.py), write python3's `ast.parse` result as JSON
into packages/interpreter/test/fixtures/ast/<group>--<name>.json. The parser test serializes
memkit's AST the same way and compares; it never runs python3 itself.

Run from anywhere, with CPython 3.11 (the AST differs between versions):

    python3 packages/interpreter/scripts/ast-golden.py

then format the JSON as the repository's biome config wants:

    pnpm exec biome format --write packages/interpreter/test/fixtures/ast

JSON shape: a node is {"_type": class name, <fields>..., "_pos": [lineno, col_offset,
end_lineno, end_col_offset]} ("_pos" only for nodes CPython gives positions); contexts and
operators are their class name ("Load", "Add"); `type_comment` and `type_ignores` are left out
(memkit never parses type comments). A Constant's value is encoded so that JSON keeps its type:
int {"int": "123"}, float {"float": 1.5} ("inf"/"-inf"/"nan" as strings), complex
{"complex": imag}, bytes {"bytes": hex}, Ellipsis {"ellipsis": true}; str, bool, None as
themselves.
"""
import ast
import json
import math
import pathlib
import sys

if sys.version_info[:2] != (3, 11):
    sys.exit(f"ast-golden.py needs CPython 3.11, this is {sys.version.split()[0]}")

PACKAGE = pathlib.Path(__file__).resolve().parent.parent
REPO = PACKAGE.parent.parent
OUT = PACKAGE / "test" / "fixtures" / "ast"
GROUPS = {
    "oracle": REPO / "test" / "fixtures" / "oracle",
    "seed": REPO / "test" / "fixtures" / "seed-examples",
    "snippet": PACKAGE / "test" / "fixtures" / "snippets",
}
SKIPPED_FIELDS = {"type_comment", "type_ignores"}
SINGLETON_BASES = (ast.expr_context, ast.operator, ast.cmpop, ast.boolop, ast.unaryop)


def encode_float(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def encode_constant(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return {"int": str(v)}
    if isinstance(v, float):
        return {"float": encode_float(v)}
    if isinstance(v, complex):
        return {"complex": encode_float(v.imag)}
    if isinstance(v, bytes):
        return {"bytes": v.hex()}
    if v is Ellipsis:
        return {"ellipsis": True}
    raise TypeError(f"unexpected constant {v!r}")


def encode(node):
    if isinstance(node, SINGLETON_BASES):
        return type(node).__name__
    if isinstance(node, ast.AST):
        out = {"_type": type(node).__name__}
        for field in node._fields:
            if field in SKIPPED_FIELDS:
                continue
            value = getattr(node, field, None)
            if isinstance(node, ast.Constant) and field == "value":
                out[field] = encode_constant(value)
            elif isinstance(node, ast.Constant) and field == "kind":
                out[field] = value
            else:
                out[field] = encode(value)
        if "lineno" in node._attributes:
            out["_pos"] = [node.lineno, node.col_offset, node.end_lineno, node.end_col_offset]
        return out
    if isinstance(node, list):
        return [encode(item) for item in node]
    return node


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    count = 0
    for group, folder in GROUPS.items():
        for path in sorted(folder.glob("*.py")):
            # Read as CPython does when running the file: bytes, so line endings stay as they are.
            tree = ast.parse(path.read_bytes(), filename=str(path))
            golden = {"path": path.relative_to(REPO).as_posix(), "ast": encode(tree)}
            target = OUT / f"{group}--{path.stem}.json"
            target.write_text(json.dumps(golden, indent=1) + "\n", encoding="utf-8")
            count += 1
    print(f"wrote {count} files to {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
