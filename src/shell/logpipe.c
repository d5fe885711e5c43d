/* logpipe: a container's output through podinit, kept and passed on (see
 * logpipe.h).  Per stream the loop does, for each readable event: write
 * what is pending from the last read; then read at most LOGPIPE_CHUNK,
 * append it to the logbuf, write it on.  A write that would block leaves
 * the rest pending, takes the pipe off the loop (EPOLLIN unwatched) and
 * puts the stream in its sink's queue, which watches podinit's fd for
 * EPOLLOUT and resumes the streams in the order they blocked. */
#include "podinit/logpipe.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "podinit/fdx.h"
#include "podinit/log.h"

/* Reads per readable event: a fast writer is served in 1 MiB steps, and
 * other fds still get their turn within the pass. */
#define READS_PER_EVENT	16

struct lp_stream {
	struct logpipe *lp;
	enum log_stream id;
	struct logsink *sink;
	int	 rfd;		/* podinit's read end, non-blocking; -1 at its end */
	int	 wfd;		/* podinit's copy of the write end until spawned */
	struct watcher w;	/* EPOLLIN on rfd, unless blocked */
	uint8_t	*chunk;		/* one read's worth, in the mapping */
	size_t	 off, len;	/* chunk[off, len): read, not yet written on */
	bool	 queued;	/* in the sink's queue */
	struct lp_stream *next;
};

struct logpipe {
	struct loop *loop;
	struct logpipe_hooks h;
	void	*map;
	size_t	 map_len;
	struct logbuf bufs[2];
	int	 cur;		/* bufs[cur] is the current instance's */
	int	 instances;
	struct lp_stream s[2];	/* stdout, stderr */
};

struct logsink {
	struct loop *loop;
	int	 fd;		/* written: own_fd, or podinit's fd itself */
	int	 own_fd;	/* opened again through /proc/self/fd, or -1 */
	int	 which;		/* 1 or 2, for messages */
	bool	 use_send;	/* a socket: send(MSG_DONTWAIT) */
	bool	 blocking;	/* cannot be waited for on the loop: writes wait */
	bool	 dead;		/* the reader went away: output is kept only */
	struct watcher w;	/* EPOLLOUT while a stream waits */
	struct lp_stream *head, *tail;
};

/* ---- sinks ---- */

/* A SIGPIPE podinit's own write raised (every signal is blocked, so it
 * waits on the signalfd): take it, or the loop would forward it to the
 * containers as one sent to podinit. */
static void
eat_sigpipe(void)
{
	sigset_t set;
	struct timespec zero = { 0, 0 };

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	while (sigtimedwait(&set, NULL, &zero) == SIGPIPE)
		;
}

/* Bytes written (a dead sink takes everything), or -1: it would block. */
static ssize_t
sink_write(struct logsink *k, const void *p, size_t n)
{
	ssize_t w;

	if (k->dead)
		return (ssize_t)n;
	for (;;) {
		if (k->use_send)
			w = send(k->fd, p, n, MSG_NOSIGNAL | (k->blocking ? 0 : MSG_DONTWAIT));
		else
			w = write(k->fd, p, n);
		if (w >= 0)
			return w;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			break;
		if (!k->blocking)
			return -1;
		/* Cannot be waited for on the loop, yet non-blocking (a
		 * description podinit's parent made so): wait here. */
		struct pollfd pfd = { .fd = k->fd, .events = POLLOUT };
		(void)poll(&pfd, 1, 1000);
	}
	int err = errno;
	if (err == EPIPE)
		eat_sigpipe();
	log_warnx("fd %d: %s: the containers' output is kept, no longer written on", k->which,
	    strerror(err));
	k->dead = true;
	return (ssize_t)n;
}

struct logsink *
logsink_new(struct loop *l, int fd, char *err, size_t errsz)
{
	struct logsink *k = calloc(1, sizeof *k);
	char path[32];
	struct stat st;

	if (k == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	k->loop = l;
	k->fd = fd;
	k->own_fd = -1;
	k->which = fd;
	watcher_init(&k->w, NULL, k);
	if (fstat(fd, &st) == -1) {
		k->dead = true;		/* closed: nobody to write to */
		return k;
	}
	if (S_ISSOCK(st.st_mode)) {
		k->use_send = true;
	} else if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
		/* O_NONBLOCK on podinit's own fd would change the file
		 * description it shares with its parent (and a tty:true
		 * container): a description of its own instead. */
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		k->own_fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (k->own_fd != -1)
			k->fd = k->own_fd;
		else
			log_debug("open %s: %s: the containers' output is written to fd %d itself",
			    path, strerror(errno), fd);
	}
	/* Anything else (a file, /dev/null) never makes a write wait. */
	return k;
}

static bool stream_flush(struct lp_stream *st);
static void stream_pump(struct lp_stream *st, int max_reads);

