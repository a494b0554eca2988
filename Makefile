# hamkor - build, run and test.
#
#   make run     build, then serve on http://127.0.0.1:8080 with the demo data
#   make check   build, then run every test (plain and ASan+UBSan builds)
#   make bench   benchmarks (not part of check)
#
# Sources are found by wildcard: a new file under src/<module>/ is built
# without touching this file; a new tests/test_<name>.c becomes a test
# binary linked against every module.

CC      ?= cc
BUILD   ?= build
PKGS    := icu-uc icu-i18n icu-io sqlite3 libmicrohttpd jansson libsodium libpq yaml-0.1 libcurl
TESTPKGS:= cmocka
# libstemmer and CRoaring ship no .pc file on Debian 12; fall back to -l.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) \
              $(shell pkg-config --libs libstemmer 2>/dev/null || echo -lstemmer) \
              $(shell pkg-config --libs roaring 2>/dev/null || echo -lroaring)
TEST_CFLAGS := $(shell pkg-config --cflags $(TESTPKGS) 2>/dev/null)
TEST_LIBS   := $(shell pkg-config --libs $(TESTPKGS) 2>/dev/null)

OPT     ?= -O2
SAN     ?=
# Where the binary finds its data files (countries, taxonomy, gazetteer)
# when neither --data-dir nor HAMKOR_DATA_DIR says: the source tree's
# data/ for a build here, so build/hamkor works from any folder.
DATADIR ?= $(abspath data)
CFLAGS  += -std=c17 -D_GNU_SOURCE -g $(OPT) $(SAN) -Wall -Wextra -Werror \
           -Wshadow -Wstrict-prototypes -Wno-unused-parameter \
           $(PKG_CFLAGS) -Isrc -Isrc/common -DHK_DATA_DIR='"$(DATADIR)"'
LDLIBS  += $(PKG_LIBS) -lpthread -lm
# Hardening, checked on the built binary by tests/test_build_hardening.c:
# stack protector, position-independent executable, full RELRO (GOT
# read-only after start-up, symbols bound at once), and _FORTIFY_SOURCE=3
# in builds without a sanitizer (which replace the checked functions).
CFLAGS  += -fstack-protector-strong -fPIE $(if $(SAN),,-D_FORTIFY_SOURCE=3)
LDFLAGS += -pie -Wl,-z,relro,-z,now

