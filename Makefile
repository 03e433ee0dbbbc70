# sysv.services: one entry point for developers and CI.
#
#   make demo    a container fleet, telnet_hardening applied, who reaches telnet
#   make test    lint, sanity (both ansible-core releases), units (all
#                interpreters), collection build/install check, molecule
#
# Prerequisites (virtualenvs, the podman image) are built on demand; `make
# deps` apt-installs the system packages (needs root). `make help` lists
# every target.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

# Interpreters (pyenv). Override on the command line, e.g. make PY312=/usr/bin/python3.12
PYENV_ROOT ?= $(HOME)/.pyenv
pyenv_python = $(firstword $(wildcard $(shell pyenv prefix $(1) 2>/dev/null)/bin/python$(2)) $(PYENV_ROOT)/versions/$(1)/bin/python$(2))
PY312 ?= $(call pyenv_python,3.12.1,3.12)
PY313 ?= $(call pyenv_python,3.13.0,3.13)
PY27 ?= $(call pyenv_python,2.7.18,2.7)
PY36 ?= $(call pyenv_python,3.6.15,3.6)
# old target interpreters for the tests (tools/module_runner.py reads these)
export SYSV_PY27 = $(PY27)
export SYSV_PY36 = $(PY36)

VENV := $(ROOT)/.venv
VENV_NEWEST := $(ROOT)/.venv-newest
VENV_PY27 := $(ROOT)/.venv-py27
VENV_PY36 := $(ROOT)/.venv-py36
VENV_DOCS := $(ROOT)/.venv-docs
BUILD := $(ROOT)/build
COLLECTIONS := $(BUILD)/collections

IMAGE := localhost/sysv-services-debian:bookworm
IMAGE_RECIPE := $(ROOT)/images/debian-xinetd
# Debian bookworm with systemd as PID 1 (run with podman --systemd=always)
IMAGE_SYSTEMD := localhost/sysv-services-systemd:bookworm
IMAGE_SYSTEMD_RECIPE := $(ROOT)/images/debian-systemd
# Debian userland with CentOS 6.10's chkconfig, service and xinetd 2.3.14,
# compiled from the tarballs in ../shared/vendor (or their upstream tags).
IMAGE_EL6 := localhost/sysv-services-el6tools:bookworm
# (a git worktree two levels down finds it too)
EL6_VENDOR ?= $(firstword $(wildcard $(ROOT)/../shared/vendor $(ROOT)/../../shared/vendor) $(ROOT)/../shared/vendor)

# Every tool sees the same podman settings and collection path: this
# checkout first (as sysv.services), then containers.podman from .venv.
export CONTAINERS_CONF := $(shell $(ROOT)/tools/podman/containers-conf)
ifeq ($(CONTAINERS_CONF),)
$(error tools/podman/containers-conf could not write build/podman/containers.conf)
endif
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS):$(VENV)/collections
export PATH := $(VENV)/bin:$(PATH)
export ANSIBLE_NOCOLOR := 1
export PY_COLORS := 0
export NO_COLOR := 1
export ANSIBLE_FORCE_COLOR := 0

APT_PACKAGES := podman runc conmon catatonit debootstrap uidmap slirp4netns netavark aardvark-dns \
	containernetworking-plugins iptables fuse-overlayfs debian-archive-keyring git ca-certificates make \
	chromium openssh-client curl

# Pure module_utils tests (no `import ansible`), run on Python 2.7 and 3.6.
PURE_TESTS = $(shell grep -L -E '^[[:space:]]*(import|from)[[:space:]]+ansible([.[:space:]]|$$)' \
	$(wildcard $(ROOT)/tests/unit/plugins/module_utils/test_*.py) 2>/dev/null)

