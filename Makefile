# grantdoc: decisions and official documents from grant-programme exports.
#
#   make demo    install missing packages (as root), build, run the sample batch
#   make check   install missing packages, build under ASan+UBSan, run every test
#   make all     build build/rel/grantdoc
#   make clean
#
# Dependencies come from Debian through pkg-config (libcsv has no .pc file).

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DATADIR   ?= $(CURDIR)/data
FONTCONF  ?= $(CURDIR)/fonts/fonts.conf
TEMPLATES ?= $(CURDIR)/templates
XSD       ?= $(CURDIR)/docs/batch.xsd
# A profile file for every PDF's PDF/A output intent; empty (the default):
# the compact sRGB profile grantdoc makes itself (src/typeset/srgb.c).
ICC       ?=
PKGS      := libxml-2.0 libzip libcrypto harfbuzz harfbuzz-subset libunibreak fontconfig icu-uc icu-i18n xlsxwriter libdeflate libpng
CC        ?= cc

WARN      := -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
             -Wformat=2 -Wno-format-nonliteral
DEFS      := -D_POSIX_C_SOURCE=200809L -DGRANTDOC_VERSION='"$(VERSION)"' \
             -DGRANTDOC_DATADIR='"$(DATADIR)"' \
             -DGRANTDOC_FONTCONF='"$(FONTCONF)"' -DGRANTDOC_TEMPLATES='"$(TEMPLATES)"' \
             -DGRANTDOC_XSD='"$(XSD)"' -DGRANTDOC_ICC='"$(ICC)"'
# The layers of src/ (README "Layout", HACKING.md); programme folders are
# not on the include path: their headers are named by path.
LAYERS    := base ingest rules output documents typeset
INCLUDES  := -Isrc $(addprefix -Isrc/,$(LAYERS))
PKG_CFLAGS = $(INCLUDES) $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lcsv
SAN       := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

LIB_SRC   := $(filter-out src/main.c,$(sort $(shell find src -name '*.c')))
UNIT_SRC  := $(wildcard tests/unit/test_*.c)

REL_DIR   := build/rel
SAN_DIR   := build/san

rel_obj    = $(patsubst src/%.c,$(REL_DIR)/%.o,$(1))
san_obj    = $(patsubst src/%.c,$(SAN_DIR)/%.o,$(1))

.PHONY: all demo check deps unit e2e lint clean bench pictures fuzz install columns
.DEFAULT_GOAL := all

all: $(REL_DIR)/grantdoc

deps:
	@scripts/deps.sh

