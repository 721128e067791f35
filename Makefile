# Mitsu — the two commands that matter:
#   make run    fetch what is missing, build, run every enabled honeypot on the embedded defaults
#   make test   install test dependencies, build, run the whole suite (unit, interop, fuzz smoke)

DATA ?= ./data
CONFIG ?=
PORT_OFFSET ?= 0
SWIFT ?= swift
PYTHON ?= python3
FUZZ_SECONDS ?= 10

CONFIG_ARG := $(if $(CONFIG),--config $(CONFIG),)
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
GEOIP_DB = $(abspath $(DATA))/geoip/GeoLite2-City.mmdb

.PHONY: run build release geoip test test-deps unit interop fuzz bench clean

run: release geoip
	.build/release/mitsu run --data $(DATA) --port-offset $(PORT_OFFSET) $(CONFIG_ARG)

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release --product mitsu

# The default GeoIP database (GeoLite2-City, 2018) from the maxminddb-geolite2 PyPI package.
geoip:
	$(PYTHON) scripts/fetch-geoip.py $(DATA)/geoip

# Unit tests run on a debug build; the interop tests drive a release build of the binary, as users run
# it (finite-field DH with 8192-bit groups is ~40x slower unoptimised).
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) build -c release --product mitsu
	$(PYTHON) scripts/fetch-geoip.py $(DATA)/geoip
	MITSU_TEST_GEOIP_DB=$(GEOIP_DB) $(SWIFT) test --skip-build 2>&1 | tee .build/test-unit.log
	MITSU_BIN=$(abspath .build/release/mitsu) MITSU_TEST_GEOIP_DB=$(GEOIP_DB) \
		$(PYTHON) -m pytest -q Tests/Interop 2>&1 | tee .build/test-interop.log
	FUZZ_OPT=-Onone bash Fuzz/run.sh $(FUZZ_SECONDS) 2>&1 | tee .build/test-fuzz.log
	$(PYTHON) scripts/test-summary.py .build/test-unit.log .build/test-interop.log .build/test-fuzz.log

test-deps:
	bash scripts/install-test-deps.sh

unit:
	$(SWIFT) test

interop: build
	MITSU_BIN=$(abspath .build/debug/mitsu) $(PYTHON) -m pytest -q Tests/Interop

fuzz:
	bash Fuzz/run.sh $(FUZZ_SECONDS)

bench: release geoip
	bash bench/ingest/run.sh

clean:
	rm -rf .build .fuzz