# Scenarios under molecule/: a scenario holding a `.registry-only` file needs
# a registry image and is only syntax-checked here.
SCENARIOS = $(patsubst $(ROOT)/molecule/%/molecule.yml,%,$(wildcard $(ROOT)/molecule/*/molecule.yml))

.PHONY: xinetd-root help deps setup image image-systemd image-el6 collections lint yamllint ansible-lint changelog-lint changelog \
	sanity sanity-2.16 sanity-newest units units-2.16 units-newest units-py27 units-py36 \
	build build-check molecule demo demo-clean test clean distclean docs docs-test ee-check release-check

help: ## list the targets
	@grep -E '^[a-zA-Z0-9_.-]+:.*## ' $(MAKEFILE_LIST) | sed -e 's/:.*## /\t/' | expand -t 18

deps: ## apt-install podman, runc, debootstrap and friends (root)
	@if [ "$$(id -u)" != 0 ]; then echo "make deps: run as root (apt-get)"; exit 1; fi
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(APT_PACKAGES)

# --- virtualenvs ------------------------------------------------------------

setup: $(VENV)/.stamp $(VENV_NEWEST)/.stamp $(VENV_PY27)/.stamp $(VENV_PY36)/.stamp collections ## build the pinned virtualenvs

define need_python
	@if [ ! -x "$(1)" ]; then \
		echo "ERROR: Python $(2) not found (looked for '$(1)')."; \
		echo "       Install it with 'pyenv install $(2)' or pass $(3)=/path/to/python."; \
		exit 1; fi
endef

$(VENV)/.stamp: tests/requirements.txt tests/constraints-2.16.txt tests/requirements-collections.txt
	$(call need_python,$(PY312),3.12.1,PY312)
	rm -rf $(VENV)
	$(PY312) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q -r tests/requirements.txt
	mkdir -p $(BUILD)/wheels
	$(VENV)/bin/python -m pip download -q --no-deps -d $(BUILD)/wheels -r tests/requirements-collections.txt
	$(VENV)/bin/python tools/extract_collection.py \
		$$(ls $(BUILD)/wheels/ansible-$$(sed -n 's/^ansible==//p' tests/requirements-collections.txt)-*.whl) \
		containers.podman $(VENV)/collections
	touch $@

$(VENV_NEWEST)/.stamp: tests/requirements-newest.txt
	$(call need_python,$(PY313),3.13.0,PY313)
	rm -rf $(VENV_NEWEST)
	$(PY313) -m venv $(VENV_NEWEST)
	$(VENV_NEWEST)/bin/python -m pip install -q --upgrade pip
	$(VENV_NEWEST)/bin/python -m pip install -q -r tests/requirements-newest.txt
	touch $@

# Python 2.7 has no venv module: install into a --target directory.
$(VENV_PY27)/.stamp: tests/requirements-py27.txt
	@rm -rf $(VENV_PY27)
	@if [ -x "$(PY27)" ]; then \
		$(PY27) -m pip install -q --disable-pip-version-check --no-warn-script-location \
			--target $(VENV_PY27) -r tests/requirements-py27.txt 2>&1 | grep -v -i -E 'deprecat|ignored:' || true; \
		$(PY27) -c 'import sys; sys.path.insert(0, "$(VENV_PY27)"); import pytest' ; \
		touch $@; \
	else echo "SKIP: Python 2.7 not found ('$(PY27)'): no 2.7 unit test environment"; fi

$(VENV_PY36)/.stamp: tests/requirements-py36.txt
	@rm -rf $(VENV_PY36)
	@if [ -x "$(PY36)" ]; then \
		$(PY36) -m venv $(VENV_PY36) && \
		$(VENV_PY36)/bin/python -m pip install -q --disable-pip-version-check 'pip==21.3.1' 2>&1 | grep -v -i 'ignored:' || true; \
		$(VENV_PY36)/bin/python -m pip install -q --disable-pip-version-check -r tests/requirements-py36.txt 2>&1 | grep -v -i 'ignored:' || true; \
		$(VENV_PY36)/bin/python -c 'import pytest'; \
		touch $@; \
	else echo "SKIP: Python 3.6 not found ('$(PY36)'): no 3.6 unit test environment"; fi

# antsibull-docs, Sphinx and ansible-builder (make docs, make ee-check).
$(VENV_DOCS)/.stamp: tests/requirements-docs.txt
	$(call need_python,$(PY312),3.12.1,PY312)
	rm -rf $(VENV_DOCS)
	$(PY312) -m venv $(VENV_DOCS)
	$(VENV_DOCS)/bin/python -m pip install -q --upgrade pip
	$(VENV_DOCS)/bin/python -m pip install -q -r tests/requirements-docs.txt
	touch $@

# This checkout as build/collections/ansible_collections/sysv/services, so
# playbooks and Molecule resolve sysv.services.* from the working tree.
collections:
	@mkdir -p $(COLLECTIONS)/ansible_collections/sysv
	@ln -sfn $(ROOT) $(COLLECTIONS)/ansible_collections/sysv/services

# --- image ------------------------------------------------------------------

image: ## build the local Debian test image (only when its recipe changed)
	@if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null || ! command -v runc >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then echo "== podman, runc or debootstrap missing: make deps"; $(MAKE) deps; \
		else echo "ERROR: podman, runc or debootstrap missing: run 'make deps' as root"; exit 1; fi; fi
	images/build.sh $(IMAGE_RECIPE) $(IMAGE)

image-systemd: ## build the local systemd test image (systemd as PID 1; only when its recipe changed)
	@if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null || ! command -v runc >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then echo "== podman, runc or debootstrap missing: make deps"; $(MAKE) deps; \
		else echo "ERROR: podman, runc or debootstrap missing: run 'make deps' as root"; exit 1; fi; fi
	images/build.sh $(IMAGE_SYSTEMD_RECIPE) $(IMAGE_SYSTEMD)

image-el6: ## build the EL6 tools image (Debian + CentOS 6 chkconfig/service/xinetd 2.3.14; only when its recipe changed)
	@if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null || ! command -v runc >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then echo "== podman, runc or debootstrap missing: make deps"; $(MAKE) deps; \
		else echo "ERROR: podman, runc or debootstrap missing: run 'make deps' as root"; exit 1; fi; fi
	images/el6-tools/build.sh $(EL6_VENDOR) $(IMAGE_EL6)

# --- lint -------------------------------------------------------------------

lint: yamllint ansible-lint changelog-lint ## yamllint, ansible-lint (production profile), changelog lint

yamllint: $(VENV)/.stamp
	yamllint --strict .

ansible-lint: $(VENV)/.stamp collections
	ansible-lint --offline --profile production

changelog-lint: $(VENV)/.stamp
	antsibull-changelog lint

# CHANGELOG.rst and changelogs/changelog.yaml for the version in galaxy.yml.
# Fragments are kept (keep_fragments) and each release lists its own, so a
# fragment added later goes to the next release; rerunning for the same
# version (--update-existing) takes in fragments added since.
changelog: $(VENV)/.stamp collections ## (re)generate CHANGELOG.rst for the galaxy.yml version (antsibull-changelog release)
	antsibull-changelog release --version $$(sed -n 's/^version: *//p' galaxy.yml) --update-existing

# --- sanity -----------------------------------------------------------------

sanity: sanity-2.16 sanity-newest build-check ## ansible-test sanity on ansible-core 2.16 and the newest core

sanity-2.16: $(VENV)/.stamp
	tools/sanity.sh $(VENV)

sanity-newest: $(VENV_NEWEST)/.stamp
	tools/sanity.sh $(VENV_NEWEST)

# --- units ------------------------------------------------------------------

units: units-2.16 units-newest units-py27 units-py36 ## pytest on both cores and on Python 2.7 / 3.6

# Debian's real xinetd (and libwrap0) unpacked, never installed, for the unit
# tests that check the engine against the daemon on loopback. Without apt the
# tests skip and say why.
XINETD_ROOT := $(BUILD)/xinetd-root

xinetd-root: $(XINETD_ROOT)/usr/sbin/xinetd $(XINETD_ROOT)/usr/sbin/tcpdmatch ## unpack Debian's xinetd (and tcpd's tcpdmatch) for the real-daemon unit tests

$(XINETD_ROOT)/usr/sbin/xinetd:
	@if command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null; then \
		mkdir -p $(BUILD)/debs && cd $(BUILD)/debs && rm -f ./*.deb && \
		{ apt-get download xinetd libwrap0 || { [ "$$(id -u)" = 0 ] && apt-get update -q && apt-get download xinetd libwrap0; }; } && \
		for p in ./*.deb; do dpkg-deb -x "$$p" $(XINETD_ROOT); done || \
		echo "WARNING: could not download xinetd: the real-daemon unit tests will skip"; \
	else echo "SKIP: no apt-get/dpkg-deb: the real-daemon unit tests will skip"; fi

# tcpd's tcpdmatch: the TCP wrappers verdict on the hosts.allow lines the
# telnet_hardening role writes (tests/unit/plugins/action/test_wrappers_tcpd.py)
$(XINETD_ROOT)/usr/sbin/tcpdmatch:
	@if command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null; then \
		mkdir -p $(BUILD)/debs-tcpd && cd $(BUILD)/debs-tcpd && rm -f ./*.deb && \
		{ apt-get download tcpd libwrap0 || { [ "$$(id -u)" = 0 ] && apt-get update -q && apt-get download tcpd libwrap0; }; } && \
		for p in ./*.deb; do dpkg-deb -x "$$p" $(XINETD_ROOT); done || \
		echo "WARNING: could not download tcpd: the tcpdmatch unit tests will skip"; \
	else echo "SKIP: no apt-get/dpkg-deb: the tcpdmatch unit tests will skip"; fi

units-2.16: $(VENV)/.stamp xinetd-root
	@echo "== units: ansible-core 2.16, $$($(VENV)/bin/python -V)"
	$(VENV)/bin/python -m pytest tests/unit -p no:cacheprovider

units-newest: $(VENV_NEWEST)/.stamp xinetd-root
	@echo "== units: newest ansible-core, $$($(VENV_NEWEST)/bin/python -V)"
	$(VENV_NEWEST)/bin/python -m pytest tests/unit -p no:cacheprovider

units-py27: $(VENV_PY27)/.stamp xinetd-root
	@if [ ! -d "$(VENV_PY27)" ]; then echo "SKIP: units on Python 2.7: interpreter missing"; \
	elif [ -z "$(strip $(PURE_TESTS))" ]; then echo "SKIP: units on Python 2.7: no pure module_utils tests yet"; \
	else echo "== units: Python 2.7 (module_utils without Ansible)"; \
		PYTHONPATH=$(VENV_PY27) $(PY27) -m pytest -p no:cacheprovider $(PURE_TESTS); fi

units-py36: $(VENV_PY36)/.stamp xinetd-root
	@if [ ! -d "$(VENV_PY36)" ]; then echo "SKIP: units on Python 3.6: interpreter missing"; \
	elif [ -z "$(strip $(PURE_TESTS))" ]; then echo "SKIP: units on Python 3.6: no pure module_utils tests yet"; \
	else echo "== units: Python 3.6 (module_utils without Ansible)"; \
		$(VENV_PY36)/bin/python -m pytest -p no:cacheprovider $(PURE_TESTS); fi

# --- build ------------------------------------------------------------------

build: $(VENV)/.stamp ## ansible-galaxy collection build into build/dist
	mkdir -p $(BUILD)/dist
	ansible-galaxy collection build --force --output-path $(BUILD)/dist .

build-check: build ## install the built tarball offline into a temporary path
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	tarball=$$(ls -t $(BUILD)/dist/sysv-services-*.tar.gz | head -n1); \
	echo "== installing $$tarball"; \
	export ANSIBLE_COLLECTIONS_PATH="$$tmp"; \
	ansible-galaxy collection install --offline -p "$$tmp" "$$tarball"; \
	test -f "$$tmp/ansible_collections/sysv/services/MANIFEST.json"; \
	ansible-galaxy collection list sysv.services; \
	ansible-doc -l sysv.services | grep '^sysv\.services\.'; \
	if tar -tzf "$$tarball" | grep -E '^(tests|molecule|bench|images|demo|\.ci|tools|build|docs/dev|docs/site)/|^docs/.*\.png$$|^ee/|^(Makefile|\.[a-z].*)$$'; then \
		echo "ERROR: the tarball contains development files (galaxy.yml build_ignore)"; exit 1; fi; \
	for need in README.md CHANGELOG.rst LICENSE meta/runtime.yml meta/execution-environment.yml bindep.txt \
		changelogs/changelog.yaml docs/docsite/extra-docs.yml plugins/modules/xinetd_service.py \
		roles/telnet_hardening/tasks/main.yml templates/xinetd_service.j2; do \
		grep -qx "$$need" <<< "$$(tar -tzf "$$tarball")" || { echo "ERROR: the tarball lacks $$need"; exit 1; }; done; \
	python3 tools/check_links.py "$$tarball"; \
	echo "build-check: $$(tar -tzf "$$tarball" | grep -vc '/$$') files, only what users need"

# --- docs site and release files ----------------------------------------------

docs: $(VENV_DOCS)/.stamp collections ## HTML docs site (antsibull-docs + Sphinx) into build/docs/html
	tools/build-docs.sh $(VENV_DOCS)

docs-test: docs ## open the docs pages in headless Chromium: options tables, index, a screenshot
	@if ! command -v chromium >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium || { apt-get update -q && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }; \
		else echo "ERROR: chromium missing: run 'make deps' as root"; exit 1; fi; fi
	$(VENV)/bin/python -m pytest -p no:cacheprovider -v tests/docs

# ee/execution-environment.yml, bindep.txt and ee/requirements.yml through
# ansible-builder (create only: no image is built, no registry needed).
ee-check: $(VENV_DOCS)/.stamp build ## ansible-builder create and introspect on the release files
	tools/ee-check.sh $(VENV_DOCS)

release-check: build-check docs-test ee-check ## the tarball, the docs site, the execution environment

# --- molecule ---------------------------------------------------------------

molecule: $(VENV)/.stamp collections image image-systemd image-el6 ## every scenario under molecule/, MOLECULE_JOBS side by side (registry-only ones: syntax only)
	tools/molecule-all.sh $(SCENARIOS)

.PHONY: molecule-service
molecule-service: $(VENV)/.stamp collections image image-el6 ## the service module's scenarios (service, service_el6 when its image exists)
	molecule test -s service
	@if podman image exists "$$(cat molecule/service_el6/.requires-image)"; then molecule test -s service_el6; \
	else echo "SKIP: molecule service_el6: image $$(cat molecule/service_el6/.requires-image) is missing"; fi

# --- demo and everything ----------------------------------------------------

demo: $(VENV)/.stamp collections image ## a 3-host container fleet, telnet_hardening applied, who can reach telnet before/after
	demo/run.sh

demo-clean: ## remove the demo fleet (after DEMO_KEEP=1 make demo)
	demo/run.sh clean

# Every step runs even when an earlier one failed, so one run reports all
# problems; the target fails if any step failed.
test: ## everything CI runs: lint, sanity, units, release files and docs, molecule, reliability, report-test
	@total=$$(date +%s); failed=""; \
	for step in lint sanity units release-check molecule reliability report-test; do \
		start=$$(date +%s); \
		if $(MAKE) -k $$step; then result=ok; else result=FAILED; failed="$$failed $$step"; fi; \
		echo "== make $$step: $$result in $$(( $$(date +%s) - start )) s"; \
	done; \
	if [ -n "$$failed" ]; then \
		echo "== make test: FAILED:$$failed ($$(( $$(date +%s) - total )) s)"; exit 1; fi; \
	echo "== make test: all steps passed in $$(( $$(date +%s) - total )) s"

clean: ## remove build output (keeps the virtualenvs and the image)
	rm -rf $(BUILD) tests/output .pytest_cache

distclean: clean ## also remove the virtualenvs
	rm -rf $(VENV) $(VENV_NEWEST) $(VENV_PY27) $(VENV_PY36) $(VENV_DOCS)

# --- bench ------------------------------------------------------------------
# Fleet benchmark (not part of `make test`): see bench/bench.py and
# docs/benchmarks.md. BENCH_ARGS passes extra options, e.g.
# make bench BENCH_ARGS="--hosts 10 --rounds 1".

.PHONY: bench bench-scaling bench-smoke

# matplotlib goes into its own --target directory, not into .venv.
BENCH_LIB := $(BUILD)/bench-lib

$(BENCH_LIB)/.stamp: $(VENV)/.stamp bench/requirements.txt
	rm -rf $(BENCH_LIB)
	$(VENV)/bin/python -m pip install -q --target $(BENCH_LIB) -r bench/requirements.txt
	touch $@

bench: $(BENCH_LIB)/.stamp collections image ## fleet benchmark: builtin playbook vs sysv.services, N=20, 3 rounds
	PYTHONPATH=$(BENCH_LIB) $(VENV)/bin/python bench/bench.py --image $(IMAGE) \
		--hosts 20 --rounds 3 --strategy-hosts 20 --strategy-rounds 1 $(BENCH_ARGS)

bench-scaling: $(BENCH_LIB)/.stamp collections image ## fleet benchmark at N = 5, 10, 20, 40 (1 round each)
	PYTHONPATH=$(BENCH_LIB) $(VENV)/bin/python bench/bench.py --image $(IMAGE) \
		--hosts 5,10,20,40 --rounds 1 $(BENCH_ARGS)

# The whole bench end to end at N=3, one round, both transports, output in
# build/bench-smoke: checks the bench works, its figures mean little.
bench-smoke: $(BENCH_LIB)/.stamp collections image ## the fleet benchmark end to end at N=3, 1 round (a check, not a measurement)
	PYTHONPATH=$(BENCH_LIB) $(VENV)/bin/python bench/bench.py --image $(IMAGE) \
		--hosts 3 --rounds 1 --cost-repeat 5 --output $(BUILD)/bench-smoke $(BENCH_ARGS)

# --- reliability --------------------------------------------------------------
# The reliability proof (part of `make test`): the engine against the real
# xinetd in a container, faults on the write/reload path, the modules on
# Python 2.7 / 3.6 targets and the newest core, hostile input, property-based
# tests. The run writes its page to build/reliability/reliability.md;
# `make reliability-doc` copies it to docs/reliability.md.
# `make bench-scale` (not part of `make test`) measures 10 to 10,000 services;
# `make bench-scale-doc` also rewrites docs/benchmarks-scale.md.

.PHONY: reliability reliability-doc reliability-el6 bench-scale bench-scale-doc

RELIABILITY_UNITS = tests/unit/plugins/module_utils/test_properties_conf.py \
	tests/unit/plugins/modules/test_hostile_xinetd.py \
	tests/unit/plugins/modules/test_faults_modules.py

reliability: $(VENV)/.stamp $(VENV_NEWEST)/.stamp collections image image-el6 ## reliability proof; its page goes to build/reliability/reliability.md
	$(VENV)/bin/python -m pytest -p no:cacheprovider -v tests/reliability $(RELIABILITY_UNITS)
	@if [ -f $(BUILD)/reliability/reliability.md ]; then echo "== reliability page: $(BUILD)/reliability/reliability.md"; fi

reliability-doc: reliability ## make reliability, then copy its page to docs/reliability.md
	cp $(BUILD)/reliability/reliability.md docs/reliability.md

# The EL6 tools tests alone (they also run in `make reliability`): rewrite
# only their section of docs/reliability.md.
reliability-el6: $(VENV)/.stamp collections image-el6 ## chkconfig 1.3.49.5 / xinetd 2.3.14 comparisons; rewrites their section of docs/reliability.md
	SYSV_RELIABILITY_REPORT=0 SYSV_EL6_SECTION=1 $(VENV)/bin/python -m pytest -p no:cacheprovider -v \
		tests/reliability/test_el6_chkconfig.py tests/reliability/test_el6_chkconfig_info.py \
		tests/reliability/test_el6_xinetd.py

SCALE_ARGS ?= --sizes 10,100,1000,10000 --repeat 3

bench-scale: $(VENV)/.stamp ## xinetd_info / xinetd_config on 10 to 10,000 services; results in build/bench-scale/
	$(VENV)/bin/python bench/scale/scale.py $(SCALE_ARGS)

bench-scale-doc: $(VENV)/.stamp ## bench-scale, then copy its page to docs/benchmarks-scale.md
	$(VENV)/bin/python bench/scale/scale.py $(SCALE_ARGS) --doc

# --- exposure report ------------------------------------------------------------
# The exposure_report role on a 3-container fleet (sysv-report-*): its
# "reachable from" claims checked against real telnet connections, drift,
# idempotence, and report.html rendered in headless Chromium (screenshot in
# build/exposure-report/report.png). Part of `make test`.

.PHONY: report-test

report-test: $(VENV)/.stamp collections image ## exposure report on a 3-container fleet, checked with real telnet; HTML in Chromium
	@if ! command -v chromium >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "== chromium missing: apt-get install chromium"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null || true; fi
	$(VENV)/bin/python -m pytest -p no:cacheprovider -v tests/integration/test_exposure_report.py
