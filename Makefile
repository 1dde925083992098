# rampup — build, test, run, bench, install.  Hand-written, non-recursive.
# Objects go to $(BUILD) (default build/); `make BUILD=build-x …` keeps a second tree apart.

BUILD   ?= build
PREFIX  ?= /usr/local
DESTDIR ?=
DATADIR  = $(PREFIX)/share/rampup
VERSION  = 0.1.0

CC      ?= cc
# CFLAGS is the user's (`make CFLAGS=-O0`); the flags the code requires are CFLAGS_STD and stay.
# Key tables end in optional fields (KeyBinding.command), so a row may leave them out.
CFLAGS  ?= -O2 -g
CFLAGS_STD = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-format-truncation \
             -Wno-missing-field-initializers
CPPFLAGS += -I. -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -DNCURSES_WIDECHAR=1 \
            -DRAMPUP_VERSION='"$(VERSION)"' -DRAMPUP_DATADIR='"$(DATADIR)"'
DEPFLAGS = -MMD -MP

# Every library comes through pkg-config; `make deps` installs what is missing.
PKGS      = ncursesw libcjson yaml-0.1 openblas lapacke
PKG_CFLAGS := $(filter-out -D_XOPEN_SOURCE=600,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS += $(PKG_CFLAGS)
LDLIBS   += $(PKG_LIBS) -lm -lpthread

CRIT_CFLAGS := $(shell pkg-config --cflags criterion 2>/dev/null)
CRIT_LIBS   := $(shell pkg-config --libs criterion 2>/dev/null)

# Sanitizer build: `make SAN=1 BUILD=build-san unit`.
ifeq ($(SAN),1)
CFLAGS_STD += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS    += -fsanitize=address,undefined
endif
ALL_CFLAGS = $(CFLAGS) $(CFLAGS_STD)

ENGINE_SRC := $(shell find engine -name '*.c' | sort)
TUI_SRC    := $(filter-out tui/main.c,$(sort $(wildcard tui/*.c))) $(sort $(wildcard tui/cli/*.c))
PANEL_SRC  := $(sort $(wildcard panels/*.c))
obj = $(patsubst %.c,$(BUILD)/%.o,$(1))

ENGINE_LIB := $(BUILD)/librampup_engine.a
APP_OBJ    := $(call obj,$(TUI_SRC) $(PANEL_SRC))
BIN        := $(BUILD)/rampup

ENGINE_TESTS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(sort $(wildcard tests/engine/test_*.c)))
TUI_TESTS    := $(patsubst tests/%.c,$(BUILD)/tests/%,$(sort $(wildcard tests/tui/test_*.c)))
BENCHES      := $(BUILD)/bench/bench_draw

# Topic benchmarks that need extra rules (other libraries, C++) bring a fragment of their own
# that adds to BENCHES.
-include $(wildcard tests/bench/*.mk)

.PHONY: all run test unit tui-tests e2e san bench install uninstall clean check-layers deps
all: $(BIN) $(ENGINE_LIB)

$(ENGINE_LIB): $(call obj,$(ENGINE_SRC))
	@mkdir -p $(@D)
	$(Q)$(AR) rcs $@ $^

$(BIN): $(BUILD)/tui/main.o $(APP_OBJ) $(ENGINE_LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

# Quiet rules; `make V=1` shows the commands.
Q = $(if $(filter 1,$(V)),,@)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(DEPFLAGS) -c $< -o $@

# Engine tests link the engine archive alone: a stray curses call fails to link.
$(BUILD)/tests/engine/%: tests/engine/%.c $(ENGINE_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(CPPFLAGS) $(CRIT_CFLAGS) $(ALL_CFLAGS) $(DEPFLAGS) $(LDFLAGS) $< $(ENGINE_LIB) $(CRIT_LIBS) $(LDLIBS) -o $@

$(BUILD)/tests/tui/%: tests/tui/%.c $(APP_OBJ) $(ENGINE_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(CPPFLAGS) $(CRIT_CFLAGS) $(ALL_CFLAGS) $(DEPFLAGS) $(LDFLAGS) $< $(APP_OBJ) $(ENGINE_LIB) $(CRIT_LIBS) $(LDLIBS) -o $@

$(BUILD)/bench/%: tests/bench/%.c $(APP_OBJ) $(ENGINE_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  BENCH   $@")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(DEPFLAGS) $(LDFLAGS) $< $(APP_OBJ) $(ENGINE_LIB) $(LDLIBS) -o $@

run: deps all
	./$(BIN)

# `make test`: every layer — engine and widget unit tests, the tmux end-to-end tests, and the
# unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
test: deps
	@rm -rf $(BUILD)/results build-san/results
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory unit tui-tests
	@$(MAKE) --no-print-directory e2e
	@$(MAKE) --no-print-directory san
	@tests/summary.sh $(BUILD)/results build-san/results

unit: $(ENGINE_TESTS)
	@tests/run_unit.sh $(BUILD)/results/engine $(ENGINE_TESTS)

tui-tests: $(TUI_TESTS)
	@tests/run_unit.sh $(BUILD)/results/tui $(TUI_TESTS)

e2e: $(BIN)
	@tests/e2e/run.sh $(BIN) $(BUILD)/results/e2e

# The unit tests, the widget tests and the tmux tests again, built with ASan + UBSan (a leak or
# a sanitizer report makes the app exit non-zero, which the tmux tests check).
san:
	@$(MAKE) --no-print-directory SAN=1 BUILD=build-san unit tui-tests e2e

bench: all $(BENCHES)
	@for b in $(BENCHES); do echo "== $$b"; ./$$b || exit 1; done

check-layers:
	@! grep -rnE '#include *[<"](n?curses|ncursesw/|tui/|panels/)' engine/ || \
	  { echo "engine/ must stay free of curses, tui/ and panels/"; exit 1; }
	@! grep -rnE '#include *[<"](n?curses|ncursesw/)' panels/ || \
	  { echo "panels/ include curses through tui/curses.h"; exit 1; }
	@! grep -rnE '#include *"panels/' tui/ | grep -v '^tui/main.c' || \
	  { echo "tui/ widgets must not include panels/"; exit 1; }
	@! grep -rnE '#include *[<"](n?curses|ncursesw/|panels/|tui/[a-eg-z_][a-z_]*\.h)' tui/cli/ || \
	  { echo "tui/cli/ must stay free of curses, widgets and panels/"; exit 1; }
	@echo "layers: ok"

# Installs the Debian packages whose pkg-config module (or command) is missing.
# module:package pairs; tmux and pkg-config are commands.
DEB_PKGS = ncursesw:libncurses-dev libcjson:libcjson-dev yaml-0.1:libyaml-dev \
           openblas:libopenblas-dev lapacke:liblapacke-dev criterion:libcriterion-dev
deps:
	@missing=""; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	command -v tmux >/dev/null || missing="$$missing tmux"; \
	command -v cc >/dev/null || missing="$$missing gcc"; \
	for pair in $(DEB_PKGS); do \
	  pkg-config --exists $${pair%%:*} 2>/dev/null || missing="$$missing $${pair#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null || exit 1; \
	fi

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR) $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/rampup
	cp -R content notes $(DESTDIR)$(DATADIR)/
	install -m 644 content/man/rampup.1 $(DESTDIR)$(PREFIX)/share/man/man1/rampup.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/rampup $(DESTDIR)$(PREFIX)/share/man/man1/rampup.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san build-*

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
