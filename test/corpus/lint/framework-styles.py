# Corpus: cases in the style of other analyzers' test suites (CodeQL/semgrep/Bandit-like), mixed categories.
# %% case: codeql-normpath-unchecked | expect: path-traversal
import os.path
from flask import Flask, request

app = Flask(__name__)
STATIC_DIR = "/server/static/images/"

@app.route("/path2")
def path_injection():
    filename = request.args.get("filename", "")
    npath = os.path.normpath(os.path.join(STATIC_DIR, filename))
    f = open(npath)
    return f.read()
# %% case: codeql-normpath-checked | expect: none
import os.path
from flask import Flask, request

app = Flask(__name__)
STATIC_DIR = "/server/static/images/"

@app.route("/path4")
def safe_path_normpath():
    filename = request.args.get("filename", "")
    npath = os.path.normpath(os.path.join(STATIC_DIR, filename))
    if npath.startswith(STATIC_DIR):
        f = open(npath)
        return f.read()
    return "denied"
# %% case: codeql-check-not-reaching | expect: path-traversal
import os.path
from flask import Flask, request

app = Flask(__name__)
STATIC_DIR = "/server/static/images/"

@app.route("/path3")
def unsafe_path_normpath():
    filename = request.args.get("filename", "")
    npath = os.path.normpath(os.path.join(STATIC_DIR, filename))
    if npath.startswith(STATIC_DIR):
        pass
    f = open(npath)
    return f.read()
# %% case: codeql-int-converter | expect: none
import os.path
from flask import Flask

app = Flask(__name__)
STATIC_DIR = "/server/static/images/"

@app.route("/int-only/<int:foo_id>")
def flask_int_only(foo_id):
    path = os.path.join(STATIC_DIR, str(foo_id))
    return open(path).read()
# %% case: codeql-no-dot-dot | expect: path-traversal
import os.path
from flask import Flask, request

app = Flask(__name__)
STATIC_DIR = "/server/static/images/"

@app.route("/no-dot-dot")
def no_dot_dot():
    filename = request.args.get("filename", "")
    path = os.path.join(STATIC_DIR, filename)
    if ".." in path:
        raise Exception("Not allowed")
    return open(path).read()
# %% case: dot-dot-and-absolute-checked | expect: none
import os.path
from flask import Flask, request, abort

app = Flask(__name__)
STATIC_DIR = "/server/static/images/"

@app.route("/img")
def image():
    filename = request.args.get("filename", "")
    if ".." in filename or filename.startswith("/"):
        abort(400)
    return open(os.path.join(STATIC_DIR, filename), "rb").read()
# %% case: codeql-replace-slash | expect: none
import os.path
from flask import Flask, request

app = Flask(__name__)
STATIC_DIR = "/server/static/images/"

@app.route("/replace-slash")
def replace_slash():
    filename = request.args.get("filename", "")
    sanitized = filename.replace("/", "_")
    return open(os.path.join(STATIC_DIR, sanitized)).read()
# %% case: werkzeug-safe-join | expect: none
from flask import Flask, request, send_file, abort
from werkzeug.utils import safe_join

app = Flask(__name__)

@app.route("/docs")
def docs():
    path = safe_join("/srv/docs", request.args["page"])
    if path is None:
        abort(404)
    return send_file(path)
# %% case: pathlib-relative-to-try | expect: none
from pathlib import Path
from flask import Flask, request, abort

app = Flask(__name__)
ROOT = Path("/srv/share").resolve()

@app.get("/share")
def share():
    target = (ROOT / request.args["p"]).resolve()
    try:
        target.relative_to(ROOT)
    except ValueError:
        abort(403)
    return target.read_bytes()
# %% case: pathlib-relative-to-missing | expect: path-traversal
from pathlib import Path
from flask import Flask, request

app = Flask(__name__)
ROOT = Path("/srv/share").resolve()

@app.get("/share")
def share():
    target = (ROOT / request.args["p"]).resolve()
    return target.read_bytes()
# %% case: validator-helper-raises | expect: none
import os
import re
from flask import Flask, request

