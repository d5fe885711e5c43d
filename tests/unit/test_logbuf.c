/* Unit tests for logbuf (SPEC §8): appends kept in order across the
 * ring's wrap, the oldest records dropped whole, kubectl logs' tailLines,
 * sinceSeconds, limitBytes and timestamps (one per line, the time its
 * first byte arrived, per stream), a follower's cursor, and kubelet's
 * FallbackToLogsOnError tail (80 lines, 2048 bytes). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/logbuf.h"
#include "podinit/units.h"

static char outmem[LOGBUF_READ_ROOM * 2];

static const char *
read_all(const struct logbuf *b, const struct logbuf_query *q)
{
	struct buf o;
	uint64_t cur = 0;
	int64_t w = 0;

	buf_init(&o, outmem, sizeof outmem - 1);
	/* false only when limitBytes stopped it */
	cr_assert(logbuf_read(b, q, &cur, &w, &o) || q->limit_bytes >= 0);
	outmem[o.len] = '\0';
	return outmem;
}

struct q_case {
	char	 name[64];
	int64_t	 tail, since, limit;
	bool	 ts;
	int	 streams;
	char	 want[256];
};

/* The fixture: out "a\nb" at 1 s, out "c\nd\n" at 2 s, err "E1\n" at 3 s,
 * out "e\n" at 4 s. */
