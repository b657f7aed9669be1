# Corpus: path traversal (CWE-22). Each "# %% case" block is a standalone module linted on its own.
# %% case: flask-send-file-join | expect: path-traversal
import os
from flask import Flask, request, send_file

app = Flask(__name__)
FILES_DIR = "/var/www/files"

@app.route("/files")
def get_file():
    filename = request.args.get("filename")
    path = os.path.join(FILES_DIR, filename)
    return send_file(path)
# %% case: flask-send-file-join-safe | expect: none
import os
from flask import Flask, request, send_file, abort

app = Flask(__name__)
FILES_DIR = "/var/www/files"

@app.route("/files")
def get_file():
    filename = request.args.get("filename")
    path = os.path.realpath(os.path.join(FILES_DIR, filename))
    if not path.startswith(os.path.realpath(FILES_DIR) + os.sep):
        abort(404)
    return send_file(path)
# %% case: read-user-file-param | expect: path-traversal
import os

BASE_DIR = "/srv/data"

def read_user_file(username, filename):
    path = os.path.join(BASE_DIR, username, filename)
    with open(path, "r") as f:
        return f.read()
# %% case: read-user-file-param-safe | expect: none
import os

BASE_DIR = "/srv/data"

def read_user_file(username, filename):
    base = os.path.realpath(BASE_DIR)
    path = os.path.realpath(os.path.join(base, username, filename))
    if os.path.commonpath([base, path]) != base:
        raise PermissionError("Access outside of data directory")
    with open(path, "r") as f:
        return f.read()
# %% case: upload-save-filename | expect: path-traversal
import os
from flask import Flask, request

app = Flask(__name__)
UPLOAD_FOLDER = "uploads"

@app.route("/upload", methods=["POST"])
def upload():
    file = request.files["file"]
    file.save(os.path.join(UPLOAD_FOLDER, file.filename))
    with open(os.path.join(UPLOAD_FOLDER, file.filename + ".meta"), "w") as meta:
        meta.write(request.form.get("description", ""))
    return "Uploaded", 201
# %% case: upload-save-filename-safe | expect: none
import os
from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_FOLDER = "uploads"

@app.route("/upload", methods=["POST"])
def upload():
    file = request.files["file"]
    filename = secure_filename(file.filename)
    file.save(os.path.join(UPLOAD_FOLDER, filename))
    with open(os.path.join(UPLOAD_FOLDER, filename + ".meta"), "w") as meta:
        meta.write(request.form.get("description", ""))
    return "Uploaded", 201
# %% case: delete-file-endpoint | expect: path-traversal
import os
from flask import Flask, request, jsonify

app = Flask(__name__)

@app.route("/delete", methods=["POST"])
def delete_file():
    name = request.json["name"]
    os.remove(f"/tmp/cache/{name}")
    return jsonify(ok=True)
# %% case: delete-file-endpoint-safe | expect: none
import os
from flask import Flask, request, jsonify

app = Flask(__name__)

@app.route("/delete", methods=["POST"])
def delete_file():
    name = os.path.basename(request.json["name"])
    os.remove(f"/tmp/cache/{name}")
    return jsonify(ok=True)
# %% case: django-serve-report | expect: path-traversal
from django.http import HttpResponse

REPORT_ROOT = "/srv/reports/"

def download_report(request):
    report = request.GET.get("report")
    with open(REPORT_ROOT + report, "rb") as fh:
        return HttpResponse(fh.read(), content_type="application/pdf")
# %% case: django-serve-report-safe | expect: none
from django.http import HttpResponse, Http404

REPORT_ROOT = "/srv/reports/"
REPORTS = {"q1": "q1.pdf", "q2": "q2.pdf"}

def download_report(request):
    report = request.GET.get("report")
    if report not in REPORTS:
        raise Http404("unknown report")
    with open(REPORT_ROOT + REPORTS[report], "rb") as fh:
        return HttpResponse(fh.read(), content_type="application/pdf")
# %% case: fastapi-read-log | expect: path-traversal
from fastapi import FastAPI
from pathlib import Path

app = FastAPI()
LOG_DIR = Path("/var/log/app")

@app.get("/logs/{name}")
def read_log(name: str):
    return {"content": (LOG_DIR / name).read_text()}
# %% case: fastapi-read-log-safe | expect: none
from fastapi import FastAPI, HTTPException
from pathlib import Path

app = FastAPI()
LOG_DIR = Path("/var/log/app").resolve()

@app.get("/logs/{name}")
def read_log(name: str):
    path = (LOG_DIR / name).resolve()
    if not path.is_relative_to(LOG_DIR):
        raise HTTPException(status_code=400, detail="invalid name")
    return {"content": path.read_text()}
