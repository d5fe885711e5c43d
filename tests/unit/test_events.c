/* events: kubelet-style aggregation (same type+reason+container+message ->
 * count++), the bounded set, ordering, the JSON-lines sink format. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "podinit/buf.h"
#include "podinit/clock.h"
#include "podinit/events.h"
#include "podinit/events_sink.h"

#define T0 (1700000000LL * NS_PER_SEC)

static struct events E;

Test(events, aggregates_identical)
{
	const struct event *l[EVENTS_MAX];

	events_init(&E, NULL);
	for (int i = 0; i < 5; i++)
		events_emit(&E, T0 + i * NS_PER_SEC, EVENT_WARNING, "Unhealthy", "app",
		    "Readiness probe failed: %s", "boom");
	cr_assert_eq(events_list(&E, l, EVENTS_MAX), 1);
	cr_assert_eq(l[0]->count, 5);
	cr_assert_eq(l[0]->first_time, T0);
	cr_assert_eq(l[0]->last_time, T0 + 4 * NS_PER_SEC);
	cr_assert_eq(E.total, 5);
}

Test(events, different_fields_do_not_aggregate)
{
	const struct event *l[EVENTS_MAX];

	events_init(&E, NULL);
	events_emit(&E, T0, EVENT_WARNING, "Unhealthy", "app", "x");
	events_emit(&E, T0, EVENT_NORMAL, "Unhealthy", "app", "x");
	events_emit(&E, T0, EVENT_WARNING, "BackOff", "app", "x");
	events_emit(&E, T0, EVENT_WARNING, "Unhealthy", "db", "x");
	events_emit(&E, T0, EVENT_WARNING, "Unhealthy", "app", "y");
	events_emit(&E, T0, EVENT_WARNING, "Unhealthy", NULL, "x");
	cr_assert_eq(events_list(&E, l, EVENTS_MAX), 6);
	cr_assert_str_eq(l[5]->container, "");
}

Test(events, window_starts_a_new_event)
{
	const struct event *l[EVENTS_MAX];

	events_init(&E, NULL);
	events_emit(&E, T0, EVENT_NORMAL, "Started", "app", "Started container app");
	events_emit(&E, T0 + EVENTS_AGGREGATE_NS + 1, EVENT_NORMAL, "Started", "app",
	    "Started container app");
	cr_assert_eq(events_list(&E, l, EVENTS_MAX), 1);
	cr_assert_eq(l[0]->count, 1);
	cr_assert_eq(l[0]->first_time, T0 + EVENTS_AGGREGATE_NS + 1);
}

Test(events, order_is_by_last_occurrence)
{
	const struct event *l[EVENTS_MAX];

	events_init(&E, NULL);
	events_emit(&E, T0, EVENT_NORMAL, "A", "c", "a");
	events_emit(&E, T0 + 1, EVENT_NORMAL, "B", "c", "b");
	events_emit(&E, T0 + 2, EVENT_NORMAL, "A", "c", "a");
	cr_assert_eq(events_list(&E, l, EVENTS_MAX), 2);
	cr_assert_str_eq(l[0]->reason, "B");
	cr_assert_str_eq(l[1]->reason, "A");
	cr_assert_eq(events_list(&E, l, 1), 1);
	cr_assert_str_eq(l[0]->reason, "A");
}

Test(events, bounded_keeps_newest)
{
	const struct event *l[EVENTS_MAX];

	events_init(&E, NULL);
	for (int i = 0; i < EVENTS_MAX + 10; i++)
		events_emit(&E, T0 + i, EVENT_NORMAL, "Started", "c", "n=%d", i);
	cr_assert_eq(events_list(&E, l, EVENTS_MAX), EVENTS_MAX);
	cr_assert_str_eq(l[0]->message, "n=10");
	cr_assert_str_eq(l[EVENTS_MAX - 1]->message, "n=265");
}

Test(events, long_message_is_cut)
{
	static char big[5000];
	const struct event *l[1];

	memset(big, 'x', sizeof big - 1);
	events_init(&E, NULL);
	events_emit(&E, T0, EVENT_NORMAL, "R", "c", "%s", big);
	events_emit(&E, T0, EVENT_NORMAL, "R", "c", "%s", big);
	cr_assert_eq(events_list(&E, l, 1), 1);
	cr_assert_eq(strlen(l[0]->message), EVENT_MESSAGE_MAX - 1);
	cr_assert_eq(l[0]->count, 2);
}

Test(events, json_line_exact)
{
	static char mem[4096];
	const struct event *l[1];
	struct buf b;

	events_init(&E, NULL);
	events_emit(&E, T0 + 123 * NS_PER_MS, EVENT_WARNING, "Unhealthy", "app",
	    "Liveness probe failed: \"bad\"\n");
	events_list(&E, l, 1);
	buf_init(&b, mem, sizeof mem);
	events_json_line(&b, l[0]);
	cr_assert_str_eq(buf_cstr(&b),
	    "{\"time\":\"2023-11-14T22:13:20.123Z\",\"type\":\"Warning\",\"reason\":\"Unhealthy\","
	    "\"container\":\"app\",\"message\":\"Liveness probe failed: \\\"bad\\\"\\n\",\"count\":1}");
}

Test(events, file_sink_appends_lines)
{
	char path[] = "/tmp/podinit-events-XXXXXX";
	char text[4096];
	int fd = mkstemp(path);
	ssize_t n;

	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, "old\n", 4), 4);
	close(fd);
	cr_assert_eq(events_init(&E, path), 0);
	cr_assert(fcntl(E.sink_fd, F_GETFD) & FD_CLOEXEC);
	events_emit(&E, T0, EVENT_NORMAL, "Created", "app", "Created container: app");
	events_emit(&E, T0 + NS_PER_SEC, EVENT_NORMAL, "Created", "app", "Created container: app");
	events_close(&E);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	n = read(fd, text, sizeof text - 1);
	close(fd);
	unlink(path);
	cr_assert(n > 0);
	text[n] = '\0';
	cr_assert_str_eq(text, "old\n"
	    "{\"time\":\"2023-11-14T22:13:20.000Z\",\"type\":\"Normal\",\"reason\":\"Created\","
	    "\"container\":\"app\",\"message\":\"Created container: app\",\"count\":1}\n"
	    "{\"time\":\"2023-11-14T22:13:21.000Z\",\"type\":\"Normal\",\"reason\":\"Created\","
	    "\"container\":\"app\",\"message\":\"Created container: app\",\"count\":2}\n");
}

Test(events, bad_sink_is_not_fatal)
{
	cr_assert_eq(events_init(&E, "/nonexistent-dir/x/events"), -1);
	cr_assert_eq(E.sink_fd, -1);
	events_emit(&E, T0, EVENT_NORMAL, "Started", "app", "ok");
	cr_assert_eq(E.total, 1);
}
