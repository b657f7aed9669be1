# Corpus: code injection (CWE-95) and server-side template injection (CWE-1336), both category code-injection.
# %% case: calculator-eval | expect: code-injection
def calculate(expression):
    result = eval(expression)
    return result
# %% case: calculator-eval-safe | expect: none
import ast
import operator

OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}

def calculate(expression):
    tree = ast.parse(expression, mode="eval")
    return _evaluate(tree.body)

def _evaluate(node):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in OPS:
        return OPS[type(node.op)](_evaluate(node.left), _evaluate(node.right))
    raise ValueError("unsupported expression")
# %% case: flask-eval-json | expect: code-injection
from flask import Flask, request, jsonify

app = Flask(__name__)

@app.route("/compute", methods=["POST"])
def compute():
    data = request.get_json()
    value = eval(data["formula"])
    return jsonify(result=value)
# %% case: flask-eval-json-safe | expect: none
import ast
from flask import Flask, request, jsonify

app = Flask(__name__)

@app.route("/compute", methods=["POST"])
def compute():
    data = request.get_json()
    value = ast.literal_eval(data["formula"])
    return jsonify(result=value)
# %% case: parse-config-value | expect: code-injection
def parse_value(raw):
    try:
        return eval(raw)
    except Exception:
        return raw
# %% case: parse-config-value-safe | expect: none
import ast

def parse_value(raw):
    try:
        return ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return raw
# %% case: exec-plugin-code | expect: code-injection
from flask import Flask, request

app = Flask(__name__)

@app.post("/plugins")
def install_plugin():
    code = request.form["code"]
    namespace = {}
    exec(code, namespace)
    return "installed"
# %% case: exec-plugin-code-safe | expect: none
import importlib
from flask import Flask, request, abort

app = Flask(__name__)
PLUGINS = {"csv": "plugins.csv_export", "pdf": "plugins.pdf_export"}

@app.post("/plugins")
def install_plugin():
    name = request.form["name"]
    if name not in PLUGINS:
        abort(404)
    importlib.import_module(PLUGINS[name])
    return "installed"
# %% case: input-eval-repl | expect: code-injection
def repl():
    while True:
        line = input(">>> ")
        if line == "quit":
            break
        print(eval(line))
# %% case: input-eval-repl-safe | expect: none
import json

def repl():
    while True:
        line = input(">>> ")
        if line == "quit":
            break
        print(json.loads(line))
# %% case: dynamic-attribute-exec | expect: code-injection
class Model:
    def set_field(self, name, value):
        exec(f"self.{name} = {value!r}")
# %% case: dynamic-attribute-exec-safe | expect: none
class Model:
    FIELDS = ("title", "body")

    def set_field(self, name, value):
        if name not in self.FIELDS:
            raise AttributeError(name)
        setattr(self, name, value)
# %% case: compile-user-rule | expect: code-injection
def make_rule(condition):
    code = compile("lambda item: " + condition, "<rule>", "eval")
    return eval(code)
# %% case: compile-user-rule-safe | expect: none
import operator

COMPARATORS = {"lt": operator.lt, "gt": operator.gt, "eq": operator.eq}

def make_rule(field, comparator, threshold):
    compare = COMPARATORS[comparator]
    return lambda item: compare(item[field], threshold)
# %% case: argv-eval | expect: code-injection
import sys

if __name__ == "__main__":
    print(eval(sys.argv[1]))
# %% case: argv-eval-safe | expect: none
import sys

if __name__ == "__main__":
    print(float(sys.argv[1]) * 2)
# %% case: eval-float-cast | expect: code-injection
def apply_discount(price, discount):
    return eval(f"{price} * (1 - {discount})")
# %% case: eval-float-cast-safe | expect: none
def apply_discount(price, discount):
    return eval(f"{float(price)} * (1 - {float(discount)})")
# %% case: socket-exec | expect: code-injection
import socket

def serve(conn: socket.socket):
    payload = conn.recv(4096).decode()
    exec(payload)
# %% case: socket-exec-safe | expect: none
import json
import socket

def serve(conn: socket.socket):
    payload = json.loads(conn.recv(4096).decode())
    conn.sendall(str(payload.get("value", 0)).encode())
# %% case: helper-eval | expect: code-injection
from flask import Flask, request

app = Flask(__name__)

def _evaluate(expr):
    return eval(expr, {"__builtins__": {}})

@app.route("/calc")
def calc():
    return str(_evaluate(request.args["expr"]))
# %% case: helper-eval-safe | expect: none
import re
from flask import Flask, request, abort

app = Flask(__name__)
ARITHMETIC = re.compile(r"^[0-9+\-*/(). ]+$")