# %% case: cli-cat-argv | expect: path-traversal
import sys

def main():
    path = sys.argv[1]
    with open(path) as handle:
        print(handle.read())

if __name__ == "__main__":
    main()
# %% case: cli-cat-argv-safe | expect: none
import sys

ALLOWED = ("README.md", "CHANGELOG.md")

def main():
    path = sys.argv[1]
    if path not in ALLOWED:
        sys.exit("only documentation files can be shown")
    with open(path) as handle:
        print(handle.read())

if __name__ == "__main__":
    main()
# %% case: save-avatar-userid | expect: path-traversal
import os

AVATARS = "/srv/avatars"

def save_avatar(user_id, data):
    path = os.path.join(AVATARS, "%s.png" % user_id)
    with open(path, "wb") as out:
        out.write(data)
# %% case: save-avatar-userid-safe | expect: none
import os

AVATARS = "/srv/avatars"

def save_avatar(user_id, data):
    path = os.path.join(AVATARS, "%d.png" % int(user_id))
    with open(path, "wb") as out:
        out.write(data)
# %% case: shutil-rmtree-project | expect: path-traversal
import shutil
from flask import Flask, request

app = Flask(__name__)

@app.route("/projects/delete", methods=["POST"])
def delete_project():
    project = request.form["project"]
    shutil.rmtree("/srv/projects/" + project)
    return "deleted"
# %% case: shutil-rmtree-project-safe | expect: none
import re
import shutil
from flask import Flask, request, abort

app = Flask(__name__)

@app.route("/projects/delete", methods=["POST"])
def delete_project():
    project = request.form["project"]
    if not re.fullmatch(r"[a-z0-9_-]{1,64}", project):
        abort(400)
    shutil.rmtree("/srv/projects/" + project)
    return "deleted"
# %% case: helper-resolve-path | expect: path-traversal
import os
from flask import Flask, request

app = Flask(__name__)
STATIC = "/srv/static"

def _resolve(name):
    return os.path.join(STATIC, name)

@app.route("/asset")
def asset():
    with open(_resolve(request.args["name"]), "rb") as f:
        return f.read()
# %% case: helper-resolve-path-safe | expect: none
import os
from flask import Flask, request, abort

app = Flask(__name__)
STATIC = "/srv/static"

def _resolve(name):
    full = os.path.realpath(os.path.join(STATIC, name))
    if not full.startswith(STATIC + os.sep):
        abort(403)
    return full

@app.route("/asset")
def asset():
    with open(_resolve(request.args["name"]), "rb") as f:
        return f.read()
# %% case: class-storage-read | expect: path-traversal
import os

class FileStorage:
    def __init__(self, root):
        self.root = root

    def read(self, key):
        with open(os.path.join(self.root, key), "rb") as fh:
            return fh.read()
# %% case: class-storage-read-safe | expect: none
import os

class FileStorage:
    def __init__(self, root):
        self.root = os.path.realpath(root)

    def read(self, key):
        path = os.path.realpath(os.path.join(self.root, key))
        if os.path.commonpath([self.root, path]) != self.root:
            raise ValueError("key escapes storage root")
        with open(path, "rb") as fh:
            return fh.read()
# %% case: env-config-path | expect: path-traversal
import os
import json

def load_settings():
    config_path = os.environ.get("APP_CONFIG")
    with open(config_path) as fh:
        return json.load(fh)
# %% case: env-config-path-safe | expect: none
import os
import json

def load_settings():
    with open(os.path.join(os.path.dirname(__file__), "settings.json")) as fh:
        return json.load(fh)
# %% case: zip-member-write | expect: path-traversal
import os
import zipfile

def extract_zip(zip_path, dest):
    with zipfile.ZipFile(zip_path) as zf:
        for name in zf.namelist():
            target = os.path.join(dest, name)
            with open(target, "wb") as out:
                out.write(zf.read(name))
# %% case: zip-member-write-safe | expect: none
import os
import zipfile

def extract_zip(zip_path, dest):
    dest = os.path.realpath(dest)
    with zipfile.ZipFile(zip_path) as zf:
        for name in zf.namelist():
            target = os.path.realpath(os.path.join(dest, name))
            if not target.startswith(dest + os.sep):
                raise ValueError(f"unsafe member {name}")
            with open(target, "wb") as out:
                out.write(zf.read(name))
# %% case: tar-extractall | expect: path-traversal
import tarfile

def restore_backup(archive_path, target_dir):
    with tarfile.open(archive_path, "r:gz") as tar:
        tar.extractall(path=target_dir)
