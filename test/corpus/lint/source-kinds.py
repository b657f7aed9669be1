# Corpus: sinks that depend on the kind of a source (TaintSource.kind), not on its description or on node text.
# %% case: upload-getlist-save | expect: path-traversal
import os
from flask import Flask, request

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"

@app.post("/gallery")
def gallery():
    # every file of a multi-file upload is an uploaded file, whatever the variable is called
    for photo in request.files.getlist("photos"):
        photo.save(os.path.join(UPLOAD_DIR, photo.filename))
    return "saved"
# %% case: upload-getlist-save-secure-filename | expect: none
import os
from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"

@app.post("/gallery")
def gallery():
    for photo in request.files.getlist("photos"):
        photo.save(os.path.join(UPLOAD_DIR, secure_filename(photo.filename)))
    return "saved"
# %% case: form-object-save-not-a-file | expect: none
from flask import Flask, request
from forms import ProfileForm

app = Flask(__name__)

@app.post("/profile")
def profile():
    # form data, not an uploaded file: the form's save() stores a record, it writes no file at that path
    form = ProfileForm(request.form)
    form.save(request.form["name"])
    return "saved"
# %% case: own-route-decorator-parameter-whole | expect: path-traversal
from flask import Flask

app = Flask(__name__)

def route(path):
    # the project's own decorator over its app: what it decorates is a route handler
    return app.route(path)

@route("/files/<name>")
def show(name):
    return open(name).read()
# %% case: own-route-decorator-int-variable | expect: none
from flask import Flask

app = Flask(__name__)

def route(path):
    return app.route(path)

@route("/pages/<int:number>")
def page(number):
    return open(f"/srv/pages/{number}.txt").read()
# %% case: archive-members-in-variable-checked | expect: none
import os
import tarfile
from flask import Flask, request

app = Flask(__name__)

@app.post("/restore")
def restore():
    dest = "/srv/restore"
    with tarfile.open(fileobj=request.files["backup"].stream) as tar:
        # the member list held in a variable is still the archive's member names (source kind archive-member)
        members = tar.getmembers()
        for member in members:
            target = os.path.realpath(os.path.join(dest, member.name))
            if os.path.commonpath([dest, target]) != dest:
                raise ValueError(member.name)
        tar.extractall(dest)
    return "ok"
# %% case: archive-members-in-variable-dotdot-only | expect: path-traversal
import tarfile
from flask import Flask, request

app = Flask(__name__)

@app.post("/restore")
def restore():
    dest = "/srv/restore"
    with tarfile.open(fileobj=request.files["backup"].stream) as tar:
        members = tar.getmembers()
        for member in members:
            # a '..' test alone lets absolute names and links through
            if ".." in member.name:
                raise ValueError(member.name)
        tar.extractall(dest)
    return "ok"
# %% case: archive-members-resolved-relative-to | expect: none
import tarfile
from pathlib import Path

def restore(archive_path, dest):
    base = Path(dest).resolve()
    with tarfile.open(archive_path) as tar:
        for member in tar.getmembers():
            try:
                # a passed relative_to() of the resolved path proves containment (the guards of the data flow)
                (base / member.name).resolve().relative_to(base)
            except ValueError:
                raise ValueError(member.name)
        tar.extractall(dest)
# %% case: archive-members-lexical-relative-to | expect: path-traversal
import tarfile
from pathlib import Path

def restore(archive_path, dest):
    base = Path(dest)
    with tarfile.open(archive_path) as tar:
        for member in tar.getmembers():
            try:
                # lexical: Path("/srv/x/../../etc").relative_to("/srv/x") succeeds, the '..' is never resolved
                (base / member.name).relative_to(base)
            except ValueError:
                raise ValueError(member.name)
        tar.extractall(dest)
# %% case: archive-members-checked-in-else | expect: none
import os
import tarfile

def restore(archive_path, dest):
    base = os.path.realpath(dest)
    with tarfile.open(archive_path) as tar:
        for member in tar.getmembers():
            target = os.path.realpath(os.path.join(base, member.name))
            if os.path.commonpath([base, target]) == base:
                print("ok", member.name)
            else:
                raise ValueError(member.name)
        tar.extractall(dest)
# %% case: archive-members-pathlib-absolute-and-dotdot | expect: none
import tarfile
from pathlib import PurePosixPath

def restore(archive_path, dest):
    with tarfile.open(archive_path) as tar:
        for member in tar.getmembers():
            name = PurePosixPath(member.name)
            if name.is_absolute() or ".." in member.name:
                raise ValueError(member.name)
        tar.extractall(dest)
