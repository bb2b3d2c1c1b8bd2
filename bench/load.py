"""Load figures under gunicorn on PostgreSQL: requests per second and p50/p99 at 50 connections.

Run from the repository root (PostgreSQL must accept connections on 127.0.0.1):

    .venv/bin/python bench/load.py [--seconds 8] [--clients 300] [--configs 2x1,4x1,2x4,3x2]

It makes a throwaway database (`wp_speed_load` unless --database), migrates it and fills it in
bulk (one participant with 3 years of daily history, one counselor with --clients consenting
clients with a year each), then for each gunicorn configuration (WORKERSxTHREADS) starts
gunicorn on 127.0.0.1 (--port), and for each page keeps 50 connections busy for --seconds with
a small asyncio client (one request per connection, as gunicorn's sync workers close them),
counting answers, errors, latencies and the CPU time the PostgreSQL backends serving the
run spent per request (no request waits more than 90 s, so every run ends).
Everything it starts it stops; the database is dropped at the end unless --keep.

`--database-time N` first asks each page N times in this process and prints how long its
queries took (sent to rows back, loopback included) beside the whole request: what each page
costs PostgreSQL, for docs/deploy.md's "what one PostgreSQL carries". `--configs ''` skips
gunicorn then. The load generator shares the machine's cores with the server, so
absolute figures are low; the ratios to the trivial page are what carries over.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

ENV = {
    "DJANGO_SETTINGS_MODULE": "waypoint.settings",
    "DEBUG": "0",
    "SECRET_KEY": "load-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456",
    "ENCRYPTION_KEYS": "m0TuWm6Z0dEYqcsmvq3Dp1y2Yx0WLiJt7Hl3m2bFQ6w=",
    "SECURE_HTTPS": "0",
    "STATIC_MANIFEST": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
}


def prepare(database_url: str, clients: int) -> dict[str, Any]:
    """Fresh database, migrated and filled; returns cookies and a token for the requests."""
    import psycopg

    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ.update(ENV | {"DATABASE_URL": database_url})
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    import bench_pages
    from bench_progress import make_person

    from waypoint.accounts.services import token_create
    from waypoint.journal.digest import rebuild
    from waypoint.journal.models import today

    started = time.perf_counter()
    person = make_person(today())  # 3 years of daily history, goals, a baseline
    rebuild(person.pk)
    counselor = bench_pages.load_caseload(clients)
    print(f"data made in {time.perf_counter() - started:.0f} s", flush=True)
    sessions = {}
    for label, user in (("participant", person), ("counselor", counselor)):
        client = Client()
        client.force_login(user)
        sessions[label] = client.cookies[settings.SESSION_COOKIE_NAME].value
    _token, raw = token_create(user=person, name="load")
    return {"cookie": settings.SESSION_COOKIE_NAME, "sessions": sessions, "token": raw}


# No request waits longer than this (gunicorn's own --timeout is 60 s): with it each page's run
# ends at most this long after its --seconds, whatever the server does.
REQUEST_TIMEOUT = 90.0


async def _one(port: int, request: bytes) -> tuple[int, float]:
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    status = int(data[9:12]) if data.startswith(b"HTTP/") else 0
    return status, time.perf_counter() - start


async def one(port: int, request: bytes, timeout: float = REQUEST_TIMEOUT) -> tuple[int, float]:
    try:
        return await asyncio.wait_for(_one(port, request), timeout)
    except TimeoutError as error:  # counted as a failed request, like a refused connection
        raise OSError(f"no answer in {timeout:g} s") from error


async def hammer(
    port: int, choices: list[bytes], seconds: float, connections: int
) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            try:
                status, took = await one(port, random.choice(choices))
            except OSError:
                errors += 1
                await asyncio.sleep(0.01)
                continue
            if status >= 400 or status == 0:
                errors += 1
            latencies.append(took)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000 if latencies else 0.0,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else 0.0,
    }


def server_cpu(database_url: str) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend serving this database (by its /proc entry).

    PostgreSQL runs one process per connection, so the backends' CPU before and after a page's
    run, divided by its requests, is what that page costs the database server itself. Needs the
    server on this machine (it is: loopback); other databases' backends are not counted.
    """
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        pids = [
            pid
            for (pid,) in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
        ]
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone, or not on this machine
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return found


def requests(auth: dict[str, Any], port: int) -> dict[str, list[bytes]]:
    host = f"Host: 127.0.0.1:{port}\r\nConnection: close\r\n"
    participant = f"Cookie: {auth['cookie']}={auth['sessions']['participant']}\r\n"
    counselor = f"Cookie: {auth['cookie']}={auth['sessions']['counselor']}\r\n"

    def get(path: str, cookie: str) -> bytes:
        return f"GET {path} HTTP/1.1\r\n{host}{cookie}\r\n".encode()

    def post(back: int) -> bytes:
        day = datetime.now(UTC).date() - timedelta(days=back)
        body = json.dumps({"substance": "alcohol", "day": day.isoformat(), "amount": "1"}).encode()
        return (
            f"POST /api/v1/entries HTTP/1.1\r\n{host}Authorization: Bearer {auth['token']}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode() + body

    # POSTs go to days spread over the past years (one day would soon hold hundreds of drinks:
    # an unusual amount to confirm, and a Today page listing them all), and come last, so the
    # pages are measured on the history they were built with.
    return {
        "trivial (/settings/)": [get("/settings/", participant)],
        "Today (/today/)": [get("/today/", participant)],
        "progress, 3 years (/goals/progress/)": [get("/goals/progress/", participant)],
        "caseload (/care/)": [get("/care/", counselor)],
        "POST an entry (/api/v1/entries)": [post(back) for back in range(1, 1000)],
    }


def serve(port: int, workers: int, threads: int, database_url: str) -> subprocess.Popen[bytes]:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "waypoint.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--backlog",
        "256",
        "--timeout",
        "60",
    ]
    with socket.socket() as probe:  # another server there would answer for ours
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"something already listens on 127.0.0.1:{port}; pass --port")
    env = os.environ | ENV | {"DATABASE_URL": database_url}
    server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            asyncio.run(
                one(
                    port,
                    f"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                    "Connection: close\r\n\r\n".encode(),
                    timeout=5,
                )
            )
            return server
        except OSError:
            time.sleep(0.1)
    stop(server)
    raise SystemExit("gunicorn did not start")