app = Flask(__name__)

def validate_name(name):
    if not re.fullmatch(r"[\w.-]+", name) or name.startswith("."):
        raise ValueError("bad name")

@app.route("/logs")
def logs():
    name = request.args["name"]
    validate_name(name)
    return open(os.path.join("/var/log/app", name)).read()
# %% case: validator-helper-ignored | expect: path-traversal
import os
import re
from flask import Flask, request

app = Flask(__name__)

def validate_name(name):
    return bool(re.fullmatch(r"[\w.-]+", name))

@app.route("/logs")
def logs():
    name = request.args["name"]
    validate_name(name)
    return open(os.path.join("/var/log/app", name)).read()
# %% case: django-rawsql-annotate | expect: sql-injection
from django.db.models.expressions import RawSQL
from .models import User

def show_user(request, username):
    return User.objects.annotate(flag=RawSQL("SELECT flag FROM flags WHERE name = '%s'" % username, []))
# %% case: django-rawsql-params | expect: none
from django.db.models.expressions import RawSQL
from .models import User

def show_user(request, username):
    return User.objects.annotate(flag=RawSQL("SELECT flag FROM flags WHERE name = %s", (username,)))
# %% case: django-extra-where | expect: sql-injection
from .models import Entry

def entries(request):
    author = request.GET.get("author")
    return Entry.objects.extra(where=["author = '%s'" % author])
# %% case: django-extra-params | expect: none
from .models import Entry

def entries(request):
    author = request.GET.get("author")
    return Entry.objects.extra(where=["author = %s"], params=[author])
# %% case: sqlalchemy-filter-text | expect: sql-injection
from flask import request
from sqlalchemy import text
from .db import session, User

def by_name():
    name = request.args["name"]
    return session.query(User).filter(text("name = '" + name + "'")).all()
# %% case: sqlalchemy-filter-orm | expect: none
from flask import request
from .db import session, User

def by_name():
    name = request.args["name"]
    return session.query(User).filter(User.name == name).all()
# %% case: asyncpg-fetch | expect: sql-injection
async def find_orders(pool, status):
    async with pool.acquire() as conn:
        return await conn.fetch(f"SELECT * FROM orders WHERE status = '{status}'")
# %% case: asyncpg-fetch-safe | expect: none
async def find_orders(pool, status):
    async with pool.acquire() as conn:
        return await conn.fetch("SELECT * FROM orders WHERE status = $1", status)
# %% case: in-list-placeholders | expect: none
def fetch_many(cursor, ids):
    placeholders = ", ".join("?" for _ in ids)
    cursor.execute(f"SELECT * FROM items WHERE id IN ({placeholders})", ids)
    return cursor.fetchall()
# %% case: in-list-interpolated | expect: sql-injection
def fetch_many(cursor, ids):
    id_list = ", ".join(str(i) for i in ids)
    cursor.execute(f"SELECT * FROM items WHERE id IN ({id_list})")
    return cursor.fetchall()
# %% case: tornado-argument | expect: sql-injection
import tornado.web

class UserHandler(tornado.web.RequestHandler):
    def get(self):
        name = self.get_argument("name")
        rows = self.application.db.execute("SELECT * FROM users WHERE name = '%s'" % name)
        self.write({"rows": rows})
# %% case: tornado-argument-safe | expect: none
import tornado.web

class UserHandler(tornado.web.RequestHandler):
    def get(self):
        name = self.get_argument("name")
        rows = self.application.db.execute("SELECT * FROM users WHERE name = %s", (name,))
        self.write({"rows": rows})
# %% case: codeql-first-arg | expect: command-injection
import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.route("/command3")
def first_arg_injection():
    cmd = request.args.get("cmd", "")
    subprocess.Popen([cmd, "param1"])
    return "ok"
# %% case: codeql-list-argument | expect: none
import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.route("/command4")
def list_argument():
    files = request.args.get("files", "")
    subprocess.Popen(["ls", files])
    return "ok"
# %% case: execl-sh-c | expect: command-injection
import os
from flask import Flask, request