/* podinit's fd takes more: resume the waiting streams in order. */
static void
sink_ready(struct loop *l, struct watcher *w, uint32_t events)
{
	struct logsink *k = w->arg;

	(void)l;
	(void)events;
	while (k->head != NULL) {
		struct lp_stream *st = k->head;
		if (!stream_flush(st))
			return;
		k->head = st->next;
		if (k->head == NULL)
			k->tail = NULL;
		st->queued = false;
		st->next = NULL;
		stream_pump(st, READS_PER_EVENT);
		if (st->queued)
			return;		/* blocked again: the rest waits behind it */
		/* The last of a pipe that ended is written: idle now. */
		if (st->rfd == -1 && st->lp->h.closed != NULL)
			st->lp->h.closed(st->lp->h.arg);
	}
	loop_unwatch(k->loop, &k->w);
}

/* Queue st behind the others; false when the sink cannot be waited for
 * on the loop (then its writes wait, and st goes on at once). */
static bool
sink_wait(struct logsink *k, struct lp_stream *st)
{
	if (!watcher_active(&k->w)) {
		k->w.cb = sink_ready;
		if (loop_watch(k->loop, &k->w, k->fd, EPOLLOUT) == -1) {
			log_warn("fd %d: cannot wait for it: the containers' output is written "
			    "blocking", k->which);
			k->blocking = true;
			if (k->own_fd != -1) {
				int fl = fcntl(k->fd, F_GETFL);
				if (fl != -1)
					(void)fcntl(k->fd, F_SETFL, fl & ~O_NONBLOCK);
			}
			return false;
		}
	}
	st->queued = true;
	st->next = NULL;
	if (k->tail != NULL)
		k->tail->next = st;
	else
		k->head = st;
	k->tail = st;
	return true;
}

static void
sink_forget(struct logsink *k, struct lp_stream *st)
{
	struct lp_stream **pp, *prev = NULL;

	for (pp = &k->head; *pp != NULL; prev = *pp, pp = &(*pp)->next)
		if (*pp == st) {
			*pp = st->next;
			if (k->tail == st)
				k->tail = prev;
			break;
		}
	st->queued = false;
	st->next = NULL;
	if (k->head == NULL)
		loop_unwatch(k->loop, &k->w);
}

void
logsink_free(struct logsink *k)
{
	if (k == NULL)
		return;
	loop_unwatch(k->loop, &k->w);
	fdx_close(&k->own_fd);
	free(k);
}

/* ---- streams ---- */

static void
stream_close(struct lp_stream *st)
{
	loop_unwatch(st->lp->loop, &st->w);
	fdx_close(&st->rfd);
	if (st->lp->h.closed != NULL)
		st->lp->h.closed(st->lp->h.arg);
}

/* Write what is pending; false when the sink would block. */
static bool
stream_flush(struct lp_stream *st)
{
	while (st->off < st->len) {
		ssize_t w = sink_write(st->sink, st->chunk + st->off, st->len - st->off);
		if (w < 0)
			return false;
		st->off += (size_t)w;
	}
	st->off = st->len = 0;
	return true;
}

/* Pass on what is pending, then up to max_reads reads; stops at EAGAIN,
 * at the pipe's end, or when the sink blocks (the pipe then waits). */
static void
stream_pump(struct lp_stream *st, int max_reads)
{
	struct logpipe *p = st->lp;
	int reads = 0;
	ssize_t n;

	for (;;) {
		if (!stream_flush(st)) {
			if (sink_wait(st->sink, st)) {
				loop_unwatch(p->loop, &st->w);
				return;
			}
			continue;	/* written blocking from now on */
		}
		if (st->rfd == -1 || reads++ == max_reads)
			break;
		do
			n = read(st->rfd, st->chunk, LOGPIPE_CHUNK);
		while (n == -1 && errno == EINTR);
		if (n == -1 && errno == EAGAIN)
			break;
		if (n <= 0) {
			if (n == -1)
				log_warn("read a container's output");
			stream_close(st);
			break;
		}
		logbuf_append(&p->bufs[p->cur], loop_real_now(p->loop), st->id, st->chunk,
		    (size_t)n);
		st->off = 0;
		st->len = (size_t)n;
		if (p->h.grew != NULL)
			p->h.grew(p->h.arg);
	}
	if (st->rfd != -1 && !watcher_active(&st->w) &&
	    loop_watch(p->loop, &st->w, st->rfd, EPOLLIN) == -1) {
		log_warn("watch a container's output");
		stream_close(st);
	}
}

static void
stream_readable(struct loop *l, struct watcher *w, uint32_t events)
{
	(void)l;
	(void)events;
	stream_pump(w->arg, READS_PER_EVENT);
}

/* ---- a container's pipes ---- */

