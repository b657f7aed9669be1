#!/usr/bin/env node
/**
 * phi-pair-lint: the phi-pair security lint for Python files, from a terminal or CI.
 *
 *   phi-pair-lint FILE... [--format text|json|sarif] [--min-severity info|low|medium|high] [--stdin-filename NAME]
 *
 * FILE "-" reads standard input (named NAME in the output, default "<stdin>").
 *
 * Exit codes:
 *   0  no findings at or above the minimum severity
 *   1  findings at or above the minimum severity
 *   2  usage error or a file could not be read (unparsable Python is not an error: what parses is linted)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { lintPython } from "../core/lint/engine";
import { allRules } from "../core/lint/rules/index";
import type { Finding, Rule, Severity } from "../core/lint/types";
import { type PathStyle, SOURCE_ROOT_ID, fileUri, sarifArtifactLocation } from "./sarifLocation";

const USAGE = `Usage: phi-pair-lint FILE... [--format text|json|sarif] [--min-severity info|low|medium|high] [--stdin-filename NAME]

Security-lints Python files (injection, path traversal, unsafe defaults). FILE "-" reads standard input.

Options:
  --format text|json|sarif   output format (default: text); sarif is SARIF 2.1.0
  --min-severity LEVEL       report only findings at or above LEVEL (default: info)
  --stdin-filename NAME      file name reported for standard input (default: <stdin>)
  -h, --help                 show this help

Exit codes:
  0  no findings at or above the minimum severity
  1  findings at or above the minimum severity
  2  usage error or unreadable file (unparsable Python is linted as far as it parses)
`;

const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_ERROR = 2;
const FORMATS = ["text", "json", "sarif"] as const;
type Format = (typeof FORMATS)[number];
const SEVERITIES: readonly Severity[] = ["info", "low", "medium", "high"];

interface Options {
  files: string[];
  format: Format;
  minSeverity: Severity;
  stdinFilename: string;
}

class UsageError extends Error {}

function parseArguments(argv: readonly string[]): Options | "help" {
  const options: Options = { files: [], format: "text", minSeverity: "info", stdinFilename: "<stdin>" };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const [flag, inlineValue] =
      argument.startsWith("--") && argument.includes("=")
        ? [argument.slice(0, argument.indexOf("=")), argument.slice(argument.indexOf("=") + 1)]
        : [argument, undefined];
    const value = (): string => {
      const next = inlineValue ?? argv[++index];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "-h":
      case "--help":
        return "help";
      case "--format": {
        const format = value();
        if (!FORMATS.includes(format as Format))
          throw new UsageError(`unknown format '${format}' (expected ${FORMATS.join(", ")})`);
        options.format = format as Format;
        break;
      }
      case "--min-severity": {
        const severity = value();
        if (!SEVERITIES.includes(severity as Severity))
          throw new UsageError(`unknown severity '${severity}' (expected ${SEVERITIES.join(", ")})`);
        options.minSeverity = severity as Severity;
        break;
      }
      case "--stdin-filename":
        options.stdinFilename = value();
        break;
      default:
        if (argument.startsWith("-") && argument !== "-") throw new UsageError(`unknown option '${argument}'`);
        options.files.push(argument);
    }
  }
  if (options.files.length === 0) throw new UsageError("no input files (use - for standard input)");
  return options;
}

export interface FileFinding extends Finding {
  file: string;
}

/** A finding as printed in JSON: 1-based lines and columns, end column exclusive (as SARIF counts). */
function toJson(finding: FileFinding) {
  return {
    file: finding.file,
    line: finding.range.startLine + 1,
    endLine: finding.range.endLine + 1,
    column: finding.range.startColumn + 1,
    endColumn: finding.range.endColumn + 1,
    ruleId: finding.ruleId,
    category: finding.category,
    subkind: finding.subkind ?? null,
    cwe: finding.cwe,
    severity: finding.severity,
    confidence: finding.confidence,
    message: finding.message,
    fixHint: finding.fixHint,
  };
}

function toText(finding: FileFinding): string {
  const json = toJson(finding);
  return `${json.file}:${json.line}:${json.column}: ${json.severity} ${json.ruleId} [CWE-${json.cwe}] ${json.message}\n    fix: ${json.fixHint}`;
}

