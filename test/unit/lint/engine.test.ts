import * as assert from "node:assert/strict";
import { lintPython, lintSuggestion } from "../../../src/core/lint/engine";
import { allRules, taintRules } from "../../../src/core/lint/rules/index";
import type { Finding, Rule, RuleContext } from "../../../src/core/lint/types";

const commandInjection = taintRules.find((rule) => rule.meta.id === "command-injection")!;

/** The context's members bound to it, to override one of them in a test. */
function contextMethods(context: RuleContext): RuleContext {
  return {
    source: context.source,
    tree: context.tree,
    calls: () => context.calls(),
    qualifiedName: (node) => context.qualifiedName(node),
    constantValue: (node) => context.constantValue(node),
    possibleValues: (node) => context.possibleValues(node),
    builtUpValues: (identifier) => context.builtUpValues(identifier),
    soleValue: (node) => context.soleValue(node),
    taintSource: (node, kind, options) => context.taintSource(node, kind, options),
    entryPointKind: (definition) => context.entryPointKind(definition),
    provesPathSafe: (check) => context.provesPathSafe(check),
    definesFunction: (name) => context.definesFunction(name),
    isBound: (identifier) => context.isBound(identifier),
    rangeOf: (node) => context.rangeOf(node),
    log: (message) => context.log(message),
  };
}

/** A rule that hands the engine's RuleContext to the test, so the context can be probed directly. */
async function withContext(source: string, probe: (context: RuleContext) => void): Promise<void> {
  let seen = false;
  const probeRule: Rule = {
    meta: { id: "probe", category: "review", cwe: 0, severity: "info", title: "probe", description: "test probe" },
    check(context) {
      probe(context);
      seen = true;
      return [];
    },
  };
  await lintPython(source, { rules: [probeRule], log: (message) => assert.fail(message) });
  assert.ok(seen, "probe rule did not run");
}

function lines(findings: readonly Finding[], ruleId?: string): number[] {
  return findings
    .filter((finding) => !ruleId || finding.ruleId === ruleId)
    .map((finding) => finding.range.startLine + 1);
}

