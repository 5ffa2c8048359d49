# Mitwirken — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PICCOLO_CONF := backend.piccolo_conf
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run install migrate seed serve test test-fast test-browser lint bench chromium admin screenshots

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the app and test tools

migrate: $(STAMP) ## Apply database migrations
	$(BIN)/piccolo migrations forwards all

seed: migrate ## Add the German demo data (idempotent)
	$(BIN)/python -m backend.cli seed

run: seed ## Install, migrate, seed and serve on http://$(HOST):$(PORT)
	@$(BIN)/python -m backend.cli demo-logins
	$(BIN)/uvicorn --factory backend.app:create_app --host $(HOST) --port $(PORT) \
		--loop uvloop --http httptools --ws websockets-sansio --ws-max-size 65536 \
		--ws-per-message-deflate false --ws-ping-interval 20 --ws-ping-timeout 20 --proxy-headers

admin: $(STAMP) ## Create an admin account: make admin EMAIL=you@example.org
	$(BIN)/python -m backend.cli create-admin --email "$(EMAIL)"

chromium: ## Install Debian's Chromium for the browser tests (needs root)
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

test: $(STAMP) chromium ## Install what tests need and run the whole suite
	$(BIN)/pytest -q

test-fast: $(STAMP) ## Run the suite without browser tests
	$(BIN)/pytest -q -m "not browser"

screenshots: $(STAMP) chromium ## Regenerate docs/screenshots/ from the browser tests (demo data)
	SCREENSHOTS=1 $(BIN)/pytest -q -m browser -k screenshots

lint: $(STAMP) ## ruff
	$(BIN)/ruff check backend tests bench

bench: $(STAMP) ## Run the benchmarks (see bench/README.md)
	$(BIN)/python -m bench.votes