# MODULES limits the build to some folders of src/ (for working on one
# module while others are half-written): make MODULES="common model store"
MODULES  ?= $(notdir $(wildcard src/*))
SRC      := $(sort $(foreach m,$(MODULES),$(wildcard src/$(m)/*.c)))
MAIN_SRC := src/cli/main.c
LIB_SRC  := $(filter-out $(MAIN_SRC),$(SRC))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_HELPER_SRC := $(filter-out $(TEST_SRC),$(wildcard tests/*.c))
TEST_HELPER_OBJ := $(TEST_HELPER_SRC:%.c=$(BUILD)/%.o)
BENCH_SRC := $(sort $(wildcard bench/bench_*.c))
# Each bench/bench_*.c is a program, except the parts linked into one
# (BENCH_PARTS), which that program's own rule below names.
BENCH_PARTS := bench/bench_search_pg.c bench/bench_search_redis.c bench/bench_sched_glpk.c
BENCH_BIN := $(patsubst bench/%.c,$(BUILD)/bench/%,$(filter-out $(BENCH_PARTS),$(BENCH_SRC)))

# Fuzzing (docs/fuzzing.md): each fuzz/fuzz_*.c is a libFuzzer harness.
# Built with fuzz/replay_main.c it replays its seed corpus (make check, on
# the ASan build); `make fuzz` builds it with clang and libFuzzer in
# build-fuzz/ and runs each for FUZZ_SECONDS.
FUZZ_SRC  := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN  := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_MAIN ?= fuzz/replay_main.c
FUZZ_LINK ?=
FUZZ_SECONDS ?= 60

.PHONY: all deps web-vendor run run-cluster check check-unit check-asan test bench soak clean format lint web fuzz fuzz-replay \
        install uninstall

all: $(BUILD)/hamkor

deps:
	@scripts/deps.sh

# The npm libraries the web UI serves from web/vendor/ (package.json,
# package-lock.json; scripts/web-vendor.sh runs npm ci and copies them).
web-vendor:
	@scripts/web-vendor.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libhamkor.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/hamkor: $(BUILD)/$(MAIN_SRC:.c=.o) $(BUILD)/libhamkor.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(TEST_CFLAGS) -Itests -MMD -MP -c $< -o $@ \
	    -DHK_BUILD_OPT='"$(OPT)"' -DHK_BUILD_SAN='"$(SAN)"'

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(TEST_HELPER_OBJ) $(BUILD)/libhamkor.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LIBS) $(LDLIBS)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libhamkor.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# bench_search with its PostgreSQL peer (libpq directly: a peer, not the store)
# and its RediSearch peer (the Redis protocol over a socket).
$(BUILD)/bench/bench_search: bench/bench_search.c bench/bench_search_pg.c bench/bench_search_pg.h bench/bench_search_redis.c bench/bench_search_redis.h $(BUILD)/libhamkor.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter-out %.h,$^) $(LDLIBS)

# bench_sched with its GLPK part (the exact optimum of small instances):
# GLPK is linked here only, and only when its header is installed
# (bench/run.sh installs libglpk-dev and rebuilds this when it was missing).
GLPK_DEF := $(if $(wildcard /usr/include/glpk.h),-DHAVE_GLPK)
$(BUILD)/bench/bench_sched: bench/bench_sched.c bench/bench_sched_glpk.c bench/bench_sched_glpk.h $(BUILD)/libhamkor.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(GLPK_DEF) -o $@ $(filter-out %.h,$^) $(LDLIBS) $(if $(GLPK_DEF),-lglpk)

test: $(BUILD)/hamkor $(TEST_BIN)

$(BUILD)/fuzz/%: fuzz/%.c fuzz/fuzz_util.h $(FUZZ_MAIN) $(BUILD)/libhamkor.a $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FUZZ_LINK) $(LDFLAGS) -Ifuzz -o $@ fuzz/$*.c $(FUZZ_MAIN) $(BUILD)/libhamkor.a $(LDLIBS)

fuzz-replay: $(FUZZ_BIN)

# Debian's clang with libFuzzer (libclang-rt-14-dev) on top of the usual packages.
fuzz:
	@HAMKOR_EXTRA_PKGS="clang libclang-rt-14-dev $${HAMKOR_EXTRA_PKGS:-}" scripts/deps.sh
	@$(MAKE) --no-print-directory CC=clang BUILD=build-fuzz OPT=-O1 \
	    SAN="-fsanitize=address,undefined -fsanitize=fuzzer-no-link -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    FUZZ_MAIN= FUZZ_LINK=-fsanitize=fuzzer fuzz-replay
	@fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

run: deps web-vendor
	@$(MAKE) --no-print-directory all
	$(BUILD)/hamkor serve --listen 127.0.0.1:8080 --db var/hamkor.db --demo-if-empty

# Two nodes on one PostgreSQL behind HAProxy on http://127.0.0.1:8080
# (docs/operations.md, "Several nodes").
run-cluster: deps
	@$(MAKE) --no-print-directory all
	@scripts/run-cluster.sh $(BUILD)

# check: the plain build's tests, the same tests under ASan+UBSan (with
# the fuzz corpora replayed), and the tests of the threaded parts
# (analyser, index) under ThreadSanitizer.
check: deps web-vendor
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory BUILD=build-asan OPT=-O1 \
	    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" test fuzz-replay
	@$(MAKE) --no-print-directory BUILD=build-tsan OPT=-O1 SAN=-fsanitize=thread \
	    build-tsan/tests/test_index build-tsan/tests/test_text build-tsan/tests/test_text_fast build-tsan/tests/test_taxonomy \
	    build-tsan/tests/test_engine build-tsan/tests/test_sched
	@tests/run.sh build pg:build build-asan build-tsan

check-unit: deps
	@$(MAKE) --no-print-directory test
	@tests/run.sh build

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BIN)
	@bench/run.sh $(BUILD)
	@bench/http.sh $(BUILD)
	@bench/http_write.sh $(BUILD)

# The real server under mixed load for ten minutes per store engine, its
# memory sampled (bench/soak.sh; HAMKOR_SOAK_SECONDS to change). Not part
# of check.
soak: deps
	@$(MAKE) --no-print-directory all
	@bench/soak.sh $(BUILD)

# The browser tests alone (make check runs them too).
web: all web-vendor
	@tests/web/run.sh

format:
	clang-format -i $(SRC) $(wildcard src/*/*.h) $(TEST_SRC) $(BENCH_SRC)

lint:
	cppcheck --quiet --enable=warning,performance,portability --error-exitcode=1 \
	    --suppress=missingIncludeSystem -Isrc -Isrc/common src

clean:
	rm -rf build build-asan build-tsan build-fuzz

# make install [PREFIX=/usr/local] [DESTDIR=]: the binary to PREFIX/bin,
# the data folder (countries, taxonomy, gazetteer, web UI, openapi.yaml)
# to PREFIX/share/hamkor, the manual to PREFIX/share/man/man1 and the
# systemd unit to PREFIX/lib/systemd/system (docs/operations.md).
#
# The installed binary is linked again with one object changed: engine.c
# compiled with INSTALL_DATADIR, by default "../share/hamkor", which the
# binary takes relative to its own folder (engine_data_dir). A relative
# folder rather than the absolute PREFIX/share/hamkor, so that the tree
# works wherever it is put: staged under DESTDIR (the tests and Debian's
# packaging run it there), or moved to /opt; build/hamkor itself keeps the
# source tree's data/. An absolute INSTALL_DATADIR is used as it is.
PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR   ?= $(PREFIX)/bin
SHAREDIR ?= $(PREFIX)/share/hamkor
MANDIR   ?= $(PREFIX)/share/man/man1
UNITDIR  ?= $(PREFIX)/lib/systemd/system
INSTALL_DATADIR ?= ../share/hamkor
ENGINE_OBJ := $(BUILD)/src/engine/engine.o

$(BUILD)/install/engine.o: src/engine/engine.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -UHK_DATA_DIR -DHK_DATA_DIR='"$(INSTALL_DATADIR)"' -MMD -MP -c $< -o $@

# Rebuilt when INSTALL_DATADIR changes (the object would keep the old one).
$(BUILD)/install/datadir: FORCE
	@mkdir -p $(dir $@)
	@echo '$(INSTALL_DATADIR)' | cmp -s - $@ || echo '$(INSTALL_DATADIR)' > $@
$(BUILD)/install/engine.o: $(BUILD)/install/datadir

$(BUILD)/install/hamkor: $(BUILD)/$(MAIN_SRC:.c=.o) $(filter-out $(ENGINE_OBJ),$(LIB_OBJ)) $(BUILD)/install/engine.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

install: web-vendor $(BUILD)/install/hamkor
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(UNITDIR)
	install -m 0755 $(BUILD)/install/hamkor $(DESTDIR)$(BINDIR)/hamkor
	# data/web and data/openapi.yaml are links in the tree: copied as files (-h).
	tar -C data -chf - countries.tsv taxonomy geo web openapi.yaml | \
	    tar -C $(DESTDIR)$(SHAREDIR) --no-same-owner --no-same-permissions -xf -
	find $(DESTDIR)$(SHAREDIR) -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +
	install -m 0644 docs/hamkor.1 $(DESTDIR)$(MANDIR)/hamkor.1
	sed 's|@BINDIR@|$(BINDIR)|g' contrib/systemd/hamkor.service > $(DESTDIR)$(UNITDIR)/hamkor.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/hamkor.service

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/hamkor $(DESTDIR)$(MANDIR)/hamkor.1 $(DESTDIR)$(UNITDIR)/hamkor.service
	rm -rf $(DESTDIR)$(SHAREDIR)

.PHONY: FORCE
FORCE:

# Test helper objects are kept (not removed as intermediates) and rebuilt
# when a header they include changes.
.SECONDARY:
-include $(LIB_OBJ:.o=.d) $(BUILD)/install/engine.d $(BUILD)/$(MAIN_SRC:.c=.d) $(TEST_SRC:tests/%.c=$(BUILD)/tests/%.d) $(TEST_HELPER_OBJ:.o=.d)
