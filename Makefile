# nhiemvu: one non-recursive Makefile.  `make demo` and `make check` are the
# two commands of the README; the rest are their parts.

WERROR	?= -Werror
CC	?= cc
PKGS	 = fcgi libcjson libmariadb ldap libsodium
PYTHON	?= /usr/bin/python3

CFLAGS	?= -O2 -g
CFLAGS	+= -std=c11 -D_DEFAULT_SOURCE -D_FORTIFY_SOURCE=2 -fPIE \
	   -fstack-protector-strong -Wall -Wextra $(WERROR) -Wshadow \
	   -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla \
	   -Wno-missing-field-initializers
LDFLAGS	+= -pie -Wl,-z,relro,-z,now
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -llber -lm

SAN	 = -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer -DARENA_MALLOC

# Everything but main(): the library the daemon, unit tests and fuzzers share.
LIB_SRC	 = fcgi/log.c fcgi/arena.c fcgi/buf.c fcgi/str.c fcgi/utf8.c \
	   fcgi/jw.c fcgi/conf.c fcgi/db.c fcgi/req.c fcgi/resp.c \
	   fcgi/route.c fcgi/audit.c fcgi/worker.c \
	   fcgi/api_session.c fcgi/api_agency.c fcgi/api_health.c \
	   auth/policy.c auth/sess.c auth/dir.c auth/throttle.c auth/login.c
HDRS	 = $(wildcard fcgi/*.h auth/*.h)
UNIT	 = $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

B	 = build
BA	 = build-asan
LIB_OBJ	 = $(LIB_SRC:%.c=$(B)/%.o)
LIBA_OBJ = $(LIB_SRC:%.c=$(BA)/%.o)

# Stacks: the demo on the usual ports, the test run on its own.
DEMO_HTTP_PORT	?= 8080
DEMO_LDAP_PORT	?= 3389
CHECK_HTTP_PORT	?= 18080
CHECK_LDAP_PORT	?= 13389

.PHONY: all deps demo stop check check-unit check-asan check-integration \
	stack-check stop-check lint fuzz clean distclean

all: $(B)/nhiemvu

$(B)/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(BA)/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	@echo "  CC-ASAN $<"
	@$(CC) $(CFLAGS) $(SAN) $(PKG_CFLAGS) -c $< -o $@

$(B)/libnv.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BA)/libnv.a: $(LIBA_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/nhiemvu: $(B)/fcgi/main.o $(B)/libnv.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Unit tests: cmocka, one binary per module, no servers.
$(B)/tests/%: tests/unit/%.c $(B)/libnv.a tests/unit/unit.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libnv.a \
	    $(PKG_LIBS) -lcmocka

$(BA)/tests/%: tests/unit/%.c $(BA)/libnv.a tests/unit/unit.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(BA)/libnv.a $(PKG_LIBS) -lcmocka

deps:
	@sh packaging/install-deps.sh

check-unit: $(UNIT:%=$(B)/tests/%)
	@set -e; for t in $^; do echo "== $$t"; $$t; done

check-asan: $(UNIT:%=$(BA)/tests/%)
	@set -e; for t in $^; do echo "== $$t (asan+ubsan)"; \
	    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1 $$t; done

demo: deps all
	@HTTP_PORT=$(DEMO_HTTP_PORT) LDAP_PORT=$(DEMO_LDAP_PORT) \
	    sh packaging/stack.sh start demo

stop:
	@sh packaging/stack.sh stop demo

# The test stack always starts from nothing, in run/check.
stack-check: all
	@sh packaging/stack.sh stop check
	@rm -rf run/check
	@HTTP_PORT=$(CHECK_HTTP_PORT) LDAP_PORT=$(CHECK_LDAP_PORT) \
	    EXTRA_LDIF=$(CURDIR)/tests/integration/directory-extra.ldif \
	    ROLE_OFFICIAL="cn=nhiemvu-official,ou=groups,dc=nghean,dc=gov,dc=vn; nhiemvu-official-test" \
	    NV_CONF_EXTRA="login_fail_addr_max = 20" \
	    sh packaging/stack.sh start check

stop-check:
	@sh packaging/stack.sh stop check

check-integration:
	@NV_RUN=$(CURDIR)/run/check NV_BASE=http://127.0.0.1:$(CHECK_HTTP_PORT) \
	    NV_LDAP_PORT=$(CHECK_LDAP_PORT) \
	    $(PYTHON) tests/integration/run.py

check: deps
	@$(MAKE) --no-print-directory lint all check-unit check-asan
	@$(MAKE) --no-print-directory stack-check
	@rc=0; $(MAKE) --no-print-directory check-integration || rc=$$?; \
	    $(MAKE) --no-print-directory stop-check; \
	    if [ $$rc -ne 0 ]; then echo "make check: FAILED"; exit $$rc; fi; \
	    echo "make check: all tests passed"

lint:
	@sh tests/lint.sh

clean:
	rm -rf $(B) $(BA) build-fuzz

distclean: clean
	rm -rf run
