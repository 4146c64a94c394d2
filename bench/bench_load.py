"""Load benchmark: `riep serve` on loopback under a realistic mix of reads and writes from several roles.

Run: .venv/bin/python bench/bench_load.py [--rate 25] [--seconds 30] [--clients 20] [--database-url URL]

It builds a fresh platform in a temporary folder (SQLite unless --database-url names an empty PostgreSQL
database), loads the demo, optionally adds `--scale` projects with a gain each, spread over all the partnerships
(national scale), signs in one person per role
(sessions for pages, tokens for the API), starts `riep serve` on 127.0.0.1, and then:

1. baseline: one client alone, one request after another, for a few seconds (the named baseline);
2. load: requests arrive at `--rate` a second (open loop: a slow answer does not slow the arrivals) from a pool of
   `--clients` connections, for `--seconds`.

It prints throughput, p50/p95/p99 latency and errors for each, and their ratio. It talks only to 127.0.0.1, stops
by itself, and sends at most rate × seconds requests. Goal on a 2-core machine: p95 ≤ 250 ms at 25 requests a
second with 0 errors (issue 16), at national scale (the default: 3,000 projects and gains over all partnerships).

Measured on 2 December 2026 (2 shared cores, 60 s, 1,500 requests, 0 errors): SQLite p95 209 ms (p50 31 ms);
PostgreSQL p95 242 ms (p50 36 ms). Before the fixes of that day, the same SQLite run gave 4.3 requests a second
and p95 9,738 ms: see docs/deploy.md, "Load", for what was changed.
"""
from __future__ import annotations

import argparse
import concurrent.futures as futures
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RIEP = [sys.executable, "-m", "riep.cli"]

# (weight, role, method, path, body): pages as people use them, the API as analysts do, and a few writes.
MIX = [
    (12, "officer", "GET", "/", None),
    (8, "officer", "GET", "/projects/", None),
    (8, "manager", "GET", "/ledger/", None),
    (6, "manager", "GET", "/registry/partnerships/EE/", None),
    (5, "board", "GET", "/ledger/partnerships/EE/value-report/", None),
    (5, "reviewer", "GET", "/registry/councils/", None),
    (5, "officer", "GET", "/care/placements/", None),
    (4, "manager", "GET", "/impact/", None),
    (8, "api-manager", "GET", "/api/v1/projects", None),
    (6, "api-manager", "GET", "/api/v1/ledger/gains", None),
    (4, "api-reviewer", "GET", "/api/v1/councils?type=CTY", None),
    (3, "api-manager", "PATCH", "/api/v1/projects/{project}", {"description": "Updated by the load benchmark."}),
]
PEOPLE = {"officer": "officer@norfolk.example", "manager": "manager@improvementeast.example",
          "board": "board@improvementeast.example", "reviewer": "reviewer@communities.example"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict, scale: int) -> dict:
    """Loads the demo, adds the scale, and returns the credentials (made in a child process with the same env)."""
    subprocess.run([*RIEP, "setup"], env=env, check=True, capture_output=True)
    script = f"""
import json, django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from riep.accounts.models import ApiToken, User
from riep.portfolio.models import Project
people = {PEOPLE!r}
out = {{"sessions": {{}}, "tokens": {{}}}}
for role, email in people.items():
    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    out["sessions"][role] = session.session_key
    out["tokens"]["api-" + role] = ApiToken.issue(user, "load benchmark")[1]
projects = list(Project.objects.filter(partnership__code="EE").order_by("pk"))
scale = {scale}
if scale:
    # National scale: `scale` projects in all, spread over every partnership of the register, each led by one of
    # the partnership's councils and carrying a copy of a demo gain (with its years and shares) of that council.
    from django.db import transaction
    from riep.ledger.models import EfficiencyGain, GainShare, GainYear
    from riep.registry.models import Membership, Organisation, Partnership
    template = projects[0]
    gain = EfficiencyGain.objects.filter(project__partnership__code="EE").order_by("pk").first()
    years, partnerships = list(gain.years.all()), list(Partnership.objects.order_by("code"))
    councils = {{p.pk: list(Membership.objects.filter(
        partnership=p, organisation__in=Organisation.objects.councils()).values_list("organisation_id", flat=True))
                for p in partnerships}}
    partnerships = [p for p in partnerships if councils[p.pk]]
    made, gains = [], []
    for n in range(scale):
        partnership = partnerships[n % len(partnerships)]
        lead = councils[partnership.pk][n // len(partnerships) % len(councils[partnership.pk])]
        copy = Project.objects.get(pk=template.pk)
        copy.pk, copy.partnership_id, copy.lead_council_id = None, partnership.pk, lead
        copy.code, copy.name = f"load-{{n:05d}}", f"Load benchmark project {{n}}"
        made.append(copy)
    with transaction.atomic():
        Project.objects.bulk_create(made, batch_size=500)
        for n, project in enumerate(made):
            g = EfficiencyGain.objects.get(pk=gain.pk)
            g.pk, g.reference, g.project_id, g.council_id = None, f"LOAD-{{n:05d}}", project.pk, project.lead_council_id
            gains.append(g)
        EfficiencyGain.objects.bulk_create(gains, batch_size=500)
        GainYear.objects.bulk_create([GainYear(**{{**{{f.attname: getattr(y, f.attname) for f in GainYear._meta.concrete_fields
                                                     if f.attname not in ("id", "gain_id")}}, "gain_id": g.pk}})
                                      for g in gains for y in years], batch_size=1000)
        GainShare.objects.bulk_create([GainShare(gain_id=g.pk, council_id=g.council_id, share="1") for g in gains],
                                      batch_size=1000)
    print(f"added {{len(made)}} projects and {{len(gains)}} gains over {{len(partnerships)}} partnerships")
out["project"] = projects[0].code
print(json.dumps(out))
"""
    done = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


