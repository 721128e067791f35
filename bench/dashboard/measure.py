"""p50/p95 of each overview API call against a running dashboard (python requests, one client).

UNTIL_MS=t: each preset's span ends at t (a custom since/until range with the preset's length) instead
of now, so that a store generated earlier is measured as if its newest event were now."""
import datetime
import os
import statistics
import sys
import time

import requests

url, token, rounds = sys.argv[1].rstrip("/"), sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 20
h = {"Authorization": f"Bearer {token}"}
calls = [("totals", "/api/v1/overview/totals", {}), ("series honeypot", "/api/v1/overview/series", {"by": "honeypot"}),
         ("series dest_port", "/api/v1/overview/series", {"by": "dest_port"}), ("files", "/api/v1/overview/files", {})]
calls += [(f"top {d}", "/api/v1/overview/top", {"by": d}) for d in
          ["honeypot", "country", "src_ip", "asn", "username", "password", "credentials", "command", "signature", "cve", "dest_port"]]
spans = {"1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000}


def iso(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


for range_ in sys.argv[4:] or ["24h"]:
    window = {"range": range_}
    if os.environ.get("UNTIL_MS"):
        until = int(os.environ["UNTIL_MS"])
        window = {"range": "custom", "since": iso(until - spans[range_]), "until": iso(until)}
    print(f"range={range_} {window}")
    print(f"{'panel':<22}{'p50 ms':>10}{'p95 ms':>10}")
    for name, path, params in calls:
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            r = requests.get(url + path, params={**params, **window}, headers=h, timeout=600)
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, r.text
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        print(f"{name:<22}{statistics.median(times):>10.1f}{p95:>10.1f}", flush=True)
