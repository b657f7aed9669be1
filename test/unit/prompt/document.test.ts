import * as assert from "node:assert/strict";
import { indentWidth, renderIndent, viewDocument } from "../../../src/core/prompt/document";

describe("document view", () => {
  it("maps a CRLF document's offset to the LF text", () => {
    const original = "a = 1\r\nb = 2\r\n";
    const view = viewDocument(original, original.indexOf("2"));
    assert.equal(view.text, "a = 1\nb = 2\n");
    assert.deepEqual([view.row, view.column, view.offset, view.eol], [1, 4, 10, "\r\n"]);
  });

  it("puts a cursor between \\r and \\n at the end of its line", () => {
    const original = "x = 1\r\ny\r\n";
    const view = viewDocument(original, original.indexOf("\n"));
    assert.deepEqual([view.row, view.column], [0, 5]);
  });

  it("counts UTF-16 code units like VS Code", () => {
    const original = 's = "😀é"\nt';
    const view = viewDocument(original, original.length);
    assert.deepEqual([view.row, view.column, view.eol], [1, 1, "\n"]);
    assert.equal(viewDocument(original, 7).column, 7); // after the emoji's surrogate pair and é
  });

  it("clamps offsets outside the document", () => {
    assert.deepEqual([viewDocument("ab", 99).column, viewDocument("ab", -3).column], [2, 0]);
  });

  it("measures and renders indentation with tabs", () => {
    assert.equal(indentWidth("\t  ", 4), 6);
    assert.equal(indentWidth("  \t", 8), 8);
    assert.equal(renderIndent(9, "\t", 4), "\t\t ");
    assert.equal(renderIndent(6, "    ", 8), "      ");
  });
});