const SARIF_LEVEL: Readonly<Record<Severity, "error" | "warning" | "note">> = {
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

/** A SARIF 2.1.0 log; file names are resolved against `root` and read as `style` paths (see sarifArtifactLocation). */
export function toSarif(
  findings: readonly FileFinding[],
  rules: readonly Rule[],
  files: readonly string[],
  root = process.cwd(),
  style: PathStyle = process.platform === "win32" ? "win32" : "posix",
) {
  const location = (file: string) => sarifArtifactLocation(file, root, style);
  // Two names of one file ("a.py", "./a.py") are one artifact: the schema requires artifacts to be unique.
  const artifacts = new Map<string, { location: ReturnType<typeof location>; index: number }>();
  const artifactOf = (file: string) => {
    const at = location(file);
    const key = JSON.stringify(at);
    if (!artifacts.has(key)) artifacts.set(key, { location: at, index: artifacts.size });
    return artifacts.get(key)!;
  };
  for (const file of files) artifactOf(file);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.id, index]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "phi-pair-lint",
            version: "0.1.0",
            rules: rules.map((rule) => ({
              id: rule.meta.id,
              name: rule.meta.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) =>
                (next ?? "").toUpperCase(),
              ),
              shortDescription: { text: rule.meta.title },
              fullDescription: { text: rule.meta.description },
              helpUri: `https://cwe.mitre.org/data/definitions/${rule.meta.cwe}.html`,
              help: { text: rule.meta.description },
              defaultConfiguration: { level: SARIF_LEVEL[rule.meta.severity] },
              properties: {
                tags: ["security", `external/cwe/cwe-${rule.meta.cwe}`],
                category: rule.meta.category,
                cwe: rule.meta.cwe,
                severity: rule.meta.severity,
              },
            })),
          },
        },
        originalUriBaseIds: { [SOURCE_ROOT_ID]: { uri: fileUri(path[style].resolve(root), style, true) } },
        artifacts: [...artifacts.values()].map((artifact) => ({ location: artifact.location })),
        columnKind: "utf16CodeUnits",
        results: findings.map((finding) => {
          const json = toJson(finding);
          const index = ruleIndex.get(finding.ruleId);
          const artifact = artifactOf(finding.file);
          return {
            ruleId: finding.ruleId,
            ...(index === undefined ? {} : { ruleIndex: index }),
            level: SARIF_LEVEL[finding.severity],
            message: { text: finding.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { ...artifact.location, index: artifact.index },
                  region: {
                    startLine: json.line,
                    startColumn: json.column,
                    endLine: json.endLine,
                    endColumn: json.endColumn,
                  },
                },
              },
            ],
            properties: {
              category: finding.category,
              ...(finding.subkind ? { subkind: finding.subkind } : {}),
              cwe: finding.cwe,
              severity: finding.severity,
              confidence: finding.confidence,
              fixHint: finding.fixHint,
            },
          };
        }),
      },
    ],
  };
}

function readInput(file: string): string {
  return file === "-" ? fs.readFileSync(0, "utf8") : fs.readFileSync(file, "utf8");
}

export async function main(argv: readonly string[]): Promise<number> {
  let options: Options | "help";
  try {
    options = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`phi-pair-lint: ${error.message}\n\n${USAGE}`);
    return EXIT_ERROR;
  }
  if (options === "help") {
    process.stdout.write(USAGE);
    return EXIT_CLEAN;
  }
  const findings: FileFinding[] = [];
  const names: string[] = [];
  let failed = false;
  for (const file of options.files) {
    const name = file === "-" ? options.stdinFilename : file;
    let source: string;
    try {
      source = readInput(file);
    } catch (error) {
      process.stderr.write(
        `phi-pair-lint: cannot read ${name}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      failed = true;
      continue;
    }
    names.push(name);
    const fileFindings = await lintPython(source, {
      minSeverity: options.minSeverity,
      log: (message) => process.stderr.write(`phi-pair-lint: ${name}: ${message}\n`),
    });
    findings.push(...fileFindings.map((finding) => ({ ...finding, file: name })));
  }
  switch (options.format) {
    case "json":
      process.stdout.write(`${JSON.stringify(findings.map(toJson), null, 2)}\n`);
      break;
    case "sarif":
      process.stdout.write(`${JSON.stringify(toSarif(findings, allRules, names), null, 2)}\n`);
      break;
    default:
      for (const finding of findings) process.stdout.write(`${toText(finding)}\n`);
      if (findings.length > 0) process.stdout.write(`${findings.length} finding${findings.length === 1 ? "" : "s"}\n`);
  }
  if (failed) return EXIT_ERROR;
  return findings.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}

if (require.main === module) {
  // `phi-pair-lint x.py | head`: a reader that stops early is not an error
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? EXIT_CLEAN);
    throw error;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `phi-pair-lint: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = EXIT_ERROR;
    },
  );
}
