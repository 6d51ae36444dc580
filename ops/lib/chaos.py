#!/usr/bin/env python3
"""Load, faults and the reckoning for ops/chaos (which builds the service and starts PostgreSQL first).

Enrolls known people into known classes from several threads while the service is killed with SIGKILL and
restarted, and PostgreSQL is crashed (pg_ctl restart -m immediate); then reads every roster and checks the end
state against every answer the clients received. Loopback only; bounded in time and in requests.
The last line is "N passed, M failed" over the checks, for ops/test.
"""
import argparse, atexit, http.client, json, os, random, signal, subprocess, sys, threading, time
from collections import Counter, defaultdict

p = argparse.ArgumentParser()
p.add_argument("--app", required=True)             # the published Training.Api.dll
p.add_argument("--port", type=int, required=True)  # the service's port on 127.0.0.1
p.add_argument("--pg-ctl", required=True)          # pg_ctl, with --pg-dir and --pg-log
p.add_argument("--pg-dir", required=True)
p.add_argument("--pg-log", required=True)
p.add_argument("--token", required=True)
p.add_argument("--duration", type=int, default=150)
p.add_argument("--kills", type=int, default=6)
p.add_argument("--crashes", type=int, default=2)
p.add_argument("--classes", type=int, default=40)
p.add_argument("--capacity", type=int, default=30)
p.add_argument("--threads", type=int, default=8)
p.add_argument("--max-requests", type=int, default=50000)
p.add_argument("--log", required=True)             # the service's output goes here
a = p.parse_args()
assert 10 <= a.duration <= 900 and a.kills <= 50 and a.crashes <= 10 and a.threads <= 32

HOST = "127.0.0.1"  # loopback only, always
AUTH = {"Authorization": "Bearer " + a.token, "Content-Type": "application/json"}
started = time.monotonic()
def now(): return time.monotonic() - started
def say(msg): print(f"[chaos {now():6.1f}s] {msg}", file=sys.stderr, flush=True)

# --- identifiers with right check characters (see ../shared/domain.md) ---------------------------------
def person(n):
    # Born 1990-01-01 onwards, day by day; sequence 000-999: distinct numbers for n < 365,000.
    day, seq = divmod(n, 1000)
    born = time.strftime("%Y%m%d", time.gmtime(631152000 + day * 86400))
    first17 = f"441625{born}{seq:03d}"
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(c) * k for c, k in zip(first17, w)) % 11], f"学员{n}"

def credit_code(n):
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    first17 = f"91441600MC{n:07d}"
    w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    check = 31 - sum(alphabet.index(c) * k for c, k in zip(first17, w)) % 31
    return first17 + alphabet[0 if check == 31 else check]

# --- the service and the database ------------------------------------------------------------------------
service = None
service_log = open(a.log, "ab")
def start_service():
    global service
    service = subprocess.Popen(["dotnet", a.app, "--urls", f"http://{HOST}:{a.port}"], stdout=service_log,
                               stderr=subprocess.STDOUT, cwd=os.path.dirname(a.app))

def kill_service():
    service.send_signal(signal.SIGKILL)
    service.wait()

def leave_nothing_running(*_):
    if service is not None and service.poll() is None: kill_service()
    if _: sys.exit(143)
atexit.register(leave_nothing_running)
signal.signal(signal.SIGTERM, leave_nothing_running)
signal.signal(signal.SIGINT, leave_nothing_running)

def request(method, path, body=None, timeout=10):
    c = http.client.HTTPConnection(HOST, a.port, timeout=timeout)
    try:
        c.request(method, path, body=None if body is None else json.dumps(body), headers=AUTH)
        r = c.getresponse()
        raw = r.read()
        return r.status, (json.loads(raw) if raw else None), r.getheader("Retry-After")
    finally:
        c.close()

def healthy():
    try: return request("GET", "/health", timeout=2)[0] == 200
    except Exception: return False

def wait_healthy(limit=120):
    t0 = time.monotonic()
    while not healthy():
        if time.monotonic() - t0 > limit: return None
        time.sleep(0.1)
    return time.monotonic() - t0

