# igny8 — two commands: `make run` and `make test`.
export GOTOOLCHAIN=go1.27.3
SHELL := /bin/bash

BIN ?= igny8
ADDR ?= 127.0.0.1:8090

.PHONY: build run test test-setup test-go bench clean plugin

build:
	go build -o $(BIN) .

# Serves on $(ADDR) with data in ./pb_data, a demo workspace and, without an
# OPENAI_API_KEY, the AI dev provider.
run: build
	IGNY8_DEMO=1 ./$(BIN) serve --http $(ADDR) --dir ./pb_data

# Installs and starts everything the tests need (idempotent), then runs every test.
test: test-setup test-go

test-setup:
	bash scripts/test-setup.sh

test-go:
	set -a; [ -f .test-env ] && source .test-env; set +a; bash scripts/go-test.sh

bench:
	bash bench/run.sh

# The igny8 Bridge WordPress plugin as an installable zip (Plugins > Add New > Upload).
plugin:
	rm -f igny8-bridge.zip
	cd wordpress/plugin && (zip -qr ../../igny8-bridge.zip igny8-bridge || python3 -m zipfile -c ../../igny8-bridge.zip igny8-bridge)

clean:
	rm -f $(BIN) igny8-bridge.zip
