/* events: kubelet-like events with count aggregation, kept in a fixed set
 * of EVENTS_MAX slots (the least recently seen is replaced when full), and
 * written as JSON lines to the --events sink and as human lines to stderr.
 *
 * K8S: kubelet's recorder (client-go EventCorrelator) folds an event whose
 * source, object, type, reason and message equal an earlier one into that
 * one: count++ and lastTimestamp = now.  kubectl describe then shows
 * "(x3 over 20s)".  We key on type+reason+container+message. */
#include "podinit/events.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "podinit/buf.h"
#include "podinit/clock.h"
#include "podinit/fdx.h"
#include "podinit/json.h"
#include "podinit/log.h"

int
events_init(struct events *e, const char *sink_path)
{
	/* The slots are not touched: only ev[0..used) are ever read, so the
	 * 300 KB ring costs memory only as events arrive (an idle tini-style
	 * podinit stays small). */
	e->used = 0;
	e->seq = 0;
	e->total = 0;
	e->sink_owned = false;
	e->sink_warned = false;
	e->sink_fd = -1;
	if (sink_path == NULL || *sink_path == '\0')
		return 0;
	if (strcmp(sink_path, "-") == 0) {
		/* stderr stays blocking: it is shared with the workload
		 * (DESIGN §1.4 "Blocking writes"). */
		e->sink_fd = STDERR_FILENO;
		return 0;
	}
	e->sink_fd = open(sink_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0640);
	if (e->sink_fd == -1) {
		log_warn("--events %s", sink_path);
		return -1;
	}
	e->sink_owned = true;
	return 0;
}

void
events_close(struct events *e)
{
	if (e->sink_owned)
		fdx_close(&e->sink_fd);
	e->sink_fd = -1;
	e->sink_owned = false;
}

static void
copy_field(char *dst, size_t dstsz, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n >= dstsz)
		n = dstsz - 1;
	if (n > 0 && src != NULL)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

static struct event *
find_same(struct events *e, const char *type, const char *reason,
    const char *container, const char *message)
{
	for (size_t i = 0; i < e->used; i++) {
		struct event *ev = &e->ev[i];

		if (ev->seq != 0 && strcmp(ev->reason, reason) == 0 &&
		    strcmp(ev->container, container) == 0 &&
		    strcmp(ev->type, type) == 0 &&
		    strcmp(ev->message, message) == 0)
			return ev;
	}
	return NULL;
}

static struct event *
take_slot(struct events *e)
{
	struct event *oldest = &e->ev[0];

	if (e->used < EVENTS_MAX) {
		memset(&e->ev[e->used], 0, sizeof e->ev[0]);
		return &e->ev[e->used++];
	}
	for (size_t i = 0; i < EVENTS_MAX; i++)
		if (e->ev[i].seq < oldest->seq)
			oldest = &e->ev[i];
	return oldest;
}

void
events_json_line(struct buf *b, const struct event *ev)
{
	struct json j;
	char ts[40];

	clock_rfc3339(ev->last_time, ts, sizeof ts);
	json_init(&j, b);
	json_object_begin(&j);
	json_kv_string(&j, "time", ts);
	json_kv_string(&j, "type", ev->type);
	json_kv_string(&j, "reason", ev->reason);
	json_kv_string(&j, "container", ev->container);
	json_kv_string(&j, "message", ev->message);
	json_kv_int(&j, "count", ev->count);
	json_object_end(&j);
}

static void
sink_write(struct events *e, const struct event *ev)
{
	/* Worst case: every message byte escaped as \u00XX. */
	static char mem[EVENT_MESSAGE_MAX * 6 + 1024];
	struct buf b;

	if (e->sink_fd < 0)
		return;
	buf_init(&b, mem, sizeof mem);
	events_json_line(&b, ev);
	buf_addc(&b, '\n');
	if (fdx_write_full(e->sink_fd, b.p, b.len) != (ssize_t)b.len && !e->sink_warned) {
		/* A full disk or a closed pipe must not stop the pod: warn
		 * once and keep the in-memory events. */
		e->sink_warned = true;
		log_warn("events: writing the --events sink");
	}
}

static void
log_line(const struct event *ev)
{
	const char *c = ev->container[0] ? ev->container : "-";

	if (strcmp(ev->type, EVENT_WARNING) == 0)
		log_warnx("%s %s %s: %s", ev->type, ev->reason, c, ev->message);
	else
		log_info("%s %s %s: %s", ev->type, ev->reason, c, ev->message);
}

void
events_emit(struct events *e, int64_t real_now, const char *type, const char *reason,
    const char *container, const char *fmt, ...)
{
	char msg[EVENT_MESSAGE_MAX];
	struct event *ev;
	va_list ap;

	if (type == NULL)
		type = EVENT_NORMAL;
	if (reason == NULL)
		reason = "";
	if (container == NULL)
		container = "";
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);

	/* Compare with the stored (possibly cut) forms. */
	char ty[EVENT_TYPE_MAX], re[EVENT_REASON_MAX], co[EVENT_CONTAINER_MAX];
	copy_field(ty, sizeof ty, type);
	copy_field(re, sizeof re, reason);
	copy_field(co, sizeof co, container);

	ev = find_same(e, ty, re, co, msg);
	if (ev != NULL && real_now - ev->last_time <= EVENTS_AGGREGATE_NS) {
		ev->count++;
		if (real_now > ev->last_time)
			ev->last_time = real_now;
	} else {
		if (ev == NULL)
			ev = take_slot(e);
		memcpy(ev->type, ty, sizeof ty);
		memcpy(ev->reason, re, sizeof re);
		memcpy(ev->container, co, sizeof co);
		memcpy(ev->message, msg, sizeof msg);
		ev->count = 1;
		ev->first_time = ev->last_time = real_now;
	}
	ev->seq = ++e->seq;
	e->total++;
	sink_write(e, ev);
	log_line(ev);
}

size_t
events_list(const struct events *e, const struct event **out, size_t max)
{
	const struct event *all[EVENTS_MAX];
	size_t n = 0, skip;

	for (size_t i = 0; i < e->used; i++)
		if (e->ev[i].seq != 0)
			all[n++] = &e->ev[i];
	/* Insertion sort by seq: at most EVENTS_MAX entries. */
	for (size_t i = 1; i < n; i++) {
		const struct event *x = all[i];
		size_t k = i;

		while (k > 0 && all[k - 1]->seq > x->seq) {
			all[k] = all[k - 1];
			k--;
		}
		all[k] = x;
	}
	/* Keep the newest max. */
	skip = n > max ? n - max : 0;
	for (size_t i = skip; i < n; i++)
		out[i - skip] = all[i];
	return n - skip;
}
