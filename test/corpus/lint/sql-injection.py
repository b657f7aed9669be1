# Corpus: SQL injection (CWE-89). Each "# %% case" block is a standalone module linted on its own.
# %% case: sqlite-fstring-login | expect: sql-injection
import sqlite3

def login(username, password):
    conn = sqlite3.connect("users.db")
    cursor = conn.cursor()
    cursor.execute(f"SELECT id FROM users WHERE username = '{username}' AND password = '{password}'")
    return cursor.fetchone() is not None
# %% case: sqlite-fstring-login-safe | expect: none
import sqlite3

def login(username, password):
    conn = sqlite3.connect("users.db")
    cursor = conn.cursor()
    cursor.execute("SELECT id FROM users WHERE username = ? AND password = ?", (username, password))
    return cursor.fetchone() is not None
# %% case: flask-search-concat | expect: sql-injection
import sqlite3
from flask import Flask, request, jsonify

app = Flask(__name__)

@app.route("/search")
def search():
    q = request.args.get("q", "")
    db = sqlite3.connect("shop.db")
    rows = db.execute("SELECT name, price FROM products WHERE name LIKE '%" + q + "%'").fetchall()
    return jsonify(rows)
# %% case: flask-search-concat-safe | expect: none
import sqlite3
from flask import Flask, request, jsonify

app = Flask(__name__)

@app.route("/search")
def search():
    q = request.args.get("q", "")
    db = sqlite3.connect("shop.db")
    rows = db.execute("SELECT name, price FROM products WHERE name LIKE ?", ("%" + q + "%",)).fetchall()
    return jsonify(rows)
# %% case: psycopg-percent-format | expect: sql-injection
import psycopg2

def get_orders(conn, customer_id):
    with conn.cursor() as cur:
        cur.execute("SELECT * FROM orders WHERE customer_id = '%s'" % customer_id)
        return cur.fetchall()
# %% case: psycopg-percent-format-safe | expect: none
import psycopg2

def get_orders(conn, customer_id):
    with conn.cursor() as cur:
        cur.execute("SELECT * FROM orders WHERE customer_id = %s", (customer_id,))
        return cur.fetchall()
# %% case: mysql-format-method | expect: sql-injection
import mysql.connector

def delete_user(user_id):
    db = mysql.connector.connect(host="localhost", user="app", database="app")
    cursor = db.cursor()
    query = "DELETE FROM users WHERE id = {}".format(user_id)
    cursor.execute(query)
    db.commit()
# %% case: mysql-format-method-safe | expect: none
import mysql.connector

def delete_user(user_id):
    db = mysql.connector.connect(host="localhost", user="app", database="app")
    cursor = db.cursor()
    query = "DELETE FROM users WHERE id = %s"
    cursor.execute(query, (user_id,))
    db.commit()
# %% case: django-raw | expect: sql-injection
from django.http import JsonResponse
from .models import Article

def articles_by_author(request):
    author = request.GET["author"]
    articles = Article.objects.raw("SELECT * FROM blog_article WHERE author = '%s'" % author)
    return JsonResponse({"titles": [a.title for a in articles]})
# %% case: django-raw-safe | expect: none
from django.http import JsonResponse
from .models import Article

def articles_by_author(request):
    author = request.GET["author"]
    articles = Article.objects.raw("SELECT * FROM blog_article WHERE author = %s", [author])
    return JsonResponse({"titles": [a.title for a in articles]})
# %% case: django-cursor | expect: sql-injection
from django.db import connection

def count_comments(request, post_slug):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM comments WHERE post_slug = '{post_slug}'")
        return cursor.fetchone()[0]
# %% case: django-cursor-safe | expect: none
from django.db import connection

def count_comments(request, post_slug):
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM comments WHERE post_slug = %s", [post_slug])
        return cursor.fetchone()[0]
# %% case: sqlalchemy-text-fstring | expect: sql-injection
from sqlalchemy import create_engine, text

engine = create_engine("postgresql://localhost/app")

def find_customer(email):
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT * FROM customers WHERE email = '{email}'")).first()
# %% case: sqlalchemy-text-fstring-safe | expect: none
from sqlalchemy import create_engine, text

engine = create_engine("postgresql://localhost/app")

def find_customer(email):
    with engine.connect() as conn:
        return conn.execute(text("SELECT * FROM customers WHERE email = :email"), {"email": email}).first()
# %% case: order-by-column | expect: sql-injection
import sqlite3
from flask import Flask, request

app = Flask(__name__)

@app.route("/users")
def list_users():
    sort = request.args.get("sort", "name")
    conn = sqlite3.connect("app.db")
    return {"users": conn.execute(f"SELECT id, name FROM users ORDER BY {sort}").fetchall()}