# Every programme is a folder of src/programmes/ and has its samples
# (samples/<kind>-YEAR/) and its end-to-end suite (tests/e2e/<kind>.sh).
PROGRAMMES := $(notdir $(patsubst %/,%,$(wildcard src/programmes/*/)))
SAMPLES    := $(notdir $(wildcard samples/*))

demo: deps
	@$(MAKE) --no-print-directory all
	@for s in $(SAMPLES); do \
	  rm -rf out/$$s; \
	  echo "$(REL_DIR)/grantdoc run samples/$$s --out out/$$s"; \
	  $(REL_DIR)/grantdoc run samples/$$s --out out/$$s || exit 1; \
	done
	@echo "demo: outputs in $(patsubst %,out/%/,$(SAMPLES))"

# Everything runs under AddressSanitizer and UndefinedBehaviorSanitizer.
check:
	@scripts/deps.sh check
	@$(MAKE) --no-print-directory lint unit e2e

unit: $(patsubst tests/unit/%.c,$(SAN_DIR)/tests/%,$(UNIT_SRC))
	@failed=0; for t in $^; do $$t || failed=1; done; \
	if [ $$failed -ne 0 ]; then echo "unit: FAILED"; exit 1; fi

E2E_ENV = GRANTDOC=$(SAN_DIR)/grantdoc CORPUS=$(SAN_DIR)/tools/typeset_corpus \
	  CAPITALS=$(SAN_DIR)/tools/capitals_check

e2e: $(SAN_DIR)/grantdoc $(SAN_DIR)/tools/typeset_corpus $(SAN_DIR)/tools/capitals_check $(SAN_DIR)/tools/columns
	@$(SAN_DIR)/tools/columns | cmp -s - docs/columns.md \
	  && echo "ok   docs/columns.md is what the programmes read" \
	  || { echo "FAIL docs/columns.md differs from the programmes' file tables: make columns"; exit 1; }
	@for k in $(PROGRAMMES); do $(E2E_ENV) tests/e2e/$$k.sh || exit 1; done
	@python3 tests/e2e/rejectzh.py
	@$(E2E_ENV) tests/e2e/xlsx.sh
	@$(E2E_ENV) tests/e2e/pages.sh
	@$(E2E_ENV) tests/e2e/excel.sh
	@python3 tests/e2e/hostile.py $(SAN_DIR)/grantdoc
	@$(E2E_ENV) tests/e2e/shard.sh
	@$(E2E_ENV) tests/e2e/archive.sh
	@GRANTDOC=$(SAN_DIR)/grantdoc tests/e2e/install.sh
	@$(E2E_ENV) tests/e2e/pdfa.sh
	@$(E2E_ENV) tests/e2e/kill.sh
	@$(MAKE) --no-print-directory $(REL_DIR)/grantdoc
	@GRANTDOC=$(REL_DIR)/grantdoc tests/e2e/valgrind.sh

# Speed and size on synthetic batches (release build). BENCH_SIZES="1000 10000 100000" for more.
BENCH_SIZES ?= 1000 10000
bench: deps
	@$(MAKE) --no-print-directory all
	@python3 scripts/bench.py $(REL_DIR)/grantdoc $(BENCH_SIZES)

# Fuzzing (libFuzzer, clang): each target for FUZZ_SECONDS; new inputs go to
# build/fuzz/corpus/, crashes to build/fuzz/crash-*. Seeds: tests/fuzz/corpus/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= csv programme batchxml template linebreak json xlsx differential manifest
FUZZ_DIR  := build/fuzz
FUZZ_CC   := clang
FUZZ_FLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined
fuzz_obj   = $(patsubst src/%.c,$(FUZZ_DIR)/%.o,$(1))

$(FUZZ_DIR)/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c17 $(DEFS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(call fuzz_obj,$(LIB_SRC))
	$(FUZZ_CC) -std=c17 $(DEFS) $(FUZZ_FLAGS) -fsanitize=fuzzer -Isrc $(PKG_CFLAGS) -MMD -MP -o $@ $< \
	  $(call fuzz_obj,$(LIB_SRC)) $(PKG_LIBS)

fuzz:
	@scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory $(addprefix $(FUZZ_DIR)/fuzz_,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=2048 \
	    -artifact_prefix=$(FUZZ_DIR)/crash-$$t- -print_final_stats=1 \
	    $(FUZZ_DIR)/corpus/$$t tests/fuzz/corpus/$$t 2>&1 | grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|Done' ; \
	  if ls $(FUZZ_DIR)/crash-$$t-* >/dev/null 2>&1; then echo "fuzz: $$t FOUND A CRASH"; exit 1; fi; \
	done

# make install PREFIX=/usr/local DESTDIR=: a binary whose compiled-in paths
# point at PREFIX/share/grantdoc, the data beside it, the man page.
SHARE := $(PREFIX)/share/grantdoc
install: deps
	@$(MAKE) --no-print-directory REL_DIR=build/install DATADIR=$(SHARE) \
	  FONTCONF=$(SHARE)/fonts.conf TEMPLATES=$(SHARE)/templates XSD=$(SHARE)/batch.xsd build/install/grantdoc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(SHARE)/calendar $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/doc/grantdoc
	install -m 755 build/install/grantdoc $(DESTDIR)$(PREFIX)/bin/grantdoc
	install -m 644 data/calendar/*.txt $(DESTDIR)$(SHARE)/calendar/
	install -m 644 data/aliases.txt $(DESTDIR)$(SHARE)/
	@for k in $(notdir $(wildcard templates/*)); do \
	  echo "install templates/$$k"; \
	  install -d $(DESTDIR)$(SHARE)/templates/$$k && \
	  install -m 644 templates/$$k/*.xml $(DESTDIR)$(SHARE)/templates/$$k/ || exit 1; \
	done
	install -m 644 fonts/fonts.conf docs/batch.xsd $(DESTDIR)$(SHARE)/
	install -m 644 docs/grantdoc.1 $(DESTDIR)$(PREFIX)/share/man/man1/grantdoc.1
	install -m 644 README.md HACKING.md docs/*.md $(DESTDIR)$(PREFIX)/share/doc/grantdoc/

# docs/columns.md: every programme's input columns, from the code.
columns: $(SAN_DIR)/tools/columns
	$(SAN_DIR)/tools/columns > docs/columns.md

# The README's pictures, rendered from the sample batch (make demo first).
pictures: demo
	@mkdir -p docs/img
	pdftoppm -r 60 -f 1 -l 1 -png -singlefile out/shanxi-coop-2024/notices/SXHZ2024-073.pdf docs/img/notice
	pdftoppm -r 60 -f 3 -l 3 -png -singlefile out/shanxi-coop-2024/publicity.pdf docs/img/publicity-list

lint:
	@if command -v cppcheck >/dev/null; then \
	  cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,performance,portability \
	    --inline-suppr $(INCLUDES) src tests/unit; \
	else echo "lint: cppcheck not installed, skipped"; fi
	@scripts/check-layers.sh

$(REL_DIR)/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "cc $<"; $(CC) $(WARN) $(DEFS) -O2 -g $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(SAN_DIR)/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "cc (san) $<"; $(CC) $(WARN) $(DEFS) -O1 -g $(SAN) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(REL_DIR)/grantdoc: $(call rel_obj,$(LIB_SRC) src/main.c)
	$(CC) -o $@ $^ $(PKG_LIBS)

$(SAN_DIR)/grantdoc: $(call san_obj,$(LIB_SRC) src/main.c)
	$(CC) $(SAN) -o $@ $^ $(PKG_LIBS)

$(SAN_DIR)/tests/%: tests/unit/%.c $(call san_obj,$(LIB_SRC))
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) -Isrc $(PKG_CFLAGS) -MMD -MP \
	  -o $@ $< $(call san_obj,$(LIB_SRC)) $(PKG_LIBS) $(shell pkg-config --libs cmocka)

clean:
	rm -rf build out/*/

# Keep pattern-rule intermediates (the fuzz objects) between runs.
.SECONDARY:

-include $(shell find build -name '*.d' 2>/dev/null)

$(SAN_DIR)/tools/%: tests/tools/%.c $(call san_obj,$(LIB_SRC))
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) -Isrc $(PKG_CFLAGS) -o $@ $< $(call san_obj,$(LIB_SRC)) $(PKG_LIBS)

$(REL_DIR)/tools/%: tests/tools/%.c $(call rel_obj,$(LIB_SRC))
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(DEFS) -O2 -g -Isrc $(PKG_CFLAGS) -o $@ $< $(call rel_obj,$(LIB_SRC)) $(PKG_LIBS)
