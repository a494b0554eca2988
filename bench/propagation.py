#!/usr/bin/env python3
"""propagation.py - how long a write on one node takes to be searchable on
another (issue 11's propagation figure; run by bench/propagation.sh).

Signs in on node A as a demo organisation admin, then N times: writes and
publishes a listing whose title holds a word never seen before on A, and polls search
on node B every 2 ms until it is found. Prints p50, p90, p99 and max of the
delays, measured from the moment A answered the publish (the write committed).
Usage: propagation.py PORT_A PORT_B [N]
"""
import http.cookiejar
import json
import random
import string
import sys
import time
import urllib.request

EMAIL, PASSWORD = "member.uz@demo.hamkor.org", "hamkor-demo-2026"


def main():
    port_a, port_b = int(sys.argv[1]), int(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def call(port, method, path, body=None, headers=None):
        req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json", **(headers or {})})
        with opener.open(req) as r:
            return r.status, json.loads(r.read() or b"null")

    _, me = call(port_a, "POST", "/api/v1/auth/login", {"email": EMAIL, "password": PASSWORD})
    csrf = {"X-CSRF-Token": me["csrf_token"]}
    org = [m["org_id"] for m in me["memberships"] if m["is_admin"]][0]
    delays = []
    for i in range(n):
        word = "zq" + "".join(random.choice(string.ascii_lowercase) for _ in range(10))
        listing = {"org_id": org, "direction": "offer", "kind": "supply", "expires": "2099-12-31", "hs": ["7616"],
                   "texts": [{"lang": "en", "origin": "original", "title": f"Aluminium castings {word}"}]}
        status, made = call(port_a, "POST", "/api/v1/listings", listing, csrf)
        assert status == 201, status
        status, _ = call(port_a, "POST", f"/api/v1/listings/{made['id']}/publish", {}, csrf)
        assert status == 200, status
        t0 = time.monotonic()
        while True:
            _, found = call(port_b, "GET", f"/api/v1/search?q={word}")
            if found["total"] > 0:
                break
            if time.monotonic() - t0 > 10:
                sys.exit(f"listing {i} not found on node B after 10 s")
            time.sleep(0.002)
        delays.append((time.monotonic() - t0) * 1000)
    delays.sort()
    pct = lambda p: delays[min(len(delays) - 1, int(p * len(delays)))]
    print(f"propagation A -> B over {n} writes: p50 {pct(.5):.1f} ms  p90 {pct(.9):.1f} ms  "
          f"p99 {pct(.99):.1f} ms  max {delays[-1]:.1f} ms")


main()