app = Flask(__name__)

@app.route("/exec")
def run_exec():
    files = request.args.get("files", "")
    os.execl("/bin/sh", "sh", "-c", "ls " + files)
# %% case: execl-constant-program | expect: none
import os
from flask import Flask, request

app = Flask(__name__)

@app.route("/exec")
def run_exec():
    files = request.args.get("files", "")
    os.execl("/bin/ls", "ls", "--", files)
# %% case: shlex-split-program | expect: command-injection
import shlex
import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.post("/jobs")
def run_job():
    return subprocess.run(shlex.split(request.form["command"]), capture_output=True).stdout
# %% case: shlex-split-wrapper | expect: none
import shlex
import subprocess

def run_job(command_line):
    return subprocess.run(shlex.split(command_line), capture_output=True).stdout
# %% case: shlex-split-constant-program | expect: none
import shlex
import subprocess

def run_job(options):
    return subprocess.run(["rsync"] + shlex.split(options) + ["/src", "/dst"], capture_output=True).stdout
# %% case: pexpect-spawn | expect: command-injection
import pexpect

def connect(host):
    child = pexpect.spawn("ssh admin@" + host)
    child.expect("password:")
    return child
# %% case: pexpect-spawn-safe | expect: none
import pexpect

def connect(host):
    child = pexpect.spawn("ssh", ["admin@" + host])
    child.expect("password:")
    return child
# %% case: negated-class-check | expect: none
import os
import re

def make_user_dir(username):
    if re.search(r"[^a-z0-9_]", username):
        raise ValueError("invalid username")
    os.system("mkdir -p /home/" + username)
# %% case: negated-class-inverted | expect: command-injection
import os
import re

def make_user_dir(username):
    if re.search(r"[a-z0-9_]", username):
        os.system("mkdir -p /home/" + username)
# %% case: exec-base64-payload | expect: code-injection
import base64
from flask import Flask, request

app = Flask(__name__)

@app.post("/hook")
def hook():
    exec(base64.b64decode(request.form["payload"]).decode())
    return "ok"
# %% case: eval-numeric-only | expect: none
from flask import Flask, request

app = Flask(__name__)

@app.get("/power")
def power():
    base = int(request.args["base"])
    exponent = int(request.args["exp"])
    return str(eval(f"{base} ** {exponent}"))
# %% case: jinja-app-env-from-string | expect: code-injection
from flask import Flask, request

app = Flask(__name__)

@app.route("/render")
def render():
    return app.jinja_env.from_string(request.args["tpl"]).render()
# %% case: jinja-app-env-constant | expect: none
from flask import Flask, request

app = Flask(__name__)

@app.route("/render")
def render():
    return app.jinja_env.from_string("Hi {{ who }}").render(who=request.args["who"])
# %% case: starlette-request-eval | expect: code-injection
from starlette.requests import Request
from starlette.responses import JSONResponse

async def evaluate(request: Request):
    body = await request.json()
    return JSONResponse({"result": eval(body["expression"])})
# %% case: starlette-request-literal-eval | expect: none
import ast
from starlette.requests import Request
from starlette.responses import JSONResponse

async def evaluate(request: Request):
    body = await request.json()
    return JSONResponse({"result": ast.literal_eval(body["expression"])})
# %% case: ping-endpoint | expect: command-injection
import subprocess
from flask import Flask, request, jsonify

app = Flask(__name__)

@app.route("/api/ping")
def api_ping():
    host = request.args.get("host", "127.0.0.1")
    output = subprocess.check_output(f"ping -c 2 {host}", shell=True, text=True)
    return jsonify(output=output)
# %% case: ping-endpoint-safe | expect: none
import ipaddress
import subprocess
from flask import Flask, request, jsonify

app = Flask(__name__)

@app.route("/api/ping")
def api_ping():
    host = request.args.get("host", "127.0.0.1")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return jsonify(error="invalid IP address"), 400
    output = subprocess.check_output(f"ping -c 2 {host}", shell=True, text=True)
    return jsonify(output=output)
# %% case: user-template-render | expect: code-injection
from jinja2 import Environment

