import { lintSuggestion } from "./engine";

/**
 * Modules whose function bodies, linted as suggestions, reach every rule family: taint from request data,
 * parameters, argv and files into paths, SQL, shells, code and templates (with and without sanitizers), the
 * unsafe-default calls, classes, decorators, nested and async functions, comments. Deliberately not the bench's
 * input: the bench measures a document the primer has never seen.
 */
export const PRIMER_MODULES: readonly string[] = [
  `"""Notes service."""
import os
import sqlite3
import subprocess
from pathlib import Path

from flask import Flask, abort, jsonify, request, send_file, render_template_string
from werkzeug.utils import secure_filename

app = Flask(__name__)
app.config["SECRET_KEY"] = "change-me-please-0123"
UPLOADS = "/srv/uploads"
ALLOWED = {"png", "txt"}


def connect():
    # one connection per request
    return sqlite3.connect(os.environ.get("NOTES_DB", "notes.db"))


@app.route("/notes/<owner>")
def notes(owner):
    db = connect()
    rows = db.execute("SELECT id, title FROM notes WHERE owner = '%s'" % owner).fetchall()
    safe = db.execute("SELECT id, title FROM notes WHERE owner = ?", (owner,)).fetchall()
    return jsonify([dict(id=row[0], title=row[1]) for row in rows + safe])


@app.route("/files")
def download():
    name = request.args.get("name", "")
    path = os.path.realpath(os.path.join(UPLOADS, name))
    if not path.startswith(UPLOADS + os.sep):
        abort(404)
    with open(os.path.join(UPLOADS, name)) as handle:
        handle.read(1)
    return send_file(path)


@app.route("/upload", methods=["POST"])
def upload():
    file = request.files["file"]
    name = secure_filename(file.filename)
    if name.rsplit(".", 1)[-1] not in ALLOWED:
        abort(400)
    target = Path(UPLOADS) / name
    file.save(target)
    subprocess.run(f"convert {target} {target}.png", shell=True)
    subprocess.run(["gzip", "-k", str(target)], check=True)
    return {"saved": name}


@app.route("/ping")
def ping():
    host = request.args["host"]
    os.system("ping -c 1 " + host)
    return "ok"


class Greeter:
    """Renders greetings."""

    def __init__(self, template):
        self.template = template

    def greet(self, who):
        page = render_template_string("<p>Hello " + who + "</p>")
        return page + self.template.format(who=who)

    async def greet_later(self, who, delay=1):
        import asyncio

        await asyncio.sleep(delay)
        return eval("self.greet(" + repr(who) + ")")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8080, debug=True)
`,
  `import argparse
import hashlib
import logging
import pickle
import random
import ssl
import sys
import tarfile
import tempfile

import requests
import yaml

API_TOKEN = "tok-3f9a1c0e7b2d4e6f8a0b1c2d"
log = logging.getLogger(__name__)


def load_settings(path):
    with open(path) as stream:
        return yaml.load(stream)


def fetch_state(host, verify=True):
    response = requests.get("https://" + host + "/state", verify=False)
    return pickle.loads(response.content)


def password_digest(password, salt=None):
    salt = salt or "".join(random.choice("abcdef0123456789") for _ in range(16))
    return hashlib.md5((salt + password).encode()).hexdigest()


def unpack(archive, into):
    with tarfile.open(archive) as bundle:
        for member in bundle.getmembers():
            if member.name.startswith("/") or ".." in member.name:
                raise ValueError(member.name)
        bundle.extractall(into)
    scratch = tempfile.mktemp()
    context = ssl._create_unverified_context()
    log.info("unpacked %s with token %s", archive, API_TOKEN)
    return scratch, context


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("command")
    args = parser.parse_args(argv)
    code = compile(args.command, "<cli>", "exec")
    exec(code)
    try:
        return fetch_state(sys.argv[1])
    except Exception as error:
        print(str(error))
        return None


if __name__ == "__main__":
    main()
`,
];

/**
 * Lints for V8 to have optimized the lint on varied input (~1 ms each, one per event-loop turn). On the 2-core
 * bench machine p99 of the next 500 suggestion lints was 4.6–6.7 ms after 400 rounds, 5.1–7.1 after 1,000 and
 * 3.9–5.8 after 1,500 (five fresh processes each); bench/lint-bench.ts measures primed against cold.
 */
export const PRIMING_ROUNDS = 1500;
/** Function bodies taken from one document: enough variety, bounded cost for large files. */
const SLICES_PER_DOCUMENT = 24;
/** Larger documents are left out: their slices cost more to make than they teach the JIT. */
const MAX_DOCUMENT_LENGTH = 256 * 1024;
/** Lines of a function body taken as the suggestion (the bench's suggestion is 40 lines). */
const SUGGESTION_LINES = 40;

export interface SuggestionSample {
  prefix: string;
  suggestion: string;
  suffix: string;
}

const DEF_LINE = /^([ \t]*)(async[ \t]+)?def\s/;

/**
 * The body of each function of `document` (up to `SUGGESTION_LINES` lines) as a suggestion typed after its
 * signature, with the rest of the document as prefix and suffix: the shape the completion provider lints.
 */
export function suggestionSamples(document: string, limit = SLICES_PER_DOCUMENT): SuggestionSample[] {
  const lines = document.split("\n");
  const samples: SuggestionSample[] = [];
  for (let index = 0; index < lines.length && samples.length < limit; index++) {
    const def = DEF_LINE.exec(lines[index]);
    if (!def) continue;
    let end = index + 1;
    while (end < lines.length && end - index <= SUGGESTION_LINES) {
      const line = lines[end];
      const indent = line.length - line.trimStart().length;
      if (indent < line.length && indent <= def[1].length) break; // a non-blank line back at the def's level
      end++;
    }
    while (end > index + 1 && !lines[end - 1].trim()) end--;
    if (end === index + 1) continue;
    samples.push({
      prefix: `${lines.slice(0, index + 1).join("\n")}\n`,
      suggestion: `${lines.slice(index + 1, end).join("\n")}\n`,
      suffix: lines.slice(end).join("\n"),
    });
  }
  return samples;
}

export interface PrimingResult {
  rounds: number;
  samples: number;
  elapsedMs: number;
}

/**
 * Lints function bodies of the built-in modules and of `documents` (the user's open files) as suggestions until V8
 * has compiled and optimized the lint for them, so the first suggestions of a session are checked as fast as later
 * ones: in a fresh process the first few hundred lints include compile pauses, and a document unlike anything seen
 * before sends optimized code back to the interpreter. Yields to the event loop after every lint, so it never
 * holds its thread for longer than one lint; stops when `signal` aborts.
 */
export async function primeLinter(
  options: { rounds?: number; documents?: readonly string[]; signal?: AbortSignal } = {},
): Promise<PrimingResult> {
  const documents = [
    ...PRIMER_MODULES,
    ...(options.documents ?? []).filter((document) => document.length <= MAX_DOCUMENT_LENGTH),
  ];
  const samples = documents.flatMap((document) => suggestionSamples(document));
  const rounds = options.rounds ?? PRIMING_ROUNDS;
  const started = performance.now();
  let done = 0;
  while (done < rounds && !options.signal?.aborted) {
    const sample = samples[done % samples.length];
    await lintSuggestion(sample.prefix, sample.suggestion, sample.suffix);
    done++;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { rounds: done, samples: samples.length, elapsedMs: performance.now() - started };
}
