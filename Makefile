# igny8 — two commands: `make run` and `make test`.
export GOTOOLCHAIN=go1.27.3
SHELL := /bin/bash

BIN ?= igny8
ADDR ?= 127.0.0.1:8090

.PHONY: build run test test-setup test-go test-ui ui ui-dev bench clean plugin

build:
	go build -o $(BIN) .

# The web app (ui/) is built into pb_public/dist, which is committed and embedded:
# `go build` alone gives the whole app. `make ui` rebuilds it after a change in ui/
# (Node 24 is installed into .cache/node by the script); `make ui-dev` serves the
# app with hot reload on http://127.0.0.1:5173 with the Go server behind it.
ui:
	bash scripts/ui.sh build

ui-dev:
	bash scripts/ui.sh dev

# Serves on $(ADDR) with data in ./pb_data, a demo workspace and, without an
# OPENAI_API_KEY, the AI dev provider.
run: build
	IGNY8_DEMO=1 ./$(BIN) serve --http $(ADDR) --dir ./pb_data

# Installs and starts everything the tests need (idempotent), then runs every test.
test: test-setup test-go test-ui

test-setup:
	bash scripts/test-setup.sh

test-go:
	set -a; [ -f .test-env ] && source .test-env; set +a; bash scripts/go-test.sh

# The web app's type check, unit tests (Vitest) and end-to-end tests (Playwright on
# Debian's Chromium against the built binary).
test-ui:
	bash scripts/ui.sh test

bench:
	bash bench/run.sh

# The igny8 Bridge WordPress plugin as an installable zip (Plugins > Add New > Upload).
# The version is stamped: the plugin header's plus the commit count (scripts/plugin-zip.sh).
plugin:
	bash scripts/plugin-zip.sh igny8-bridge.zip

clean:
	rm -f $(BIN) igny8-bridge.zip