# %% case: tar-extractall-safe | expect: none
import tarfile

def restore_backup(archive_path, target_dir):
    with tarfile.open(archive_path, "r:gz") as tar:
        tar.extractall(path=target_dir, filter="data")
# %% case: pathlib-write-note | expect: path-traversal
from pathlib import Path

NOTES = Path.home() / "notes"

def save_note(title, body):
    note = NOTES / f"{title}.md"
    note.write_text(body)
    return note
# %% case: pathlib-write-note-safe | expect: none
from pathlib import Path

NOTES = Path.home() / "notes"

def save_note(title, body):
    if not title.isalnum():
        raise ValueError("title must be alphanumeric")
    note = NOTES / f"{title}.md"
    note.write_text(body)
    return note
# %% case: socket-filename | expect: path-traversal
import socket

def serve_one(conn: socket.socket):
    name = conn.recv(256).decode().strip()
    with open("/srv/share/" + name, "rb") as fh:
        conn.sendall(fh.read())
# %% case: socket-filename-safe | expect: none
import os
import socket

def serve_one(conn: socket.socket):
    name = os.path.basename(conn.recv(256).decode().strip())
    with open("/srv/share/" + name, "rb") as fh:
        conn.sendall(fh.read())
# %% case: input-listdir | expect: path-traversal
import os

def browse():
    folder = input("Folder to list: ")
    for entry in os.listdir(os.path.join("/home/shared", folder)):
        print(entry)
# %% case: input-listdir-safe | expect: none
import os

SHARED = "/home/shared"

def browse():
    folder = input("Folder to list: ")
    target = os.path.normpath(os.path.join(SHARED, folder))
    if not target.startswith(SHARED):
        print("Not allowed")
        return
    for entry in os.listdir(target):
        print(entry)
# %% case: move-file-rename | expect: path-traversal
import os
from flask import Flask, request

app = Flask(__name__)

@app.post("/rename")
def rename():
    old = request.form["old"]
    new = request.form["new"]
    os.rename(os.path.join("/data", old), os.path.join("/data", new))
    return "ok"
# %% case: move-file-rename-safe | expect: none
import os
from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)

@app.post("/rename")
def rename():
    old = secure_filename(request.form["old"])
    new = secure_filename(request.form["new"])
    os.rename(os.path.join("/data", old), os.path.join("/data", new))
    return "ok"
# %% case: template-file-theme | expect: path-traversal
import os

THEMES = "/opt/app/themes"

def load_theme(theme_name):
    css_path = "{}/{}/style.css".format(THEMES, theme_name)
    with open(css_path) as css:
        return css.read()
# %% case: template-file-theme-safe | expect: none
import os

THEMES = "/opt/app/themes"
AVAILABLE_THEMES = frozenset(["light", "dark", "solarized"])

def load_theme(theme_name):
    if theme_name not in AVAILABLE_THEMES:
        theme_name = "light"
    css_path = "{}/{}/style.css".format(THEMES, theme_name)
    with open(css_path) as css:
        return css.read()
# %% case: pathlib-slash-then-open | expect: path-traversal
from pathlib import Path
from flask import Flask, request

app = Flask(__name__)
UPLOADS = Path("/srv/uploads")

@app.route("/raw")
def raw():
    target = UPLOADS / request.args["name"]
    with target.open("rb") as handle:
        return handle.read()
# %% case: pathlib-slash-then-open-safe | expect: none
from pathlib import Path
from flask import Flask, request, abort

app = Flask(__name__)
UPLOADS = Path("/srv/uploads")

@app.route("/raw")
def raw():
    target = (UPLOADS / request.args["name"]).resolve()
    if not target.is_relative_to(UPLOADS):
        abort(404)
    with target.open("rb") as handle:
        return handle.read()
# %% case: route-to-method-on-instance | expect: path-traversal
from fastapi import FastAPI

app = FastAPI()

class ReportStore:
    def load_report(self, report_path: str):
        with open(report_path) as stream:
            return stream.read()

store = ReportStore()

@app.get("/reports")
def report(name: str):
    return store.load_report("/var/reports/" + name)
# %% case: route-to-method-on-instance-safe | expect: none
import os
from fastapi import FastAPI

app = FastAPI()

class ReportStore:
    def load_report(self, report_path: str):
        with open(report_path) as stream:
            return stream.read()

store = ReportStore()

@app.get("/reports")
def report(name: str):
    return store.load_report(os.path.join("/var/reports", os.path.basename(name)))
# %% case: exists-probe-query-name | expect: path-traversal
import os
from flask import Flask, request

app = Flask(__name__)
CACHE_DIR = "/var/cache/thumbs"

