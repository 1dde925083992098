# libFuzzer targets (tests/fuzz/fuzz_*.c), built with clang and ASan + UBSan in build-fuzz/.
#   make fuzz                      every target for FUZZ_SECONDS (default 60) each
#   make fuzz FUZZ_SECONDS=600     longer;  make fuzz FUZZ_TARGETS="yaml expr"  some
#   make fuzz-smoke                every target for FUZZ_SMOKE_SECONDS (default 3); `make test`
#                                  runs it when clang is installed
# Seeds come from content/, notes/, tests/fixtures/ and ../shared/data (tests/fuzz/seeds.sh);
# a crash is saved under build-fuzz/fuzz/crashes/<target>/ — copy it to tests/fuzz/regress/<target>/
# so that test_fuzz_regress replays it in every `make unit`.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 3
FUZZ_ALL     := $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_TARGETS ?= $(FUZZ_ALL)

ifeq ($(SAN),fuzz)
CC       = clang
CFLAGS  += -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=undefined -Wno-unknown-warning-option
endif

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(ENGINE_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -fsanitize=fuzzer $< $(ENGINE_LIB) $(LDLIBS) -o $@

.PHONY: fuzz fuzz-smoke fuzz-build fuzz-deps
fuzz-deps:
	@command -v clang >/dev/null || { \
	  echo "make fuzz: installing clang (libFuzzer)"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq clang >/dev/null; }

fuzz-build: fuzz-deps
	@$(MAKE) --no-print-directory SAN=fuzz BUILD=$(FUZZ_BUILD) \
	  $(patsubst %,$(FUZZ_BUILD)/fuzz/fuzz_%,$(FUZZ_TARGETS))

fuzz: fuzz-build
	@tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: fuzz-build
	@tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)