describe("lint engine", () => {
  describe("RuleContext", () => {
    it("resolves callees through imports, aliases and constructors", async () => {
      const source = [
        "import subprocess as sp",
        "import os.path",
        "from os.path import join as j",
        "from flask import Flask",
        "import yaml",
        "app = Flask(__name__)",
        "sp.run(['ls'])",
        "os.path.exists('x')",
        "j('a', 'b')",
        "app.run(debug=True)",
        "cur.execute('SELECT 1')",
        "eval('1')",
        "yaml.load(data)",
        "Flask(__name__).run()",
      ].join("\n");
      await withContext(source, (context) => {
        const callees = context.calls().map((call) => call.callee);
        assert.deepEqual(callees, [
          "flask.Flask",
          "subprocess.run",
          "os.path.exists",
          "os.path.join",
          "flask.Flask().run",
          "cur.execute",
          "eval",
          "yaml.load",
          "flask.Flask().run",
          "flask.Flask",
        ]);
        const execute = context.calls().find((call) => call.methodName === "execute")!;
        assert.equal(execute.receiver?.text, "cur");
        assert.equal(execute.positional.length, 1);
        const run = context.calls().find((call) => call.callee === "flask.Flask().run")!;
        assert.equal(context.constantValue(run.keywords.get("debug")!), true);
      });
    });

    it("folds constant arithmetic, comparisons, boolean operators and string indexing as Python does", async () => {
      const source = [
        "LIMIT = 200",
        "num = 86",
        "letters = 'ABC'",
        "probe(7 * 42 - num > LIMIT, 7 * 18 + num > 250, -7 // 2, -7 % 3, 1 < 2 <= 2, 'sh' in 'should')",
        "probe(not 0, 0 or 'x', 1 and '', letters[1], letters[-1], 'a' + 'b', 2 ** 3, 1 < 'a', unknown > 1)",
      ].join("\n");
      await withContext(source, (context) => {
        const values = context
          .calls()
          .filter((call) => call.callee === "probe")
          .flatMap((call) => call.positional.map((argument) => context.constantValue(argument)));
        assert.deepEqual(values, [
          true,
          false,
          -4,
          2,
          true,
          true,
          true,
          "x",
          "",
          "B",
          "C",
          "ab",
          undefined,
          undefined,
          undefined,
        ]);
      });
    });

    it("resolves a name through the bindings of the scope it is read in, not another function's", async () => {
      const source = [
        "import sqlite3",
        "conn = sqlite3.connect('app.db')",
        "def own_connection():",
        "    conn = make_connection()",
        "    conn.execute('SELECT 1')",
        "def module_connection():",
        "    conn.execute('SELECT 1')",
        "def aliases():",
        "    e = eval",
        "    e('1')",
      ].join("\n");
      await withContext(source, (context) => {
        const callees = context.calls().map((call) => call.callee);
        assert.deepEqual(callees, [
          "sqlite3.connect",
          "make_connection",
          "conn.execute",
          "sqlite3.connect().execute",
          "eval",
        ]);
      });
    });

    it("folds constants: the binding that reaches the use, or values that agree; refuses values that disagree", async () => {
      const source = [
        'PREFIX = "SELECT "',
        'QUERY = PREFIX + "1"',
        "x = 1",
        "x = 2",
        "if flag:",
        "    y = 1",
        "    z = True",
        "else:",
        "    y = 2",
        "    z = True",
        'f(QUERY, x, "a" "b", 3.5, None, y, z)',
      ].join("\n");
      await withContext(source, (context) => {
        const call = context.calls().find((candidate) => candidate.callee === "f")!;
        assert.deepEqual(
          call.positional.map((argument) => context.constantValue(argument)),
          ["SELECT 1", 2, "ab", 3.5, null, undefined, true],
        );
      });
    });

    it("reports ranges in UTF-16 code units", async () => {
      await withContext('s = "é😀"; eval(s)\n', (context) => {
        const call = context.calls().find((candidate) => candidate.callee === "eval")!;
        assert.deepEqual(context.rangeOf(call.node), { startLine: 0, startColumn: 11, endLine: 0, endColumn: 18 });
      });
    });

    it("tells where tainted data came from and that sanitized data is clean", async () => {
      const source = [
        "import os, shlex",
        "from flask import request",
        "def view():",
        "    raw = request.args['q']",
        "    quoted = shlex.quote(raw)",
        "    os.system(raw)",
        "    os.system(quoted)",
        "    open(quoted)",
      ].join("\n");
      await withContext(source, (context) => {
        const [raw, quoted, opened] = context
          .calls()
          .filter((call) => call.callee === "os.system" || call.callee === "open");
        assert.equal(context.taintSource(raw.positional[0], "command")?.description, "request.args");
        assert.equal(context.taintSource(quoted.positional[0], "command"), undefined);
        // shlex.quote protects a shell command line, not a path
        assert.equal(context.taintSource(opened.positional[0], "path")?.description, "request.args");
      });
    });
  });

  it("marks parameters passed whole apart from parameters built into a larger value", async () => {
    const source = [
      "import os",
      "def read(path, name):",
      "    open(path)",
      "    open(os.path.join('/srv', name))",
      "    open(input())",
    ].join("\n");
    await withContext(source, (context) => {
      const [whole, joined, typed] = context
        .calls()
        .filter((call) => call.callee === "open")
        .map((call) => context.taintSource(call.positional[0], "path")!);
      assert.deepEqual([whole.kind, whole.composed], ["function-parameter", false]);
      assert.deepEqual([joined.kind, joined.composed], ["function-parameter", true]);
      assert.deepEqual([typed.kind, typed.description], ["console-input", "input()"]);
    });
  });

  it("gives every source the kind its table or entry point says, whatever its description", async () => {
    const source = [
      "import os, sys, socket, tarfile, click",
      "from flask import Flask, request",
      "app = Flask(__name__)",
      "@app.route('/<name>')",
      "def view(name):",
      "    open(request.args['p'])",
      "    open(request.files['f'].filename)",
      "    open(name)",
      "    open(sys.argv[1])",
      "    open(os.environ['HOME'])",
      "    open(input())",
      "    open(socket.socket().recv(64))",
      "    open(open(name).read())",
      "    open(tarfile.open('a.tar').getnames()[0])",
      "    open(UNDEFINED)",
      "@click.command()",
      "def cli(target):",
      "    open(target)",
      "def api(path):",
      "    open(path)",
    ].join("\n");
    await withContext(source, (context) => {
      const kinds = context
        .calls()
        .filter((call) => call.callee === "open" && call.node.parent?.type === "expression_statement")
        .map((call) => context.taintSource(call.positional[0], "path", { unknown: true })?.kind);
      assert.deepEqual(kinds, [
        "request-data",
        "uploaded-file",
        "route-parameter",
        "cli-argument",
        "environment",
        "console-input",
        "network",
        "file-contents",
        "archive-member",
        "unknown",
        "cli-argument",
        "function-parameter",
      ]);
    });
  });

  it("reads a check with the data flow's guards: containment of a normalized path, or both half-proofs", async () => {
    const source = [
      "import os",
      "def check(base, name):",
      "    target = os.path.realpath(os.path.join(base, name))",
      "    lexical = os.path.join(base, name)",
      "    if not target.startswith(base): pass",
      "    if not lexical.startswith(base): pass",
      "    if os.path.isabs(name) or '..' in name: pass",
      "    if '..' in name: pass",
    ].join("\n");
    await withContext(source, (context) => {
      const conditions = context.tree.rootNode
        .descendantsOfType("if_statement")
        .map((statement) => statement.childForFieldName("condition")!);
      // the extraction goes on where the condition failed
      assert.deepEqual(
        conditions.map((condition) => context.provesPathSafe({ condition, whenTrue: false })),
        [true, false, true, false],
      );
      assert.equal(context.provesPathSafe({ condition: conditions[0], whenTrue: true }), false);
    });
  });

  describe("robustness", () => {
    it("catches and logs a crashing rule and still runs the others", async () => {
      const crashing: Rule = {
        meta: {
          id: "crashes",
          category: "review",
          cwe: 0,
          severity: "high",
          title: "crash",
          description: "always throws",
        },
        check() {
          throw new Error("boom");
        },
      };
      const logged: string[] = [];
      const findings = await lintPython("import os\nos.system(input())\n", {
        rules: [crashing, ...allRules],
        log: (message) => logged.push(message),
      });
      assert.deepEqual(lines(findings, "command-injection"), [2]);
      assert.ok(logged.some((message) => message.includes("crashes") && message.includes("boom")));
    });

    /** `count` private helpers, each handing its value to the next (`_step0` → `_step1` → …). */
    function helperChain(count: number, last: string): string[] {
      const chain: string[] = [];
      for (let index = 0; index < count - 1; index++)
        chain.push(`def _step${index}(value):`, `    return _step${index + 1}(value)`, "");
      chain.push(`def _step${count - 1}(value):`, `    ${last}`, "");
      return chain;
    }
    const unrelatedInjection = [
      "def lookup():",
      "    name = request.args['name']",
      '    return conn.execute("SELECT * FROM t WHERE name = \'" + name + "\'")',
    ];

    it("follows a chain of 5,000 helpers without overflowing the stack, and reports the rest of the file", async function () {
      this.timeout(60_000);
      const header = [
        "import os",
        "import sqlite3",
        "from flask import request",
        "conn = sqlite3.connect('app.db')",
        "",
      ];
      const source = [
        ...header,
        ...helperChain(5000, "return value"),
        "def handler():",
        "    return open(_step0(request.args['p']))",
        "",
        ...unrelatedInjection,
      ].join("\n");
      const logged: string[] = [];
      const findings = await lintPython(source, {
        rules: taintRules,
        timeBudgetMs: 60_000,
        log: (message) => logged.push(message),
      });
      const lineCount = source.split("\n").length;
      assert.deepEqual(logged, []);
      // past the nesting bound a helper passes its arguments through, as an unknown call does
      assert.deepEqual(lines(findings, "path-traversal"), [lineCount - 4]);
      assert.deepEqual(lines(findings, "sql-injection"), [lineCount]);
    });

    it("follows 5,000 callers of callers without overflowing the stack, and reports the rest of the file", async function () {
      this.timeout(60_000);
      const header = [
        "import os",
        "import sqlite3",
        "from flask import request",
        "conn = sqlite3.connect('app.db')",
        "",
      ];
      const source = [
        ...header,
        "def handler():",
        "    _step0(request.args['cmd'])",
        "",
        ...helperChain(5000, "os.system(value)"),
        ...unrelatedInjection,
      ].join("\n");
      const logged: string[] = [];
      const findings = await lintPython(source, {
        rules: taintRules,
        timeBudgetMs: 60_000,
        log: (message) => logged.push(message),
      });
      assert.deepEqual(logged, []);
      assert.deepEqual(lines(findings, "sql-injection"), [source.split("\n").length]);
    });

    it("skips a call whose analysis fails and reports the other calls of the rule", async () => {
      const source = [
        "import os",
        "from flask import request",
        "os.system(request.args['a'])",
        "os.system(request.args['b'])",
      ].join("\n");
      const logged: string[] = [];
      const failOnLine3: Rule = {
        meta: commandInjection.meta,
        check: (context) =>
          commandInjection.check({
            ...contextMethods(context),
            taintSource: (node, kind, options) => {
              if (node.startPosition.row === 2) throw new RangeError("Maximum call stack size exceeded");
              return context.taintSource(node, kind, options);
            },
          }),
      };
      const findings = await lintPython(source, { rules: [failOnLine3], log: (message) => logged.push(message) });
      assert.deepEqual(lines(findings), [4]);
      assert.ok(logged.some((message) => message.includes("line 3") && message.includes("Maximum call stack")));
    });

    it("filters by minimum severity", async () => {
      const lowRule: Rule = {
        meta: { id: "low-rule", category: "review", cwe: 0, severity: "low", title: "low", description: "low" },
        check: (context) => [
          {
            ruleId: "low-rule",
            category: "review",
            cwe: 0,
            severity: "low",
            confidence: "low",
            range: context.rangeOf(context.tree.rootNode),
            message: "m",
            fixHint: "h",
          },
        ],
      };
      const source = "import os\nos.system(input())\n";
      assert.equal((await lintPython(source, { rules: [lowRule, ...taintRules] })).length, 2);
      assert.deepEqual(
        (await lintPython(source, { rules: [lowRule, ...taintRules], minSeverity: "medium" })).map(
          (finding) => finding.ruleId,
        ),
        ["command-injection"],
      );
    });

    it("still finds issues in the parts of broken code that parse", async () => {
      const source = [
        "import os",
        "from flask import request",
        "",
        "def handler(:",
        "    cmd = request.args['c']",
        "    os.system(cmd)",
        "    if (",
        "",
        "def other():",
        "    eval(input())",
      ].join("\n");
      const findings = await lintPython(source);
      assert.deepEqual(lines(findings, "command-injection"), [6]);
      assert.deepEqual(lines(findings, "code-injection"), [10]);
    });

    it("lints code that opens inside a construct it does not show, deeper than the method that follows", async () => {
      // an excerpt starting in a dict literal's last entries: tree-sitter wraps the method after it in an error
      const source = [
        "            'flags': flags,",
        "            'description': desc,",
        "        }",
        "        self.advisories.append(obj)",
        "",
        "    def add_advisories(self, packages):",
        "        for p in packages:",
        "            os.popen('rpm -q -p %s --changelog' % p.path)",
      ].join("\n");
      const findings = await lintPython(source);
      assert.deepEqual(lines(findings, "command-injection"), [8]);
      // each parse's findings are merged: one finding, not one per parse
      assert.equal(findings.filter((finding) => finding.ruleId === "command-injection").length, 1);
    });

    it("lints code that opens in the tail of a block it does not show", async () => {
      // the opening `raise` parses as the end of the module: what follows would be unreachable
      const source = [
        "            raise ValueError('no stop time')",
        "",
        "        routine = self.routines['sis']",
        "        exec('flux = self.' + routine)",
        "        return flux",
      ].join("\n");
      assert.deepEqual(lines(await lintPython(source), "code-injection"), [4]);
      // code that merely starts indented parses as it is: no second lint
      assert.deepEqual(lines(await lintPython(source.replace("raise", "error =")), "code-injection"), [4]);
    });

    it("lints code that opens inside a docstring it does not show", async () => {
      // the closing quotes would otherwise open a string that swallows the code after them
      const source = [
        "    >>> load(stream)",
        '    """',
        "    with open(path, 'rb') as stream:",
        "        return pickle.load(stream)",
        "",
        "",
        "def describe(value):",
        '    """What the value is."""',
        "    return repr(value)",
      ].join("\n");
      assert.deepEqual(lines(await lintPython(source), "unsafe-deserialization"), [4]);
    });

    it("lints code between a docstring it opens in and one it is cut off in", async () => {
      // blanking the opening leaves as many errors (the last quotes open a string to the end), from a later line on
      const source = [
        "    >>> probplot(x)",
        '    """',
        "    ppf = eval('distributions.%s.ppf' % dist)",
        "",
        "def other():",
        '    """',
      ].join("\n");
      assert.deepEqual(lines(await lintPython(source), "code-injection"), [3]);
    });

    it("stays bounded on deep nesting, long lines and oversized sources", async function () {
      this.timeout(30_000);
      const deep = `x = ${"(".repeat(5000)}input()${")".repeat(5000)}\neval(x)\n`;
      const longLine = `import os\nos.system("a" + ${'"b" + '.repeat(50_000)}input())\n`;
      const nestedBlocks =
        Array.from({ length: 300 }, (_, depth) => `${" ".repeat(depth)}if x:`).join("\n") +
        `\n${" ".repeat(300)}eval(input())\n`;
      for (const source of [deep, longLine, nestedBlocks]) {
        const started = Date.now();
        const findings = await lintPython(source, { timeBudgetMs: 2000, log: () => undefined });
        assert.ok(Array.isArray(findings));
        assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
      }
      const huge = "x = 1\n".repeat(2_000_000) + "eval(input())\n";
      const logged: string[] = [];
      const started = Date.now();
      await lintPython(huge, {
        maxSourceLength: 1_000_000,
        timeBudgetMs: 1000,
        log: (message) => logged.push(message),
      });
      assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
      assert.ok(logged.some((message) => message.includes("linted up to")));
    });

    it("parses the next file from scratch after a parse was cancelled", async () => {
      const logged: string[] = [];
      await lintPython("x = [1,\n".repeat(200_000), { timeBudgetMs: 1, log: (message) => logged.push(message) });
      assert.ok(logged.some((message) => message.includes("parse cancelled")));
      assert.deepEqual(lines(await lintPython("import os\nos.system(input())\n"), "command-injection"), [2]);
    });
  });

  describe("lintSuggestion: Trojan Source", () => {
    it("flags a bidirectional override in the suggestion, in document coordinates, and not one in the prefix", async () => {
      const prefix = 'NOTE = "legacy \u202e text"\n\ndef is_admin(user):\n    '; // the override above is the document's, not the suggestion's
      const suggestion = '""" Check the role \u202e \u2066""" ; return True\n    return user.role == "admin"';
      const findings = await lintSuggestion(prefix, suggestion, "\n");
      assert.deepEqual(
        findings.map((finding) => [
          finding.ruleId,
          finding.severity,
          finding.range.startLine,
          finding.range.startColumn,
        ]),
        [["trojan-source", "high", 3, 23]],
      );
    });
  });

  describe("lintSuggestion", () => {
    // generous budget: these tests check coordinates and filtering, not speed (the bench does), on possibly loaded CI
    const options = { timeBudgetMs: 10_000, rules: taintRules };
    const prefix = [
      "import os",
      "import subprocess",
      "from flask import Flask, request",
      "app = Flask(__name__)",
      "",
      "def legacy(cmd):",
      "    os.system(cmd)",
      "",
      "@app.route('/run')",
      "def run():",
      "    host = request.args['host']",
      "",
    ].join("\n");

    it("reports findings inside the suggestion in document coordinates, not those of the prefix", async () => {
      const suggestion = "    out = subprocess.check_output('ping -c 1 ' + host, shell=True)\n    return out\n";
      const findings = await lintSuggestion(
        prefix,
        suggestion,
        "\n@app.route('/other')\ndef other():\n    return 'ok'\n",
        options,
      );
      assert.equal(findings.length, 1);
      assert.equal(findings[0].ruleId, "command-injection");
      assert.deepEqual(findings[0].range, { startLine: 11, startColumn: 10, endLine: 11, endColumn: 66 });
      assert.match(findings[0].message, /request\.args/);
    });

    it("in a 2 MB module, lints a bounded window and reports in document coordinates, fixes included", async () => {
      const head = prefix.slice(0, prefix.indexOf("def legacy"));
      const data = Array.from(
        { length: 20_000 },
        (_, index) => `TABLE_${index} = {"row": ${index}, "values": [${index}]}\n`,
      );
      const large = `${head}${data.join("")}\n${prefix.slice(prefix.indexOf("def legacy"))}`;
      const below = data.join("").replace(/TABLE_/g, "BELOW_");
      const suggestion = "    out = subprocess.check_output('ping -c 1 ' + host, shell=True)\n    return eval(out)\n";
      const lines = (text: string) => text.split("\n").length - 1;
      const findings = await lintSuggestion(large, suggestion, `\n${below}`, { timeBudgetMs: 10_000 });
      assert.deepEqual(
        findings.map((finding) => [finding.ruleId, finding.range.startLine, finding.range.startColumn]),
        [
          ["command-injection", lines(large), 10],
          ["code-injection", lines(large) + 1, 11],
        ],
      );
      const fix = findings[1].fix?.edits.map((edit) => [edit.range.startLine, edit.range.startColumn, edit.newText]);
      assert.deepEqual(fix, [
        [0, 0, "import ast\n"],
        [lines(large) + 1, 11, "ast.literal_eval"],
      ]);
    });

    it("is quiet for a safe suggestion and respects guards added by it", async () => {
      const safe = "    return subprocess.check_output(['ping', '-c', '1', host])\n";
      assert.deepEqual(await lintSuggestion(prefix, safe, "", options), []);
      const guarded =
        "    if host not in {'a', 'b'}:\n        return 'no'\n    return subprocess.check_output('ping ' + host, shell=True)\n";
      assert.deepEqual(await lintSuggestion(prefix, guarded, "", options), []);
    });

    it("moves fixes to document lines, a fix at the top of the file included", async () => {
      const document = ["# tools", "def unrelated():", "    return 1", "", "def parse(text):", ""].join("\n");
      const findings = await lintSuggestion(document, "    return eval(text)\n", "", { timeBudgetMs: 10_000 });
      const injection = findings.find((finding) => finding.ruleId === "code-injection");
      assert.equal(injection?.range.startLine, 5);
      const edits = (finding?: Finding) =>
        finding?.fix?.edits.map((edit) => [edit.range.startLine, edit.range.startColumn, edit.newText]);
      // the import goes below the file's leading comment, as in the document
      assert.deepEqual(edits(injection), [
        [0, 7, "\nimport ast"],
        [5, 11, "ast.literal_eval"],
      ]);
      const inDocument = await lintPython(`${document}    return eval(text)\n`, { timeBudgetMs: 10_000 });
      assert.deepEqual(edits(injection), edits(inDocument.find((finding) => finding.ruleId === "code-injection")));
    });

    it("completes a statement in the middle of a line", async () => {
      const findings = await lintSuggestion(
        `${prefix}    os.sys`,
        "tem('nslookup ' + host)",
        "\n    return 'done'\n",
        options,
      );
      assert.deepEqual(
        findings.map((finding) => [finding.ruleId, finding.range.startLine, finding.range.startColumn]),
        [["command-injection", 11, 4]],
      );
    });
  });

  describe("lintSuggestion: the suggestion is judged as the document it makes", () => {
    const options = { timeBudgetMs: 10_000, rules: taintRules };
    const suffix = "\n\ndef other():\n    return 1\n";

    it("sees a validator defined above the cursor: the suggestion is as clean as the document", async () => {
      const prefix = [
        "import subprocess",
        "from flask import Flask, request",
        "",
        "app = Flask(__name__)",
        'ALLOWED = {"status", "uptime"}',
        "",
        "",
        "def validate(name):",
        "    if name not in ALLOWED:",
        "        raise ValueError(name)",
        "",
        "",
        '@app.route("/run")',
        "def run():",
        "",
      ].join("\n");
      const suggestion = [
        '    cmd = request.args["cmd"]',
        "    validate(cmd)",
        "    return subprocess.run(cmd, shell=True).returncode",
        "",
      ].join("\n");
      assert.deepEqual(await lintPython(prefix + suggestion + suffix, options), []);
      assert.deepEqual(await lintSuggestion(prefix, suggestion, suffix, options), []);
      // without the validator's call it is flagged, in document coordinates
      const unchecked = suggestion.replace("    validate(cmd)\n", "");
      assert.deepEqual(
        (await lintSuggestion(prefix, unchecked, suffix, options)).map((finding) => [
          finding.ruleId,
          finding.confidence,
          finding.range.startLine,
        ]),
        [["command-injection", "high", 15]],
      );
    });

    it("sees the callers of the function it completes, above and below the cursor", async () => {
      const head = ["import subprocess", "from flask import Flask, request", "", "app = Flask(__name__)", ""];
      const caller = (argument: string) => [
        "",
        '@app.route("/run")',
        "def run():",
        `    return _run_tool(${argument})`,
        "",
      ];
      const helper = ["", "def _run_tool(cmd):", ""];
      const suggestion = "    return subprocess.run(cmd, shell=True).returncode\n";
      const findingsOf = async (prefix: string[], after: string[]) =>
        (await lintSuggestion(prefix.join("\n"), suggestion, `\n${after.join("\n")}`, options)).map((finding) => [
          finding.ruleId,
          finding.confidence,
          finding.range.startLine,
        ]);
      // a caller above passing request data
      const above = [...head, ...caller('request.args["cmd"]'), ...helper];
      assert.deepEqual(await findingsOf(above, []), [["command-injection", "high", above.length - 1]]);
      // a caller below passing request data
      const below = [...head, ...helper];
      assert.deepEqual(await findingsOf(below, caller('request.args["cmd"]')), [
        ["command-injection", "high", below.length - 1],
      ]);
      // callers passing constants only: clean, as in the document
      assert.deepEqual(await findingsOf([...head, ...caller('"uptime"'), ...helper], []), []);
    });
  });

  describe("lintSuggestion on unfinished code", () => {
    it("closes brackets a suggestion leaves open", async () => {
      const prefix = "import subprocess\nfrom flask import request\n\ndef handler():\n";
      const suggestion = "    cmd = request.args['c']\n    subprocess.run(f\"ls {cmd} # (\", shell=True";
      const findings = await lintSuggestion(prefix, suggestion, "", { timeBudgetMs: 10_000 });
      assert.deepEqual(
        findings.map((finding) => [finding.ruleId, finding.range.startLine]),
        [["command-injection", 5]],
      );
    });
  });

  describe("fixes", () => {
    it("offers ast.literal_eval for eval and adds the import", async () => {
      const findings = await lintPython("def parse(text):\n    return eval(text)\n");
      const fix = findings[0].fix!;
      assert.deepEqual(
        fix.edits.map((edit) => edit.newText),
        ["import ast\n", "ast.literal_eval"],
      );
      assert.deepEqual(fix.edits[1].range, { startLine: 1, startColumn: 11, endLine: 1, endColumn: 15 });
    });

    it("adds filter='data' to tarfile extraction", async () => {
      const findings = await lintPython("import tarfile\n\ndef unpack(p, d):\n    tarfile.open(p).extractall(d)\n");
      const [edit] = findings.find((finding) => finding.ruleId === "archive-extraction-traversal")!.fix!.edits;
      assert.equal(edit.newText, ', filter="data"');
      assert.deepEqual(edit.range, { startLine: 3, startColumn: 32, endLine: 3, endColumn: 32 });
    });
  });
});
