#!/usr/bin/env bash
# Builds MitsuShell's default filesystem image from a real Debian 12 minbase tree.
#
#   sudo scripts/make-fs-image.sh [EXISTING_ROOT]
#
# Without an argument it runs `debootstrap --variant=minbase bookworm` into a temporary directory (needs
# root and the debootstrap package). The image keeps the metadata of every path (type, mode, owner, size,
# mtime, symlink target) and the contents of small text files under /etc; bulky documentation trees
# (/usr/share/{doc,man,locale,info}) keep only their first level, which is all `ls` probes ever see.
# Output: Sources/MitsuShell/Resources/debian12-minbase.fsimage (text; git compresses it).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=Sources/MitsuShell/Resources/debian12-minbase.fsimage
ROOT=${1:-}
if [ -z "$ROOT" ]; then
  TMP=$(mktemp -d)
  trap 'rm -rf "$TMP"' EXIT
  ROOT="$TMP/root"
  debootstrap --variant=minbase bookworm "$ROOT" http://deb.debian.org/debian
fi
python3 - "$ROOT" "$OUT" <<'PY'
import os, stat, sys
root, out = sys.argv[1], sys.argv[2]
PRUNE = ("/usr/share/doc/", "/usr/share/man/", "/usr/share/locale/", "/usr/share/info/", "/usr/share/zoneinfo/",
         "/var/cache/apt/archives/", "/var/lib/apt/lists/", "/usr/share/i18n/")
MAX_CONTENT = 8192
# Targets of /etc symlinks that probes read (`cat /etc/os-release`).
EXTRA_CONTENT = {"/usr/lib/os-release"}
# Left out: debootstrap's own traces, which a real installed host does not have.
SKIP = ("/debootstrap", "/var/log/bootstrap.log", "/var/cache/apt/archives")
entries, contents = [], []
for dirpath, dirnames, filenames in os.walk(root):
    dirnames.sort(); filenames.sort()
    rel_dir = dirpath[len(root):] or "/"
    for name in dirnames + filenames:
        full = os.path.join(dirpath, name)
        rel = (rel_dir.rstrip("/") + "/" + name)
        if rel.startswith(SKIP):
            continue
        pruned = next((p for p in PRUNE if rel.startswith(p)), None)
        if pruned and rel[len(pruned):].count("/") > 0:
            continue
        st = os.lstat(full)
        m = st.st_mode
        kind = ("d" if stat.S_ISDIR(m) else "l" if stat.S_ISLNK(m) else "c" if stat.S_ISCHR(m)
                else "b" if stat.S_ISBLK(m) else "p" if stat.S_ISFIFO(m) else "s" if stat.S_ISSOCK(m) else "f")
        target = os.readlink(full) if kind == "l" else ""
        if "\t" in rel or "\n" in rel or "\t" in target or "\n" in target:
            continue
        line = f"{kind}\t{stat.S_IMODE(m):o}\t{st.st_uid}\t{st.st_gid}\t{st.st_size}\t{int(st.st_mtime)}\t{rel}"
        if target:
            line += "\t" + target
        entries.append(line)
        if kind == "f" and (rel.startswith("/etc/") or rel in EXTRA_CONTENT) and st.st_size <= MAX_CONTENT:
            data = open(full, "rb").read()
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if b"\0" not in data:
                contents.append((rel, data))
with open(out, "wb") as f:
    f.write(b"# mitsu fsimage v1: debootstrap --variant=minbase bookworm (scripts/make-fs-image.sh)\n")
    f.write(b"# type mode uid gid size mtime path [target]\n")
    for e in entries:
        f.write(e.encode() + b"\n")
    f.write(b"%%\n")
    for rel, data in contents:
        f.write(f"={rel}\t{len(data)}\n".encode() + data + b"\n")
print(f"{out}: {len(entries)} paths, {len(contents)} files with content, {os.path.getsize(out)} bytes")
PY
