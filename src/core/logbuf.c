/* logbuf: a container instance's output as records in a ring (see
 * logbuf.h).  A record is a 16-byte header {arrival ns, length, stream}
 * and its bytes, stored at absolute offsets modulo the capacity, so a
 * record may wrap at the end of the memory. */
#include "podinit/logbuf.h"

#include <string.h>

#include "podinit/clock.h"

#define HDR	16

struct rec {
	int64_t	 ts;
	uint32_t len;
	uint8_t	 stream;
	bool	 line_start;	/* its first byte begins a line of its stream */
};

static void
ring_put(struct logbuf *b, uint64_t off, const void *p, size_t n)
{
	size_t at = (size_t)(off % b->cap), first = b->cap - at < n ? b->cap - at : n;

	memcpy(b->mem + at, p, first);
	memcpy(b->mem, (const uint8_t *)p + first, n - first);
}

static void
ring_get(const struct logbuf *b, uint64_t off, void *p, size_t n)
{
	size_t at = (size_t)(off % b->cap), first = b->cap - at < n ? b->cap - at : n;

	memcpy(p, b->mem + at, first);
	memcpy((uint8_t *)p + first, b->mem, n - first);
}

static void
rec_get(const struct logbuf *b, uint64_t off, struct rec *r)
{
	uint8_t h[HDR];

	ring_get(b, off, h, HDR);
	memcpy(&r->ts, h, 8);
	memcpy(&r->len, h + 8, 4);
	r->stream = h[12];
	r->line_start = h[13] != 0;
}

void
logbuf_init(struct logbuf *b, void *mem, size_t cap)
{
	memset(b, 0, sizeof *b);
	b->mem = mem;
	b->cap = mem != NULL ? cap : 0;
}

void
logbuf_clear(struct logbuf *b)
{
	b->start = b->end = 0;
	b->dropped = 0;
	b->open[0] = b->open[1] = b->open[2] = false;
}

static void
append_record(struct logbuf *b, int64_t ts, enum log_stream s, const uint8_t *p, size_t n)
{
	uint8_t h[HDR] = { 0 };
	uint32_t len = (uint32_t)n;

	/* Make room: whole records go from the front. */
	while (b->end - b->start + HDR + n > b->cap && b->start < b->end) {
		struct rec r;
		rec_get(b, b->start, &r);
		b->start += HDR + r.len;
		b->dropped += r.len;
	}
	memcpy(h, &ts, 8);
	memcpy(h + 8, &len, 4);
	h[12] = (uint8_t)s;
	h[13] = !b->open[s & 3];
	b->open[s & 3] = p[n - 1] != '\n';
	ring_put(b, b->end, h, HDR);
	ring_put(b, b->end + HDR, p, n);
	b->end += HDR + n;
}

void
logbuf_append(struct logbuf *b, int64_t real_ns, enum log_stream s, const void *p, size_t n)
{
	const uint8_t *q = p;
	size_t max = LOGBUF_RECORD_MAX;

	if (b->cap <= HDR || n == 0)
		return;
	if (max > b->cap - HDR)
		max = b->cap - HDR;
	/* Larger than the ring: only its end can be kept. */
	if (n > b->cap - HDR) {
		b->dropped += n - (b->cap - HDR);
		q += n - (b->cap - HDR);
		n = b->cap - HDR;
	}
	while (n > 0) {
		size_t k = n < max ? n : max;
		append_record(b, real_ns, s, q, k);
		q += k;
		n -= k;
	}
}

static bool
stream_wanted(const struct logbuf_query *q, int stream)
{
	return q->streams == 0 || (q->streams & stream) != 0;
}

/* The line starts of a record: byte 0 when it begins a line, and every
 * byte after a newline.  Returns how many; starts[] (room for len + 1)
 * gets their positions. */
static size_t
line_starts(const struct rec *r, const uint8_t *data, uint32_t *starts)
{
	size_t n = 0;

	for (uint32_t i = 0; i < r->len; i++)
		if (i == 0 ? r->line_start : data[i - 1] == '\n')
			starts[n++] = i;
	return n;
}

/* Where the last n wanted lines begin: a record's offset and the byte in
 * it (*at). */