def render_user_template(source, context):
    return Environment().from_string(source).render(**context)
# %% case: user-template-render-safe | expect: none
from jinja2.sandbox import SandboxedEnvironment

def render_user_template(source, context):
    return SandboxedEnvironment().from_string(source).render(**context)
# %% case: attachment-name | expect: path-traversal
import os
from flask import Flask, request, send_file

app = Flask(__name__)
ATTACHMENTS = "/srv/attachments"

@app.get("/attachment")
def attachment():
    name = request.args["name"]
    return send_file(os.path.join(ATTACHMENTS, name), as_attachment=True)
# %% case: attachment-name-safe | expect: none
import os
from flask import Flask, request, send_file, abort

app = Flask(__name__)
ATTACHMENTS = "/srv/attachments"

@app.get("/attachment")
def attachment():
    name = request.args["name"]
    if "/" in name or "\\" in name or ".." in name:
        abort(400)
    return send_file(os.path.join(ATTACHMENTS, name), as_attachment=True)
# %% case: helper-load-model | expect: none
import pickle

def load_model(path):
    with open(path, "rb") as handle:
        return pickle.load(handle)
# %% case: helper-save-report | expect: none
import json
import os

def save_report(report, out_path):
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w") as handle:
        json.dump(report, handle, indent=2)
# %% case: helper-run-argv | expect: none
import subprocess

def run(argv, cwd=None):
    completed = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=True)
    return completed.stdout
# %% case: helper-db-execute | expect: none
import sqlite3

class Database:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def execute(self, statement, params=()):
        cursor = self.conn.execute(statement, params)
        self.conn.commit()
        return cursor
# %% case: django-view-url-param | expect: path-traversal
from django.http import FileResponse

def invoice_pdf(request, filename):
    return FileResponse(open("/srv/invoices/" + filename, "rb"), content_type="application/pdf")
# %% case: django-view-url-param-safe | expect: none
import os
from django.http import FileResponse, Http404

def invoice_pdf(request, filename):
    name = os.path.basename(filename)
    if not name.endswith(".pdf"):
        raise Http404()
    return FileResponse(open("/srv/invoices/" + name, "rb"), content_type="application/pdf")
# %% case: click-command-shell | expect: command-injection
import subprocess
import click

@click.command()
@click.argument("branch")
def deploy(branch):
    subprocess.run(f"git fetch && git checkout {branch} && make deploy", shell=True, check=True)
# %% case: click-command-shell-safe | expect: none
import subprocess
import click

@click.command()
@click.argument("branch")
def deploy(branch):
    subprocess.run(["git", "fetch"], check=True)
    subprocess.run(["git", "checkout", branch], check=True)
    subprocess.run(["make", "deploy"], check=True)
# %% case: import-module-request | expect: code-injection
import importlib
from flask import Flask, request

app = Flask(__name__)

@app.route("/export")
def export():
    exporter = importlib.import_module("exporters." + request.args["format"])
    return exporter.run()
# %% case: import-module-request-safe | expect: none
import importlib
from flask import Flask, request, abort

app = Flask(__name__)
FORMATS = {"csv", "json", "xlsx"}

@app.route("/export")
def export():
    fmt = request.args["format"]
    if fmt not in FORMATS:
        abort(400)
    exporter = importlib.import_module("exporters." + fmt)
    return exporter.run()
# %% case: drf-viewset-sql | expect: sql-injection
from django.db import connection
from rest_framework.views import APIView
from rest_framework.response import Response

class ReportView(APIView):
    def get(self, request, region):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT SUM(total) FROM sales WHERE region = '{region}'")
            return Response({"total": cursor.fetchone()[0]})
# %% case: drf-viewset-sql-safe | expect: none
from django.db import connection
from rest_framework.views import APIView
from rest_framework.response import Response

class ReportView(APIView):
    def get(self, request, region):
        with connection.cursor() as cursor:
            cursor.execute("SELECT SUM(total) FROM sales WHERE region = %s", [region])
            return Response({"total": cursor.fetchone()[0]})
