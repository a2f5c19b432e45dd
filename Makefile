# hwcloud.live: `make demo` and `make test` on a fresh clone; everything they need is installed here.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BUILD := build
COLLECTIONS := $(abspath $(BUILD)/collections)
SOURCE_TREE := $(abspath $(BUILD)/src)
BIN := $(abspath $(VENV))/bin
# The oldest ansible-core the collection supports; its integration run guards the pre-2.19 unsafe marking.
OLDEST_CORE := 2.16.19
VENV_OLDEST := .venv-core-$(OLDEST_CORE)
VERSION := $(shell sed -n 's/^version: *//p' galaxy.yml)
TARBALL := $(BUILD)/hwcloud-live-$(VERSION).tar.gz
SOURCES := $(shell find plugins meta roles playbooks -type f 2>/dev/null) galaxy.yml README.md requirements.txt

export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH := false
export ANSIBLE_NOCOLOR := 1

.PHONY: demo test unit integration integration-oldest install venv clean chromium

$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

$(VENV_OLDEST)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV_OLDEST)
	grep -v '^ansible-core==' requirements-dev.txt > $(VENV_OLDEST)/requirements.txt
	$(VENV_OLDEST)/bin/python -m pip install --quiet --disable-pip-version-check -r $(VENV_OLDEST)/requirements.txt \
		ansible-core==$(OLDEST_CORE)
	touch $@

# Build the collection tarball and install it; integration tests and the demo run the installed copy.
$(TARBALL): $(VENV)/.installed $(SOURCES)
	mkdir -p $(BUILD)
	rm -f $(BUILD)/hwcloud-live-*.tar.gz
	$(BIN)/ansible-galaxy collection build --force --output-path $(BUILD) .
	rm -rf $(COLLECTIONS)/ansible_collections/hwcloud/live
	$(BIN)/ansible-galaxy collection install --force -p $(COLLECTIONS) $(TARBALL)

install: $(TARBALL)

# The unit tests import the source tree as ansible_collections.hwcloud.live.
$(SOURCE_TREE)/ansible_collections/hwcloud/live:
	mkdir -p $(SOURCE_TREE)/ansible_collections/hwcloud
	ln -sfn $(CURDIR) $@

demo: install
	$(BIN)/python scripts/demo.py

unit: $(VENV)/.installed $(SOURCE_TREE)/ansible_collections/hwcloud/live
	PYTHONPATH=$(SOURCE_TREE) $(BIN)/python -m pytest -c tests/pytest.ini tests/unit

# Headless Chromium renders the audit role's HTML report in the integration tests (Debian's packages).
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

integration: install chromium $(SOURCE_TREE)/ansible_collections/hwcloud/live
	PYTHONPATH=$(SOURCE_TREE) $(BIN)/python -m pytest -c tests/pytest.ini tests/integration

integration-oldest: install chromium $(VENV_OLDEST)/.installed $(SOURCE_TREE)/ansible_collections/hwcloud/live
	PYTHONPATH=$(SOURCE_TREE) $(abspath $(VENV_OLDEST))/bin/python -m pytest -c tests/pytest.ini tests/integration

test: unit integration integration-oldest

clean:
	rm -rf $(BUILD) tests/output .pytest_cache $(VENV) $(VENV_OLDEST)
