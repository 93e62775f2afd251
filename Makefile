# The README's two commands are `make run` and `make test`; each sets up what it needs.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
PORT ?= 8501
HOST ?= 127.0.0.1

.PHONY: run test setup setup-test build eval asked fit lint

$(PY):
	python3 -m venv $(VENV)

# pip runs again only when pyproject.toml or the embedding engine (setup.py compiles
# kb/native/e5.c) changed since the last install (a warm `make run` skips ~7 s of pip
# re-checking an installed environment).
STAMP := $(VENV)/.installed-app
$(STAMP): pyproject.toml setup.py kb/native/e5.c kb/native/e5.h | $(PY)
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


# the design sets: everything the rules and the fitted weights may be tuned on (not holdout, nor a
# session's sealed set until a later session designs on it: fresh24 joined in the session of
# fresh28-fresh30, fresh28 in that of fresh31-fresh33, fresh34 in that of fresh37-fresh40,
# fresh37 in that of fresh41-fresh43, fresh41 in that of fresh46-fresh51, fresh46 in that of
# fresh52-fresh58, fresh52 in that of fresh59-fresh60, fresh59 in that of fresh61-fresh62,
# fresh61 in that of fresh63-fresh64, fresh63 in that of fresh65-fresh66, fresh65 in that of
# fresh67-fresh69, fresh67 in that of fresh70-fresh71, fresh70 in that of fresh72-fresh73, fresh72
# in that of fresh74-fresh75, fresh74 in that of fresh76-fresh77, fresh76 in that of fresh79-fresh81,
# fresh79 in that of fresh84-fresh92, fresh84 in that of fresh93-fresh96, fresh93 in that of fresh97-fresh99,
# fresh97 in that of fresh100-fresh101 (fresh101 a probe, joined at the end), fresh100 in that of
# fresh102-fresh106 (fresh103-fresh106 probes, joined at the end), fresh102 in that of
# fresh107-fresh116 (fresh108-fresh111 and fresh113-fresh116 probes, joined at the end), fresh107
# and fresh112 in that of fresh117-fresh124 (fresh119-fresh124 probes, joined at the end), fresh117
# and fresh118 in that of fresh125-fresh132 (fresh127-fresh132 probes, joined at the end), fresh125
# and fresh126 in that of fresh133-fresh138 (fresh135-fresh138 probes, joined at the end), fresh133
# and fresh134 in that of fresh139-fresh146 (fresh141-fresh146 probes, joined at the end), fresh139
# and fresh140 in that of fresh147-fresh154 (fresh149-fresh154 probes, joined at the end), fresh147
# and fresh148 in that of fresh155-fresh162 (fresh157-fresh162 probes, joined at the end), fresh155
# and fresh156 in that of fresh163-fresh170 (fresh165-fresh170 probes, joined at the end), fresh163
# and fresh164 in that of fresh171-fresh173 (fresh173 a probe, joined at the end); fresh171 and
# fresh172 are the latest sealed sets)
DESIGN := eval/tune.jsonl eval/fresh.jsonl $(foreach i,2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 96 97 98 99 100 101 102 103 104 105 106 107 108 109 110 111 112 113 114 115 116 117 118 119 120 121 122 123 124 125 126 127 128 129 130 131 132 133 134 135 136 137 138 139 140 141 142 143 144 145 146 147 148 149 150 151 152 153 154 155 156 157 158 159 160 161 162 163 164 165 166 167 168 169 170 173,eval/fresh$(i).jsonl)

eval: setup
	$(VENV)/bin/kb eval eval/dev.jsonl $(DESIGN) eval/fresh171.jsonl eval/fresh172.jsonl eval/holdout.jsonl

# the question bank (kb/data/asked.jsonl, see kb/asked.py) from the design sets
asked: setup
	$(VENV)/bin/python -m measure.make_asked $(DESIGN)

# refit the second ranking stage on tune and its refusal threshold on the design sets
# (kb/data/rerank.json)
fit: setup
	OMP_NUM_THREADS=1 $(VENV)/bin/python -m measure.fit_rerank eval/tune.jsonl --calibrate $(DESIGN)

lint: setup-test
	$(VENV)/bin/ruff check kb app measure eval tests
