# Two commands do everything on a fresh Debian machine:
#   make demo   set up, then run dealroom on the bundled examples
#   make test   set up, then run the whole test suite
# Set-up creates .venv, installs the Python packages into it, and installs the
# Debian packages WeasyPrint and the test suite's checkers need when they are
# missing (with apt, as root), then the pinned npm checkers (tests/tools).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.dealroom-installed
OUT    ?= out
# The package's bytecode, compiled at set-up and again when a module changes:
# where PYTHONDONTWRITEBYTECODE=1 is set (CI machines set it) an editable
# install leaves none, and every command would compile the whole package
# first (`check` took 8.5x bare Python instead of 6.3x). pip has compiled the
# venv's other packages already.
BYTECODE := $(VENV)/.dealroom-compiled
SOURCES  := $(wildcard generator/*.py generator/*/*.py generator/*/*/*.py)

# Pango and HarfBuzz for WeasyPrint (libharfbuzz-subset0 halves its run time
# and silences a warning per font), a font family, venv support for python3.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
# The quality checks of the tests (tests/quality.py): Debian's Chromium and
# ChromeDriver for axe-core and screenshots, poppler-utils for PDF pages to PNG
# and pdftotext.
DEBIAN_PACKAGES += chromium chromium-driver poppler-utils
# The Word deal room: cairo draws the timeline picture (cairosvg). LibreOffice
# is the buyer's word processor in the round-trip tests, driven through UNO by
# Debian's own python3 (libreoffice-writer-nogui alone crashes on scripted edits).
DEBIAN_PACKAGES += libcairo2 libreoffice-writer python3-uno
# The team's history store in PostgreSQL: the tests start a throw-away cluster
# of Debian's server (initdb, pg_ctl) on a loopback port.
DEBIAN_PACKAGES += postgresql
# Commands any version of which will do (a JDK or a NodeSource Node.js counts):
# the Debian package in the pair is installed only when the command is missing.
# java runs the W3C Nu HTML checker; node and npm install tests/tools.
DEBIAN_COMMANDS := java:default-jre-headless node:nodejs npm:npm

# The pinned npm checkers (vnu-jar, axe-core). npm ci runs only when the lock
# file changed; --ignore-scripts because vnu-jar's postinstall would download
# a Java of its own (Debian's is used instead).
TOOLS       := tests/tools
TOOLS_STAMP := $(TOOLS)/node_modules/.dealroom-installed

.PHONY: demo test setup debian-packages quality-tools bench clean

DEMO      := examples/enterprise.yaml
DEMO_ROOM := $(OUT)/corvane-quillstone
SHOTS     := $(OUT)/screenshots

demo: $(BYTECODE) quality-tools
	$(BIN)/dealroom check examples/*.yaml
	$(BIN)/dealroom render $(DEMO) --to html,pdf,brief,docx,review -o $(OUT)
	$(BIN)/python tests/quality.py screenshot $(DEMO_ROOM)/index.html $(SHOTS)/deal-room.png
	$(BIN)/python tests/quality.py screenshot $(DEMO_ROOM)/index.html $(SHOTS)/deal-room-phone.png --width 390
	$(BIN)/python tests/quality.py screenshot $(DEMO_ROOM)/brief.html $(SHOTS)/brief-phone.png --width 390
	$(BIN)/python tests/quality.py pdf $(DEMO_ROOM)/corvane-quillstone.pdf $(SHOTS)/pdf-page
	$(BIN)/python tests/quality.py pdf $(DEMO_ROOM)/brief.pdf $(SHOTS)/brief
	@echo "deal room, PDF, brief and Word document in $(DEMO_ROOM)/; the seller's review in $(DEMO_ROOM).seller/; screenshots in $(SHOTS)/"

test: $(BYTECODE) quality-tools
	$(BIN)/python -m pytest

# No compiling of its own: the start-up bench measures what the set-up gives a user.
# Every benchmark, in one run, written into bench/README.md (bench/all.py).
bench: $(BYTECODE)
	$(BIN)/python bench/all.py

setup: $(BYTECODE) quality-tools

$(BYTECODE): $(STAMP) $(SOURCES)
	$(BIN)/python -m compileall -q generator
	@touch $@

$(STAMP): pyproject.toml | debian-packages
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "dealroom needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) --version)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

debian-packages:
	@missing=""; \
	for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	for c in $(DEBIAN_COMMANDS); do \
	  command -v $${c%%:*} >/dev/null || missing="$$missing $${c#*:}"; \
	done; \
	$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v dpkg-query >/dev/null; then echo "not Debian: install the equivalent of$$missing yourself"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "missing Debian packages:$$missing"; \
	  echo "install them with: sudo apt-get install$$missing"; exit 1; \
	fi

quality-tools: $(TOOLS_STAMP)

$(TOOLS_STAMP): $(TOOLS)/package.json $(TOOLS)/package-lock.json | debian-packages
	npm ci --prefix $(TOOLS) --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

clean:
	rm -rf $(VENV) $(OUT) build dist .pytest_cache .hypothesis $(TOOLS)/node_modules
