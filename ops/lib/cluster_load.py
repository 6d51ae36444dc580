#!/usr/bin/env python3
"""Load and checks for ops/cluster-test (standard library only).

  cluster_load.py setup  URL TOKEN CLIENTS            -> prints one class id per client (capacity 5000 each)
  cluster_load.py race   URL TOKEN PHASE SECONDS OUT CLASS...
        one client per class enrolls new people through URL until SECONDS have passed (or the file $STOP_FILE
        appears); writes every answer to OUT
  cluster_load.py check  URL TOKEN MAX_FAILED_PER_CLIENT OUT...
        every acknowledged enrollment is on its class's roster, no client saw more than MAX failed answers
        (and none after its last failure but successes); prints one "PASS name" or "FAIL name: why" per check
"""
import http.client, json, os, sys, threading, time, random
from urllib.parse import urlparse

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def id_number(phase, client, n):
    """A valid resident ID unique per (phase, client, n): the birth date spreads n, the sequence the client."""
    day = time.gmtime(time.mktime((1960, 1, 1, 0, 0, 0, 0, 0, 0)) + (phase * 3000 + n) * 86400)
    body = "441625%04d%02d%02d%03d" % (day.tm_year, day.tm_mon, day.tm_mday, client)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def credit_code():
    body = "91441625MA" + "".join(random.choice("0123456789") for _ in range(7))
    check = 31 - sum(CREDIT_CHARS.index(c) * w for c, w in zip(body, CREDIT_WEIGHTS)) % 31
    return body + CREDIT_CHARS[0 if check == 31 else check]


class Client:
    def __init__(self, url, token):
        u = urlparse(url)
        self.host, self.port, self.token, self.conn = u.hostname, u.port, token, None

    def send(self, method, path, body=None, key=None):
        """(status, parsed body) or (0, error text) when no answer came. KEY: the request's Idempotency-Key."""
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            headers = {"Authorization": "Bearer " + self.token}
            if key is not None:
                headers["Idempotency-Key"] = key
            data = None
            if body is not None:
                data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
            self.conn.request(method, path, data, headers)
            r = self.conn.getresponse()
            raw = r.read()
            if r.getheader("Connection", "").lower() == "close":
                self.close()
            try:
                return r.status, json.loads(raw) if raw else None
            except ValueError:
                return r.status, raw.decode(errors="replace")[:200]
        except (OSError, http.client.HTTPException) as e:
            self.close()
            return 0, type(e).__name__

    def close(self):
        if self.conn is not None:
            self.conn.close()
        self.conn = None


def send_until_served(c, method, path, body, seconds=60):
    """As a client told to retry: a 503 (no node up yet at the balancer, a node not ready) is tried again, for a while."""
    deadline = time.time() + seconds
    while True:
        status, answer = c.send(method, path, body)
        if status not in (0, 503) or time.time() > deadline:
            return status, answer
        time.sleep(0.5)


def setup(url, token, clients):
    c = Client(url, token)
    status, body = send_until_served(c, "POST", "/api/institutions", {"name": "集群测试学校", "creditCode": credit_code(),
                                                                        "kind": "technical-school", "regionCode": "441625"})
    assert status == 201, (status, body)
    for _ in range(clients):
        status, cls = send_until_served(c, "POST", "/api/classes", {"institutionId": body["id"], "programme": "yuecai",
                                        "title": "集群测试班", "startDate": "2026-03-02", "endDate": "2026-03-20", "capacity": 5000})
        assert status == 201, (status, cls)
        print(cls["id"])


def race(url, token, phase, seconds, out, classes):
    deadline = time.time() + seconds
    results = [[] for _ in classes]

    def run(i, class_id):
        c, n = Client(url, token), 0
        stop = os.environ.get("STOP_FILE")
        while time.time() < deadline and n < 2999 and not (stop and os.path.exists(stop)):
            n += 1
            started = time.time()
            # With a key, as a careful client sends it: the balancer may then retry the request on the other node when
            # the node it went to dies without answering (the service answers a repeated key as it answered the first).
            status, body = c.send("POST", f"/api/classes/{class_id}/enrollments",
                                  {"idNumber": id_number(phase, i, n), "name": "测试"}, key=f"cluster-{phase}-{i}-{n}-{class_id}")
            ack = body.get("enrollmentId") if status == 201 and isinstance(body, dict) else None
            results[i].append({"at": started, "took": round(time.time() - started, 3), "status": status, "enrollmentId": ack,
                               "error": None if status in (201,) else str(body)[:120]})
        c.close()

    threads = [threading.Thread(target=run, args=(i, cls)) for i, cls in enumerate(classes)]
    for t in threads: t.start()
    for t in threads: t.join()
    with open(out, "w") as f:
        json.dump({"classes": classes, "results": results}, f)
    print(f"phase {phase}: {sum(len(r) for r in results)} requests, "
          f"{sum(1 for r in results for x in r if x['enrollmentId'])} acknowledged, "
          f"{sum(1 for r in results for x in r if x['status'] != 201)} failed")


def check(url, token, max_failed, outs):
    c, ok = Client(url, token), True

    def report(name, passed, why=""):
        nonlocal ok
        ok &= passed
        print(("PASS " + name) if passed else f"FAIL {name}: {why}")

    for out in outs:
        run = json.load(open(out))
        name = out.rsplit("/", 1)[-1].removesuffix(".json")
        lost, roster_total, acked = [], 0, 0
        for class_id, answers in zip(run["classes"], run["results"]):
            status, roster = c.send("GET", f"/api/classes/{class_id}/enrollments")
            if status != 200:
                report(f"{name}: roster read", False, f"{status} {roster}")
                continue
            on_roster = {e["enrollmentId"] for e in roster}
            roster_total += len(on_roster)
            ack = [a["enrollmentId"] for a in answers if a["enrollmentId"]]
            acked += len(ack)
            lost += [a for a in ack if a not in on_roster]
        report(f"{name}: no acknowledged enrollment lost ({acked} acknowledged, {roster_total} on the rosters)",
               not lost and acked > 0, f"{len(lost)} lost, e.g. {lost[:3]}")
        failed = [[a for a in answers if a["status"] != 201] for answers in run["results"]]
        worst = max(len(f) for f in failed)
        report(f"{name}: at most {max_failed} failed answer(s) per client (worst {worst})", worst <= max_failed,
               "; ".join(f"client {i}: {len(f)} failed, first {(f[0]['status'], f[0]['error'])}" for i, f in enumerate(failed) if len(f) > max_failed))
        # After a client's failure, the survivor answers it: its later requests succeed.
        served = all(any(a["status"] == 201 and a["at"] > f[-1]["at"] for a in answers)
                     for answers, f in zip(run["results"], failed) if f)
        report(f"{name}: every client is served after its failure", served, "a client got no answer after failing")
    return ok


if __name__ == "__main__":
    cmd, url, token, *rest = sys.argv[1:]
    if cmd == "setup":
        setup(url, token, int(rest[0]))
    elif cmd == "race":
        race(url, token, int(rest[0]), float(rest[1]), rest[2], rest[3:])
    elif cmd == "check":
        sys.exit(0 if check(url, token, int(rest[0]), rest[1:]) else 1)
