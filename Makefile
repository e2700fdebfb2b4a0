# mod_session_security — build, install and test.
#
#   ./configure [--with-apxs=PATH]   (optional: writes config.mk)
#   make                             builds build/mod_session_security.so
#   make install                     installs it where `apxs -q LIBEXECDIR` says
#   make check                       unit tests (GoogleTest)
#   make client                      rebuilds js/session-security*.js from js/src
#                                    (esbuild; `make` does it when esbuild is there)
#   make client-check                fails unless the committed client is what
#                                    js/src builds to
#
# apxs cannot compile C++ (it hands .cpp files to the link step only), so the
# module is compiled with $(CXX) using the flags apxs reports, and linked with
# $(CXX) so that the C++ runtime comes along.

-include config.mk

APXS ?= apxs
CXX ?= g++
BUILD ?= build

APXS_INCLUDEDIR := $(shell $(APXS) -q INCLUDEDIR)
APR_INCLUDEDIR := $(shell $(APXS) -q APR_INCLUDEDIR)
APXS_CPPFLAGS := $(shell $(APXS) -q EXTRA_CPPFLAGS)
LIBEXECDIR := $(shell $(APXS) -q LIBEXECDIR)
SYSCONFDIR := $(shell $(APXS) -q SYSCONFDIR)
DATADIR ?= /usr/share/mod_session_security
DOCDIR ?= /usr/share/doc/mod_session_security

WARNINGS := -Wall -Wextra -Werror
OPTIMIZE ?= -O2 -g
SANITIZE ?=
CXXFLAGS_COMMON := -std=c++17 $(WARNINGS) $(OPTIMIZE) $(SANITIZE) -fPIC
HTTPD_CPPFLAGS := -I$(APXS_INCLUDEDIR) -I$(APR_INCLUDEDIR) $(APXS_CPPFLAGS)

SRC := mod_session_security
# Pure logic: no httpd types, unit-tested directly.
CORE_SRCS := numbers settings verdict ping request_kind html_scanner script_tag \
             judge_rule \
             csp_policy \
             insertion_splicer language_url counters draft_key client_files \
             validators
# httpd glue.
GLUE_SRCS := mod_session_security directives session_access activity_hook \
             app_signals json_answer \
             ping_handler insert_filter script_handler language_handler \
             sign_in_stamp status_counters draft_key_handler

CLIENT_JS := js/session-security.js
# The parts the script loads when a page needs them (js/src/chunks.js).
CLIENT_PARTS := js/session-security-dialog.js js/session-security-language.js \
                js/session-security-drafts.js
