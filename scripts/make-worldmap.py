#!/usr/bin/env python3
"""Makes the dashboard's world map asset, Sources/MitsuDashboard/Assets/WorldMapData.swift, once.

Geometry: Natural Earth 1:110m admin-0 countries (https://www.naturalearthdata.com, public domain:
"No permission is needed to use Natural Earth"), as shipped inside the geopandas wheel before 1.0 as
the `naturalearth_lowres` dataset (geopandas/datasets/naturalearth_lowres/*.shp; its creation script
took ISO_A3 and replaced Natural Earth's "-99" codes of France, Norway and others with ADM0_A3).
Country codes: ISO 3166-1 alpha-3 -> alpha-2 from Debian's iso-codes package
(/usr/share/iso-codes/json/iso_3166-1.json); the three Natural Earth units without an ISO code are
mapped by hand: Kosovo -> XK (the code GeoIP databases use), N. Cyprus -> CY, Somaliland -> SO.

The shapes are projected (Equal Earth, x east, y down), simplified (Douglas-Peucker, 0.35 px at
1000 px width), Antarctica dropped, merged per alpha-2 code, and written as SVG path data with
relative coordinates, one country per line: CODE<TAB>name<TAB>path.

Re-run (a developer, once; the output is committed, the build never runs this):
    python3 -m pip install pyshp
    python3 -m pip download 'geopandas==0.14.4' --no-deps -d /tmp/gp
    python3 scripts/make-worldmap.py /tmp/gp/geopandas-0.14.4-py3-none-any.whl
(An installed geopandas < 1.0 works too: run the script without an argument.)
"""
import importlib.util
import io
import json
import math
import os
import sys
import zipfile

import shapefile  # pyshp

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "MitsuDashboard", "Assets", "WorldMapData.swift")
ISO = "/usr/share/iso-codes/json/iso_3166-1.json"
MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
BY_NAME = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
WIDTH = 1000.0
TOLERANCE = 0.35
DROP = {"ATA", "ATF"}  # Antarctica and the French Southern Lands: no attackers, lots of page height


def open_shapefile(source):
    if source and source.endswith(".whl"):
        z = zipfile.ZipFile(source)
        parts = {ext: io.BytesIO(z.read(f"{MEMBER}.{ext}")) for ext in ("shp", "shx", "dbf")}
        encoding = z.read(f"{MEMBER}.cpg").decode("ascii").strip()  # the .dbf's code page
        return shapefile.Reader(shp=parts["shp"], shx=parts["shx"], dbf=parts["dbf"], encoding=encoding)
    if not source:
        spec = importlib.util.find_spec("geopandas")
        if spec is None or not spec.submodule_search_locations:
            sys.exit("give the geopandas<1.0 wheel as argument, or install geopandas<1.0 (see the docstring)")
        source = os.path.join(list(spec.submodule_search_locations)[0], "datasets", "naturalearth_lowres", "naturalearth_lowres.shp")
    with open(source[:-4] + ".cpg") as f:
        encoding = f.read().strip()
    return shapefile.Reader(source, encoding=encoding)


# Equal Earth (Šavrič, Patterson, Jenny 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
X_MAX = 2 * math.sqrt(3) * math.pi / (3 * A1)  # x at lon 180, lat 0
SCALE = WIDTH / (2 * X_MAX)


def project(lon, lat):
    lam, phi = math.radians(lon), math.radians(lat)
    t = math.asin(M * math.sin(phi))
    t2, t6 = t * t, t ** 6
    x = 2 * math.sqrt(3) * lam * math.cos(t) / (3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1))
    y = t * (A4 * t6 * t2 + A3 * t6 + A2 * t2 + A1)
    return (x + X_MAX) * SCALE, -y * SCALE


def simplify(points, tol):
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, index = 0.0, None
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else math.hypot(px - ax, py - ay)
            if d > best:
                best, index = d, i
        if index is not None and best > tol:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep) if k]


def num(v):
    s = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def ring_path(ring, extent):
    # Integers of tenths of a pixel: relative moves add up exactly, so rings close where they began.
    pts = [(round(x * 10), round(y * 10)) for x, y in ring]
    dedup = [pts[0]] + [p for i, p in enumerate(pts[1:], 1) if p != pts[i - 1]]
    if len(dedup) > 1 and dedup[-1] == dedup[0]:
        dedup.pop()
    if len(dedup) < 3:
        return ""
    for _, y in dedup:
        extent[0], extent[1] = min(extent[0], y / 10), max(extent[1], y / 10)
    out = f"M{num(dedup[0][0] / 10)} {num(dedup[0][1] / 10)}l"
    first = True
    for (x0, y0), (x1, y1) in zip(dedup, dedup[1:]):
        for v in (num((x1 - x0) / 10), num((y1 - y0) / 10)):
            out += v if first or v.startswith("-") else " " + v
            first = False
    return out + "z"


def main():
    iso = json.load(open(ISO))["3166-1"]
    alpha2 = {c["alpha_3"]: c["alpha_2"] for c in iso}
    reader = open_shapefile(sys.argv[1] if len(sys.argv) > 1 else None)
    countries = {}
    extent = [math.inf, -math.inf]
    for shape_rec in reader.iterShapeRecords():
        rec, shape = shape_rec.record, shape_rec.shape
        a3, name = rec["iso_a3"], rec["name"]
        if a3 in DROP:
            continue
        code = BY_NAME.get(name) or alpha2.get(a3)
        if not code:
            sys.exit(f"no ISO 3166 alpha-2 code for {name} ({a3})")
        parts = list(shape.parts) + [len(shape.points)]
        paths = []
        for a, b in zip(parts, parts[1:]):
            ring = [project(lon, lat) for lon, lat in shape.points[a:b]]
            xs, ys = [p[0] for p in ring], [p[1] for p in ring]
            if max(xs) - min(xs) < 0.8 and max(ys) - min(ys) < 0.8:
                continue  # smaller than a pixel
            p = ring_path(simplify(ring, TOLERANCE), extent)
            if p:
                paths.append(p)
        entry = countries.setdefault(code, {"name": name, "paths": []})
        if a3 not in ("CYN", "SOL"):
            entry["name"] = name  # a unit merged into an ISO country keeps that country's name
        entry["paths"] += paths
    lines = [f"{code}\t{c['name']}\t{''.join(c['paths'])}" for code, c in sorted(countries.items()) if c["paths"]]
    body = "\n".join(lines)
    assert '"""#' not in body and "\\" not in body
    # The drawing's vertical extent (x spans 0...WIDTH).
    top, bottom = extent
    header = f'''// Generated by scripts/make-worldmap.py: do not edit; re-run the script (its docstring says how).
// Geometry: Natural Earth 1:110m admin-0 countries (naturalearthdata.com), public domain, as shipped in
// the geopandas < 1.0 wheel (naturalearth_lowres). Projected with Equal Earth, simplified, Antarctica
// dropped; one country per line: ISO 3166-1 alpha-2 code, Natural Earth name, SVG path data.

/// The world map's countries ({len(lines)} of them) and the extent of the projected drawing.
enum WorldMapData {{
    static let width = {WIDTH:.0f}
    static let top = {math.floor(top)}
    static let height = {math.ceil(bottom - top)}
    static let countries = #"""
{body}
"""#
}}
'''
    with open(OUT, "w") as f:
        f.write(header)
    print(f"{len(lines)} countries, {os.path.getsize(OUT)} bytes -> {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