class Client:
    def __init__(self, base: str, creds: dict):
        self.base, self.creds = base, creds

    def call(self, role: str, method: str, path: str, body) -> tuple[float, int, str]:
        headers = {"Accept": "application/json" if role.startswith("api-") else "text/html"}
        if role.startswith("api-"):
            headers["Authorization"] = f"Bearer {self.creds['tokens'][role]}"
        else:
            headers["Cookie"] = f"sessionid={self.creds['sessions'][role]}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base + path.format(project=self.creds["project"]), data=data,
                                         method=method, headers=headers)
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:  # refused, reset or timed out: counted as an error
            status = 0
        return time.perf_counter() - started, status, f"{method} {path}"


def pick(rng: random.Random):
    return rng.choices(MIX, weights=[m[0] for m in MIX])[0][1:]


def summarise(name: str, results: list[tuple[float, int]], elapsed: float) -> dict:
    times = sorted(t for t, _, _ in results)
    errors = sum(1 for _, s, _ in results if s == 0 or s >= 400)

    def pct(p):
        return times[min(len(times) - 1, int(p / 100 * len(times)))] * 1000 if times else float("nan")

    row = {"name": name, "requests": len(results), "per_second": len(results) / elapsed if elapsed else 0,
           "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99), "errors": errors}
    print(f"{name:<28} {row['requests']:>6} requests  {row['per_second']:6.1f}/s  p50 {row['p50_ms']:7.1f} ms  "
          f"p95 {row['p95_ms']:7.1f} ms  p99 {row['p99_ms']:7.1f} ms  errors {errors}")
    return row


def by_request(results: list) -> None:
    """The median and slowest answer of each kind of request: where to look first."""
    kinds: dict[str, list[float]] = {}
    for seconds, _, what in results:
        kinds.setdefault(what, []).append(seconds * 1000)
    for what, times in sorted(kinds.items(), key=lambda kv: -statistics.median(kv[1])):
        print(f"  {what:<48} n={len(times):<4} median {statistics.median(times):7.1f} ms  max {max(times):7.1f} ms")


def baseline(client: Client, seconds: float, rng: random.Random) -> list:
    results, stop = [], time.perf_counter() + seconds
    while time.perf_counter() < stop:
        results.append(client.call(*pick(rng)))
    return results


def load(client: Client, rate: float, seconds: float, clients: int, rng: random.Random) -> list:
    results, lock = [], threading.Lock()
    total = int(rate * seconds)
    plan = [pick(rng) for _ in range(total)]

    def run(item):
        outcome = client.call(*item)
        with lock:
            results.append(outcome)

    with futures.ThreadPoolExecutor(max_workers=clients) as pool:
        start = time.perf_counter()
        for i, item in enumerate(plan):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(run, item)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=25)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--baseline-seconds", type=float, default=8)
    parser.add_argument("--workers", type=int, default=2, help="Gunicorn worker processes")
    parser.add_argument("--scale", type=int, default=3000,
                        help="projects (each with a gain) to add over all the partnerships before the run")
    parser.add_argument("--database-url", default="", help="an empty PostgreSQL database (default: SQLite)")
    args = parser.parse_args()
    rng = random.Random(2009)
    with tempfile.TemporaryDirectory(prefix="riep-load-") as var:
        env = dict(os.environ, RIEP_VAR_DIR=var, DJANGO_SETTINGS_MODULE="riep.settings", RIEP_DEMO_SPEND="0")
        if args.database_url:  # as docs/deploy.md advises behind PostgreSQL: connections kept, not one per request
            env["DATABASE_URL"] = args.database_url
            env.setdefault("RIEP_DB_CONN_MAX_AGE", "60")
        print(f"Preparing a platform in {var} ({'PostgreSQL' if args.database_url else 'SQLite'}) ...", flush=True)
        creds = prepare(env, args.scale)
        port = free_port()
        server = subprocess.Popen([*RIEP, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers",
                                   str(args.workers)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            client = Client(base, creds)
            for _ in range(300):
                try:
                    urllib.request.urlopen(base + "/accounts/sign-in/", timeout=5).read()
                    break
                except OSError:  # not listening yet (URLError, ConnectionError and timeouts are all OSErrors)
                    time.sleep(0.2)
            else:
                raise SystemExit("The server did not start within a minute.")
            for item in MIX:  # warm every page once (template compilation, first queries)
                client.call(*item[1:])
            print(f"Server on {base}, {args.workers} workers; mix of {len(MIX)} requests from "
                  f"{len(PEOPLE)} roles\n")
            started = time.perf_counter()
            one = summarise("baseline: one client", baseline(client, args.baseline_seconds, rng),
                            time.perf_counter() - started)
            started = time.perf_counter()
            under_load = load(client, args.rate, args.seconds, args.clients, rng)
            many = summarise(f"load: {args.rate:g}/s, {args.clients} clients", under_load,
                             time.perf_counter() - started)
            by_request(under_load)
            print(f"\np95 under load / p95 alone: {many['p95_ms'] / one['p95_ms']:.1f}x; "
                  f"goal p95 ≤ 250 ms at 25/s with 0 errors: "
                  f"{'met' if many['p95_ms'] <= 250 and many['errors'] == 0 and args.rate >= 25 else 'not met'}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
