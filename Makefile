# podinit: one plain GNU Makefile.  Every .c under src/LAYER/ except
# src/cmd/main.c goes into build/libpodinit.a; the binary and every test link
# that archive, so a new module needs no edit here.  The layers are the
# folders of src/ (doc/ARCHITECTURE.md); `make check-layers` keeps every
# include pointing down.

CC       ?= cc
CFLAGS   ?= -O2 -g
TLS_BASE_CFLAGS := $(CFLAGS)
WERROR   ?=
override CFLAGS += -std=c11 -D_GNU_SOURCE -Iinclude -MMD -MP \
            -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wpointer-arith -Wsign-compare -Wformat=2 -Wno-format-nonliteral \
            -Werror=format-security -fstack-protector-strong $(WERROR)
ifeq ($(findstring -O0,$(CFLAGS)),)
override CFLAGS += -D_FORTIFY_SOURCE=2
endif
B        ?= build
# TLS: Mbed TLS 3.6 (TLS 1.3 and 1.2), built here from its source with
# podinit's own configuration, build-aux/mbedtls-config.h, into one archive
# per tree; doc/tls.md says why this library and where the source comes
# from (.ci/install-deps puts Debian's in MBEDTLS_SRC).  The library gets
# the caller's CFLAGS (optimisation, sanitizers), not podinit's warnings;
# the static binary's at -O2, not -Os: its bignum code is a handshake's
# CPU (-Os made X25519 and P-256 1.3-2x slower), for 53 KB.
MBEDTLS_SRC ?= /usr/local/src/mbedtls
MBEDTLS_CFG := $(CURDIR)/build-aux/mbedtls-config.h
TLS_CFLAGS  := -I$(MBEDTLS_SRC)/include -DMBEDTLS_CONFIG_FILE='"$(MBEDTLS_CFG)"'
TLS_LIB      = $(B)/mbedtls/libmbedtls.a
MBEDTLS_OBJ  = $(patsubst $(MBEDTLS_SRC)/library/%.c,$(B)/mbedtls/%.o,$(wildcard $(MBEDTLS_SRC)/library/*.c))
MBEDTLS_CC_FLAGS := $(TLS_BASE_CFLAGS) $(MBEDTLS_OPT) -std=c99 $(TLS_CFLAGS) -I$(MBEDTLS_SRC)/library
# Hidden in what links it: a shared library loaded beside it (Criterion's
# libgit2 uses Debian's Mbed TLS 2.28) must not bind to these 3.6 symbols.
LDLIBS   += $(TLS_LIB) -Wl,--exclude-libs,libmbedtls.a -lyaml -lseccomp -lnghttp2
VERSION  := $(shell cat VERSION 2>/dev/null || echo 0.1.0)
override CFLAGS += -DPODINIT_VERSION='"$(VERSION)"' $(TLS_CFLAGS)
PREFIX   ?= /usr/local

MAIN_SRC := src/cmd/main.c
LIB_SRC  := $(filter-out $(MAIN_SRC),$(wildcard src/*/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/unit/%)
COMP_SRC := $(wildcard tests/component/test_*.c)
COMP_BIN := $(COMP_SRC:tests/component/%.c=$(B)/tests/component/%)
HELP_SRC := $(wildcard tests/helpers/*.c)
HELP_BIN := $(HELP_SRC:tests/helpers/%.c=$(B)/helpers/%)
HEADERS  := $(wildcard include/podinit/*.h)

.PHONY: all deps static test unit component integration golden asan lint \
        check-headers check-layers check-schema gen-schema bench fuzz demo clean install \
        test-container

all: $(B)/podinit $(HELP_BIN)

# V=1 shows the full command lines.
Q := $(if $(V),,@)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(B)/libpodinit.a: $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(MBEDTLS_SRC)/include/mbedtls/ssl.h:
	@echo "Mbed TLS 3.6 source not found in $(MBEDTLS_SRC): run .ci/install-deps (as root) or set MBEDTLS_SRC (doc/tls.md)" >&2; exit 1
$(B)/mbedtls/%.o: $(MBEDTLS_SRC)/library/%.c build-aux/mbedtls-config.h
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      mbedtls/$*.c")
	$(Q)$(CC) $(MBEDTLS_CC_FLAGS) -c -o $@ $<
$(B)/mbedtls/libmbedtls.a: $(MBEDTLS_SRC)/include/mbedtls/ssl.h $(MBEDTLS_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $(MBEDTLS_OBJ)
$(LIB_OBJ) $(B)/src/cmd/main.o: | $(MBEDTLS_SRC)/include/mbedtls/ssl.h
$(B)/podinit $(UNIT_BIN) $(COMP_BIN) $(B)/gen-tables: $(TLS_LIB)

$(B)/podinit: $(B)/src/cmd/main.o $(B)/libpodinit.a
	@$(if $(V),,echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The static binary: dead sections dropped, stripped, and checked.  Linked
# with gold (binutils) when there is one, podinit's functions in the order
# of build-aux/text-order.txt: what an idle podinit runs sits together, so
# the kernel maps fewer 64 KB windows of text (idle RSS; see that script).
# No unwind tables for podinit's own code: it is C without exceptions or
# backtraces, and .eh_frame was ~29 KB of the 2,000,000-byte budget.
STATIC_FLAGS := -Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables
GOLD_ORDER := -fuse-ld=gold -Wl,--section-ordering-file,build-aux/text-order.txt
STATIC_LD := $(if $(shell command -v ld.gold),$(GOLD_ORDER))
static: $(B)/podinit-static
$(B)/podinit-static: $(LIB_SRC) $(MAIN_SRC) $(HEADERS) build-aux/text-order.txt
	@mkdir -p $(B)/static
	$(MAKE) --no-print-directory B=$(B)/static CFLAGS="$(STATIC_FLAGS)" MBEDTLS_OPT=-O2 \
		$(B)/static/libpodinit.a $(B)/static/src/cmd/main.o $(B)/static/mbedtls/libmbedtls.a
	$(CC) -static $(STATIC_LD) -Wl,--gc-sections -s -o $@ $(B)/static/src/cmd/main.o \
		$(B)/static/libpodinit.a $(LDLIBS:$(TLS_LIB)=$(B)/static/mbedtls/libmbedtls.a)
	@file $@ | grep -q 'statically linked' || { echo "$@ is not static"; exit 1; }
	@echo "static: $@ $$(stat -c %s $@) bytes"

$(B)/tests/unit/%: tests/unit/%.c $(B)/libpodinit.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Itests -o $@ $< $(B)/libpodinit.a $(LDLIBS) -lcriterion

$(B)/tests/component/%: tests/component/%.c $(B)/libpodinit.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Itests -o $@ $< $(B)/libpodinit.a $(LDLIBS) -lcriterion

$(B)/helpers/%: tests/helpers/%.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -O2 -g -std=c11 -D_GNU_SOURCE -Wall -o $@ $<

# Criterion prints "Synthesis: Tested: N | Passing: N | Failing: N | Crashing: N"
# per binary; tests/run-criterion adds them up into one closing line.
unit: $(UNIT_BIN)
	@sh tests/run-criterion unit $(UNIT_BIN)

component: $(COMP_BIN) $(B)/podinit $(HELP_BIN)
	@sh tests/run-criterion component $(COMP_BIN)

golden: $(B)/podinit
	@sh tests/golden/run $(B)/podinit

integration: $(B)/podinit $(HELP_BIN)
	@sh tests/integration/run $(B)

test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory component
	@$(MAKE) --no-print-directory golden
	@$(MAKE) --no-print-directory integration

# Sanitizer build in its own tree; the same tests run against it.
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
# The tests send SEGV/BUS/FPE/ILL/ABRT to PID 1 with kill(2) to prove they
# are neither blocked nor forwarded: ASan must not claim those signals (a
# real fault still kills podinit and fails the test).
ASAN_RUNTIME := detect_leaks=1:abort_on_error=0:handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_sigill=0:handle_abort=0
asan:
	ASAN_OPTIONS=$(ASAN_RUNTIME) UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		$(MAKE) --no-print-directory B=build/asan CFLAGS="$(ASAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" test

# The schema tables: src/model/schema_tables.c is generated from the schema
# copy by schema/gen-tables (built on podinit's own YAML reader) and
# committed; gen-schema rewrites it, check-schema (part of lint) fails when
# the committed file is not what the generator writes.
SCHEMA_JSON := schema/kubernetes-1.35.json
$(B)/gen-tables: schema/gen-tables.c $(B)/libpodinit.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(B)/libpodinit.a $(LDLIBS)

gen-schema: $(B)/gen-tables
	$(B)/gen-tables $(SCHEMA_JSON) > $(B)/schema_tables.c
	mv $(B)/schema_tables.c src/model/schema_tables.c

check-schema: $(B)/gen-tables
	@$(B)/gen-tables $(SCHEMA_JSON) > $(B)/schema_tables.c
	@cmp -s $(B)/schema_tables.c src/model/schema_tables.c || { \
		echo "check-schema: src/model/schema_tables.c is not what schema/gen-tables writes from $(SCHEMA_JSON): run 'make gen-schema' and commit the result" >&2; \
		exit 1; }
	@echo "schema: ok"

check-headers:
	@for h in $(HEADERS); do \
		echo "#include \"$${h#include/}\"" | $(CC) $(CFLAGS) -fsyntax-only -x c - || exit 1; \
	done; echo "headers: ok"

# The layer rule (doc/ARCHITECTURE.md): no include points up, the core is
# pure; --self-test shows that a violation fails.
check-layers:
	@sh build-aux/check-layers.sh
	@sh build-aux/check-layers.sh --self-test

lint: check-headers check-layers check-schema
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--inline-suppr --suppress=missingIncludeSystem -Iinclude -D_GNU_SOURCE src
	clang-tidy --quiet $(LIB_SRC) $(MAIN_SRC) -- -std=c11 -D_GNU_SOURCE -Iinclude $(TLS_CFLAGS) \
		-DPODINIT_VERSION='"lint"' 2>/dev/null | grep -E 'warning:|error:' && exit 1 || true
	@echo "lint: ok"

fuzz:
	@sh tests/fuzz/run

bench: all static
	@sh bench/run

# demo installs what it needs first (Debian 12, as root), so it is the one
# command a newcomer runs on a fresh machine.
deps:
	@if [ "$$(id -u)" = 0 ] && { ! dpkg -s libyaml-dev libcriterion-dev socat python3-grpcio >/dev/null 2>&1 || \
		[ ! -f $(MBEDTLS_SRC)/include/mbedtls/ssl.h ]; }; then \
		sh .ci/install-deps; fi

demo: deps
	@$(MAKE) --no-print-directory all
	@sh examples/demo.sh $(B)/podinit

test-container: static
	@sh tests/container/run $(B)/podinit-static

install: $(B)/podinit
	install -D -m 0755 $(B)/podinit $(DESTDIR)$(PREFIX)/bin/podinit
	install -D -m 0644 man/podinit.1 $(DESTDIR)$(PREFIX)/share/man/man1/podinit.1

clean:
	rm -rf build $(B)

# This tree's dependency files only (not the asan or static trees').
-include $(LIB_OBJ:.o=.d) $(B)/src/cmd/main.d $(B)/gen-tables.d $(UNIT_BIN:=.d) $(COMP_BIN:=.d)
