# nhiemvu: one non-recursive Makefile.  `make demo` and `make check` are the
# two commands of the README; the rest are their parts.

WERROR	?= -Werror
CC	?= cc
# Issue 8: the libraries a worker seldom calls are not linked but opened
# on first use (fcgi/base/lazylib.h), by the soname of the development
# library compiled against; tests that call one directly link it.
PKGS_LINKED = fcgi libcjson libmariadb ldap libsodium zlib openssl
PKGS_LAZY = xlsxwriter liboath libqrencode libzip expat libcurl libmagic
PKGS	 = $(PKGS_LINKED) $(PKGS_LAZY)
PYTHON	?= /usr/bin/python3

CFLAGS	?= -O2 -g
CFLAGS	+= -std=c11 -D_DEFAULT_SOURCE -D_FORTIFY_SOURCE=2 -fPIE \
	   -fstack-protector-strong -Wall -Wextra $(WERROR) -Wshadow \
	   -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla \
	   -Wno-missing-field-initializers -I.
LDFLAGS	+= -pie -Wl,-z,relro,-z,now
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS_LINKED) 2>/dev/null) -llber -lm
soname	   = $(shell readelf -d $$($(CC) -print-file-name=$(1).so) 2>/dev/null | \
	     sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
LAZY_SONAMES = -DNV_SONAME_CURL='"$(call soname,libcurl)"' \
	   -DNV_SONAME_MAGIC='"$(call soname,libmagic)"' \
	   -DNV_SONAME_OATH='"$(call soname,liboath)"' \
	   -DNV_SONAME_QRENCODE='"$(call soname,libqrencode)"' \
	   -DNV_SONAME_ZIP='"$(call soname,libzip)"' \
	   -DNV_SONAME_EXPAT='"$(call soname,libexpat)"' \
	   -DNV_SONAME_XLSXWRITER='"$(call soname,libxlsxwriter)"'

SAN	 = -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer -DARENA_MALLOC

# Everything but main(): the library the daemon, unit tests and fuzzers share.
# The layers, each a folder: base (no HTTP, no domain), http (the FastCGI
# plumbing), domain (records, rules, the write path), api (handlers).
# auth/ depends on base only; lint checks it.
BASE_SRC = $(addprefix fcgi/base/,log.c arena.c buf.c str.c utf8.c jw.c \
	   conf.c db.c db_count.c db_hosts.c db_tx.c db_kept.c clock.c xlsx.c qr.c sheet.c sheet_xlsx.c mail.c filetype.c \
	   footprint.c gz.c lazylib.c)
HTTP_SRC = $(addprefix fcgi/http/,req.c resp.c route.c idem.c worker.c page.c \
	   multipart.c)
DOMAIN_SRC = $(addprefix fcgi/domain/,vocab.c record.c wf.c audit.c task.c \
	   report.c dashboard.c indicator.c indicator_value.c \
	   indicator_series.c proposal.c task_import.c todo.c scorecard.c \
	   round.c programme.c milestone.c attachment.c attachment_store.c attachment_name.c \
	   public_data.c delegation.c committee.c committee_header.c contribution.c \
	   task_search.c task_seen.c)
API_SRC	 = $(addprefix fcgi/api/,routes.c api_session.c api_agency.c api_health.c \
	   api_wf.c api_task.c api_task_sort.c api_task_bulk.c api_task_total.c api_task_cache.c api_dashboard_cache.c \
	   api_agency_admin.c api_settings.c api_filters.c api_report.c api_dashboard.c \
	   api_export.c api_audit.c api_admin.c api_totp.c refusal.c resync.c \
	   api_indicator.c api_proposal.c api_results.c api_import.c api_todo.c remind.c \
	   api_scorecard.c api_round.c api_programme.c api_missing.c api_milestone.c \
	   api_attachment.c api_public.c api_delegation.c api_contribution.c \
	   api_milestone_overdue.c api_dashboard_overdue.c)
AUTH_SRC = $(addprefix auth/,policy.c sess.c dir.c dir_broker.c throttle.c device.c totp.c login.c)
LIB_SRC	 = $(BASE_SRC) $(HTTP_SRC) $(DOMAIN_SRC) $(API_SRC) $(AUTH_SRC)
HDRS	 = $(wildcard fcgi/*/*.h auth/*.h)
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
# The test stack's HTTPS server (HSTS, __Host- cookies): HTTP port + 363.
CHECK_TLS_PORT	?= $(shell expr $(CHECK_HTTP_PORT) + 363)
# The stacks' SMTP sinks (issue 12's reminders): HTTP port + 4445.
DEMO_SMTP_PORT	?= $(shell expr $(DEMO_HTTP_PORT) + 4445)
CHECK_SMTP_PORT	?= $(shell expr $(CHECK_HTTP_PORT) + 4445)

.PHONY: all deps demo stop check check-unit check-asan check-integration \
	check-faults check-valgrind stack-check stop-check lint fuzz bench \
	bench-compare bench-logins bench-search bench-writes bench-public bench-filters bench-callgrind bench-curve bench-long \
	check-bench-smoke stop-bench clean distclean deb check-deb \
	check-pools check-cluster

all: $(B)/nhiemvu www

$(B)/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(BA)/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	@echo "  CC-ASAN $<"
	@$(CC) $(CFLAGS) $(SAN) $(PKG_CFLAGS) -c $< -o $@

$(B)/fcgi/base/lazylib.o $(BA)/fcgi/base/lazylib.o: CFLAGS += $(LAZY_SONAMES)

$(B)/libnv.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BA)/libnv.a: $(LIBA_OBJ)
	rm -f $@ && ar rcs $@ $^

$(B)/nhiemvu: $(B)/fcgi/http/main.o $(B)/libnv.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Unit tests: cmocka, one binary per module, no servers.
$(B)/tests/%: tests/unit/%.c $(B)/libnv.a tests/unit/unit.h
	@mkdir -p $(@D)
	@echo "  TEST    $@"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $(filter %.c,$^) \
	    $(B)/libnv.a $(PKG_LIBS) $(TEST_LIBS) -lcmocka

$(BA)/tests/%: tests/unit/%.c $(BA)/libnv.a tests/unit/unit.h
	@mkdir -p $(@D)
	@echo "  TEST    $@"
	@$(CC) $(CFLAGS) $(SAN) $(PKG_CFLAGS) $(LDFLAGS) -o $@ \
	    $(filter %.c,$^) $(BA)/libnv.a $(PKG_LIBS) $(TEST_LIBS) -lcmocka

# test_sheet builds its workbooks with libzip itself; every other test
# reaches the lazily opened libraries through dlopen, as a worker does.
$(B)/tests/test_sheet $(BA)/tests/test_sheet: TEST_LIBS = \
    $(shell pkg-config --libs libzip)

# The write path's tests link a scripted database (fake_db.c) before
# libnv.a, so the linker never takes the real adapter, db.o, from it.
$(B)/tests/test_wf $(BA)/tests/test_wf: tests/unit/fake_db.c \
    tests/unit/fake_db.h
$(B)/tests/test_indicator $(BA)/tests/test_indicator: tests/unit/fake_db.c \
    tests/unit/fake_db.h
$(B)/tests/test_proposal $(BA)/tests/test_proposal: tests/unit/fake_db.c \
    tests/unit/fake_db.h
$(B)/tests/test_public_data $(BA)/tests/test_public_data: tests/unit/fake_db.c \
    tests/unit/fake_db.h
$(B)/tests/test_task_search $(BA)/tests/test_task_search: tests/unit/fake_db.c \
    tests/unit/fake_db.h
$(B)/tests/test_delegation $(BA)/tests/test_delegation: tests/unit/fake_db.c \
    tests/unit/fake_db.h
$(B)/tests/test_db_kept $(BA)/tests/test_db_kept: tests/unit/fake_db.c \
    tests/unit/fake_db.h
$(B)/tests/test_dash_cache $(BA)/tests/test_dash_cache: tests/unit/fake_db.c \
    tests/unit/fake_db.h

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
	    SMTP_PORT=$(DEMO_SMTP_PORT) sh packaging/stack.sh start demo
	@echo ""
	@echo "nhiemvu is running: http://127.0.0.1:$(DEMO_HTTP_PORT)/"
	@echo "  (API: http://127.0.0.1:$(DEMO_HTTP_PORT)/api/v1/health)"
	@echo "Demo logins, password Demo@2026 for all:"
	@echo "  cb.skhcn  official, Sở Khoa học và Công nghệ"
	@echo "  gd.skhcn  official and head, Sở Khoa học và Công nghệ"
	@echo "  cb.snv gd.snv, cb.cat gd.cat, cb.syt gd.syt  officials and heads"
	@echo "  tt.bcd    secretariat of the committee (and official, SKHCN)"
	@echo "  ld.bcd    leadership of the committee"
	@echo "  admin     administrator"
	@echo "Communes (issue 14): Ban Chỉ đạo phường Thành Vinh, phường Cửa Lò:"
	@echo "  tk.tvinh tk.cualo  commune secretariat (and official, its office)"
	@echo "  ld.tvinh ld.cualo  commune leadership"
	@echo "  cb.tvinh.vhxh tp.tvinh.vhxh, cb.tvinh.kt tp.tvinh.kt,"
	@echo "  cb.cualo.vhxh tp.cualo.vhxh  officials and heads of commune offices"
	@echo "  khach     no agency, no role: refused (403 no_access)"
	@echo "Everything lives in run/demo/ (logs in run/demo/log/)."
	@echo "Stop it with: make stop"

stop:
	@sh packaging/stack.sh stop demo

# The test stack always starts from nothing, in run/check.
stack-check: all
	@sh packaging/stack.sh stop check
	@rm -rf run/check
	@HTTP_PORT=$(CHECK_HTTP_PORT) LDAP_PORT=$(CHECK_LDAP_PORT) \
	    SMTP_PORT=$(CHECK_SMTP_PORT) \
	    TLS_PORT=$(CHECK_TLS_PORT) EXTRA_LDIF=$(CURDIR)/tests/integration/directory-extra.ldif \
	    ROLE_OFFICIAL="cn=nhiemvu-official,ou=groups,dc=nghean,dc=gov,dc=vn; nhiemvu-official-test" \
	    ROLE_SECRETARIAT="nhiemvu-secretariat; nhiemvu-secretariat-test" \
	    NV_CONF_EXTRA="login_fail_addr_max = 20" \
	    sh packaging/stack.sh start check

stop-check:
	@sh packaging/stack.sh stop check

check-integration:
	@NV_RUN=$(CURDIR)/run/check NV_BASE=http://127.0.0.1:$(CHECK_HTTP_PORT) \
	    NV_LDAP_PORT=$(CHECK_LDAP_PORT) NV_TLS_PORT=$(CHECK_TLS_PORT) \
	    $(PYTHON) tests/integration/run.py

check: deps
	@$(MAKE) --no-print-directory lint all check-unit check-asan \
	    check-fuzz-short
	@$(MAKE) --no-print-directory stack-check || \
	    { $(MAKE) --no-print-directory stop-check; \
	      echo "make check: FAILED (the test stack did not start)"; exit 1; }
	@rc=0; $(MAKE) --no-print-directory check-integration || rc=$$?; \
	    $(MAKE) --no-print-directory check-browser || rc=$$?; \
	    $(MAKE) --no-print-directory check-bench-smoke || rc=$$?; \
	    $(MAKE) --no-print-directory stop-check; \
	    if [ $$rc -ne 0 ]; then echo "make check: FAILED"; exit $$rc; fi; \
	    echo "make check: all tests passed"

# Faults under load with a ledger of acknowledged writes (issue 9): its own
# fresh stack, stopped at the end; run by .ci/run after make check.
check-faults: all
	@$(MAKE) --no-print-directory stack-check
	@rc=0; NV_RUN=$(CURDIR)/run/check \
	    NV_BASE=http://127.0.0.1:$(CHECK_HTTP_PORT) \
	    NV_LDAP_PORT=$(CHECK_LDAP_PORT) \
	    $(PYTHON) tests/faults/ledger.py || rc=$$?; \
	    $(MAKE) --no-print-directory stop-check; \
	    if [ $$rc -ne 0 ]; then echo "make check-faults: FAILED"; \
	    exit $$rc; fi; echo "make check-faults: no acknowledged write lost"

# Valgrind memcheck under the integration suite, one worker (issue 9); its
# own stack, not part of make check.  Tests that time the service, count
# workers or start a pool of their own are left out (VALGRIND_SKIP).  Fails
# on any memcheck error or definite leak, in the supervisor or the worker.
VALGRIND	 = valgrind --tool=memcheck --leak-check=full \
		   --errors-for-leak-kinds=definite --show-leak-kinds=definite \
		   --num-callers=30 --log-file=$(CURDIR)/run/check/log/vg.%p
VALGRIND_SKIP	 = test_057,test_950,test_976,test_940,test_975
check-valgrind: all
	@sh packaging/stack.sh stop check
	@rm -rf run/check
	@HTTP_PORT=$(CHECK_HTTP_PORT) LDAP_PORT=$(CHECK_LDAP_PORT) WORKERS=1 \
	    POOL_WRAP="$(VALGRIND)" \
	    EXTRA_LDIF=$(CURDIR)/tests/integration/directory-extra.ldif \
	    ROLE_OFFICIAL="cn=nhiemvu-official,ou=groups,dc=nghean,dc=gov,dc=vn; nhiemvu-official-test" \
	    ROLE_SECRETARIAT="nhiemvu-secretariat; nhiemvu-secretariat-test" \
	    NV_CONF_EXTRA="login_fail_addr_max = 20" \
	    sh packaging/stack.sh start check
	@rc=0; NV_SKIP=$(VALGRIND_SKIP) $(MAKE) --no-print-directory \
	    check-integration || rc=$$?; \
	    $(MAKE) --no-print-directory stop-check; \
	    grep -h "ERROR SUMMARY\|definitely lost" run/check/log/vg.* ; \
	    if grep -L "ERROR SUMMARY: 0 errors" run/check/log/vg.* | \
	        grep -q .; then echo "check-valgrind: memcheck errors"; \
	        rc=1; fi; \
	    if [ $$rc -ne 0 ]; then echo "check-valgrind: FAILED"; \
	    exit $$rc; fi; echo "check-valgrind: memcheck clean"

lint:
	@sh tests/lint.sh

# The Debian package (packaging/debian, packaging/README.md), built from a
# copy of the working tree into build/deb/ with dpkg-buildpackage; fails on
# any lintian error.
deb: www
	@sh packaging/deb.sh $(B)/deb

# The package installed, upgraded, run, removed and purged in a throw-away
# root (tests/deb/test_deb.py), against the test stack's directory: run
# `make stack-check` first.  The root's base is made once by debootstrap
# into run/deb-base.  The "older" package lacks the newest migration, so
# the upgrade has one to apply.
DEB_VERSION_NOW = $(shell dpkg-parsechangelog -l packaging/debian/changelog -S Version)
check-deb: www
	@sh tests/deb/base.sh $(CURDIR)/run/deb-base
	@DEB_VERSION=$(DEB_VERSION_NOW)~old DEB_DROP_MIGRATIONS=1 \
	    DEB_BUILD_OPTIONS=nocheck sh packaging/deb.sh $(B)/deb-old > /dev/null
	@sh packaging/deb.sh $(B)/deb > /dev/null
	@NV_RUN=$(CURDIR)/run/check NV_LDAP_PORT=$(CHECK_LDAP_PORT) \
	    DEB_OLD=$(CURDIR)/$(B)/deb-old/nhiemvu_$(DEB_VERSION_NOW)~old_amd64.deb \
	    DEB_NEW=$(CURDIR)/$(B)/deb/nhiemvu_$(DEB_VERSION_NOW)_amd64.deb \
	    DEB_BASE=$(CURDIR)/run/deb-base DEB_WORK=$(CURDIR)/run/deb \
	    $(PYTHON) tests/deb/test_deb.py

# Two worker pools behind one nginx upstream, one killed mid-load
# (tests/cluster/test_two_pools.py): needs `make stack-check`; its nginx
# listens on CHECK_HTTP_PORT + 2.
check-pools: all
	@NV_RUN=$(CURDIR)/run/check NV_LDAP_PORT=$(CHECK_LDAP_PORT) \
	    NV_POOLS_PORT=$$(($(CHECK_HTTP_PORT) + 2)) \
	    $(PYTHON) tests/cluster/test_two_pools.py

# The product on a three-node MariaDB Galera cluster, one node SIGKILLed
# under write load and restarted (tests/cluster/test_galera.py,
# docs/CLUSTER.md).  Its own test stack (for the directory and secrets),
# the nodes under run/cluster/ on CLUSTER_DB_PORT.. (clients) and
# CLUSTER_GALERA_PORT.. (Galera, IST +10, SST +20); nginx on
# CHECK_HTTP_PORT + 4 (both pools), + 5 (pool a), + 6 (pool b).  Stops
# everything at the end; not part of make check.
CLUSTER_DB_PORT		?= 23306
CLUSTER_GALERA_PORT	?= 24567
check-cluster: all
	@sh packaging/install-deps.sh cluster
	@$(MAKE) --no-print-directory stack-check
	@rc=0; NV_RUN=$(CURDIR)/run/check NV_LDAP_PORT=$(CHECK_LDAP_PORT) \
	    NV_CLUSTER_PORT=$$(($(CHECK_HTTP_PORT) + 4)) \
	    NV_GALERA_DB_PORT=$(CLUSTER_DB_PORT) \
	    NV_GALERA_PORT=$(CLUSTER_GALERA_PORT) \
	    $(PYTHON) tests/cluster/test_galera.py || rc=$$?; \
	    $(MAKE) --no-print-directory stop-check; \
	    if [ $$rc -ne 0 ]; then echo "make check-cluster: FAILED" \
	    "(logs in run/cluster/)"; exit $$rc; fi; \
	    echo "make check-cluster: passed"

# Benchmarks at 100,000 tasks and 1,000,000 reports, in run/bench/
# (BENCH_TASKS, BENCH_REPORTS, BENCH_SECONDS, BENCH_ROUNDS): every
# tests/bench/scenario-*.sh, one table (tests/bench/bench.sh, table.sh).
# The list side by side with nginx alone, a bare libfcgi responder, a naive
# C responder and PHP-FPM (scenario-compare.sh; needs php-fpm and
# php-mysql, which packaging/install-deps.sh installs).  Not part of make check but
# for its smoke run (check-bench-smoke).
BENCH_BIN = $(B)/bench/bare $(B)/bench/naive $(B)/bench/ldapbind
$(B)/bench/%: tests/bench/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< $(PKG_LIBS)

bench: all $(BENCH_BIN)
	@sh packaging/install-deps.sh
	@sh tests/bench/bench.sh

bench-compare: all $(BENCH_BIN)
	@sh packaging/install-deps.sh
	@BENCH_SCENARIOS=compare sh tests/bench/bench.sh

# One scenario of make bench alone, in the same table (tests/bench/
# scenario-NAME.sh): logins against baseline 5 (slapd's search+bind), the
# list's search, writes under load (writes.py), the public page under a
# spike against nginx serving its bytes.
bench-logins bench-search bench-writes bench-public bench-filters: all $(BENCH_BIN)
	@BENCH_SCENARIOS=$(@:bench-%=%) sh tests/bench/bench.sh

# Every scenario of make bench for a second each on the running check
# stack (after the integration and browser tests, which it does not
# disturb), 2,000 tasks more: checks only that every row was measured and
# every baseline started (and stops them), never a speed.
check-bench-smoke: all $(BENCH_BIN)
	@BENCH_STACK=check BENCH_REUSE=1 BENCH_SMOKE=1 \
	    BENCH_HTTP_PORT=$(CHECK_HTTP_PORT) BENCH_LDAP_PORT=$(CHECK_LDAP_PORT) \
	    BENCH_TASKS=2000 BENCH_REPORTS=4000 BENCH_SECONDS=1 BENCH_ROUNDS=1 \
	    BENCH_CONNS=4 BENCH_BUILT_N=3 BENCH_USERS=50 BENCH_SEQ_SECONDS=1 \
	    BENCH_WRITE_CONNS=4 BENCH_PUBLIC_CONNS=8 sh tests/bench/bench.sh

# Worker RSS at the start and the end of BENCH_LONG_REQUESTS requests
# (default 1,000,000) of a mix of the reads, on the bench stack
# (tests/bench/long.sh).
bench-long: all
	@sh tests/bench/long.sh

# Instructions per request in one worker under callgrind, against the
# running bench stack: make bench-callgrind [CG_PATH=...] [CG_USER=...].
bench-callgrind: all
	@sh tests/bench/callgrind.sh "$(or $(CG_PATH),/api/v1/tasks?limit=50)" \
	    "$(or $(CG_USER),tt.bcd)" 50

# The dashboard, searches and list pages at 1k / 10k / 100k tasks, ten
# reports each (tests/bench/curve.sh, its own stack in run/curve/).
bench-curve: all
	@sh tests/bench/curve.sh

stop-bench:
	@sh packaging/stack.sh stop bench
	@sh packaging/stack.sh stop curve

# Fuzzing: one libFuzzer harness per parser (tests/fuzz/fuzz_<name>.c), built
# with clang and ASan+UBSan into build-fuzz/ from the library sources (the
# worker loop is left out: it needs a FastCGI peer).  Each run starts from
# the seeds in tests/fuzz/corpus/<name>/ and keeps what it finds in
# build-fuzz/corpus/<name>/; a crash, leak or UB report fails the target and
# leaves its input in build-fuzz/crashes/.
FUZZ_CC		?= clang
FUZZ_SECONDS	?= 20
FUZZ_NAMES	 = utf8 query json cookie ldapfilter sheet multipart
BF		 = build-fuzz
FUZZ_SAN	 = -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer -DARENA_MALLOC
FUZZ_CFLAGS	 = -std=c11 -D_DEFAULT_SOURCE -O1 -g -Wall -Wextra $(WERROR) \
		   -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
		   -Wformat=2 -Wvla -Wno-missing-field-initializers -I. $(FUZZ_SAN)
FUZZ_LIB_SRC	 = $(filter-out fcgi/http/worker.c,$(LIB_SRC))
FUZZ_LIB_OBJ	 = $(FUZZ_LIB_SRC:%.c=$(BF)/%.o)
FUZZ_BIN	 = $(FUZZ_NAMES:%=$(BF)/fuzz_%)

.PHONY: fuzz-build check-fuzz-short

# clang, unlike gcc, warns about log.c's vsnprintf(fmt): not a finding.
$(BF)/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Wno-format-nonliteral \
	    -fsanitize=fuzzer-no-link $(PKG_CFLAGS) \
	    $(if $(filter %/lazylib.o,$@),$(LAZY_SONAMES)) -c $< -o $@

$(BF)/libnv.a: $(FUZZ_LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BF)/fuzz_%: tests/fuzz/fuzz_%.c $(BF)/libnv.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -o $@ $< \
	    $(BF)/libnv.a $(PKG_LIBS)

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	@set -e; for n in $(FUZZ_NAMES); do \
	    echo "== fuzz_$$n ($(FUZZ_SECONDS) s)"; \
	    mkdir -p $(BF)/corpus/$$n $(BF)/crashes; \
	    dict=; if [ -f tests/fuzz/$$n.dict ]; then \
	        dict=-dict=tests/fuzz/$$n.dict; fi; \
	    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    $(BF)/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	        -rss_limit_mb=2048 -artifact_prefix=$(BF)/crashes/$$n- $$dict \
	        $(BF)/corpus/$$n tests/fuzz/corpus/$$n 2>$(BF)/fuzz_$$n.log \
	    || { tail -n 60 $(BF)/fuzz_$$n.log; \
	        echo "fuzz_$$n: FAILED (see $(BF)/fuzz_$$n.log and" \
	            "$(BF)/crashes/)"; exit 1; }; \
	    grep -E '^(#[0-9]+ *DONE|Done)' $(BF)/fuzz_$$n.log || true; \
	done

check-fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=8

clean:
	rm -rf $(B) $(BA) build-fuzz

distclean: clean
	rm -rf run

# --- Web UI (nginx/www) and its browser tests --------------------------------
# www: vendors Chart.js from npm (pinned in nginx/package-lock.json) into
# nginx/www/vendor/; node_modules and the copied file are not committed.
# check-browser: playwright-core (pinned in tests/browser/package-lock.json)
# drives Debian's /usr/bin/chromium through the UI of a running stack at
# NV_BASE (`make stack-check` first); screenshots go to
# tests/browser/screenshots/.
NV_BASE	?= http://127.0.0.1:$(CHECK_HTTP_PORT)
NPM	?= npm
NODE	?= node
WWW_VENDOR = nginx/www/vendor/chart.umd.js

.PHONY: www check-browser

nginx/node_modules/.package-lock.json: nginx/package.json nginx/package-lock.json
	cd nginx && $(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

$(WWW_VENDOR): nginx/node_modules/.package-lock.json
	@mkdir -p $(@D)
	cp nginx/node_modules/chart.js/dist/chart.umd.js $@

www: $(WWW_VENDOR)

tests/browser/node_modules/.package-lock.json: tests/browser/package.json \
    tests/browser/package-lock.json
	cd tests/browser && $(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

# A file's limit is 240 s: walkthrough.test.js (both widths, every screen)
# took 88 s alone at load 13 and passed 120 s four times in a day when
# several suites shared this 2-core machine; a hang still fails.
check-browser: www tests/browser/node_modules/.package-lock.json
	@cd tests/browser && NV_BASE=$(NV_BASE) $(NODE) --test \
	    --test-concurrency=1 --test-timeout=240000 walkthrough.test.js import.test.js todo.test.js \
	    attachments.test.js totp.test.js results.test.js admin.test.js programme.test.js \
	    public.test.js delegations.test.js communes.test.js contributions.test.js search-total.test.js \
	    fold.test.js
# --- end of the web UI block ---------------------------------------------------
