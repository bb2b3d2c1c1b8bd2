"""Load figures under gunicorn on PostgreSQL: requests per second and p50/p99 at 50 connections.

Run from the repository root (PostgreSQL must accept connections on 127.0.0.1):

    .venv/bin/python bench/load.py [--seconds 8] [--clients 300] [--configs 2x1,4x1,2x4,3x2]

It makes a throwaway database (`wp_speed_load` unless --database), migrates it and fills it in
bulk (one participant with 3 years of daily history, one counselor with --clients consenting
clients with a year each), then for each gunicorn configuration (WORKERSxTHREADS) starts
gunicorn on 127.0.0.1 (--port), and for each page keeps 50 connections busy for --seconds with
a small asyncio client (one request per connection, as gunicorn's sync workers close them),
counting answers, errors and latencies. Everything it starts it stops; the database is dropped
at the end unless --keep. The load generator shares the machine's cores with the server, so
absolute figures are low; the ratios to the trivial page are what carries over.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
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


async def one(port: int, request: bytes) -> tuple[int, float]:
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    data = await reader.read()
    writer.close()
    status = int(data[9:12]) if data.startswith(b"HTTP/") else 0
    return status, time.perf_counter() - start


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
    env = os.environ | ENV | {"DATABASE_URL": database_url}
    server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            asyncio.run(
                one(
                    port,
                    f"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                    "Connection: close\r\n\r\n".encode(),
                )
            )
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/wp_speed_load")
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--configs", default="2x1,4x1,2x4,3x2", help="WORKERSxTHREADS, ...")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    random.seed(17)
    auth = prepare(args.database, args.clients)
    results: dict[str, dict[str, dict[str, Any]]] = {}
    try:
        for config in args.configs.split(","):
            workers, threads = (int(n) for n in config.split("x"))
            server = serve(args.port, workers, threads, args.database)
            try:
                results[config] = {}
                for name, choices in requests(auth, args.port).items():
                    asyncio.run(hammer(args.port, choices, 1.0, 4))  # warm every worker
                    found = asyncio.run(hammer(args.port, choices, args.seconds, args.connections))
                    results[config][name] = found
                    print(
                        f"{config:>4} {name:40} {found['rps']:7.1f} rps  p50 {found['p50']:7.1f} ms"
                        f"  p99 {found['p99']:7.1f} ms  errors {found['errors']}",
                        flush=True,
                    )
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            import psycopg

            admin = args.database.rsplit("/", 1)[0] + "/postgres"
            name = args.database.rsplit("/", 1)[1]
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
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
