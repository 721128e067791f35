#!/usr/bin/env python3
"""Puts GeoLite2-City.mmdb into DIR (default ./data/geoip) unless it is already there.

The database comes from the `maxminddb-geolite2` PyPI package (GeoLite2 data created by MaxMind, 2018:
old, but real and freely redistributable then). It is taken from an installed copy of the package when
there is one, otherwise its wheel is downloaded with pip and the file extracted. docs/geoip.md explains
how to point Mitsu at a current GeoLite2, DB-IP Lite or IPinfo Lite database instead.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

NAME = "GeoLite2-City.mmdb"


def installed_copy():
    try:
        import _maxminddb_geolite2  # the package's data module
    except ImportError:
        return None
    path = os.path.join(os.path.dirname(_maxminddb_geolite2.__file__), NAME)
    return path if os.path.isfile(path) else None


def from_wheel(tmp):
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", tmp,
                    "maxminddb-geolite2"], check=True)
    for wheel in glob.glob(os.path.join(tmp, "maxminddb_geolite2-*.whl")):
        with zipfile.ZipFile(wheel) as z:
            for member in z.namelist():
                if member.endswith("/" + NAME):
                    z.extract(member, tmp)
                    return os.path.join(tmp, member)
    for archive in glob.glob(os.path.join(tmp, "maxminddb-geolite2-*.tar.gz")):
        import tarfile
        with tarfile.open(archive) as t:
            for member in t.getmembers():
                if member.name.endswith("/" + NAME) and member.isfile():
                    t.extract(member, tmp, filter="data")
                    return os.path.join(tmp, member.name)
    raise SystemExit("maxminddb-geolite2 did not contain " + NAME)


def main():
    target_dir = sys.argv[1] if len(sys.argv) > 1 else "data/geoip"
    target = os.path.join(target_dir, NAME)
    if os.path.isfile(target) and os.path.getsize(target) > 0:
        return
    os.makedirs(target_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = installed_copy() or from_wheel(tmp)
        partial = target + ".partial"
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    print(f"geoip: {target} ready")


if __name__ == "__main__":
    main()
