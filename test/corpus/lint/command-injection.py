# Corpus: OS command injection (CWE-78). Each "# %% case" block is a standalone module linted on its own.
# %% case: ping-os-system | expect: command-injection
import os

def ping_host(host):
    response = os.system("ping -c 1 " + host)
    return response == 0
# %% case: ping-os-system-safe | expect: none
import subprocess

def ping_host(host):
    response = subprocess.run(["ping", "-c", "1", host], capture_output=True)
    return response.returncode == 0
# %% case: flask-nslookup-shell | expect: command-injection
import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.route("/dns")
def dns():
    domain = request.args.get("domain")
    output = subprocess.check_output(f"nslookup {domain}", shell=True, text=True)
    return f"<pre>{output}</pre>"
# %% case: flask-nslookup-shell-safe | expect: none
import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.route("/dns")
def dns():
    domain = request.args.get("domain")
    output = subprocess.check_output(["nslookup", domain], text=True)
    return f"<pre>{output}</pre>"
# %% case: shlex-quote | expect: command-injection
import subprocess

def count_lines(path):
    result = subprocess.run("wc -l %s" % path, shell=True, capture_output=True, text=True)
    return int(result.stdout.split()[0])
# %% case: shlex-quote-safe | expect: none
import shlex
import subprocess

def count_lines(path):
    result = subprocess.run("wc -l %s" % shlex.quote(path), shell=True, capture_output=True, text=True)
    return int(result.stdout.split()[0])
# %% case: popen-grep | expect: command-injection
import os

def search_logs(pattern):
    stream = os.popen("grep -r '{}' /var/log/app".format(pattern))
    return stream.read()
# %% case: popen-grep-safe | expect: none
import subprocess

def search_logs(pattern):
    return subprocess.run(["grep", "-r", "--", pattern, "/var/log/app"], capture_output=True, text=True).stdout
# %% case: argv-convert | expect: command-injection
import subprocess
import sys

def main():
    source, target = sys.argv[1], sys.argv[2]
    subprocess.call("convert " + source + " " + target, shell=True)

if __name__ == "__main__":
    main()
# %% case: argv-convert-safe | expect: none
import subprocess
import sys

def main():
    source, target = sys.argv[1], sys.argv[2]
    subprocess.call(["convert", source, target])

if __name__ == "__main__":
    main()
# %% case: allowlist-service | expect: command-injection
import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.post("/restart")
def restart():
    service = request.form["service"]
    subprocess.run(f"systemctl restart {service}", shell=True, check=True)
    return "restarted"
# %% case: allowlist-service-safe | expect: none
import subprocess
from flask import Flask, request, abort

app = Flask(__name__)
SERVICES = {"nginx", "redis", "worker"}

@app.post("/restart")
def restart():
    service = request.form["service"]
    if service not in SERVICES:
        abort(400)
    subprocess.run(f"systemctl restart {service}", shell=True, check=True)
    return "restarted"
# %% case: git-clone-url | expect: command-injection
import os

def clone_repository(repo_url, dest):
    os.system(f"git clone {repo_url} {dest}")
# %% case: git-clone-url-safe | expect: none
import subprocess

def clone_repository(repo_url, dest):
    subprocess.run(["git", "clone", "--", repo_url, dest], check=True)
# %% case: bash-c-list | expect: command-injection
import subprocess

def run_user_script(script_text):
    return subprocess.run(["bash", "-c", script_text], capture_output=True).stdout
# %% case: bash-c-list-safe | expect: none
import subprocess

def run_user_script(script_path):
    return subprocess.run(["bash", "--", "/opt/scripts/runner.sh", script_path], capture_output=True).stdout
# %% case: user-chosen-program | expect: command-injection
import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.route("/tool")
def tool():
    program = request.args["program"]
    return subprocess.check_output([program, "--version"], text=True)
# %% case: user-chosen-program-safe | expect: none
import subprocess
from flask import Flask, request, abort

app = Flask(__name__)
TOOLS = {"git": "/usr/bin/git", "python": "/usr/bin/python3"}

@app.route("/tool")
def tool():
    program = TOOLS.get(request.args["program"])
    if program is None:
        abort(404)
    return subprocess.check_output([program, "--version"], text=True)
# %% case: getoutput-du | expect: command-injection
import subprocess

