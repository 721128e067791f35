"""The ingest peer: what a Python collector does with the same events (decode, GeoIP, SQLite in batched
transactions with the same indexes, JSON lines). Prints events/s."""
import json
import os
import sqlite3
import sys
import time

import maxminddb

lines_path, db_path, out_dir = sys.argv[1:4]
os.makedirs(out_dir, exist_ok=True)
lines = open(lines_path, "rb").read().splitlines()
reader = maxminddb.open_database(db_path)
con = sqlite3.connect(os.path.join(out_dir, "peer.sqlite"))
con.execute("pragma journal_mode=wal")
con.execute("pragma synchronous=normal")
con.execute("create table events (id integer primary key, ts text, event text, honeypot text, session text, src_ip text, src_port integer, dest_port integer, country text, json text)")
for col in ("ts", "honeypot, ts", "src_ip, ts", "event, ts", "session"):
    con.execute(f"create index if not exists i_{col.replace(', ', '_')} on events ({col})")
out = open(os.path.join(out_dir, "events.jsonl"), "w")
start = time.time()
batch = []
for raw in lines:
    e = json.loads(raw)
    ip = e.get("src_ip")
    if ip:
        rec = reader.get(ip)
        if rec and "country" in rec:
            e["geoip"] = {"country_code2": rec["country"].get("iso_code")}
    text = json.dumps(e)
    out.write(text + "\n")
    batch.append((e["@timestamp"], e["event"], e["honeypot"], e.get("session"), ip, e.get("src_port"), e.get("dest_port"),
                  e.get("geoip", {}).get("country_code2"), text))
    if len(batch) >= 2000:
        with con:
            con.executemany("insert into events (ts, event, honeypot, session, src_ip, src_port, dest_port, country, json) values (?,?,?,?,?,?,?,?,?)", batch)
        batch = []
if batch:
    with con:
        con.executemany("insert into events (ts, event, honeypot, session, src_ip, src_port, dest_port, country, json) values (?,?,?,?,?,?,?,?,?)", batch)
out.flush()
print(round(len(lines) / (time.time() - start)))