def database_time(auth: dict[str, Any], repeats: int) -> dict[str, dict[str, float]]:
    """Each page asked for in this process: how long its queries took, seen from Django.

    The time from sending each query to having its rows (psycopg fetches them with the
    execute), so the server's work plus the loopback round trip: an upper bound of what the
    page costs PostgreSQL. Medians of `repeats`, with the whole request's time beside them.
    """
    from django.db import connection
    from django.test import Client

    spent: list[float] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter() - start)

    def client(label: str) -> Client:
        browser = Client(SERVER_NAME="127.0.0.1")
        browser.cookies[auth["cookie"]] = auth["sessions"][label]
        return browser

    participant, counselor, api = (
        client("participant"),
        client("counselor"),
        Client(SERVER_NAME="127.0.0.1"),
    )

    def post(n: int) -> Any:
        day = datetime.now(UTC).date() - timedelta(days=1000 + n)
        return api.post(
            "/api/v1/entries",
            data={"substance": "alcohol", "day": day.isoformat(), "amount": "1"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {auth['token']}",
        )

    pages = {
        "trivial (/settings/)": lambda n: participant.get("/settings/"),
        "Today (/today/)": lambda n: participant.get("/today/"),
        "progress, 3 years (/goals/progress/)": lambda n: participant.get("/goals/progress/"),
        "caseload (/care/)": lambda n: counselor.get("/care/"),
        "POST an entry (/api/v1/entries)": post,
    }
    found: dict[str, dict[str, float]] = {}
    with connection.execute_wrapper(timed):
        for name, ask in pages.items():
            database, whole, queries = [], [], []
            for n in range(repeats):
                spent.clear()
                start = time.perf_counter()
                response = ask(n)
                whole.append(time.perf_counter() - start)
                if response.status_code >= 400:
                    raise SystemExit(f"{name}: {response.status_code}")
                database.append(sum(spent))
                queries.append(len(spent))
            found[name] = {
                "queries": statistics.median(queries),
                "database": statistics.median(database) * 1000,
                "request": statistics.median(whole) * 1000,
            }
            page = found[name]
            print(
                f"{name:40} {page['queries']:4.0f} queries  database {page['database']:6.2f} ms"
                f"  whole request {page['request']:6.1f} ms"
                f"  ({page['database'] / page['request']:.0%})",
                flush=True,
            )
    return found


def stop(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM (gunicorn finishes the requests in hand), then SIGKILL if it is not gone in 30 s."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/wp_speed_load")
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--configs", default="2x1,4x1,2x4,3x2", help="WORKERSxTHREADS, ...")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--database-time",
        type=int,
        default=0,
        metavar="N",
        help="first ask each page N times in process and print its queries' time (what one "
        "PostgreSQL carries); --configs '' then skips gunicorn",
    )
    args = parser.parse_args()
    random.seed(17)
    auth = prepare(args.database, args.clients)
    results: dict[str, dict[str, dict[str, Any]]] = {}
    try:
        if args.database_time:
            print(f"in process, medians of {args.database_time}:", flush=True)
            database_time(auth, args.database_time)
        for config in filter(None, args.configs.split(",")):
            workers, threads = (int(n) for n in config.split("x"))
            server = serve(args.port, workers, threads, args.database)
            try:
                results[config] = {}
                for name, choices in requests(auth, args.port).items():
                    asyncio.run(hammer(args.port, choices, 1.0, 4))  # warm every worker
                    before = server_cpu(args.database)
                    found = asyncio.run(hammer(args.port, choices, args.seconds, args.connections))
                    after = server_cpu(args.database)
                    spent = sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())
                    found["db_cpu"] = spent * 1000 / max(1, found["requests"])
                    results[config][name] = found
                    print(
                        f"{config:>4} {name:40} {found['rps']:7.1f} rps  p50 {found['p50']:7.1f} ms"
                        f"  p99 {found['p99']:7.1f} ms  errors {found['errors']}"
                        f"  PostgreSQL CPU {found['db_cpu']:5.2f} ms a request",
                        flush=True,
                    )
            finally:
                stop(server)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            import psycopg

            admin = args.database.rsplit("/", 1)[0] + "/postgres"
            name = args.database.rsplit("/", 1)[1]
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if results:
        print("\nratios to the trivial page (p50), per configuration:")
    for config, pages in results.items():
        trivial = pages["trivial (/settings/)"]
        cells = ", ".join(
            f"{name.split(' (')[0]} {page['p50'] / trivial['p50']:.2f}x"
            for name, page in pages.items()
            if page is not trivial
        )
        print(f"  {config}: {cells}")


if __name__ == "__main__":
    main()