CLIENT_FILES := $(CLIENT_JS) $(CLIENT_PARTS)
CLIENT_SRCS := $(wildcard js/src/*.js)
CLIENT_EMBED := $(BUILD)/client_script.cpp
ESBUILD ?= $(shell command -v esbuild 2>/dev/null)
# The dialog's texts in every built-in language, served beside the script.
# (LC_ALL=C: the same order, hence the same version, on every machine.)
I18N_JSON := $(shell LC_ALL=C ls js/i18n/*.json)
I18N_EMBED := $(BUILD)/client_i18n.cpp

CORE_OBJS := $(CORE_SRCS:%=$(BUILD)/%.o)
GLUE_OBJS := $(GLUE_SRCS:%=$(BUILD)/%.o)
MODULE := $(BUILD)/mod_session_security.so

.PHONY: all install check clean format format-check tidy client client-check
all: $(MODULE)

$(BUILD):
	mkdir -p $(BUILD)

$(BUILD)/%.o: $(SRC)/%.cpp $(wildcard $(SRC)/*.h) | $(BUILD)
	$(CXX) $(CXXFLAGS_COMMON) $(HTTPD_CPPFLAGS) $(CPPFLAGS) $(CXXFLAGS) -c $< -o $@

# The client: ES modules in js/src/, bundled and minified by esbuild into
# js/session-security.js and its parts (each with its source map). All are
# committed, so without esbuild the committed files are used as they are.
ifneq ($(ESBUILD),)
# The client carries the version of the language files (their ?v=), and the
# script that of its parts (embed-client.sh --parts-version).
$(CLIENT_FILES) &: $(CLIENT_SRCS) $(I18N_JSON) scripts/build-client.sh scripts/embed-i18n.sh \
		scripts/embed-client.sh
	ESBUILD=$(ESBUILD) sh scripts/build-client.sh
endif
client:
	ESBUILD=$(or $(ESBUILD),esbuild) sh scripts/build-client.sh
client-check:
	ESBUILD=$(or $(ESBUILD),esbuild) sh scripts/build-client.sh --check

# The client is compiled into the module, so it is served from memory.
$(CLIENT_EMBED): $(CLIENT_FILES) scripts/embed-client.sh | $(BUILD)
	sh scripts/embed-client.sh $(CLIENT_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/client_script.o: $(CLIENT_EMBED)
	$(CXX) $(CXXFLAGS_COMMON) -I$(SRC) $(CPPFLAGS) $(CXXFLAGS) -c $< -o $@

# So are the language files; `sh scripts/embed-i18n.sh --version $(I18N_JSON)`
# prints the version the client build gives js/src/language.js.
$(I18N_EMBED): $(I18N_JSON) scripts/embed-i18n.sh | $(BUILD)
	sh scripts/embed-i18n.sh $(I18N_JSON) > $@.tmp && mv $@.tmp $@

$(BUILD)/client_i18n.o: $(I18N_EMBED) $(SRC)/language_files.h
	$(CXX) $(CXXFLAGS_COMMON) -I$(SRC) $(CXXFLAGS) -c $< -o $@

$(MODULE): $(CORE_OBJS) $(GLUE_OBJS) $(BUILD)/client_script.o $(BUILD)/client_i18n.o
	$(CXX) -shared $(SANITIZE) $(LDFLAGS) -o $@ $^ -lcrypto -ldl

install: $(MODULE)
	install -d $(DESTDIR)$(LIBEXECDIR)
	install -m 644 $(MODULE) $(DESTDIR)$(LIBEXECDIR)/mod_session_security.so
	install -d $(DESTDIR)$(DATADIR)
	install -m 644 $(CLIENT_FILES) $(CLIENT_FILES:%=%.map) $(DESTDIR)$(DATADIR)/
	install -d $(DESTDIR)$(DATADIR)/i18n
	install -m 644 $(I18N_JSON) $(DESTDIR)$(DATADIR)/i18n/
	install -d $(DESTDIR)$(DOCDIR)
	install -m 644 README.md docs/DIRECTIVES.md docs/CLIENT.md \
	  docs/MULTINODE.md $(DESTDIR)$(DOCDIR)/
	# Debian's layout (a2enmod): judged on this system, so that a staged
	# install (DESTDIR) gets the files too.
	if [ -d $(SYSCONFDIR)/mods-available ]; then \
	  install -d $(DESTDIR)$(SYSCONFDIR)/mods-available && \
	  install -m 644 conf/session_security.load conf/session_security.conf \
	    $(DESTDIR)$(SYSCONFDIR)/mods-available/; \
	fi

# ---- unit tests (GoogleTest) ----
UNIT_SRCS := $(wildcard tests/unit/*.cpp)
# Test helpers shared with the fuzz targets (the gumbo DOM comparison).
SUPPORT_SRCS := $(wildcard tests/support/*.cpp)
UNIT_OBJS := $(UNIT_SRCS:tests/unit/%.cpp=$(BUILD)/unit/%.o) \
             $(SUPPORT_SRCS:tests/support/%.cpp=$(BUILD)/support/%.o)
UNIT_BIN := $(BUILD)/unit_tests

$(BUILD)/unit/%.o: tests/unit/%.cpp $(wildcard $(SRC)/*.h) | $(BUILD)
	mkdir -p $(BUILD)/unit
	$(CXX) $(CXXFLAGS_COMMON) -I$(SRC) $(CPPFLAGS) $(CXXFLAGS) -c $< -o $@

$(BUILD)/support/%.o: tests/support/%.cpp $(wildcard tests/support/*.h) | $(BUILD)
	mkdir -p $(BUILD)/support
	$(CXX) $(CXXFLAGS_COMMON) $(CXXFLAGS) -c $< -o $@

$(UNIT_BIN): $(UNIT_OBJS) $(CORE_OBJS)
	$(CXX) $(SANITIZE) -o $@ $^ -lgtest_main -lgtest -lgumbo -lcrypto -pthread

check: $(UNIT_BIN)
	$(UNIT_BIN)

# ---- fuzzing (libFuzzer, clang from Debian) ----
# `make fuzz` runs each target for FUZZ_SECONDS on a copy of its seed
# corpus (tests/fuzz/corpus/NAME), with tests/fuzz/NAME.dict when there is
# one; findings are written to build/fuzz/.
FUZZ_CXX ?= clang++
FUZZ_SECONDS ?= 20
FUZZ_FLAGS := -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined \
              -fno-sanitize-recover=all -I$(SRC)
FUZZ_TARGETS := numbers insertion signal_names differential
fuzz_numbers_SRCS := $(SRC)/numbers.cpp $(SRC)/ping.cpp
fuzz_signal_names_SRCS := $(SRC)/judge_rule.cpp
fuzz_insertion_SRCS := $(SRC)/html_scanner.cpp $(SRC)/insertion_splicer.cpp
fuzz_differential_SRCS := $(fuzz_insertion_SRCS) $(SRC)/script_tag.cpp $(SRC)/draft_key.cpp \
                          $(SRC)/settings.cpp $(SRC)/ping.cpp $(SRC)/numbers.cpp \
                          tests/support/dom_compare.cpp
fuzz_differential_LIBS := -lgumbo -lcrypto

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.cpp $(wildcard $(SRC)/*.cpp $(SRC)/*.h tests/support/*)
	mkdir -p $(BUILD)/fuzz
	$(FUZZ_CXX) $(FUZZ_FLAGS) -o $@ $< $(fuzz_$*_SRCS) $(fuzz_$*_LIBS)

# Each target is a single-threaded process: `make -j2 fuzz` runs two at once.
.PHONY: fuzz $(FUZZ_TARGETS:%=fuzz-run-%)
fuzz: $(FUZZ_TARGETS:%=fuzz-run-%)
	@echo "fuzzing: all targets ran $(FUZZ_SECONDS) s without a failure"
$(FUZZ_TARGETS:%=fuzz-run-%): fuzz-run-%: $(BUILD)/fuzz/fuzz_%
	@t=$*; \
	  rm -rf $(BUILD)/fuzz/corpus-$$t && mkdir -p $(BUILD)/fuzz/corpus-$$t && \
	  dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
	  $(BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)/fuzz/$$t- $$dict \
	    $(BUILD)/fuzz/corpus-$$t tests/fuzz/corpus/$$t 2>&1 | \
	    grep -E 'Done|ERROR|SUMMARY|crash|deadly' | sed "s/^/fuzz_$$t: /"; \
	  ! ls $(BUILD)/fuzz/$$t-* >/dev/null 2>&1 || { echo "fuzz_$$t found a failure"; exit 1; }

# ---- scanner microbenchmark ----
# MB/s and time per 100 KB page of this tree's scanner and of the old one (its
# html_scanner.{h,cpp} extracted at run time into build/, never committed):
# docs/BENCHMARKS.md.
BENCH_OLD := $(BUILD)/bench-scanner-baseline
# The scanner before the WHATWG tokenizer (issue 10), to compare against.
BENCH_BASELINE ?= b58da0f
.PHONY: bench-scanner
bench-scanner: | $(BUILD)
	mkdir -p $(BENCH_OLD)
	git show $(BENCH_BASELINE):$(SRC)/html_scanner.h > $(BENCH_OLD)/html_scanner.h
	git show $(BENCH_BASELINE):$(SRC)/html_scanner.cpp > $(BENCH_OLD)/html_scanner.cpp
	$(CXX) -std=c++17 -O2 -I$(BENCH_OLD) -o $(BENCH_OLD)/bench \
	  bench/scanner_bench.cpp $(BENCH_OLD)/html_scanner.cpp
	$(CXX) -std=c++17 -O2 -I$(SRC) -o $(BUILD)/bench-scanner \
	  bench/scanner_bench.cpp $(SRC)/html_scanner.cpp
	$(BENCH_OLD)/bench main
	$(BUILD)/bench-scanner this

# ---- sanitizers ----
# Builds the module with AddressSanitizer and UndefinedBehaviorSanitizer
# into build-sanitize/ and runs the integration suite against httpd with it
# loaded (the runtime is preloaded into httpd: tests/harness/httpd.py).
SANITIZE_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                  -fno-omit-frame-pointer
SANITIZE_TESTS ?= tests/integration
.PHONY: sanitize-check
sanitize-check:
	$(MAKE) BUILD=build-sanitize SANITIZE="$(SANITIZE_FLAGS)" OPTIMIZE="-O1 -g" \
	  build-sanitize/mod_session_security.so
	SSEC_MODULE=$(CURDIR)/build-sanitize/mod_session_security.so \
	SSEC_PRELOAD="$$($(CXX) -print-file-name=libasan.so) $$($(CXX) -print-file-name=libubsan.so)" \
	  /usr/bin/python3 -m pytest -q -p no:cacheprovider $(SANITIZE_TESTS)

# ---- style ----
ALL_CXX := $(wildcard $(SRC)/*.cpp $(SRC)/*.h tests/unit/*.cpp tests/fuzz/*.cpp \
             tests/support/*.cpp tests/support/*.h bench/*.cpp)
format:
	clang-format -i $(ALL_CXX)
format-check:
	clang-format --dry-run --Werror $(ALL_CXX)
# One clang-tidy per source file, so that `make -j2 tidy` checks two at once.
TIDY_TARGETS := $(patsubst $(SRC)/%.cpp,tidy-%,$(wildcard $(SRC)/*.cpp))
.PHONY: $(TIDY_TARGETS)
tidy: $(TIDY_TARGETS)
$(TIDY_TARGETS): tidy-%:
	clang-tidy --quiet $(SRC)/$*.cpp -- -std=c++17 $(HTTPD_CPPFLAGS) -I$(SRC)

clean:
	rm -rf $(BUILD) build-sanitize