static uint64_t
tail_start(const struct logbuf *b, const struct logbuf_query *q, uint64_t from, int64_t n,
    uint32_t *at)
{
	static uint8_t data[LOGBUF_RECORD_MAX];
	static uint32_t starts[LOGBUF_RECORD_MAX + 1];
	int64_t total = 0, skip;

	*at = 0;
	for (uint64_t off = from; off < b->end;) {
		struct rec r;
		rec_get(b, off, &r);
		if (stream_wanted(q, r.stream)) {
			ring_get(b, off + HDR, data, r.len);
			total += (int64_t)line_starts(&r, data, starts);
		}
		off += HDR + r.len;
	}
	if (total <= n)
		return from;
	skip = total - n;
	for (uint64_t off = from; off < b->end;) {
		struct rec r;
		size_t k;

		rec_get(b, off, &r);
		if (stream_wanted(q, r.stream)) {
			ring_get(b, off + HDR, data, r.len);
			k = line_starts(&r, data, starts);
			if ((int64_t)k > skip) {
				*at = starts[skip];
				return off;
			}
			skip -= (int64_t)k;
		}
		off += HDR + r.len;
	}
	return b->end;
}

static void
put_timestamp(struct buf *out, int64_t ts)
{
	char t[48];

	clock_rfc3339_nano(ts, t, sizeof t);
	buf_adds(out, t);
	buf_addc(out, ' ');
}

bool
logbuf_read(const struct logbuf *b, const struct logbuf_query *q, uint64_t *cursor,
    int64_t *written, struct buf *out)
{
	static uint8_t data[LOGBUF_RECORD_MAX];
	uint64_t off = *cursor < b->start || *cursor > b->end ? b->start : *cursor;
	uint32_t at = 0;

	if (b->cap == 0)
		return true;
	if (*cursor == 0 && q->since_ns > 0) {
		while (off < b->end) {
			struct rec r;
			rec_get(b, off, &r);
			if (r.ts >= q->since_ns)
				break;
			off += HDR + r.len;
		}
	}
	if (*cursor == 0 && q->tail_lines >= 0)
		off = tail_start(b, q, off, q->tail_lines, &at);
	while (off < b->end) {
		struct rec r;
		size_t need;

		rec_get(b, off, &r);
		if (!stream_wanted(q, r.stream)) {
			off += HDR + r.len;
			continue;
		}
		if (q->limit_bytes >= 0 && *written >= q->limit_bytes) {
			*cursor = off;
			return false;
		}
		need = (size_t)r.len * (q->timestamps ? 40 : 1);
		if (out->cap - out->len < need && out->len > 0) {
			*cursor = off;
			return false;
		}
		ring_get(b, off + HDR, data, r.len);
		for (uint32_t i = at; i < r.len; i++) {
			if (q->limit_bytes >= 0 && *written >= q->limit_bytes)
				break;
			if (q->timestamps && (i == 0 ? r.line_start : data[i - 1] == '\n'))
				put_timestamp(out, r.ts);
			buf_addc(out, (char)data[i]);
			(*written)++;
		}
		at = 0;
		off += HDR + r.len;
	}
	*cursor = off;
	return true;
}

size_t
logbuf_fallback_message(const struct logbuf *b, char *out, size_t outsz)
{
	static char tmp[LOGBUF_READ_ROOM];
	struct logbuf_query q = { .tail_lines = LOGBUF_FALLBACK_LINES, .limit_bytes = -1 };
	struct buf o;
	uint64_t cur = 0;
	int64_t w = 0;
	size_t n, keep;

	if (outsz == 0)
		return 0;
	buf_init(&o, tmp, sizeof tmp);
	while (!logbuf_read(b, &q, &cur, &w, &o)) {
		/* more than fits: keep the end (a circular buffer, as kubelet's) */
		if (o.len > LOGBUF_FALLBACK_BYTES) {
			memmove(tmp, tmp + o.len - LOGBUF_FALLBACK_BYTES, LOGBUF_FALLBACK_BYTES);
			o.len = LOGBUF_FALLBACK_BYTES;
		}
		if (cur >= b->end)
			break;
	}
	n = o.len;
	keep = n > LOGBUF_FALLBACK_BYTES ? LOGBUF_FALLBACK_BYTES : n;
	if (keep > outsz - 1)
		keep = outsz - 1;
	memcpy(out, tmp + n - keep, keep);
	out[keep] = '\0';
	return keep;
}
