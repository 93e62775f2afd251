# The README's two commands are `make run` and `make test`; each sets up what it needs.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
PORT ?= 8501
HOST ?= 127.0.0.1

.PHONY: run test setup setup-test build eval lint

$(PY):
	python3 -m venv $(VENV)

# pip runs again only when pyproject.toml changed since the last install (a warm `make run`
# skips ~7 s of pip re-checking an installed environment).
STAMP := $(VENV)/.installed-app
$(STAMP): pyproject.toml | $(PY)
	$(PIP) install -q -e '.[app,milvus]'
	@touch $@
setup: $(STAMP)

# The browser test drives Debian's Chromium; CJK fonts make its screenshots readable, and the
# ingestion tests write PDFs with the DejaVu and Droid Sans Fallback TrueType fonts.
TEST_DEBS := chromium fonts-noto-cjk fonts-dejavu-core fonts-droid-fallback
setup-test: $(PY)
	$(PIP) install -q -e '.[app,milvus,st,test]'
	@touch $(STAMP)
	@if ! dpkg -s $(TEST_DEBS) >/dev/null 2>&1; then \
		echo "installing $(TEST_DEBS) (Debian packages) for the browser and PDF tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			$(TEST_DEBS) >/dev/null; \
	fi

build: setup
	$(VENV)/bin/kb build

# Start the chat on the default embedded model; (re)build the index first when it is missing
# or no longer matches the corpus, embedder or dictionary.
run: setup
	@$(VENV)/bin/kb check >/dev/null 2>&1 || { \
		echo "building the index from corpus/ (first run, or the corpus changed): about a minute"; \
		$(VENV)/bin/kb build; }
	$(VENV)/bin/streamlit run app/chat.py --server.address $(HOST) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false \
		--client.toolbarMode viewer --client.showErrorDetails none

ARTIFACTS ?= /tmp/kb-test-artifacts
test: setup-test
	KB_ARTIFACTS=$(ARTIFACTS) $(PY) -m pytest
	@echo "test artefacts (screenshot, app timings): $(ARTIFACTS)"


eval: setup
	$(VENV)/bin/kb eval eval/dev.jsonl eval/tune.jsonl eval/fresh.jsonl eval/fresh2.jsonl eval/fresh3.jsonl eval/fresh4.jsonl eval/fresh5.jsonl eval/fresh6.jsonl eval/fresh7.jsonl eval/fresh8.jsonl eval/fresh9.jsonl eval/fresh10.jsonl eval/fresh11.jsonl eval/fresh12.jsonl eval/fresh13.jsonl eval/fresh14.jsonl eval/fresh15.jsonl eval/fresh16.jsonl eval/fresh17.jsonl eval/fresh18.jsonl eval/fresh19.jsonl eval/fresh20.jsonl eval/fresh21.jsonl eval/fresh22.jsonl eval/fresh23.jsonl eval/holdout.jsonl

lint: setup-test
	$(VENV)/bin/ruff check kb app measure eval tests
