import * as assert from "node:assert/strict";
import { isServerError } from "../../../src/core/engine/serverErrors";
import { isLoopbackHost, parseServerUrl } from "../../../src/core/engine/serverUrl";

const problemOf = (text: string): string | undefined => {
  try {
    parseServerUrl(text);
    return undefined;
  } catch (error) {
    assert.ok(isServerError(error), String(error));
    return error.problem;
  }
};

describe("server URL", () => {
  it("accepts https anywhere and http on this machine, as a base that ends in /", () => {
    assert.equal(parseServerUrl("https://llm.example.com:8443").href, "https://llm.example.com:8443/");
    assert.equal(parseServerUrl(" https://llm.example.com/team/phi ").href, "https://llm.example.com/team/phi/");
    assert.equal(parseServerUrl("http://127.0.0.1:8080").href, "http://127.0.0.1:8080/");
    assert.equal(parseServerUrl("http://localhost:8080/").href, "http://localhost:8080/");
    assert.equal(parseServerUrl("http://[::1]:8080").href, "http://[::1]:8080/");
    assert.equal(new URL("v1/completions", parseServerUrl("https://h/llm")).pathname, "/llm/v1/completions");
  });

  it("refuses plain HTTP to any other host, with a message naming the https address", () => {
    for (const url of [
      "http://llm.example.com:8080",
      "http://10.0.0.5:8080",
      "http://[fe80::1]:8080",
      "http://127.0.0.1.nip.io:8080",
    ]) {
      assert.equal(problemOf(url), "insecure-url", url);
    }
    assert.throws(
      () => parseServerUrl("http://gpu-box:8080/llm"),
      /Refusing plain HTTP to gpu-box:8080.*https:\/\/gpu-box:8080\/llm/,
    );
  });

  it("refuses empty, malformed, non-HTTP URLs and credentials in the URL (settings are not secret)", () => {
    assert.equal(problemOf(""), "invalid-url");
    assert.equal(problemOf("llm.example.com:8080"), "invalid-url");
    assert.equal(problemOf("not a url"), "invalid-url");
    assert.equal(problemOf("ftp://llm.example.com"), "invalid-url");
    assert.equal(problemOf("https://user:secret@llm.example.com"), "invalid-url");
  });

  it("knows loopback addresses", () => {
    for (const host of ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "[::1]", "::1", "[0:0:0:0:0:0:0:1]"])
      assert.ok(isLoopbackHost(host), host);
    for (const host of ["128.0.0.1", "10.0.0.1", "[::2]", "example.com", "localhost.example.com", "0.0.0.0"])
      assert.ok(!isLoopbackHost(host), host);
  });
});
