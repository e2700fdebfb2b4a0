# mod_session_security — build, install and test.
#
#   ./configure [--with-apxs=PATH]   (optional: writes config.mk)
#   make                             builds build/mod_session_security.so
#   make install                     installs it where `apxs -q LIBEXECDIR` says
#   make check                       unit tests (GoogleTest)
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

WARNINGS := -Wall -Wextra -Werror
OPTIMIZE ?= -O2 -g
SANITIZE ?=
CXXFLAGS_COMMON := -std=c++17 $(WARNINGS) $(OPTIMIZE) $(SANITIZE) -fPIC
HTTPD_CPPFLAGS := -I$(APXS_INCLUDEDIR) -I$(APR_INCLUDEDIR) $(APXS_CPPFLAGS)

SRC := mod_session_security
# Pure logic: no httpd types, unit-tested directly.
CORE_SRCS := numbers settings verdict ping request_kind html_scanner script_tag \
             insertion_splicer
# httpd glue.
GLUE_SRCS := mod_session_security directives session_access activity_hook \
             app_signals json_answer \
             ping_handler insert_filter script_handler \
             sign_in_stamp

CLIENT_JS := js/session-security.js
CLIENT_EMBED := $(BUILD)/client_script.cpp

CORE_OBJS := $(CORE_SRCS:%=$(BUILD)/%.o)
GLUE_OBJS := $(GLUE_SRCS:%=$(BUILD)/%.o)
MODULE := $(BUILD)/mod_session_security.so

.PHONY: all install check clean format format-check tidy
all: $(MODULE)

$(BUILD):
	mkdir -p $(BUILD)

$(BUILD)/%.o: $(SRC)/%.cpp $(wildcard $(SRC)/*.h) | $(BUILD)
	$(CXX) $(CXXFLAGS_COMMON) $(HTTPD_CPPFLAGS) $(CXXFLAGS) -c $< -o $@

# The client script is compiled into the module, so it is served from memory.
$(CLIENT_EMBED): $(CLIENT_JS) scripts/embed-client.sh | $(BUILD)
	sh scripts/embed-client.sh $(CLIENT_JS) > $@.tmp && mv $@.tmp $@

$(BUILD)/client_script.o: $(CLIENT_EMBED)
	$(CXX) $(CXXFLAGS_COMMON) -I$(SRC) $(CXXFLAGS) -c $< -o $@

$(MODULE): $(CORE_OBJS) $(GLUE_OBJS) $(BUILD)/client_script.o
	$(CXX) -shared $(SANITIZE) $(LDFLAGS) -o $@ $^ -ldl

install: $(MODULE)
	install -d $(DESTDIR)$(LIBEXECDIR)
	install -m 644 $(MODULE) $(DESTDIR)$(LIBEXECDIR)/mod_session_security.so
	install -d $(DESTDIR)$(DATADIR)
	install -m 644 $(CLIENT_JS) $(DESTDIR)$(DATADIR)/session-security.js
	if [ -d $(DESTDIR)$(SYSCONFDIR)/mods-available ]; then \
	  install -m 644 conf/session_security.load conf/session_security.conf \
	    $(DESTDIR)$(SYSCONFDIR)/mods-available/; \
	fi

# ---- unit tests (GoogleTest) ----
UNIT_SRCS := $(wildcard tests/unit/*.cpp)
UNIT_OBJS := $(UNIT_SRCS:tests/unit/%.cpp=$(BUILD)/unit/%.o)
UNIT_BIN := $(BUILD)/unit_tests

$(BUILD)/unit/%.o: tests/unit/%.cpp $(wildcard $(SRC)/*.h) | $(BUILD)
	mkdir -p $(BUILD)/unit
	$(CXX) $(CXXFLAGS_COMMON) -I$(SRC) $(CXXFLAGS) -c $< -o $@

$(UNIT_BIN): $(UNIT_OBJS) $(CORE_OBJS)
	$(CXX) $(SANITIZE) -o $@ $^ -lgtest -lgtest_main -pthread

check: $(UNIT_BIN)
	$(UNIT_BIN)

# ---- style ----
ALL_CXX := $(wildcard $(SRC)/*.cpp $(SRC)/*.h tests/unit/*.cpp)
format:
	clang-format -i $(ALL_CXX)
format-check:
	clang-format --dry-run --Werror $(ALL_CXX)
tidy:
	clang-tidy --quiet $(wildcard $(SRC)/*.cpp) -- -std=c++17 $(HTTPD_CPPFLAGS) -I$(SRC)

clean:
	rm -rf $(BUILD)
