"""Debian's nginx started as a throwaway server for comparisons: its own config (Debian's defaults for
the default site), document root, pid file, logs and temp paths in a temporary directory, on a loopback
port, in the foreground, stopped by the caller."""
import os
import shutil

from real_server import launch, stop  # noqa: F401 (stop: for callers)


def available():
    return bool(shutil.which("nginx") or os.path.exists("/usr/sbin/nginx"))


def start(tmpdir, port):
    root = os.path.join(tmpdir, "nginx")
    docroot = os.path.join(root, "html")
    os.makedirs(docroot, exist_ok=True)
    # Debian 12's /var/www/html/index.nginx-debian.html is nginx's own welcome page (615 bytes).
    shutil.copy("/usr/share/nginx/html/index.html", os.path.join(docroot, "index.nginx-debian.html"))
    conf = os.path.join(root, "nginx.conf")
    temps = "\n".join(f"{k}_temp_path {root}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    with open(conf, "w") as f:
        f.write(f"""worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log;
daemon off;
events {{ worker_connections 64; }}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    gzip on;
    {temps}
    server {{
        listen 127.0.0.1:{port} default_server;
        root {docroot};
        index index.html index.htm index.nginx-debian.html;
        server_name _;
        location / {{
            try_files $uri $uri/ =404;
        }}
    }}
}}
""")
    for d in (tmpdir, root, docroot):
        os.chmod(d, 0o755)
    return launch("nginx", ["nginx", "-e", os.path.join(root, "error.log"), "-p", root, "-c", conf], root, port)