def _evaluate(expr):
    return eval(expr, {"__builtins__": {}})

@app.route("/calc")
def calc():
    expr = request.args["expr"]
    if not ARITHMETIC.match(expr):
        abort(400)
    return str(_evaluate(expr))
# %% case: ssti-render-template-string | expect: code-injection
from flask import Flask, request, render_template_string

app = Flask(__name__)

@app.route("/greet")
def greet():
    name = request.args.get("name", "guest")
    template = "<h1>Welcome, " + name + "!</h1>"
    return render_template_string(template)
# %% case: ssti-render-template-string-safe | expect: none
from flask import Flask, request, render_template_string

app = Flask(__name__)

@app.route("/greet")
def greet():
    name = request.args.get("name", "guest")
    return render_template_string("<h1>Welcome, {{ name }}!</h1>", name=name)
# %% case: ssti-jinja-template | expect: code-injection
from jinja2 import Template

def render_email(subject_template, user):
    return Template(subject_template).render(user=user)
# %% case: ssti-jinja-template-safe | expect: none
from jinja2 import Environment, FileSystemLoader, select_autoescape

env = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())

def render_email(template_name, user):
    return env.get_template(template_name).render(user=user)
# %% case: ssti-env-from-string | expect: code-injection
from flask import Flask, request
from jinja2 import Environment

app = Flask(__name__)
env = Environment()

@app.post("/preview")
def preview():
    body = request.form["body"]
    return env.from_string(body).render(site="example")
# %% case: ssti-env-from-string-safe | expect: none
from flask import Flask, request
from jinja2 import Environment

app = Flask(__name__)
env = Environment(autoescape=True)
PREVIEW = env.from_string("<article>{{ body }}</article>")

@app.post("/preview")
def preview():
    return PREVIEW.render(body=request.form["body"])
# %% case: ssti-fstring-jinja | expect: code-injection
import jinja2

def render_profile(username):
    tpl = jinja2.Template(f"<p>Profile of {username}</p><p>{{{{ bio }}}}</p>")
    return tpl.render(bio="...")
# %% case: ssti-fstring-jinja-safe | expect: none
import jinja2

def render_profile(username):
    tpl = jinja2.Template("<p>Profile of {{ username }}</p><p>{{ bio }}</p>")
    return tpl.render(username=username, bio="...")
# %% case: ssti-mako | expect: code-injection
from mako.template import Template

def render_banner(message):
    return Template("<div class='banner'>" + message + "</div>").render()
# %% case: ssti-mako-safe | expect: none
from mako.template import Template

BANNER = Template("<div class='banner'>${message | h}</div>")

def render_banner(message):
    return BANNER.render(message=message)
# %% case: ssti-django-template | expect: code-injection
from django.http import HttpResponse
from django.template import Template, Context

def hello(request):
    name = request.GET.get("name", "")
    template = Template("Hello " + name)
    return HttpResponse(template.render(Context({})))
# %% case: ssti-django-template-safe | expect: none
from django.http import HttpResponse
from django.template import Template, Context

def hello(request):
    name = request.GET.get("name", "")
    template = Template("Hello {{ name }}")
    return HttpResponse(template.render(Context({"name": name})))
# %% case: ssti-format-then-render | expect: code-injection
from flask import Flask, request, render_template_string

app = Flask(__name__)
PAGE = "<html><body><h2>Results for {}</h2>{{% for r in results %}}<li>{{{{ r }}}}</li>{{% endfor %}}</body></html>"

@app.route("/search")
def search():
    query = request.args.get("q", "")
    return render_template_string(PAGE.format(query), results=[])
# %% case: ssti-format-then-render-safe | expect: none
from flask import Flask, request, render_template_string

app = Flask(__name__)
PAGE = "<html><body><h2>Results for {{ query }}</h2>{% for r in results %}<li>{{ r }}</li>{% endfor %}</body></html>"

@app.route("/search")
def search():
    query = request.args.get("q", "")
    return render_template_string(PAGE, query=query, results=[])
# %% case: ssti-file-template | expect: code-injection
from jinja2 import Template

def render_user_template(path, context):
    with open(path) as fh:
        source = fh.read()
    return Template(source).render(**context)
# %% case: ssti-file-template-safe | expect: none
from jinja2 import Template

def render_builtin_template(context):
    with open("templates/report.j2") as fh:
        source = fh.read()
    return Template(source).render(**context)
# %% case: run-in-executor-exec | expect: code-injection
import asyncio
from aiohttp import web

async def run_snippet(request):
    body = await request.post()
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, exec, body["snippet"])
    return web.Response(text="done")
# %% case: run-in-executor-exec-safe | expect: none
import ast
import asyncio
from aiohttp import web