# %% case: order-by-column-safe | expect: none
import sqlite3
from flask import Flask, request

app = Flask(__name__)
SORT_COLUMNS = {"name", "created_at", "id"}

@app.route("/users")
def list_users():
    sort = request.args.get("sort", "name")
    if sort not in SORT_COLUMNS:
        sort = "name"
    conn = sqlite3.connect("app.db")
    return {"users": conn.execute(f"SELECT id, name FROM users ORDER BY {sort}").fetchall()}
# %% case: build-query-helper | expect: sql-injection
import sqlite3

def _where(field, value):
    return f"WHERE {field} = '{value}'"

def find_books(conn, author):
    sql = "SELECT * FROM books " + _where("author", author)
    return conn.execute(sql).fetchall()
# %% case: build-query-helper-safe | expect: none
import sqlite3

def _where(field):
    return f"WHERE {field} = ?"

def find_books(conn, author):
    sql = "SELECT * FROM books " + _where("author")
    return conn.execute(sql, (author,)).fetchall()
# %% case: incremental-query | expect: sql-injection
def search_products(cursor, name=None, category=None):
    query = "SELECT * FROM products WHERE 1=1"
    if name:
        query += " AND name = '" + name + "'"
    if category:
        query += " AND category = '" + category + "'"
    cursor.execute(query)
    return cursor.fetchall()
# %% case: incremental-query-safe | expect: none
def search_products(cursor, name=None, category=None):
    query = "SELECT * FROM products WHERE 1=1"
    params = []
    if name:
        query += " AND name = %s"
        params.append(name)
    if category:
        query += " AND category = %s"
        params.append(category)
    cursor.execute(query, params)
    return cursor.fetchall()
# %% case: int-id-cast | expect: sql-injection
import sqlite3
from flask import Flask, request

app = Flask(__name__)

@app.route("/item")
def item():
    item_id = request.args["id"]
    conn = sqlite3.connect("app.db")
    return str(conn.execute("SELECT * FROM items WHERE id = " + item_id).fetchone())
# %% case: int-id-cast-safe | expect: none
import sqlite3
from flask import Flask, request

app = Flask(__name__)

@app.route("/item")
def item():
    item_id = int(request.args["id"])
    conn = sqlite3.connect("app.db")
    return str(conn.execute("SELECT * FROM items WHERE id = " + str(item_id)).fetchone())
# %% case: pandas-read-sql | expect: sql-injection
import pandas as pd
import sqlite3

def sales_for_region(region):
    conn = sqlite3.connect("sales.db")
    return pd.read_sql_query(f"SELECT * FROM sales WHERE region = '{region}'", conn)
# %% case: pandas-read-sql-safe | expect: none
import pandas as pd
import sqlite3

def sales_for_region(region):
    conn = sqlite3.connect("sales.db")
    return pd.read_sql_query("SELECT * FROM sales WHERE region = ?", conn, params=(region,))
# %% case: class-repository | expect: sql-injection
class UserRepository:
    def __init__(self, connection):
        self.connection = connection

    def find_by_name(self, name):
        cur = self.connection.cursor()
        cur.execute("SELECT * FROM users WHERE name = '" + name + "'")
        return cur.fetchall()
# %% case: class-repository-safe | expect: none
class UserRepository:
    def __init__(self, connection):
        self.connection = connection

    def find_by_name(self, name):
        cur = self.connection.cursor()
        cur.execute("SELECT * FROM users WHERE name = %s", (name,))
        return cur.fetchall()
# %% case: executescript-input | expect: sql-injection
import sqlite3

def run_admin_sql():
    statements = input("SQL> ")
    conn = sqlite3.connect("admin.db")
    conn.executescript(statements)
# %% case: executescript-input-safe | expect: none
import sqlite3

def init_schema():
    conn = sqlite3.connect("admin.db")
    with open("schema.sql") as f:
        conn.executescript(f.read())
# %% case: fastapi-table-filter | expect: sql-injection
from fastapi import FastAPI
import sqlite3

app = FastAPI()

@app.get("/stats/{table}")
def stats(table: str):
    conn = sqlite3.connect("stats.db")
    count = conn.execute("SELECT COUNT(*) FROM %s" % table).fetchone()[0]
    return {"table": table, "count": count}
# %% case: fastapi-table-filter-safe | expect: none
from fastapi import FastAPI, HTTPException
import sqlite3

app = FastAPI()
TABLES = {"events", "users", "sessions"}

