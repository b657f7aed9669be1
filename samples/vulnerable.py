"""Code of the kind a model may suggest: each function has a flaw the security lint reports."""
import os
import subprocess

import yaml
from flask import Flask, request, send_file

app = Flask(__name__)


@app.route("/download")
def download():
    name = request.args.get("name")
    return send_file(os.path.join("/srv/files", name))


def run_report(user_filter):
    subprocess.run(f"grep {user_filter} /var/log/app.log", shell=True)


def read_config(stream):
    return yaml.load(stream)


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)
