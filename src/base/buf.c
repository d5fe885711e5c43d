/* buf: bounded buffers (never realloc) and the spec arena. */
#include "podinit/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void
buf_init(struct buf *b, char *mem, size_t cap)
{
	b->p = mem;
	b->cap = cap;
	b->len = 0;
	b->overflow = false;
	if (cap > 0)
		mem[0] = '\0';
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->overflow = false;
}

void
buf_add(struct buf *b, const void *data, size_t len)
{
	size_t room = b->cap > b->len ? b->cap - b->len : 0;

	if (len > room) {
		b->overflow = true;
		len = room;
	}
	if (len > 0)
		memcpy(b->p + b->len, data, len);
	b->len += len;
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	/* vsnprintf needs room for its NUL; a result that filled room exactly
	 * was cut by one byte, so treat it as overflow too. */
	if ((size_t)n >= room) {
		b->overflow = true;
		b->len = b->cap;
		return;
	}
	b->len += (size_t)n;
}

const char *
buf_cstr(struct buf *b)
{
	if (b->cap == 0)
		return "";
	if (b->len >= b->cap) {
		b->overflow = true;
		b->len = b->cap - 1;
	}
	b->p[b->len] = '\0';
	return b->p;
}

struct arena_chunk {
	struct arena_chunk *next;
	size_t	 used, size;
	max_align_t data[];
};

#define ARENA_CHUNK (64 * 1024)

void *
arena_alloc(struct arena *a, size_t size)
{
	struct arena_chunk *c = a->head;
	size_t align = sizeof(max_align_t);
	size_t need = (size + align - 1) / align * align;
	void *p;

	if (size == 0)
		need = align;
	if (need < size)
		return NULL;
	if (a->limit && a->total + need > a->limit)
		return NULL;
	if (c == NULL || c->size - c->used < need) {
		size_t sz = need > ARENA_CHUNK ? need : ARENA_CHUNK;
		/* malloc, not calloc: each allocation is cleared below, and
		 * clearing a whole 64 KB chunk would touch pages (RSS) that a
		 * small pod never uses. */
		c = malloc(sizeof *c + sz);
		if (c == NULL)
			return NULL;
		c->used = 0;
		c->size = sz;
		c->next = a->head;
		a->head = c;
	}
	p = (char *)c->data + c->used;
	c->used += need;
	a->total += need;
	memset(p, 0, size);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head;

	while (c != NULL) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->total = 0;
}

#define ARENA_HUGE ((size_t)2 << 20)

int
arena_reserve(struct arena *a, size_t size)
{
	struct arena_chunk *c = a->head;
	size_t align = sizeof(max_align_t), skip = 0;
	uintptr_t lo, hi, pg;
	bool huge;

	size = (size + align - 1) / align * align;
	if (a->limit) {
		size_t room = a->total < a->limit ? a->limit - a->total : 0;
		if (size > room)
			size = room;
	}
	if (size <= ARENA_CHUNK || (c != NULL && c->size - c->used >= size))
		return 0;
	/* From 2 MB on, whole 2 MB-aligned huge pages: one fault each
	 * instead of 512.  The chunk then starts handing out memory at the
	 * first 2 MB boundary; the pages before it are never touched. */
	huge = size >= ARENA_HUGE;
	if (huge)
		size = (size + ARENA_HUGE - 1) & ~(ARENA_HUGE - 1);
	/* malloc, not calloc: arena_alloc clears what it hands out. */
	if ((c = malloc(sizeof *c + size + (huge ? ARENA_HUGE : 0))) == NULL)
		return -1;
	if (huge)
		skip = (ARENA_HUGE - (uintptr_t)c->data % ARENA_HUGE) % ARENA_HUGE;
	c->used = skip;
	c->size = skip + size;
	c->next = a->head;
	a->head = c;
#ifdef MADV_HUGEPAGE
	if (huge)
		(void)madvise((char *)c->data + skip, size, MADV_HUGEPAGE);	/* best effort */
#endif
#ifdef MADV_POPULATE_WRITE	/* Linux 5.14; older kernels say EINVAL */
	pg = (uintptr_t)sysconf(_SC_PAGESIZE);
	lo = ((uintptr_t)c->data + skip + pg - 1) & ~(pg - 1);
	hi = ((uintptr_t)c->data + skip + size) & ~(pg - 1);
	if (hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);	/* best effort */
#else
	(void)lo;
	(void)hi;
	(void)pg;
#endif
	return 0;
}
