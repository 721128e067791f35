#!/usr/bin/env bash
# Prints SQL that fills the events table with N synthetic events spread over the 30 days before now:
# five honeypots, a mix of kinds, 50,000 source addresses, 200 countries, 500 ASNs, 1,000 usernames,
# 5,000 passwords, 300 commands, 40 ports, 2,000 web URIs. The rollups are rebuilt by the next start.
# Source addresses: DIST=uniform (default; 350,000 addresses, each seen about every 25 hours: the worst
# case for rollups, as almost every event is a new address in its bucket) or DIST=zipf (heavy-tailed like
# real traffic: address k of 350,000 sends events with probability ~1/k, so a few send most of them).
N=${1:?events}
DIST=${DIST:-uniform}
if [ "$DIST" = zipf ]; then
  # k = floor(350000^u) for u uniform in [0,1) (a deterministic hash of i): P(k) ~ 1/k.
  SRC="'198.' || (CAST(pow(350000, ((i * 2654435761) % 1000003) / 1000003.0) AS INTEGER) / 1750) || '.' || (CAST(pow(350000, ((i * 2654435761) % 1000003) / 1000003.0) AS INTEGER) / 7 % 250) || '.' || (CAST(pow(350000, ((i * 2654435761) % 1000003) / 1000003.0) AS INTEGER) % 7)"
else
  SRC="'198.' || ((i * 7919) % 50000 / 250) || '.' || ((i * 7919) % 250) || '.' || (i % 7)"
fi
NOW=$(($(date +%s) * 1000))
cat <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $N),
r AS (
  SELECT i,
    $NOW - (i * 2592000000 / $N) AS ts,
    CASE i % 6 WHEN 0 THEN 'session.connect' WHEN 1 THEN 'login.failed' WHEN 2 THEN 'login.failed'
               WHEN 3 THEN 'command.input' WHEN 4 THEN 'http.request' ELSE 'payload' END AS event,
    CASE i % 6 WHEN 4 THEN 'web' WHEN 5 THEN 'trap' ELSE CASE i % 3 WHEN 0 THEN 'telnet' ELSE 'ssh' END END AS honeypot,
    printf('%012x', i / 6) AS session,
    $SRC AS src_ip,
    (i * 31) % 40 + 20 AS dest_port,
    'user' || ((i * 13) % 1000) AS username,
    'pw' || ((i * 17) % 5000) AS password,
    char(65 + (i % 200) / 26 % 26, 65 + (i % 200) % 26) AS country,
    64496 + (i * 3) % 500 AS asn
  FROM c
)
INSERT INTO events (ts, event, honeypot, session, src_ip, src_port, dest_port, protocol, username, password, country, asn, sha256, json)
SELECT ts, event, honeypot, session, src_ip, 40000 + i % 20000, dest_port, 'tcp',
  CASE WHEN event = 'login.failed' THEN username END, CASE WHEN event = 'login.failed' THEN password END,
  country, asn, NULL,
  json_object('@timestamp', strftime('%Y-%m-%dT%H:%M:%fZ', ts / 1000.0, 'unixepoch'), 'event', event, 'honeypot', honeypot,
              'session', session, 'src_ip', src_ip, 'dest_port', dest_port,
              'username', CASE WHEN event = 'login.failed' THEN username END,
              'password', CASE WHEN event = 'login.failed' THEN password END,
              'input', CASE WHEN event = 'command.input' THEN 'cmd ' || (i % 300) END,
              'http', CASE WHEN event = 'http.request' THEN json_object('method', 'GET', 'uri', '/p' || (i % 2000), 'user_agent', 'ua' || (i % 50)) END,
              'geoip', json_object('country_code2', country, 'asn', asn, 'as_org', 'AS-' || asn))
FROM r;
-- The rows went in behind the writer's back, so the rollups are dropped and their migration forgotten:
-- the next mitsu run backfills them with the real migration (the path an upgraded store takes).
DROP TABLE IF EXISTS rollups;
DROP TABLE IF EXISTS rollup_src_ips;
DROP TABLE IF EXISTS rollup_sessions;
DROP TABLE IF EXISTS rollup_session_spans;
DROP TABLE IF EXISTS rollup_src_ip_chunks;
DROP INDEX IF EXISTS events_files_ts;
DELETE FROM grdb_migrations WHERE identifier IN ('v2: rollups', 'v3: session spans');
COMMIT;
SQL
