/* events_sink: emitting an event: record it in the set (events.h), write it
 * as a JSON line to the optional sink (`--events FILE|-`, SPEC §4) and as a
 * human line to stderr (Warning always, Normal at -v).  Never allocates. */
#ifndef PODINIT_EVENTS_SINK_H
#define PODINIT_EVENTS_SINK_H
#include <stdint.h>

#include "podinit/events.h"

/* sink_path: NULL for none, "-" for stderr, else a file opened
 * O_APPEND|O_CREAT|O_CLOEXEC.  A sink that cannot be opened is warned about
 * and ignored (returns -1); the events still work. */
int	events_init(struct events *e, const char *sink_path);
void	events_close(struct events *e);

/* Record one event and write it out.  type is EVENT_NORMAL or
 * EVENT_WARNING; container may be
 * NULL or "".  The message is printf-style and cut at EVENT_MESSAGE_MAX-1. */
void	events_emit(struct events *e, int64_t real_now, const char *type, const char *reason,
	    const char *container, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#endif /* PODINIT_EVENTS_SINK_H */
