/* events_sink: where events go besides the in-memory set (events.c): one
 * JSON line each to the --events sink (a file or stderr) and a human line
 * to podinit's log (Warning always, Normal at -v). */
#include "podinit/events_sink.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "podinit/buf.h"
#include "podinit/fdx.h"
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
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	const struct event *ev = events_record(e, real_now, type, reason, container, msg);
	sink_write(e, ev);
	log_line(ev);
}
