"""Debian's apache2 started as a throwaway server for comparisons: its own config, document root, pid
file and logs in a temporary directory, on a loopback port, in the foreground, stopped by the caller."""
import os
import shutil

from real_server import launch, stop  # noqa: F401 (stop: for callers)

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
    return launch("apache2", ["apache2", "-d", root, "-f", conf, "-DFOREGROUND"], root, port, logs=[os.path.join(root, "error.log")])