@app.route("/thumb/status")
def thumb_status():
    name = request.args.get("name", "")
    if os.path.isfile(os.path.join(CACHE_DIR, name)):
        return {"ready": True}
    return {"ready": False}
# %% case: exists-probe-query-name-safe | expect: none
import os
from flask import Flask, request

app = Flask(__name__)
CACHE_DIR = "/var/cache/thumbs"

@app.route("/thumb/status")
def thumb_status():
    name = os.path.basename(request.args.get("name", ""))
    if os.path.isfile(os.path.join(CACHE_DIR, name)):
        return {"ready": True}
    return {"ready": False}
# %% case: pathlib-exists-probe | expect: path-traversal
from pathlib import Path
from flask import Flask, request

app = Flask(__name__)
REPORTS = Path("/srv/reports")

@app.route("/reports/exists")
def report_exists():
    report = REPORTS / request.args["report"]
    return {"exists": report.exists()}
# %% case: pathlib-exists-probe-safe | expect: none
from pathlib import Path
from flask import Flask, request

app = Flask(__name__)
REPORTS = Path("/srv/reports")

@app.route("/reports/exists")
def report_exists():
    report = (REPORTS / request.args["report"]).resolve()
    if not report.is_relative_to(REPORTS.resolve()):
        return {"exists": False}
    return {"exists": report.exists()}
# %% case: queryset-exists-is-not-a-path | expect: none
from django.http import JsonResponse
from .models import Invite

def invite_taken(request):
    code = request.GET.get("code", "")
    return JsonResponse({"taken": Invite.objects.filter(code=code).exists()})
# %% case: prefix-string-no-dotdot-check | expect: none
from flask import Flask, request

app = Flask(__name__)
NOTES_DIR = "/srv/notes"

@app.route("/notes")
def read_note():
    note = request.args.get("note", "")
    if ".." in note:
        return "bad name", 400
    with open(f"{NOTES_DIR}/{note}") as stream:
        return stream.read()
# %% case: join-no-dotdot-check-absolute-escapes | expect: path-traversal
import os
from flask import Flask, request

app = Flask(__name__)
NOTES_DIR = "/srv/notes"

@app.route("/notes")
def read_note():
    note = request.args.get("note", "")
    if ".." in note:
        return "bad name", 400
    with open(os.path.join(NOTES_DIR, note)) as stream:
        return stream.read()
# %% case: loop-break-carries-match | expect: path-traversal
from flask import Flask, request

app = Flask(__name__)

@app.route("/pick", methods=["POST"])
def pick():
    chosen = "default.txt"
    for field in request.form.keys():
        if request.form.get(field) == "on":
            chosen = field
            break
    with open("/srv/choices/" + chosen) as stream:
        return stream.read()
# %% case: loop-break-carries-match-safe | expect: none
import os
from flask import Flask, request

app = Flask(__name__)

@app.route("/pick", methods=["POST"])
def pick():
    chosen = "default.txt"
    for field in request.form.keys():
        if request.form.get(field) == "on":
            chosen = os.path.basename(field)
            break
    with open("/srv/choices/" + chosen) as stream:
        return stream.read()
# %% case: config-parser-round-trip | expect: path-traversal
import configparser
from flask import Flask, request

app = Flask(__name__)

@app.route("/theme")
def theme():
    settings = configparser.ConfigParser()
    settings["ui"] = {}
    settings.set("ui", "Stylesheet", request.args.get("css", "default.css"))
    settings.set("ui", "layout", "wide")
    with open("/srv/themes/" + settings.get("ui", "stylesheet")) as sheet:
        return sheet.read()
# %% case: config-parser-round-trip-safe | expect: none
import configparser
from flask import Flask, request

app = Flask(__name__)

@app.route("/theme")
def theme():
    settings = configparser.ConfigParser()
    settings["ui"] = {}
    settings.set("ui", "stylesheet", request.args.get("css", "default.css"))
    settings.set("ui", "layout", "wide.css")
    with open("/srv/themes/" + settings.get("ui", "layout")) as sheet:
        return sheet.read()
# %% case: request-path-of-route-with-variable | expect: path-traversal
from flask import Flask, request

app = Flask(__name__)

@app.route("/docs/<path:page>")
def docs(page):
    section = request.path.split("/")[2]
    with open("/srv/docs/" + section) as handle:
        return handle.read()
# %% case: request-path-of-static-route-safe | expect: none
from flask import Flask, request

app = Flask(__name__)

@app.route("/docs/changelog", methods=["GET"])
def changelog():
    section = request.path.split("/")[2]
    with open("/srv/docs/" + section + ".md") as handle:
        return handle.read()
