"""Debian's apache2 started as a throwaway server for comparisons: its own config, document root, pid
file and logs in a temporary directory, on a loopback port, in the foreground, stopped by the caller."""
import os
import shutil
import socket
import subprocess
import time

MODULES = "/usr/lib/apache2/modules"
# Debian 12's default set (a2enmod list after installing apache2), minus status (local-only anyway).
ENABLED = ["mpm_event", "authz_core", "authz_host", "authn_core", "auth_basic", "authn_file", "authz_user",
           "access_compat", "alias", "autoindex", "deflate", "dir", "env", "filter", "mime", "negotiation",
           "reqtimeout", "setenvif"]


def available():
    return shutil.which("apache2") or os.path.exists("/usr/sbin/apache2")


def start(tmpdir, port, server_name):
    root = os.path.join(tmpdir, "apache")
    docroot = os.path.join(root, "html")
    os.makedirs(docroot, exist_ok=True)
    default_page = "/usr/share/apache2/default-site/index.html"
    if os.path.exists(default_page):
        shutil.copy(default_page, os.path.join(docroot, "index.html"))
    conf = os.path.join(root, "apache2.conf")
    loads = "\n".join(f"LoadModule {m}_module {MODULES}/mod_{m}.so" for m in ENABLED)
    user = "" if os.getuid() != 0 else "User nobody\nGroup nogroup\n"
    with open(conf, "w") as f:
        f.write(f"""{loads}
ServerRoot {root}
PidFile {root}/apache2.pid
ErrorLog {root}/error.log
Listen 127.0.0.1:{port}
ServerName {server_name}
{user}Timeout 300
KeepAlive On
MaxKeepAliveRequests 100
KeepAliveTimeout 5
HostnameLookups Off
LogLevel warn
ServerTokens OS
ServerSignature On
TraceEnable Off
TypesConfig /etc/mime.types
AddDefaultCharset Off
DirectoryIndex index.html index.cgi index.pl index.php index.xhtml index.htm
AccessFileName .htaccess
LimitRequestBody 1048576
<Directory />
    Options FollowSymLinks
    AllowOverride None
    Require all denied
</Directory>
<Directory {docroot}/>
    Options Indexes FollowSymLinks
    AllowOverride None
    Require all granted
</Directory>
<FilesMatch "^\\.ht">
    Require all denied
</FilesMatch>
DocumentRoot {docroot}
""")
    for d in (tmpdir, root, docroot):
        os.chmod(d, 0o755)
    proc = subprocess.Popen(["apache2", "-d", root, "-f", conf, "-DFOREGROUND"],
                            stdout=subprocess.DEVNULL, stderr=open(os.path.join(root, "stderr.log"), "w"))
    deadline = time.time() + 15
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    stop(proc)
    with open(os.path.join(root, "stderr.log")) as f:
        err = f.read()
    with open(os.path.join(root, "error.log")) if os.path.exists(os.path.join(root, "error.log")) else open(os.devnull) as f:
        err += f.read()
    raise RuntimeError("apache2 did not start: " + err)


def stop(proc):
    if proc.poll() is None:
        proc.terminate()  # SIGTERM: the parent stops its children and exits
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
