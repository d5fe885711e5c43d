/* logpipe: a container's stdout and stderr through podinit (SPEC §8).
 * Each instance of a captured container gets two pipes: the child holds
 * only the write ends (as its fd 1 and 2), podinit reads the other ends on
 * the loop, keeps what it read in the instance's logbuf (with the pass's
 * realtime as arrival time) and writes it on, unchanged, to its own fd 1
 * or 2 (a struct logsink each).  When a sink would block, the pipe is not
 * read again until the one read's worth already taken is written: the
 * workload's own write then blocks on the full pipe (back-pressure), and
 * nothing is dropped and nothing grows.
 *
 * Memory: one mapping per container, made once (two logbufs of
 * LOGBUF_SIZE, current and previous, and one read buffer per stream);
 * pages never written cost nothing. */
#ifndef PODINIT_LOGPIPE_H
#define PODINIT_LOGPIPE_H
#include <stdbool.h>
#include <stddef.h>

#include "podinit/logbuf.h"
#include "podinit/loop.h"

#define LOGPIPE_CHUNK	(64u * 1024)	/* one read: a default pipe's capacity */
#define LOGPIPE_PIPE_SIZE (1u << 20)	/* asked of the kernel (F_SETPIPE_SZ) */

struct logsink;
struct logpipe;

/* podinit's own fd (1 or 2) as the containers' output reaches it: a pipe
 * or terminal is opened again through /proc/self/fd (a file description of
 * podinit's own, made non-blocking without touching the one it shares with
 * its parent), a socket is written with MSG_DONTWAIT, a file or
 * /dev/null as it is (never blocks).  NULL with err on failure. */
struct logsink *logsink_new(struct loop *l, int fd, char *err, size_t errsz);
void	logsink_free(struct logsink *k);

struct logpipe_hooks {
	void	(*grew)(void *arg);	/* the current logbuf got bytes */
	void	(*closed)(void *arg);	/* a pipe reached its end, or what was
					   left of one was written on
					   (logpipe_idle may have changed) */
	void	*arg;
};

/* A container's pipes and logbufs.  NULL with err on failure. */
struct logpipe *logpipe_new(struct loop *l, struct logsink *out, struct logsink *err,
	    const struct logpipe_hooks *h, char *errbuf, size_t errsz);
void	logpipe_free(struct logpipe *p);

/* A new instance: fresh pipes, their write ends in *child_out and
 * *child_err for spawn_req (close-on-exec in podinit: spawn dup2s them);
 * from the second instance on, the current logbuf becomes the previous
 * and the current is cleared.  The pipes of the instance before are read
 * once more and closed (a process it left behind that still holds them
 * gets EPIPE).  -1 with err. */
int	logpipe_begin(struct logpipe *p, int *child_out, int *child_err, char *err, size_t errsz);
/* After the spawn (failed or not): podinit's copies of the write ends
 * closed, so the pipes end when the last process holding them does. */
void	logpipe_spawned(struct logpipe *p);
/* The instance ended: read what its pipes hold now (as far as the sinks
 * take it), so a message from its output (FallbackToLogsOnError) has its
 * last words. */
void	logpipe_drain(struct logpipe *p);
/* Both pipes at their end and everything read written on. */
bool	logpipe_idle(const struct logpipe *p);

const struct logbuf *logpipe_current(const struct logpipe *p);
const struct logbuf *logpipe_previous(const struct logpipe *p);

#endif /* PODINIT_LOGPIPE_H */
