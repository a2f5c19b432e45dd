# hwcloud.live: `make demo` and `make test` on a fresh clone; everything they need is installed here.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BUILD := build
COLLECTIONS := $(abspath $(BUILD)/collections)
SOURCE_TREE := $(abspath $(BUILD)/src)
BIN := $(abspath $(VENV))/bin
# The ansible-core releases the collection supports and tests (README: Supported versions). .venv has the
# default one (requirements-dev.txt); each other one gets .venv-core-<version>. `make test` runs the integration
# tests on the oldest and the newest, `make test-matrix` on all four. The oldest guards the pre-2.19 unsafe marking.
CORE_OLDEST := 2.16.19
CORE_NEWEST := 2.21.5
CORE_MATRIX := 2.16.19 2.18.19 2.19.14 2.21.5
# ansible-core 2.20 and later need Python 3.12 or later; the others run on $(PYTHON) (3.11 here).
PYTHON_NEWEST ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12) $(shell command -v python3.12 python3.13))
python_for = $(if $(filter 2.16.% 2.17.% 2.18.% 2.19.%,$(1)),$(PYTHON),$(PYTHON_NEWEST))
# antsibull-changelog and antsibull-docs (tests/requirements-lint.txt), apart from the tools the tests run with.
VENV_LINT := .venv-lint
LINT_BIN := $(abspath $(VENV_LINT))/bin
# ansible-test runs in copies of the collection at .../ansible_collections/hwcloud/live (scripts/stage_collection.py).
ANSIBLE_TEST_ROOT := $(abspath $(BUILD)/ansible-test)
# ansible-test's own venvs (--venv) use the Python of .venv; extra arguments: make sanity SANITY_ARGS='--test pylint'
ANSIBLE_TEST_PYTHON = $$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
SANITY_ARGS ?=
UNITS_ARGS ?=
VERSION := $(shell sed -n 's/^version: *//p' galaxy.yml)
TARBALL := $(BUILD)/hwcloud-live-$(VERSION).tar.gz
SOURCES := $(shell find plugins meta roles playbooks LICENSES -type f 2>/dev/null) galaxy.yml README.md requirements.txt

export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH := false
export ANSIBLE_NOCOLOR := 1

.PHONY: demo test test-matrix unit integration integration-oldest integration-newest install venv clean chromium doc-fragments
.PHONY: sanity units lint changelog-lint docs-lint changelog ansible-test-bootstrap

$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

# Keep the stamps: make would delete them as intermediate files of the pattern rules.
.PRECIOUS: .venv-core-%/.installed
.venv-core-%/.installed: requirements-dev.txt
	@test -n "$(call python_for,$*)" || { echo "make: ansible-core $* needs Python 3.12 or later, and none was found:\
	 install it (apt-get install python3.12, or pyenv install 3.12) or set PYTHON_NEWEST=/path/to/python3.12" >&2; exit 1; }
	$(call python_for,$*) -m venv .venv-core-$*
	grep -v '^ansible-core==' requirements-dev.txt > .venv-core-$*/requirements.txt
	.venv-core-$*/bin/python -m pip install --quiet --disable-pip-version-check -r .venv-core-$*/requirements.txt \
		ansible-core==$*
	touch $@

$(VENV_LINT)/.installed: tests/requirements-lint.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV_LINT)
	grep '^ansible-core==' requirements-dev.txt > $(VENV_LINT)/requirements.txt
	$(LINT_BIN)/python -m pip install --quiet --disable-pip-version-check -r tests/requirements-lint.txt \
		-r $(VENV_LINT)/requirements.txt
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

integration-core-%: install chromium .venv-core-%/.installed $(SOURCE_TREE)/ansible_collections/hwcloud/live
	PYTHONPATH=$(SOURCE_TREE) $(abspath .venv-core-$*)/bin/python -m pytest -c tests/pytest.ini tests/integration

integration-oldest: integration-core-$(CORE_OLDEST)