def crash_database():
    cmd = [a.pg_ctl, "restart", "-m", "immediate", "-D", a.pg_dir, "-l", a.pg_log, "-w", "-t", "60"]
    if os.geteuid() == 0: cmd = ["runuser", "-u", "postgres", "--"] + cmd
    subprocess.run(cmd, cwd="/", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

# --- set-up: one institution, the classes ------------------------------------------------------------
start_service()
first_start = wait_healthy()
if first_start is None: sys.exit("the service did not become healthy within 120 s; see " + a.log)
say(f"service up in {first_start:.1f}s")
code = credit_code(random.randrange(10**6))
status, body, _ = request("POST", "/api/institutions", {"name": "混沌测试学校", "creditCode": code, "kind": "technical-school", "regionCode": "441625"})
institution = body["id"]  # 201, or 409 naming it when this database has seen the code before
classes = []
for i in range(a.classes):
    status, body, _ = request("POST", "/api/classes", {"institutionId": institution, "programme": "yuecai", "title": f"混沌班{i}",
                              "startDate": "2026-03-02", "endDate": "2026-03-20", "capacity": a.capacity})
    assert status == 201, (status, body)
    classes.append(body["id"])

# Each class is offered 1.5 times its seats, so classes fill and refuse; people are shared across classes.
pairs = [(c, person((ci * a.capacity + k) % (a.classes * a.capacity))) for ci, c in enumerate(classes) for k in range(a.capacity * 3 // 2)]
random.shuffle(pairs)

# --- load -------------------------------------------------------------------------------------------
lock = threading.Lock()
work = list(pairs)          # (class, (idNumber, name)) still to be answered finally
retry = []                  # (due time, pair, attempts)
answers = Counter()         # status or failure kind -> count
failures = Counter()        # 5xx and connection failures by cause
acknowledged = {}           # pair -> enrollmentId from a 201
named = {}                  # pair -> enrollmentId named by a 409 "already enrolled"
unknown = set()             # pairs with at least one attempt whose outcome the client could not know
requests = 0
stop = threading.Event()
fault_active = threading.Event()

cycling = True             # once every pair is answered, send answered ones again: each must be refused, naming the seat

def take():
    with lock:
        t = time.monotonic()
        for i, (due, pair, n) in enumerate(retry):
            if due <= t: return retry.pop(i)[1:]
        if work: return work.pop(), 0
        return (random.choice(pairs), 0) if cycling else (None, 0)

def again(pair, attempts):
    with lock:
        if attempts < 40: retry.append((time.monotonic() + 0.3, pair, attempts + 1))

def worker():
    global requests
    while not stop.is_set():
        pair, attempts = take()
        if pair is None:
            with lock:
                if not retry and not work: return
            time.sleep(0.05); continue
        with lock:
            if requests >= a.max_requests: return
            requests += 1
        class_id, (id_number, name) = pair
        try:
            status, body, retry_after = request("POST", f"/api/classes/{class_id}/enrollments", {"idNumber": id_number, "name": name})
        except ConnectionRefusedError:
            with lock: failures["connection refused (service down): not carried out"] += 1
            again(pair, attempts); time.sleep(0.2); continue
        except Exception as e:  # the request was sent and no answer came: it may or may not have landed
            with lock:
                failures[f"no answer ({type(e).__name__}, service killed mid-request): outcome unknown"] += 1
                unknown.add(pair)
            again(pair, attempts); continue
        with lock:
            answers[status] += 1
            if status == 201:
                acknowledged[pair] = body["enrollmentId"]
            elif status == 409 and "already enrolled" in (body or {}).get("detail", ""):
                named[pair] = body["detail"].rsplit("enrollment ", 1)[1].strip()
            elif status == 409 and "retry" in (body or {}).get("detail", ""):
                failures["409 raced a concurrent request: retried"] += 1
            elif status >= 500:
                cause = f"{status} {(body or {}).get('title', '')}".strip() + ("" if retry_after else " (no Retry-After)")
                failures[cause] += 1
                if (body or {}).get("outcome") == "unknown": unknown.add(pair)
        if status >= 500 or status == 409 and "retry" in (body or {}).get("detail", ""): again(pair, attempts)
        if status == 503: time.sleep(min(1.0, float(retry_after or 1)))

threads = [threading.Thread(target=worker, daemon=True) for _ in range(a.threads)]
load_started = now()
for t in threads: t.start()

# --- faults, spread over the duration ------------------------------------------------------------------
recoveries = {"kill -9 of the service": [], "PostgreSQL crash": []}
faults = sorted([(a.duration * (i + 1) / (a.kills + 1), "kill") for i in range(a.kills)] +
                [(a.duration * (i + 0.5) / (a.crashes + 0.5), "crash") for i in range(a.crashes)])
for at, kind in faults:
    while now() - load_started < at and any(t.is_alive() for t in threads): time.sleep(0.1)
    if not any(t.is_alive() for t in threads): break
    if kind == "kill":
        kill_service(); t0 = time.monotonic(); start_service()
        recovered = wait_healthy()
        recoveries["kill -9 of the service"].append(recovered)
        say(f"kill -9: service answering again after {recovered:.1f}s" if recovered is not None else "kill -9: NOT recovered")
    else:
        t0 = time.monotonic(); crash_database()
        recovered = wait_healthy()
        recoveries["PostgreSQL crash"].append(None if recovered is None else time.monotonic() - t0)
        say(f"PostgreSQL crash: service answering again after {time.monotonic() - t0:.1f}s" if recovered is not None else "PostgreSQL crash: NOT recovered")
while now() - load_started < a.duration and any(t.is_alive() for t in threads): time.sleep(0.1)
stop.set()
for t in threads: t.join(30)
load_seconds = now() - load_started
# Pairs still waiting for a final answer after the load: settle them now, so every outcome is known to the client.
settle_deadline = time.monotonic() + 60
wait_healthy()
stop.clear()
cycling = False
with lock: work.extend(p for _, p, _ in retry); retry.clear()
work[:] = [p for p in work if p in unknown]  # only those whose earlier attempt may have landed
settle = [threading.Thread(target=worker, daemon=True) for _ in range(2)]
for t in settle: t.start()
for t in settle: t.join(max(1, settle_deadline - time.monotonic()))

# --- the reckoning ---------------------------------------------------------------------------------------
counting = {"active", "completed"}
rosters, over, duplicates = {}, 0, 0
for c in classes:
    status, roster, _ = request("GET", f"/api/classes/{c}/enrollments", timeout=30)
    assert status == 200, (status, roster)
    seats = [s for s in roster if s["status"] in counting]
    rosters[c] = {s["enrollmentId"]: s["name"] for s in seats}
    over += len(seats) > a.capacity
    duplicates += sum(n - 1 for n in Counter(s["name"] for s in seats).values() if n > 1)
lost = sum(1 for (c, _), e in acknowledged.items() if e not in rosters[c])
misnamed = sum(1 for (c, _), e in named.items() if e not in rosters[c])
# Landed: on the roster, though no 201 for it ever reached the client (the retry was refused, naming it).
landed = sum(1 for pair in unknown if pair not in acknowledged and pair[1][1] in rosters[pair[0]].values())
renamed = sum(1 for pair, e in named.items() if pair in acknowledged and acknowledged[pair] != e)
internal = sum(n for cause, n in failures.items() if cause.startswith("500"))
unrecovered = sum(1 for rs in recoveries.values() for r in rs if r is None)

print(f"chaos: {load_seconds:.0f} s of load from {a.threads} clients into {a.classes} classes of {a.capacity} seats; "
      f"{len(recoveries['kill -9 of the service'])} kill -9 of the service, {len(recoveries['PostgreSQL crash'])} PostgreSQL crashes")
print(f"requests                    {requests}")
print(f"acknowledged (201)          {len(acknowledged)}")
print(f"lost (201 but not on roster) {lost}")
print(f"unknown outcome             {len(unknown)} (landed {landed}, did not land {len(unknown) - landed})")
print(f"409 naming the enrollment   {len(named)} ({misnamed} not on the roster)")
print(f"over-capacity classes       {over}")
print(f"duplicate enrollments       {duplicates}")
print(f"answers                     " + ", ".join(f"{k}: {v}" for k, v in sorted(answers.items())))
print("5xx, failures and retried conflicts by cause:")
for cause, n in failures.most_common(): print(f"  {n:6d}  {cause}")
for what, rs in recoveries.items():
    ok = [r for r in rs if r is not None]
    if rs: print(f"time to recover after {what}: max {max(ok, default=0):.1f} s, mean {sum(ok) / max(1, len(ok)):.1f} s ({len(rs) - len(ok)} not recovered)")
checks = {"nothing acknowledged was lost": lost == 0, "no class over capacity": over == 0, "no duplicate enrollment": duplicates == 0,
          "every 409 names the enrollment on the roster": misnamed == 0 and renamed == 0, "no 500": internal == 0,
          "every fault recovered from": unrecovered == 0, "every 5xx carried Retry-After": not any("no Retry-After" in c for c in failures)}
for name, ok in checks.items(): print(f"  {'ok  ' if ok else 'FAIL'} {name}")
print(f"{sum(checks.values())} passed, {len(checks) - sum(checks.values())} failed")
sys.exit(0 if all(checks.values()) else 1)