async def run_snippet(request):
    body = await request.post()
    loop = asyncio.get_running_loop()
    value = await loop.run_in_executor(None, ast.literal_eval, body["snippet"])
    return web.Response(text=repr(value))
# %% case: thread-target-eval | expect: code-injection
import sys
import threading

def main():
    worker = threading.Thread(target=eval, args=(sys.argv[1],))
    worker.start()

main()
# %% case: thread-target-eval-safe | expect: none
import sys
import threading

def main():
    worker = threading.Thread(target=print, args=(sys.argv[1],))
    worker.start()

main()
# %% case: globals-dispatch | expect: code-injection
from flask import Flask, request

app = Flask(__name__)

def report_daily():
    return "daily"

@app.get("/report")
def report():
    kind = request.args.get("kind", "daily")
    handler = globals()["report_" + kind]
    return handler()
# %% case: globals-dispatch-safe | expect: none
from flask import Flask, request

app = Flask(__name__)

def report_daily():
    return "daily"

REPORTS = {"daily": report_daily}

@app.get("/report")
def report():
    kind = request.args.get("kind", "daily")
    handler = REPORTS.get(kind, report_daily)
    return handler()
# %% case: globals-get-dispatch | expect: code-injection
def dispatch(request):
    action = request.GET.get("action")
    namespace = globals()
    handler = namespace.get(action)
    return handler(request) if handler else None
# %% case: globals-get-dispatch-safe | expect: none
def dispatch(request):
    action = request.GET.get("action")
    handler = globals().get("default_action")
    return handler(request) if handler else action
# %% case: interactive-console-push | expect: code-injection
import code
import socket

def serve(port):
    console = code.InteractiveConsole()
    with socket.create_server(("127.0.0.1", port)) as server:
        conn, _ = server.accept()
        line = conn.recv(4096).decode()
        console.push(line)
# %% case: interactive-console-push-safe | expect: none
import code

def startup_banner():
    console = code.InteractiveConsole()
    console.push("print('ready')")
# %% case: ssti-bottle-simple-template | expect: code-injection
from bottle import SimpleTemplate, request, route

@route("/greet")
def greet():
    layout = request.query.layout
    return SimpleTemplate(layout).render(name="World")
# %% case: ssti-bottle-simple-template-safe | expect: none
from bottle import SimpleTemplate, request, route

@route("/greet")
def greet():
    name = request.query.name
    return SimpleTemplate("Hello {{name}}!").render(name=name)
# %% case: ssti-bottle-template-alias | expect: code-injection
from bottle import request, route
from bottle import template as render

@route("/page")
def page():
    return render(request.query.body, title="Page")
# %% case: ssti-bottle-template-alias-safe | expect: none
from bottle import request, route
from bottle import template as render

@route("/page")
def page():
    return render("page_view", body=request.query.body, title="Page")
# %% case: ssti-genshi-markup | expect: code-injection
from flask import Flask, request
from genshi.template import MarkupTemplate

app = Flask(__name__)

@app.post("/preview")
def preview():
    tmpl = MarkupTemplate(request.form["markup"])
    return tmpl.generate().render("html")
# %% case: ssti-genshi-markup-safe | expect: none
from flask import Flask, request
from genshi.template import MarkupTemplate

app = Flask(__name__)
PAGE = '<p xmlns:py="http://genshi.edgewall.org/">${title}</p>'

@app.post("/preview")
def preview():
    tmpl = MarkupTemplate(PAGE)
    return tmpl.generate(title=request.form["markup"]).render("html")
# %% case: ssti-chevron | expect: code-injection
import chevron
from flask import Flask, request

app = Flask(__name__)

@app.post("/mustache")
def mustache():
    return chevron.render(request.form["template"], {"user": "guest"})
# %% case: ssti-chevron-safe | expect: none
import chevron
from flask import Flask, request

app = Flask(__name__)

@app.post("/mustache")
def mustache():
    return chevron.render("Hello {{user}}", {"user": request.form["user"]})
# %% case: flask-eval-character-allow-list-letters | expect: code-injection
import string
from flask import Flask, request

app = Flask(__name__)

@app.get("/calc")
def calc():
    expression = request.args.get("q", "")
    if not set(expression) <= set(string.ascii_letters + string.digits + "+-()"):
        return "invalid", 400
    return str(eval(expression))
# %% case: flask-eval-character-allow-list-safe | expect: none
from flask import Flask, request

app = Flask(__name__)
ALLOWED = set("0123456789+-*/(). ")

@app.get("/calc")
def calc():
    expression = request.args.get("q", "")
    if not all(character in ALLOWED for character in expression):
        return "invalid", 400
    return str(eval(expression))