# Template payloads (tests/integration/test_template_safety.py) also on 2.18, the newest release where only the
# collection's own marking keeps remote strings from being templated; `make test` runs it beside oldest and newest.
CORE_LAST_UNMARKED := 2.18.19
.PHONY: template-safety-2.18
template-safety-2.18: install .venv-core-$(CORE_LAST_UNMARKED)/.installed $(SOURCE_TREE)/ansible_collections/hwcloud/live
	PYTHONPATH=$(SOURCE_TREE) $(abspath .venv-core-$(CORE_LAST_UNMARKED))/bin/python -m pytest -c tests/pytest.ini \
		tests/integration/test_template_safety.py

integration-newest: integration-core-$(CORE_NEWEST)

test-matrix: $(addprefix integration-core-,$(CORE_MATRIX))

# ansible-test bootstraps pip in its venvs with a script from a host that may be unreachable: use a stand-in.
ansible-test-bootstrap: $(VENV)/.installed
	$(BIN)/python scripts/get_pip_standin.py --install

# ansible-test sanity, every test, on tracked and new (not ignored) files; no tests/sanity/ignore-*.txt entries.
sanity: ansible-test-bootstrap
	$(BIN)/python scripts/stage_collection.py $(ANSIBLE_TEST_ROOT)/sanity/ansible_collections/hwcloud/live
	cd $(ANSIBLE_TEST_ROOT)/sanity/ansible_collections/hwcloud/live && env -u ANSIBLE_COLLECTIONS_PATH \
		$(BIN)/ansible-test sanity --venv --python $(ANSIBLE_TEST_PYTHON) $(SANITY_ARGS)

# The unit tests again, through ansible-test units (its pytest setup, tests/unit/requirements.txt in its venv).
units: ansible-test-bootstrap
	$(BIN)/python scripts/stage_collection.py $(ANSIBLE_TEST_ROOT)/units/ansible_collections/hwcloud/live
	cd $(ANSIBLE_TEST_ROOT)/units/ansible_collections/hwcloud/live && env -u ANSIBLE_COLLECTIONS_PATH \
		$(BIN)/ansible-test units --venv --python $(ANSIBLE_TEST_PYTHON) $(UNITS_ARGS)

# ansible-lint, production profile, nothing skipped (.ansible-lint); it resolves hwcloud.live from the installed copy.
lint: $(VENV_LINT)/.installed install
	PATH=$(LINT_BIN):$$PATH $(LINT_BIN)/ansible-lint roles playbooks

changelog-lint: $(VENV_LINT)/.installed
	$(LINT_BIN)/antsibull-changelog lint

# The plugins' and modules' documentation as the docsite renders it, and docs/ (antsibull-docs runs ansible-doc).
docs-lint: $(VENV_LINT)/.installed
	PATH=$(LINT_BIN):$$PATH $(LINT_BIN)/antsibull-docs lint-collection-docs --plugin-docs .

# Fold changelogs/fragments/ and new plugins, modules and roles into the release of galaxy.yml's version
# (a new release once the version is raised) and regenerate CHANGELOG.rst. Not part of `make test`.
changelog: $(VENV_LINT)/.installed $(SOURCE_TREE)/ansible_collections/hwcloud/live
	ANSIBLE_COLLECTIONS_PATH=$(SOURCE_TREE) PATH=$(LINT_BIN):$$PATH \
		$(LINT_BIN)/antsibull-changelog release --update-existing --reload-plugins

test: unit sanity units lint changelog-lint docs-lint bench-smoke template-safety-2.18 integration-oldest integration-newest

# The doc fragments are literal text rendered from plugins/module_utils/options.py.
doc-fragments: $(VENV)/.installed $(SOURCE_TREE)/ansible_collections/hwcloud/live
	$(BIN)/python scripts/render_doc_fragments.py

clean:
	rm -rf $(BUILD) tests/output .pytest_cache $(VENV) .venv-core-* $(VENV_LINT)

# Whole ansible-inventory processes against Ansible's own floor, N = 100 .. 10,000 tasks; rewrites BENCHMARKS.md.
.PHONY: bench bench-smoke
bench: install
	$(BIN)/python tests/benchmarks/run_bench.py --output BENCHMARKS.md

# One small run (N = 100, one run of each row) so the benchmark keeps working; no timing is asserted.
bench-smoke: install
	$(BIN)/python tests/benchmarks/run_bench.py --sizes 100 --runs 1 --phase-runs 1 --output $(BUILD)/bench-smoke.md
