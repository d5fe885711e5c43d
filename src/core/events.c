/* events: kubelet-like events with count aggregation, kept in a fixed set
 * of EVENTS_MAX slots (the least recently seen is replaced when full).
 * Pure: writing them to the --events sink and to stderr is events_sink.c's.
 *
 * K8S: kubelet's recorder (client-go EventCorrelator) folds an event whose
 * source, object, type, reason and message equal an earlier one into that
 * one: count++ and lastTimestamp = now.  kubectl describe then shows
 * "(x3 over 20s)".  We key on type+reason+container+message. */
#include "podinit/events.h"

#include <stdio.h>
#include <string.h>

#include "podinit/buf.h"
#include "podinit/clock.h"
#include "podinit/json.h"

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
events_json_fields(struct json *j, const struct event *ev)
{
	char ts[40];

	clock_rfc3339(ev->last_time, ts, sizeof ts);
	json_kv_string(j, "time", ts);
	json_kv_string(j, "type", ev->type);
	json_kv_string(j, "reason", ev->reason);
	json_kv_string(j, "container", ev->container);
	json_kv_string(j, "message", ev->message);
	json_kv_int(j, "count", ev->count);
}

void
events_json_line(struct buf *b, const struct event *ev)
{
	struct json j;

	json_init(&j, b);
	json_object_begin(&j);
	events_json_fields(&j, ev);
	json_object_end(&j);
}

const struct event *
events_record(struct events *e, int64_t real_now, const char *type, const char *reason,
    const char *container, const char *message)
{
	struct event *ev;

	if (type == NULL)
		type = EVENT_NORMAL;
	if (reason == NULL)
		reason = "";
	if (container == NULL)
		container = "";
	/* Compare with the stored (possibly cut) forms. */
	char ty[EVENT_TYPE_MAX], re[EVENT_REASON_MAX], co[EVENT_CONTAINER_MAX], msg[EVENT_MESSAGE_MAX];
	copy_field(ty, sizeof ty, type);
	copy_field(re, sizeof re, reason);
	copy_field(co, sizeof co, container);
	copy_field(msg, sizeof msg, message);
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
	return ev;
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