def folder_size(folder):
    return subprocess.getoutput("du -sh " + folder)
# %% case: getoutput-du-safe | expect: none
import subprocess

def folder_size(folder):
    return subprocess.run(["du", "-sh", folder], capture_output=True, text=True).stdout
# %% case: helper-shell-run | expect: command-injection
import subprocess
from flask import Flask, request

app = Flask(__name__)

def _run(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout

@app.route("/whois")
def whois():
    return _run("whois " + request.args["domain"])
# %% case: helper-shell-run-safe | expect: none
import shlex
import subprocess
from flask import Flask, request

app = Flask(__name__)

def _run(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout

@app.route("/whois")
def whois():
    return _run("whois " + shlex.quote(request.args["domain"]))
# %% case: int-port-check | expect: command-injection
import os

def open_firewall(port):
    os.system("ufw allow " + port)
# %% case: int-port-check-safe | expect: none
import os

def open_firewall(port):
    os.system("ufw allow %d" % int(port))
# %% case: input-backup-name | expect: command-injection
import os

def backup():
    name = input("Backup name: ")
    os.system("tar -czf /backups/" + name + ".tar.gz /srv/data")
# %% case: input-backup-name-safe | expect: none
import os
import re

def backup():
    name = input("Backup name: ")
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        print("invalid name")
        return
    os.system("tar -czf /backups/" + name + ".tar.gz /srv/data")
# %% case: class-deployer | expect: command-injection
import subprocess

class Deployer:
    def __init__(self, host):
        self.host = host

    def deploy(self, branch):
        cmd = f"ssh {self.host} 'cd /srv/app && git checkout {branch} && ./restart.sh'"
        subprocess.Popen(cmd, shell=True).wait()
# %% case: class-deployer-safe | expect: none
import shlex
import subprocess

class Deployer:
    def __init__(self, host):
        self.host = host

    def deploy(self, branch):
        remote = "cd /srv/app && git checkout {} && ./restart.sh".format(shlex.quote(branch))
        subprocess.Popen(["ssh", self.host, remote]).wait()
# %% case: env-editor | expect: command-injection
import os

def edit(path):
    editor = os.environ.get("EDITOR", "vi")
    os.system(editor + " /etc/app.conf")
# %% case: env-editor-safe | expect: none
import os
import subprocess

def edit_config():
    subprocess.call(["/usr/bin/vi", "/etc/app.conf"])
# %% case: socket-remote-shell | expect: command-injection
import socket
import subprocess

def handle(conn: socket.socket):
    command = conn.recv(1024).decode()
    output = subprocess.check_output(command, shell=True)
    conn.sendall(output)
# %% case: socket-remote-shell-safe | expect: none
import socket
import subprocess

COMMANDS = {"uptime": ["uptime"], "disk": ["df", "-h"]}

def handle(conn: socket.socket):
    command = conn.recv(1024).decode().strip()
    argv = COMMANDS.get(command)
    if argv is None:
        conn.sendall(b"unknown command")
        return
    conn.sendall(subprocess.check_output(argv))
# %% case: fastapi-ffmpeg | expect: command-injection
import subprocess
from fastapi import FastAPI

app = FastAPI()

@app.post("/thumbnail")
def thumbnail(video: str, at: str = "00:00:01"):
    subprocess.run(f"ffmpeg -ss {at} -i {video} -frames:v 1 thumb.png", shell=True)
    return {"ok": True}
# %% case: fastapi-ffmpeg-safe | expect: none
import subprocess
from fastapi import FastAPI

app = FastAPI()

@app.post("/thumbnail")
def thumbnail(video: str, at: str = "00:00:01"):
    subprocess.run(["ffmpeg", "-ss", at, "-i", video, "-frames:v", "1", "thumb.png"])
    return {"ok": True}
# %% case: asyncio-shell | expect: command-injection
import asyncio

async def resize(image_path, width):
    proc = await asyncio.create_subprocess_shell(f"mogrify -resize {width} {image_path}")
    await proc.wait()
# %% case: asyncio-shell-safe | expect: none
import asyncio

async def resize(image_path, width):
    proc = await asyncio.create_subprocess_exec("mogrify", "-resize", str(width), image_path)
    await proc.wait()
# %% case: paramiko-exec | expect: command-injection
import paramiko

def remote_tail(client: paramiko.SSHClient, logfile):
    stdin, stdout, stderr = client.exec_command("tail -n 100 " + logfile)
    return stdout.read().decode()
# %% case: paramiko-exec-safe | expect: none
import shlex
import paramiko

def remote_tail(client: paramiko.SSHClient, logfile):
    stdin, stdout, stderr = client.exec_command("tail -n 100 " + shlex.quote(logfile))
    return stdout.read().decode()
# %% case: digit-check | expect: command-injection
import os

def kill_process(pid):
    os.system("kill -9 " + pid)
# %% case: digit-check-safe | expect: none
import os

def kill_process(pid):
    if not pid.isdigit():
        raise ValueError("pid must be numeric")
    os.system("kill -9 " + pid)
# %% case: loop-subprocess-shell | expect: command-injection
import asyncio
from aiohttp import web

class Protocol(asyncio.SubprocessProtocol):
    pass

async def archive(request):
    name = request.query["name"]
    loop = asyncio.get_running_loop()
    transport, _ = await loop.subprocess_shell(Protocol, f"tar czf /backups/{name}.tgz /srv/data")
    transport.close()
    return web.Response(text="queued")
# %% case: loop-subprocess-shell-safe | expect: none
import asyncio
from aiohttp import web

class Protocol(asyncio.SubprocessProtocol):
    pass

async def archive(request):
    name = request.query["name"]
    loop = asyncio.get_running_loop()
    transport, _ = await loop.subprocess_exec(Protocol, "tar", "czf", f"/backups/{name}.tgz", "/srv/data")
    transport.close()
    return web.Response(text="queued")
# %% case: asyncio-exec-bash-c | expect: command-injection
import asyncio
import sys

async def main():
    shell = "bash"
    proc = await asyncio.subprocess.create_subprocess_exec(shell, "-c", "echo " + sys.argv[1])
    await proc.wait()

if __name__ == "__main__":
    asyncio.run(main())
# %% case: asyncio-exec-bash-c-safe | expect: none
import asyncio
import sys

async def main():
    program = "echo"
    proc = await asyncio.subprocess.create_subprocess_exec(program, sys.argv[1])
    await proc.wait()

if __name__ == "__main__":
    asyncio.run(main())
# %% case: spawnl-sh-c | expect: command-injection
import os
from flask import Flask, request

app = Flask(__name__)

@app.post("/compress")
def compress():
    target = request.form["target"]
    os.spawnl(os.P_WAIT, "/bin/sh", "-c", "gzip -k " + target)
    return "ok"
# %% case: spawnl-sh-c-safe | expect: none
import os
import shlex
from flask import Flask, request

app = Flask(__name__)

@app.post("/compress")
def compress():
    target = request.form["target"]
    os.spawnl(os.P_WAIT, "/bin/sh", "-c", "gzip -k " + shlex.quote(target))
    return "ok"
# %% case: env-bash-c | expect: command-injection
import subprocess
import sys

def main():
    step = sys.argv[1]
    subprocess.run(["/usr/bin/env", "bash", "-c", f"make {step}"], check=True)

main()
# %% case: env-bash-c-safe | expect: none
import subprocess
import sys

def main():
    step = sys.argv[1]
    subprocess.run(["/usr/bin/env", "make", step], check=True)

main()
# %% case: getattr-os-system | expect: command-injection
import os

def run_hook():
    hook = os.environ.get("POST_DEPLOY_HOOK", "")
    runner = getattr(os, "system")
    runner("sh " + hook)
# %% case: getattr-os-system-safe | expect: none
import os

def run_hook():
    hook = os.environ.get("POST_DEPLOY_HOOK", "")
    runner = getattr(os, "system")
    runner("sh /opt/hooks/post_deploy.sh")
    return hook
# %% case: dunder-import-system | expect: command-injection
def ping(host):
    return __import__("os").system("ping -c 1 " + host)
# %% case: dunder-import-system-safe | expect: none
def ping(host):
    return __import__("subprocess").run(["ping", "-c", "1", host]).returncode
# %% case: platform-popen | expect: command-injection
import platform
from flask import Flask, request

app = Flask(__name__)

@app.get("/whois")
def whois():
    domain = request.args.get("domain", "")
    return platform.popen("whois " + domain).read()
# %% case: platform-popen-safe | expect: none
import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.get("/whois")
def whois():
    domain = request.args.get("domain", "")
    return subprocess.run(["whois", domain], capture_output=True, text=True).stdout
# %% case: fabric-connection-run | expect: command-injection
from fabric import Connection
from flask import Flask, request

app = Flask(__name__)

@app.post("/logs")
def logs():
    service = request.form["service"]
    result = Connection("app01").run(f"journalctl -u {service} -n 50", hide=True)
    return result.stdout
# %% case: fabric-connection-run-safe | expect: none
import shlex
from fabric import Connection
from flask import Flask, request

app = Flask(__name__)

@app.post("/logs")
def logs():
    service = request.form["service"]
    result = Connection("app01").run(f"journalctl -u {shlex.quote(service)} -n 50", hide=True)
    return result.stdout
# %% case: getopt-value | expect: command-injection
import getopt
import os
import sys

def main():
    opts, args = getopt.getopt(sys.argv[1:], "d:", ["dir="])
    for opt, value in opts:
        if opt in ("-d", "--dir"):
            os.system("du -sh " + value)

main()
# %% case: getopt-option-name-safe | expect: none
import getopt
import os
import sys

def main():
    opts, args = getopt.getopt(sys.argv[1:], "hv", ["help", "verbose"])
    for opt, value in opts:
        os.system("echo option " + opt)

main()
# %% case: executor-submit-system | expect: command-injection
import os
from concurrent.futures import ThreadPoolExecutor
from flask import Flask, request

app = Flask(__name__)
pool = ThreadPoolExecutor(4)

@app.post("/convert")
def convert():
    name = request.form["name"]
    pool.submit(os.system, f"convert uploads/{name} out/{name}.png")
    return "queued"
# %% case: executor-submit-system-safe | expect: none
import subprocess
from concurrent.futures import ThreadPoolExecutor
from flask import Flask, request

app = Flask(__name__)
pool = ThreadPoolExecutor(4)

@app.post("/convert")
def convert():
    name = request.form["name"]
    pool.submit(subprocess.run, ["convert", f"uploads/{name}", f"out/{name}.png"])
    return "queued"
# %% case: string-command-without-shell | expect: command-injection
import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.get("/grep")
def grep():
    pattern = request.args["q"]
    # no shell: one program name on POSIX, but Windows splits the string into arguments (reported at low confidence)
    return str(subprocess.call("grep -R {} .".format(pattern)))
# %% case: string-command-without-shell-as-list-safe | expect: none
import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.get("/grep")
def grep():
    pattern = request.args["q"]
    return str(subprocess.call(["grep", "-R", "--", pattern, "."]))
# %% case: string-command-program-chosen | expect: command-injection
import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.get("/tool")
def tool():
    name = request.args["tool"]
    return str(subprocess.call("/usr/local/bin/" + name))
# %% case: shell-command-of-unknown-origin | expect: command-injection
import os


def rotate_logs():
    os.system(load_rotation_command())
# %% case: shell-command-of-unknown-origin-quoted-safe | expect: none
import os
import shlex


def rotate_logs():
    os.system("logrotate -f " + shlex.quote(load_rotation_target()))
# %% case: shell-true-global-command | expect: command-injection
import subprocess


def deploy():
    subprocess.run(DEPLOY_COMMAND, shell=True, check=True)
# %% case: shell-true-constant-command-safe | expect: none
import subprocess

DEPLOY_COMMAND = "make deploy"


def deploy():
    subprocess.run(DEPLOY_COMMAND, shell=True, check=True)
# %% case: constant-flag-picks-user-branch | expect: command-injection
import subprocess
from flask import Flask, request

app = Flask(__name__)
STRICT_NAMES = False

@app.route("/convert")
def convert():
    name = request.args.get("name", "")
    if STRICT_NAMES:
        target = "input.png"
    else:
        target = name
    subprocess.run("convert " + target + " out.pdf", shell=True)
    return "ok"
# %% case: constant-flag-picks-user-branch-safe | expect: none
import subprocess
from flask import Flask, request

app = Flask(__name__)
STRICT_NAMES = True

@app.route("/convert")
def convert():
    name = request.args.get("name", "")
    if STRICT_NAMES:
        target = "input.png"
    else:
        target = name
    subprocess.run("convert " + target + " out.pdf", shell=True)
    return "ok"
# %% case: constant-match-picks-user-case | expect: command-injection
import subprocess
from flask import Flask, request

app = Flask(__name__)
MODE = "archive"

@app.route("/pack")
def pack():
    name = request.args.get("name", "")
    match MODE:
        case "archive":
            target = name
        case _:
            target = "default"
    subprocess.run(f"tar czf {target}.tgz data", shell=True)
    return "ok"
# %% case: constant-match-picks-user-case-safe | expect: none
import subprocess
from flask import Flask, request

app = Flask(__name__)
MODE = "fixed"

@app.route("/pack")
def pack():
    name = request.args.get("name", "")
    match MODE:
        case "archive":
            target = name
        case _:
            target = "default"
    subprocess.run(f"tar czf {target}.tgz data", shell=True)
    return "ok"
# %% case: argv-appended-shell-script | expect: command-injection
import subprocess
import sys
from flask import Flask, request

app = Flask(__name__)

@app.route("/greet")
def greet():
    who = request.args.get("who", "")
    argv = []
    if sys.platform == "win32":
        argv.extend(["cmd.exe", "/c"])
    else:
        argv.extend(["bash", "-c"])
    argv.append(f"echo hello {who}")
    return subprocess.run(argv, capture_output=True, text=True).stdout
# %% case: argv-appended-shell-script-safe | expect: none
import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.route("/greet")
def greet():
    who = request.args.get("who", "")
    argv = []
    argv.append("echo")
    argv.append("hello")
    argv.append(who)
    return subprocess.run(argv, capture_output=True, text=True).stdout
# %% case: dict-literal-key-read | expect: command-injection
import os
from flask import Flask, request

app = Flask(__name__)

@app.route("/archive")
def archive():
    job = {"tool": "tar -czf /tmp/out.tgz", "folder": request.args.get("folder", ".")}
    os.system(job["tool"] + " " + job["folder"])
    return "ok"
# %% case: dict-literal-key-read-safe | expect: none
import os
from flask import Flask, request

app = Flask(__name__)

@app.route("/archive")
def archive():
    job = {"tool": "tar -czf /tmp/out.tgz /srv/data", "folder": request.args.get("folder", ".")}
    os.system(job["tool"])
    return job["folder"]
# %% case: dict-key-stores-read | expect: command-injection
import subprocess
from flask import Flask, request

app = Flask(__name__)
TOOL = "tool"

@app.route("/run")
def run():
    settings = {}
    settings[TOOL] = "uptime"
    settings["extra"] = request.args["extra"]
    if request.args.get("verbose"):
        settings[TOOL] = settings["extra"]
    return subprocess.run(settings[TOOL], shell=True, capture_output=True).stdout
# %% case: dict-key-stores-read-safe | expect: none
import subprocess
from flask import Flask, request

app = Flask(__name__)
TOOL = "tool"

@app.route("/run")
def run():
    settings = {}
    settings[TOOL] = "uptime"
    settings["extra"] = request.args["extra"]
    settings["extra"] = "--pretty"
    return subprocess.run(settings[TOOL] + " " + settings["extra"], shell=True, capture_output=True).stdout
# %% case: dict-get-constant-key | expect: command-injection
import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.route("/ping")
def ping():
    options = {"count": "3", "host": request.args.get("host", "localhost")}
    return subprocess.check_output("ping -c " + options.get("count", "1") + " " + options.get("host"), shell=True)
# %% case: dict-get-constant-key-safe | expect: none
import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.route("/ping")
def ping():
    options = {"count": "3", "host": request.args.get("host", "localhost")}
    subprocess.run(["ping", "-c", "3", options["host"]], check=True)
    return subprocess.check_output("uptime " + options.get("count", "1"), shell=True)
# %% case: private-helper-shell-no-caller | expect: command-injection
import subprocess

class _Device:
    def _shell(self, command):
        process = subprocess.Popen(command, stdout=subprocess.PIPE, shell=True)
        return process.communicate()[0]
# %% case: private-helper-shell-constant-callers-safe | expect: none
import subprocess

class Device:
    def _shell(self, command):
        process = subprocess.Popen(command, stdout=subprocess.PIPE, shell=True)
        return process.communicate()[0]

    def uptime(self):
        return self._shell("uptime")

    def disk(self):
        return self._shell("df -h")