ParameterizedTestParameters(logbuf, queries)
{
	static struct q_case c[] = {
		{ "everything", -1, 0, -1, false, 0, "a\nbc\nd\nE1\ne\n" },
		{ "tail 2", 2, 0, -1, false, 0, "E1\ne\n" },
		{ "tail 3: a line begun in the middle of a record", 3, 0, -1, false, 0,
		  "d\nE1\ne\n" },
		{ "tail 4: the line spanning two records", 4, 0, -1, false, 0, "bc\nd\nE1\ne\n" },
		{ "tail 0", 0, 0, -1, false, 0, "" },
		{ "tail 99: all", 99, 0, -1, false, 0, "a\nbc\nd\nE1\ne\n" },
		{ "since 3 s", -1, 3 * NS_PER_SEC, -1, false, 0, "E1\ne\n" },
		{ "limit 5 bytes", -1, 0, 5, false, 0, "a\nbc\n" },
		{ "stderr only", -1, 0, -1, false, LOG_STDERR, "E1\n" },
		{ "timestamps: per line, its first byte's time", -1, 0, -1, true, 0,
		  "1970-01-01T00:00:01Z a\n1970-01-01T00:00:01Z bc\n1970-01-01T00:00:02Z d\n"
		  "1970-01-01T00:00:03.5Z E1\n1970-01-01T00:00:04Z e\n" },
		{ "timestamps with tail 2", 2, 0, -1, true, 0,
		  "1970-01-01T00:00:03.5Z E1\n1970-01-01T00:00:04Z e\n" },
	};

	return cr_make_param_array(struct q_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct q_case *c, logbuf, queries)
{
	static uint8_t mem[4096];
	struct logbuf b;
	struct logbuf_query q = { .tail_lines = c->tail, .since_ns = c->since,
		.limit_bytes = c->limit, .timestamps = c->ts, .streams = c->streams };

	logbuf_init(&b, mem, sizeof mem);
	logbuf_append(&b, 1 * NS_PER_SEC, LOG_STDOUT, "a\nb", 3);
	logbuf_append(&b, 2 * NS_PER_SEC, LOG_STDOUT, "c\nd\n", 4);
	logbuf_append(&b, 3 * NS_PER_SEC + 500 * NS_PER_MS, LOG_STDERR, "E1\n", 3);
	logbuf_append(&b, 4 * NS_PER_SEC, LOG_STDOUT, "e\n", 2);
	cr_assert_str_eq(read_all(&b, &q), c->want, "%s: [%s]", c->name, outmem);
}

/* A small ring: the oldest records go whole; what is kept is the end, in
 * order, across the wrap. */
Test(logbuf, wrap)
{
	static uint8_t mem[200];
	struct logbuf b;
	struct logbuf_query q = { .tail_lines = -1, .limit_bytes = -1 };
	char line[24], want[4096] = "";
	const char *got;

	logbuf_init(&b, mem, sizeof mem);
	for (int i = 0; i < 100; i++) {
		snprintf(line, sizeof line, "line%02d\n", i);
		logbuf_append(&b, i, LOG_STDOUT, line, strlen(line));
	}
	got = read_all(&b, &q);
	/* each record: 16 + 7 bytes; 200 / 23 = 8 kept */
	for (int i = 92; i < 100; i++) {
		snprintf(line, sizeof line, "line%02d\n", i);
		strcat(want, line);
	}
	cr_assert_str_eq(got, want);
	cr_assert_eq(b.dropped, 92 * 7);
	/* an append larger than the ring keeps its end */
	char big[1000];
	memset(big, 'x', sizeof big);
	big[sizeof big - 1] = '\n';
	logbuf_append(&b, 200, LOG_STDERR, big, sizeof big);
	got = read_all(&b, &q);
	cr_assert_gt(strlen(got), 100);
	cr_assert_eq(got[strlen(got) - 1], '\n');
	cr_assert_eq(strspn(got, "x"), strlen(got) - 1);
}

/* A follower: its cursor goes on where it stopped, and a cursor the ring
 * overwrote resumes at the oldest record kept. */
Test(logbuf, follow)
{
	static uint8_t mem[256];
	struct logbuf b;
	struct logbuf_query q = { .tail_lines = 1, .limit_bytes = -1 };
	struct buf o;
	uint64_t cur = 0;
	int64_t w = 0;

	logbuf_init(&b, mem, sizeof mem);
	logbuf_append(&b, 1, LOG_STDOUT, "old\nnew\n", 8);
	buf_init(&o, outmem, sizeof outmem - 1);
	cr_assert(logbuf_read(&b, &q, &cur, &w, &o));
	outmem[o.len] = '\0';
	cr_assert_str_eq(outmem, "new\n", "tail 1 first");
	logbuf_append(&b, 2, LOG_STDOUT, "more\n", 5);
	buf_init(&o, outmem, sizeof outmem - 1);
	cr_assert(logbuf_read(&b, &q, &cur, &w, &o));
	outmem[o.len] = '\0';
	cr_assert_str_eq(outmem, "more\n", "then only what came since");
	for (int i = 0; i < 40; i++)
		logbuf_append(&b, 3, LOG_STDOUT, "filler\n", 7);
	buf_init(&o, outmem, sizeof outmem - 1);
	cr_assert(logbuf_read(&b, &q, &cur, &w, &o));
	cr_assert_gt(o.len, 0, "a stale cursor resumes at the oldest kept");
	/* limitBytes counts across calls */
	struct logbuf_query lq = { .tail_lines = -1, .limit_bytes = 3 };
	uint64_t c2 = 0;
	int64_t w2 = 0;
	buf_init(&o, outmem, sizeof outmem - 1);
	cr_assert_not(logbuf_read(&b, &lq, &c2, &w2, &o));
	cr_assert_eq(o.len, 3);
	cr_assert_eq(w2, 3);
}

/* kubelet: the last 80 lines, then at most the last 2048 bytes. */
Test(logbuf, fallback_message)
{
	static uint8_t mem[LOGBUF_SIZE];
	struct logbuf b;
	char msg[4096], line[64];

	logbuf_init(&b, mem, sizeof mem);
	cr_assert_eq(logbuf_fallback_message(&b, msg, sizeof msg), 0);
	cr_assert_str_eq(msg, "");
	for (int i = 0; i < 100; i++) {
		snprintf(line, sizeof line, "%03d\n", i);
		logbuf_append(&b, i, i % 2 ? LOG_STDERR : LOG_STDOUT, line, 4);
	}
	cr_assert_eq(logbuf_fallback_message(&b, msg, sizeof msg), 80 * 4);
	cr_assert_eq(strncmp(msg, "020\n", 4), 0, "the last 80 lines: [%.8s]", msg);
	for (int i = 0; i < 100; i++) {
		memset(line, 'y', 60);
		line[60] = '\n';
		logbuf_append(&b, 1000 + i, LOG_STDOUT, line, 61);
	}
	cr_assert_eq(logbuf_fallback_message(&b, msg, sizeof msg), 2048, "2048 bytes at most");
	cr_assert_eq(msg[2047], '\n');
	cr_assert_eq(logbuf_fallback_message(&b, msg, 10), 9, "cut to the caller's room");
}
