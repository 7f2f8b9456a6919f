import { describe, expect, it } from 'vitest';
import { runPython } from './run-python';

// The interpreter caches method lookups per type and global/builtin lookups per load site; both
// must see every later change to a class dict, the module's globals or builtins.
describe('lookup caches', () => {
  it('see class, global and builtin changes made after the first lookup', () => {
    const source =
      'class Base:\n    def greet(self):\n        return "base"\nclass Child(Base):\n    pass\nc = Child()\nprint(c.greet(), Child.greet is Base.greet)\nBase.greet = lambda self: "patched"\nprint(c.greet())\nChild.greet = lambda self: "child"\nprint(c.greet())\ndel Child.greet\nprint(c.greet())\ndel Base.greet\nprint(hasattr(c, "greet"))\nclass P:\n    def __init__(self, x):\n        self.x = x\nprint(P(1).x)\nP.__init__ = lambda self, x: setattr(self, "x", x * 10)\nprint(P(2).x)\ndel P.__init__\ntry:\n    P(3)\nexcept TypeError as e:\n    print(e)\ng = 1\ndef read():\n    return g\nprint(read())\ng = 2\nprint(read())\ndel g\ntry:\n    read()\nexcept NameError as e:\n    print(e)\nlen = lambda x: 42\ndef size():\n    return len([])\nprint(size())\ndel len\nprint(size())\nimport builtins\nbuiltins.abs = lambda x: "shadowed"\nprint(abs(-1))\n';
    // python3 (3.11.7) output
    expect(runPython(source, 'caches.py')).toBe(
      "base True\npatched\nchild\npatched\nFalse\n1\n20\nP() takes no arguments\n1\n2\nname 'g' is not defined\n42\n0\nshadowed\n",
    );
  });
});
