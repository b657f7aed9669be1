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
