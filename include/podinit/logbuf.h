/* logbuf: the kept output of one container instance (SPEC §8): the last
 * part of its stdout and stderr as records {arrival time, stream, bytes}
 * in a ring of fixed size that its owner allocates once.  What `kubectl
 * logs` asks (tailLines, sinceSeconds, limitBytes, timestamps, follow) is
 * answered from it, and kubelet's FallbackToLogsOnError tail.  Pure: no
 * syscalls, no clock (times are arguments, realtime ns).
 *
 * Positions are absolute byte offsets into everything ever appended, so a
 * follower's cursor stays meaningful while the ring turns: a cursor the
 * ring has overwritten resumes at the oldest record kept. */
#ifndef PODINIT_LOGBUF_H
#define PODINIT_LOGBUF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/buf.h"

#define LOGBUF_SIZE		(1u << 20)	/* per container instance */
#define LOGBUF_RECORD_MAX	4096		/* an append is cut into records of this */
/* The room logbuf_read needs free in `out` to make progress: one record
 * with a timestamp before each of its lines ("...Z " per byte at worst). */
#define LOGBUF_READ_ROOM	(LOGBUF_RECORD_MAX * 40)
/* K8S: kuberuntime_container.go: FallbackToLogsOnError reads the last 80
 * lines, at most 2048 bytes (kubecontainer.MaxContainerTerminationMessageLogLines/Length). */
#define LOGBUF_FALLBACK_LINES	80
#define LOGBUF_FALLBACK_BYTES	2048

enum log_stream {
	LOG_STDOUT = 1,
	LOG_STDERR = 2,
};

struct logbuf {
	uint8_t	*mem;
	size_t	 cap;
	uint64_t start;		/* offset of the oldest record kept */
	uint64_t end;		/* offset past the newest */
	uint64_t dropped;	/* bytes of output the ring let go */
	bool	 open[3];	/* by stream: its last byte was not a newline */
};

/* A query, as the API's pods/NAME/log parameters (tailLines -1 = all,
 * since 0 = all, limit -1 = none). */
struct logbuf_query {
	int64_t	 tail_lines;
	int64_t	 since_ns;	/* realtime: records that arrived at or after it */
	int64_t	 limit_bytes;
	bool	 timestamps;	/* each line prefixed "RFC3339Nano " as kubelet */
	int	 streams;	/* LOG_STDOUT|LOG_STDERR; 0 = both */
};

void	logbuf_init(struct logbuf *b, void *mem, size_t cap);
/* Forget everything (a new instance reuses the memory). */
void	logbuf_clear(struct logbuf *b);
/* Keep n bytes of stream s that arrived at real_ns; the oldest records go
 * when there is no room (an append larger than the ring keeps its end). */
void	logbuf_append(struct logbuf *b, int64_t real_ns, enum log_stream s, const void *p,
	    size_t n);
/* Append to out what q selects, from *cursor on (0 on the first call of a
 * request: tail and since then apply; the query's other fields every
 * time), and set *cursor to where a follower goes on.  Stops before a
 * record that does not fit in out (give it LOGBUF_READ_ROOM free) or when
 * limit_bytes is reached (*written counts against it across calls).
 * Returns true when everything up to the end was written. */
bool	logbuf_read(const struct logbuf *b, const struct logbuf_query *q, uint64_t *cursor,
	    int64_t *written, struct buf *out);
/* kubelet's FallbackToLogsOnError message: the last LOGBUF_FALLBACK_LINES
 * lines of both streams, at most LOGBUF_FALLBACK_BYTES (the end kept), into
 * out (NUL-terminated); its length. */
size_t	logbuf_fallback_message(const struct logbuf *b, char *out, size_t outsz);

#endif /* PODINIT_LOGBUF_H */
