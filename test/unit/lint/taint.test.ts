import * as assert from "node:assert/strict";
import {
  ALL_SINKS,
  NOT_ABSOLUTE,
  NO_PARENT_SEGMENTS,
  SINK_BIT,
  SINK_KINDS,
  withClean,
  type Taint,
} from "../../../src/core/lint/dataflow/taint";
import type { TaintSource } from "../../../src/core/lint/types";

describe("taint lattice", () => {
  describe("sanitized-for bits", () => {
    it("gives every sink kind its own bit and ALL_SINKS exactly their union", () => {
      const bits = SINK_KINDS.map((kind) => SINK_BIT[kind]);
      for (const bit of bits) assert.equal(bit & (bit - 1), 0, `${bit} is one bit`);
      assert.equal(new Set(bits).size, SINK_KINDS.length);
      assert.deepEqual(Object.keys(SINK_BIT).sort(), [...SINK_KINDS].sort());
      assert.equal(
        ALL_SINKS,
        bits.reduce((union, bit) => union | bit, 0),
      );
    });

    it("allocates the path half-proofs apart from the sink kinds and from each other", () => {
      for (const half of [NO_PARENT_SEGMENTS, NOT_ABSOLUTE]) {
        assert.equal(half & (half - 1), 0);
        assert.equal(half & ALL_SINKS, 0);
      }
      assert.notEqual(NO_PARENT_SEGMENTS, NOT_ABSOLUTE);
    });

    it("makes a value safe for paths only when both half-proofs hold, and drops it once safe for every sink", () => {
      const taint: Taint = {
        source: { description: "request.args" } as TaintSource, // opaque to the lattice
        clean: 0,
        normalized: false,
        composed: false,
      };
      const half = withClean(taint, NO_PARENT_SEGMENTS)!;
      assert.equal(half.clean & SINK_BIT.path, 0);
      assert.notEqual(withClean(half, NOT_ABSOLUTE)!.clean & SINK_BIT.path, 0);
      const others = SINK_KINDS.filter((kind) => kind !== "path").reduce((bits, kind) => bits | SINK_BIT[kind], 0);
      assert.equal(withClean(withClean(taint, others), NO_PARENT_SEGMENTS | NOT_ABSOLUTE), undefined);
    });
  });
});