@app.get("/stats/{table}")
def stats(table: str):
    if table not in TABLES:
        raise HTTPException(status_code=404)
    conn = sqlite3.connect("stats.db")
    count = conn.execute("SELECT COUNT(*) FROM %s" % table).fetchone()[0]
    return {"table": table, "count": count}
# %% case: fastapi-int-path | expect: sql-injection
from fastapi import FastAPI
import sqlite3

app = FastAPI()

@app.get("/orders/{order_ref}")
def order(order_ref: str):
    conn = sqlite3.connect("orders.db")
    return conn.execute(f"SELECT * FROM orders WHERE ref = '{order_ref}'").fetchone()
# %% case: fastapi-int-path-safe | expect: none
from fastapi import FastAPI
import sqlite3

app = FastAPI()

@app.get("/orders/{order_id}")
def order(order_id: int):
    conn = sqlite3.connect("orders.db")
    return conn.execute(f"SELECT * FROM orders WHERE id = {order_id}").fetchone()
# %% case: psycopg-sql-identifier | expect: sql-injection
import psycopg2

def truncate_table(conn, table_name):
    with conn.cursor() as cur:
        cur.execute("TRUNCATE TABLE " + table_name)
    conn.commit()
# %% case: psycopg-sql-identifier-safe | expect: none
import psycopg2
from psycopg2 import sql

def truncate_table(conn, table_name):
    with conn.cursor() as cur:
        cur.execute(sql.SQL("TRUNCATE TABLE {}").format(sql.Identifier(table_name)))
    conn.commit()
# %% case: executemany-values | expect: sql-injection
def import_rows(cursor, table, rows):
    cursor.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)
# %% case: executemany-values-safe | expect: none
def import_rows(cursor, rows):
    cursor.executemany("INSERT INTO events VALUES (?, ?)", rows)
# %% case: regex-validated-name | expect: sql-injection
import re

def rows_for_tenant(cursor, tenant):
    if re.match(r"[a-z]+", tenant):
        cursor.execute(f"SELECT * FROM data_{tenant}")
        return cursor.fetchall()
    return []
# %% case: regex-validated-name-safe | expect: none
import re

def rows_for_tenant(cursor, tenant):
    if re.fullmatch(r"[a-z]+", tenant):
        cursor.execute(f"SELECT * FROM data_{tenant}")
        return cursor.fetchall()
    return []
# %% case: env-db-name | expect: sql-injection
import os
import sqlite3

def purge_schema():
    schema = os.getenv("TARGET_SCHEMA")
    conn = sqlite3.connect("app.db")
    conn.execute("DROP TABLE IF EXISTS " + schema + ".cache")
# %% case: env-db-name-safe | expect: none
import os
import sqlite3

def purge_cache():
    conn = sqlite3.connect(os.getenv("DB_PATH", "app.db"))
    conn.execute("DROP TABLE IF EXISTS cache")
# %% case: unknown-origin-percent | expect: sql-injection
import sqlite3

conn = sqlite3.connect("inventory.db")
sku = lookup_current_sku()
conn.execute("DELETE FROM stock WHERE sku = '%s'" % sku)
# %% case: unknown-origin-percent-safe | expect: none
import sqlite3

conn = sqlite3.connect("inventory.db")
sku = lookup_current_sku()
conn.execute("DELETE FROM stock WHERE sku = ?", (sku,))
# %% case: unknown-origin-int-cast-safe | expect: none
import sqlite3

conn = sqlite3.connect("inventory.db")
limit = read_setting("page_size")
conn.execute("SELECT sku FROM stock LIMIT %d" % int(limit))
# %% case: unknown-origin-allow-list-safe | expect: none
import sqlite3

SORTABLE = {"sku", "qty", "updated_at"}

def listing(db):
    column = current_sort_column()
    if column not in SORTABLE:
        column = "sku"
    return db.execute(f"SELECT sku, qty FROM stock ORDER BY {column}").fetchall()
# %% case: unknown-origin-constant-table-safe | expect: none
import sqlite3

TABLE = "stock"
conn = sqlite3.connect("inventory.db")
conn.execute(f"SELECT COUNT(*) FROM {TABLE}")
# %% case: unknown-origin-fstring-global | expect: sql-injection
import psycopg2

def purge(conn):
    cur = conn.cursor()
    cur.execute(f"DROP TABLE {tenant_table}")
# %% case: unknown-origin-whole-query-safe | expect: none
import psycopg2

def run_report(conn):
    cur = conn.cursor()
    cur.execute(load_report_sql())
# %% case: asyncpg-fetch-variable | expect: sql-injection
import asyncpg
from fastapi import FastAPI

app = FastAPI()

