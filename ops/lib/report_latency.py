"""Loads a city's two years of training through the HTTP API, then times the report requests.

Usage: report_latency.py BASE_URL TOKEN [--per-year N] [--repeat N]

Heyuan (441600): N enrollments a year in 2025 and 2026 (default 10,000), in classes of 50 across its six counties
and the city itself, three programmes and their tracks, Jan-Oct; then 5% withdrawn, most 2025 and some 2026
enrollments completed (90% passed), two classes a year cancelled, and certificates for passed trainees. Every
figure is recorded the way a client would record it: no rows are written behind the service's back.
"""
import argparse
import concurrent.futures
import datetime
import http.client
import json
import random
import statistics
import sys
import threading
import time
import urllib.parse

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
COUNTIES = ["441602", "441621", "441622", "441623", "441624", "441625"]
TRACKS = {"yuecai": ["guangfu", "kejia", "chaozhou", None],
          "jiazheng": ["muying", "jujia", "yanglao", "yihu"],
          "jigong": ["it", "equipment", "precision", "health", None]}


def resident_id(seq):
    born = datetime.date(1970, 1, 1) + datetime.timedelta(days=seq // 1000 * 7)
    first17 = f"{COUNTIES[seq % 6]}{born:%Y%m%d}{seq % 1000:03d}"
    return first17 + CHECK[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def credit_code(n):
    first17 = f"91441600MA{n:07d}"
    check = 31 - sum(CREDIT_CHARS.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS)) % 31
    return first17 + CREDIT_CHARS[0 if check == 31 else check]


class Client:
    """One keep-alive connection a thread."""

    def __init__(self, base, token):
        self.url = urllib.parse.urlparse(base)
        self.token = token
        self.local = threading.local()

    def connection(self):
        if not hasattr(self.local, "c"):
            self.local.c = http.client.HTTPConnection(self.url.hostname, self.url.port, timeout=60)
        return self.local.c

    def send(self, method, path, body=None, accept="application/json"):
        headers = {"Authorization": f"Bearer {self.token}", "Accept": accept}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in range(3):
            try:
                c = self.connection()
                c.request(method, path, data, headers)
                r = c.getresponse()
                payload = r.read()
                return r.status, payload
            except (http.client.HTTPException, OSError):
                self.local.c = http.client.HTTPConnection(self.url.hostname, self.url.port, timeout=60)
                if attempt == 2:
                    raise

    def ok(self, method, path, body=None, expect=(200, 201, 204)):
        status, payload = self.send(method, path, body)
        if status not in expect:
            raise RuntimeError(f"{method} {path} -> {status}: {payload[:300]!r}")
        return json.loads(payload) if payload else None


def load(client, per_year, workers=4):
    rng = random.Random(2026)
    started = time.monotonic()
    institutions = []
    for n in range(20):
        region = "441600" if n < 2 else COUNTIES[n % 6]
        institutions.append(client.ok("POST", "/api/institutions", {
            "name": f"河源市第{n + 1}职业培训学校", "creditCode": credit_code(700_000 + n + rng.randrange(1000) * 100),
            "kind": "training-provider", "regionCode": region})["id"])

    classes = []  # (id, year, programme, start)
    for year in (2025, 2026):
        for k in range(per_year // 50):
            programme = rng.choices(["yuecai", "jiazheng", "jigong"], [40, 45, 15])[0]
            start = datetime.date(year, 1 + k % 10, 1 + k % 27)
            cls = client.ok("POST", "/api/classes", {
                "institutionId": rng.choice(institutions), "programme": programme, "track": rng.choice(TRACKS[programme]),
                "title": f"{programme}培训班{year}-{k}", "startDate": start.isoformat(),
                "endDate": (start + datetime.timedelta(days=20)).isoformat(), "capacity": 50})["id"]
            classes.append((cls, year, programme, start))
    print(f"  {len(institutions)} institutions, {len(classes)} classes", file=sys.stderr)

    # People: each class takes 50 distinct people; some people train in both years.
    pool = 14_000
    jobs = []
    for i, (cls, year, programme, start) in enumerate(classes):
        people = rng.sample(range(pool), 50)
        jobs.extend((cls, year, start, p) for p in people)

    def enroll(job):
        cls, year, start, p = job
        r = client.ok("POST", f"/api/classes/{cls}/enrollments", {"idNumber": resident_id(p), "name": f"学员{p}"})
        return cls, year, start, p, r["enrollmentId"]

    with concurrent.futures.ThreadPoolExecutor(workers) as pool_:
        enrollments = list(pool_.map(enroll, jobs, chunksize=50))
    print(f"  {len(enrollments)} enrollments in {time.monotonic() - started:.0f} s", file=sys.stderr)

    by_class = {}
    for e in enrollments:
        by_class.setdefault(e[0], []).append(e)
    cancelled = set(rng.sample([c[0] for c in classes if c[1] == 2025], 2) + rng.sample([c[0] for c in classes if c[1] == 2026], 2))
    actions, awards = [], []
    for cls, members in by_class.items():
        if cls in cancelled:
            actions.append(("POST", f"/api/classes/{cls}/cancel", {"reason": "too few teachers"}))
            continue
        for (_, year, start, p, enrollment) in members:
            roll = rng.random()
            if roll < 0.05:
                actions.append(("POST", f"/api/classes/{cls}/enrollments/{enrollment}/withdraw", {"reason": "moved away"}))
            elif roll < (0.85 if year == 2025 else 0.35):
                passed = rng.random() < 0.9
                completed_on = (start + datetime.timedelta(days=20)).isoformat()
                actions.append(("POST", f"/api/classes/{cls}/enrollments/{enrollment}/complete", {"completedOn": completed_on, "passed": passed}))
                if passed and rng.random() < 0.15:
                    awards.append((cls, p, start + datetime.timedelta(days=25)))

    with concurrent.futures.ThreadPoolExecutor(workers) as pool_:
        list(pool_.map(lambda a: client.ok(*a), actions, chunksize=50))
    print(f"  {len(actions)} withdrawals, completions and cancellations in {time.monotonic() - started:.0f} s", file=sys.stderr)

    def award(job):
        n, (cls, p, on) = job
        client.ok("POST", "/api/certificates", {
            "certificateNo": f"S{n:021d}", "idNumber": resident_id(p), "name": f"学员{p}", "kind": "skill-level",
            "occupation": "中式烹调师", "level": 4, "programme": next(c[2] for c in classes if c[0] == cls),
            "awardedOn": min(on, datetime.date.today()).isoformat(), "issuer": "河源市职业技能鉴定指导中心", "classId": cls})

    with concurrent.futures.ThreadPoolExecutor(workers) as pool_:
        list(pool_.map(award, enumerate(awards, 1), chunksize=20))
    print(f"  {len(awards)} certificates; loaded in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return classes[0][0]


def measure(client, repeat, class_id=None):
    today = datetime.date.today().isoformat()
    reports = [
        ("baseline: GET /health (select 1)", "/health", "application/json"),
        *([("baseline: GET /api/classes/{id} (one document)", f"/api/classes/{class_id}", "application/json")] if class_id else []),
        ("year, Heyuan 2026", "/api/progress/441600/2026", "application/json"),
        ("year, Heyuan 2026, asOf", f"/api/progress/441600/2026?asOf={today}", "application/json"),
        ("year, Guangdong 2026", "/api/progress/440000/2026", "application/json"),
        ("period, Heyuan 2025-2026", "/api/progress/441600/period/2025-2026", "application/json"),
        ("period, Heyuan 2025-2026, asOf", f"/api/progress/441600/period/2025-2026?asOf={today}", "application/json"),
        ("breakdown, Heyuan 2026 jiazheng", "/api/progress/441600/2026/jiazheng", "application/json"),
        ("breakdown, Heyuan 2026 all", "/api/progress/441600/2026/all", "application/json"),
        ("breakdown, Heyuan 2026 all, asOf", f"/api/progress/441600/2026/all?asOf={today}", "application/json"),
        ("year, Heyuan 2026, CSV", "/api/progress/441600/2026?format=csv", "text/csv"),
        ("breakdown, Heyuan 2026 all, xlsx", "/api/progress/441600/2026/all?format=xlsx", "*/*"),
    ]
    print(f"| report | requests | mean ms | p50 ms | p95 ms | max ms | bytes |")
    print(f"|---|---|---|---|---|---|---|")
    for name, path, accept in reports:
        for _ in range(10):
            status, body = client.send("GET", path, accept=accept)
            if status != 200:
                raise RuntimeError(f"{path} -> {status}: {body[:300]!r}")
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            status, body = client.send("GET", path, accept=accept)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        print(f"| {name} | {repeat} | {statistics.mean(times):.1f} | {statistics.median(times):.1f} | {p95:.1f} | {times[-1]:.1f} | {len(body)} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("token")
    parser.add_argument("--per-year", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()
    client = Client(args.base, args.token)
    class_id = None if args.skip_load else load(client, args.per_year)
    summary = client.ok("GET", "/api/progress/441600/period/2025-2026")
    print(f"Heyuan 2025-2026: {summary['all']['enrolled']} person-times counted, "
          f"{summary['all']['withdrawn']} withdrawn, {summary['all']['cancelled']} cancelled, "
          f"{summary['all']['completed']} completed, {summary['all']['certified']} certificates", file=sys.stderr)
    measure(client, args.repeat, class_id)


if __name__ == "__main__":
    main()
