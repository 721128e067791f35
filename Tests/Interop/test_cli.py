"""The CLI contract: config check/print, geoip lookup, trap iptables, events errors."""
import json
import os
import subprocess

import pytest

from conftest import GEOIP_DB, mitsu


def test_config_check_names_file_line_and_key(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sensor:\n  name: x\nhoneypots:\n  trap:\n    tcp_ports: [81, 99999]\n")
    r = mitsu("config", "check", str(bad), check=False)
    assert r.returncode == 1
    assert f"{bad}:5: honeypots.trap.tcp_ports[1]:" in r.stderr
    bad.write_text("store:\n  sqlite: true\n  retension_days: 3\n")
    r = mitsu("config", "check", str(bad), check=False)
    assert r.returncode == 1 and f"{bad}:3: store.retension_days: unknown key" in r.stderr
    good = tmp_path / "good.yaml"
    good.write_text("honeypots:\n  trap:\n    enabled: true\n")
    assert "OK" in mitsu("config", "check", str(good)).stdout


def test_config_print_is_the_effective_config_and_checks_clean(tmp_path):
    cfg = tmp_path / "m.yaml"
    cfg.write_text("store:\n  retention_days: 9\n")
    printed = mitsu("config", "print", "--config", str(cfg)).stdout
    assert "retention_days: 9" in printed
    assert "tcp_ports:" in printed
    out = tmp_path / "printed.yaml"
    out.write_text(printed)
    assert mitsu("config", "check", str(out)).returncode == 0
    assert mitsu("config", "print", "--config", str(out)).stdout == printed


def test_run_rejects_bad_config_before_starting(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("limits:\n  max_conections: 3\n")
    r = mitsu("run", "--config", str(bad), "--data", str(tmp_path / "d"), check=False, timeout=20)
    assert r.returncode != 0
    assert f"{bad}:2: limits.max_conections: unknown key" in r.stderr


def geoip(ip, *extra):
    return json.loads(mitsu("geoip", "lookup", ip, *extra).stdout)


@pytest.mark.skipif(not os.path.exists(GEOIP_DB), reason="default GeoLite2 database not fetched")
def test_geoip_lookup_with_the_default_database():
    db = ["--db", GEOIP_DB]
    g = geoip("8.8.8.8", *db)
    assert g["country_code2"] == "US"
    assert g["continent_code"] == "NA"
    assert "latitude" in g and "longitude" in g
    assert geoip("2001:4860:4860::8888", *db)["country_code2"] == "US"
    assert geoip("81.2.69.160", *db)["country_code2"] == "GB"


def test_geoip_labels_reserved_addresses_without_lookup(tmp_path):
    assert geoip("10.1.2.3", "--data", str(tmp_path)) == {"label": "private"}
    assert geoip("127.0.0.1", "--data", str(tmp_path)) == {"label": "loopback"}
    assert geoip("::1", "--data", str(tmp_path)) == {"label": "loopback"}
    assert geoip("fe80::1", "--data", str(tmp_path))["label"] == "link-local"


def test_geoip_against_a_database_written_by_mmdb_writer(tmp_path):
    mmdb_writer = pytest.importorskip("mmdb_writer")
    from netaddr import IPSet
    w2 = mmdb_writer.MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoLite2-City", languages=["en"])
    w2.insert_network(IPSet(["5.6.7.0/24"]), {
        "country": {"iso_code": "JP", "names": {"en": "Japan"}},
        "continent": {"code": "AS"},
        "city": {"names": {"en": "Tokyo"}},
        "location": {"latitude": 35.6, "longitude": 139.7},
    })
    w2.insert_network(IPSet(["2a00:1450::/32"]), {"country": {"iso_code": "DE", "names": {"en": "Germany"}}})
    # A documentation range in the database: still labelled, never looked up.
    w2.insert_network(IPSet(["203.0.113.0/24"]), {"country": {"iso_code": "FR", "names": {"en": "France"}}})
    path = tmp_path / "test.mmdb"
    w2.to_db_file(str(path))
    assert geoip("203.0.113.5", "--db", str(path)) == {"label": "documentation"}
    g = geoip("5.6.7.8", "--db", str(path))
    assert g["country_code2"] == "JP" and g["city_name"] == "Tokyo" and g["continent_code"] == "AS"
    assert abs(g["latitude"] - 35.6) < 1e-9
    assert geoip("2a00:1450::1", "--db", str(path))["country_code2"] == "DE"
    assert geoip("5.6.8.1", "--db", str(path)) == {}


def test_geoip_malformed_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.mmdb"
    bad.write_bytes(os.urandom(5000))
    r = mitsu("geoip", "lookup", "8.8.8.8", "--db", str(bad), check=False)
    assert r.returncode != 0
    assert "Error" in r.stderr or "error" in r.stderr


def test_trap_iptables_prints_rules():
    out = mitsu("trap", "iptables", "--port-offset", "0").stdout
    assert "iptables -t nat -N MITSU_TRAP" in out
    assert "-j REDIRECT --to-ports 65432" in out
    assert "--dport 64295 -j RETURN" in out


def test_events_without_a_store_says_so(tmp_path):
    r = mitsu("events", "--data", str(tmp_path), check=False)
    assert r.returncode != 0 and "no event store" in r.stderr
    r = mitsu("events", "--data", str(tmp_path), "--since", "yesterday", check=False)
    assert r.returncode != 0 and "--since" in r.stderr
