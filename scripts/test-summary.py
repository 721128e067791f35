#!/usr/bin/env python3
"""Prints one closing line for `make test` from the logs of its three parts: XCTest's
"Executed N tests, with M failures", pytest's "N passed, M failed", and the fuzz runs."""
import re
import sys

passed = failed = skipped = 0
unit, interop, fuzz = (open(p, errors="replace").read() for p in sys.argv[1:4])

totals = re.findall(r"Executed (\d+) tests?, with (?:(\d+) tests? skipped and )?(\d+) failures?", unit)
if totals:
    n, s, f = totals[-1]
    passed += int(n) - int(f) - int(s or 0)
    failed += int(f)
    skipped += int(s or 0)

m = re.findall(r"^=*\s*(.*) in [0-9.]+s", interop, re.M)
if m:
    for count, word in re.findall(r"(\d+) (passed|failed|error|errors|skipped)", m[-1]):
        if word == "passed":
            passed += int(count)
        elif word == "skipped":
            skipped += int(count)
        else:
            failed += int(count)

fuzz_ok = len(re.findall(r"fuzz: \S+ ran ", fuzz))
fuzz_bad = len(re.findall(r"fuzz: .* FAILED", fuzz))
passed += max(0, fuzz_ok)
failed += fuzz_bad

print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
