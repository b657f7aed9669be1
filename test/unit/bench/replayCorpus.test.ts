import * as assert from "node:assert/strict";
import { acceptedCharacters } from "../../../bench/keystroke-bench";
import { firstQualifyingFunction } from "../../../bench/stdlib-corpus";
import { typingSession } from "../../../bench/typing-session";

/** A module shaped like the stdlib's: functions the corpus rule must skip, then two that meet it. */
const MODULE = `"""A module."""
import os


@cache
def decorated(path):
    """Decorated: skipped."""
    a = 1
    b = 2
    return a + b


def no_docstring(path):
    a = 1
    b = 2
    return a + b


def too_short(path):
    """One line of code: skipped."""
    return path


def nested(path):
    """Holds a nested function: skipped."""
    def inner():
        return 1
    return inner


def join_parts(base, parts):
    """Join parts below base."""
    result = base
    for part in parts:
        result = os.path.join(result, part.strip("/"))
    return result


def later(x):
    """Also qualifies, but comes second."""
    y = x + 1
    z = y * 2
    return z
`;

describe("bench replay corpus (stdlib functions by a fixed rule) and typing session", () => {
  it("takes the first module-level, undecorated function with a docstring and 3–10 lines of code", async () => {
    const found = await firstQualifyingFunction("parts.py", MODULE);
    assert.ok(found);
    assert.equal(found.name, "join_parts");
    assert.equal(
      MODULE.slice(found.bodyStart, found.bodyEnd),
      `    result = base\n    for part in parts:\n        result = os.path.join(result, part.strip("/"))\n    return result`,
    );
    assert.equal(MODULE.slice(found.docstringLineEnd - 3, found.docstringLineEnd), '"""');
    // The mid-line edit goes into the first call with arguments after the body's first line.
    assert.deepEqual(found.editArguments && MODULE.slice(...found.editArguments), 'result, part.strip("/")');
  });

  it("finds nothing in a module without a qualifying function", async () => {
    assert.equal(
      await firstQualifyingFunction("none.py", MODULE.slice(0, MODULE.indexOf("def join_parts"))),
      undefined,
    );
  });

  it("types each function so that every keystroke's text plus its oracle is the real module", async () => {
    const found = (await firstQualifyingFunction("parts.py", MODULE))!;
    const session = typingSession([found, { ...found, editArguments: undefined }]);
    for (const keystroke of session.keystrokes) {
      assert.equal(keystroke.text.slice(0, keystroke.offset) + keystroke.oracle, MODULE);
      assert.ok(
        keystroke.text.slice(keystroke.offset) === "" || MODULE.endsWith(keystroke.text.slice(keystroke.offset)),
      );
    }
    const pauses = session.keystrokes.filter((keystroke) => keystroke.pause);
    assert.deepEqual(
      pauses.map((keystroke) => keystroke.pause!.kind),
      ["docstring-to-body", "mid-line", "docstring-to-body", "new-line"],
    );
    assert.ok(pauses.every((keystroke) => keystroke.pause!.ms >= 2000 && keystroke.pause!.ms <= 4000));
    const [toBody, midLine, , newLine] = pauses;
    assert.ok(toBody.oracle.startsWith("result = base\n"));
    assert.ok(newLine.oracle.startsWith("for part in parts:\n"));
    // Mid-line: code follows the cursor on its line.
    assert.equal(midLine.text.slice(midLine.offset, midLine.text.indexOf("\n", midLine.offset)), ")");
    assert.ok(midLine.oracle.startsWith('part.strip("/"))\n'));
    assert.equal(session.keystrokes.filter((keystroke) => keystroke.opened).length, 2);
  });

  it("replays the same keystrokes and pauses in every run", async () => {
    const found = (await firstQualifyingFunction("parts.py", MODULE))!;
    assert.deepEqual(typingSession([found]), typingSession([found]));
  });

  it("counts the characters a Tab-at-each-line user accepts", () => {
    assert.equal(acceptedCharacters("a = 1\nb = 2", "a = 1\nb = 2\nc = 3\n"), 11);
    assert.equal(acceptedCharacters("a = 1\nb = 9\nc = 3", "a = 1\nb = 2\nc = 3\n"), 6);
    assert.equal(acceptedCharacters("x = 0", "a = 1\n"), 0);
  });
});