struct logpipe *
logpipe_new(struct loop *l, struct logsink *out, struct logsink *err,
    const struct logpipe_hooks *h, char *errbuf, size_t errsz)
{
	struct logpipe *p = calloc(1, sizeof *p);
	uint8_t *m;

	if (p == NULL) {
		snprintf(errbuf, errsz, "out of memory");
		return NULL;
	}
	p->loop = l;
	p->h = *h;
	p->map_len = 2 * (size_t)LOGBUF_SIZE + 2 * (size_t)LOGPIPE_CHUNK;
	p->map = mmap(NULL, p->map_len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p->map == MAP_FAILED) {
		snprintf(errbuf, errsz, "map %zu bytes for the logs: %s", p->map_len,
		    strerror(errno));
		free(p);
		return NULL;
	}
	m = p->map;
	logbuf_init(&p->bufs[0], m, LOGBUF_SIZE);
	logbuf_init(&p->bufs[1], m + LOGBUF_SIZE, LOGBUF_SIZE);
	for (int i = 0; i < 2; i++) {
		struct lp_stream *st = &p->s[i];
		st->lp = p;
		st->id = i == 0 ? LOG_STDOUT : LOG_STDERR;
		st->sink = i == 0 ? out : err;
		st->rfd = st->wfd = -1;
		st->chunk = m + 2 * (size_t)LOGBUF_SIZE + (size_t)i * LOGPIPE_CHUNK;
		watcher_init(&st->w, stream_readable, st);
	}
	return p;
}

void
logpipe_free(struct logpipe *p)
{
	if (p == NULL)
		return;
	for (int i = 0; i < 2; i++) {
		struct lp_stream *st = &p->s[i];
		if (st->queued)
			sink_forget(st->sink, st);
		loop_unwatch(p->loop, &st->w);
		fdx_close(&st->rfd);
		fdx_close(&st->wfd);
	}
	munmap(p->map, p->map_len);
	free(p);
}

int
logpipe_begin(struct logpipe *p, int *child_out, int *child_err, char *err, size_t errsz)
{
	int fds[2][2];

	*child_out = *child_err = -1;
	for (int i = 0; i < 2; i++) {
		if (pipe2(fds[i], O_CLOEXEC) == -1 || fdx_set_nonblock(fds[i][0]) == -1) {
			snprintf(err, errsz, "pipe for the container's %s: %s",
			    i == 0 ? "stdout" : "stderr", strerror(errno));
			if (i == 1) {
				close(fds[0][0]);
				close(fds[0][1]);
			}
			return -1;
		}
	}
	/* A larger pipe: a fast writer and podinit meet less often (fewer
	 * wake-ups and context switches per MiB).  Best effort: past the
	 * user's pipe-user-pages-soft it stays at the default. */
	for (int i = 0; i < 2; i++)
		(void)fcntl(fds[i][0], F_SETPIPE_SZ, (int)LOGPIPE_PIPE_SIZE);
	if (p->instances++ > 0) {
		/* What the instance before left in its pipes is its own. */
		logpipe_drain(p);
		p->cur ^= 1;
		logbuf_clear(&p->bufs[p->cur]);
	}
	for (int i = 0; i < 2; i++) {
		struct lp_stream *st = &p->s[i];
		loop_unwatch(p->loop, &st->w);
		fdx_close(&st->rfd);
		fdx_close(&st->wfd);
		st->rfd = fds[i][0];
		st->wfd = fds[i][1];
	}
	*child_out = p->s[0].wfd;
	*child_err = p->s[1].wfd;
	return 0;
}

void
logpipe_spawned(struct logpipe *p)
{
	for (int i = 0; i < 2; i++) {
		struct lp_stream *st = &p->s[i];
		fdx_close(&st->wfd);
		if (st->rfd != -1 && !st->queued && !watcher_active(&st->w) &&
		    loop_watch(p->loop, &st->w, st->rfd, EPOLLIN) == -1) {
			log_warn("watch a container's output");
			stream_close(st);
		}
	}
}

void
logpipe_drain(struct logpipe *p)
{
	for (int i = 0; i < 2; i++)
		if (!p->s[i].queued)
			stream_pump(&p->s[i], (int)(LOGBUF_SIZE / LOGPIPE_CHUNK));
}

bool
logpipe_idle(const struct logpipe *p)
{
	for (int i = 0; i < 2; i++)
		if (p->s[i].rfd != -1 || p->s[i].wfd != -1 || p->s[i].len > 0)
			return false;
	return true;
}

const struct logbuf *
logpipe_current(const struct logpipe *p)
{
	return &p->bufs[p->cur];
}

const struct logbuf *
logpipe_previous(const struct logpipe *p)
{
	return p->instances > 1 ? &p->bufs[p->cur ^ 1] : NULL;
}