@app.get("/orders")
async def orders(status: str):
    conn = await asyncpg.connect(dsn="postgresql://localhost/shop")
    query = "SELECT id, total FROM orders WHERE status = '" + status + "'"
    return await conn.fetch(query)
# %% case: asyncpg-fetch-variable-safe | expect: none
import asyncpg
from fastapi import FastAPI

app = FastAPI()

@app.get("/orders")
async def orders(status: str):
    conn = await asyncpg.connect(dsn="postgresql://localhost/shop")
    return await conn.fetch("SELECT id, total FROM orders WHERE status = $1", status)
# %% case: asyncpg-pool-prepare | expect: sql-injection
import asyncpg
from flask import Flask, request

app = Flask(__name__)

@app.route("/report")
async def report():
    pool = await asyncpg.create_pool(dsn="postgresql://localhost/shop")
    async with pool.acquire() as conn:
        stmt = await conn.prepare(request.args["sql"])
        return str(await stmt.fetch())
# %% case: pg8000-run-format | expect: sql-injection
import pg8000.native
from flask import Flask, request

app = Flask(__name__)

@app.route("/city")
def city():
    con = pg8000.native.Connection("app", password="x")
    return str(con.run("SELECT * FROM cities WHERE name = '{}'".format(request.args["name"])))
# %% case: pg8000-run-format-safe | expect: none
import pg8000.native
from flask import Flask, request

app = Flask(__name__)

@app.route("/city")
def city():
    con = pg8000.native.Connection("app", password="x")
    return str(con.run("SELECT * FROM cities WHERE name = :name", name=request.args["name"]))
# %% case: sqlalchemy-query-filter-text | expect: sql-injection
from flask import Flask, request
from models import Session, Product

app = Flask(__name__)

@app.route("/products")
def products():
    session = Session()
    return str(session.query(Product).filter("category = '%s'" % request.args["c"]).all())
# %% case: sqlalchemy-query-filter-text-safe | expect: none
from flask import Flask, request
from models import Session, Product

app = Flask(__name__)

@app.route("/products")
def products():
    session = Session()
    return str(session.query(Product).filter(Product.category == request.args["c"]).all())
# %% case: sqlalchemy-textclause | expect: sql-injection
from flask import Flask, request
from sqlalchemy.sql.expression import TextClause

app = Flask(__name__)

@app.route("/where")
def where():
    return str(TextClause(text="owner = '" + request.args["owner"] + "'"))
# %% case: flask-sqlalchemy-db-text | expect: sql-injection
from flask import Flask, request
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)

@app.route("/notes")
def notes():
    rows = db.session.execute(db.text(f"SELECT body FROM notes WHERE tag = '{request.args['tag']}'"))
    return str(rows.all())
# %% case: flask-sqlalchemy-db-text-safe | expect: none
from flask import Flask, request
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)

@app.route("/notes")
def notes():
    rows = db.session.execute(db.text("SELECT body FROM notes WHERE tag = :tag"), {"tag": request.args["tag"]})
    return str(rows.all())
# %% case: django-order-by-formatted-field | expect: none
from django.http import JsonResponse
from blog.models import Article

def articles(request):
    # a queryset's order_by takes field names, which Django checks against the model (FieldError), not SQL text
    ordered = Article.objects.filter(published=True).order_by("-%s" % request.GET["sort"])
    return JsonResponse({"ids": [article.id for article in ordered]})
# %% case: sqlalchemy-order-by-formatted-text | expect: sql-injection
from flask import Flask, request
from models import Article, session

app = Flask(__name__)

@app.get("/articles")
def articles():
    ordered = session.query(Article).order_by("%s desc" % request.args["sort"])
    return {"ids": [article.id for article in ordered]}
# %% case: sqlalchemy-core-insert-values | expect: sql-injection
from flask import Flask, request
from sqlalchemy import create_engine, text

app = Flask(__name__)
engine = create_engine("sqlite:///books.db")

@app.route("/books", methods=["POST"])
def add_book():
    title = request.form["title"]
    with engine.begin() as conn:
        conn.execute(text(f"INSERT INTO books (title) VALUES ('{title}')"))
    return "added"
# %% case: sqlalchemy-core-insert-values-safe | expect: none
from flask import Flask, request
from sqlalchemy import Column, MetaData, String, Table, create_engine

app = Flask(__name__)
engine = create_engine("sqlite:///books.db")
books = Table("books", MetaData(), Column("title", String))

@app.route("/books", methods=["POST"])
def add_book():
    title = request.form["title"]
    with engine.begin() as conn:
        conn.execute(books.insert().values(title=title))
    return "added"
