/* buf: bounded buffers (never realloc), the spec arena and the prefaulted
 * mappings that the arena's reserved chunks and ynode's blocks live in. */
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

/* A chunk's memory follows its header, except for a reserved chunk, whose
 * memory is a prefaulted mapping of its own (`mapped` bytes). */
struct arena_chunk {
	struct arena_chunk *next;
	char	*mem;
	size_t	 used, size;
	size_t	 mapped;	/* 0: mem is part of this malloc */
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
		c->mem = (char *)c->data;
		c->used = 0;
		c->size = sz;
		c->mapped = 0;
		c->next = a->head;
		a->head = c;
	}
	p = c->mem + c->used;
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
		if (c->mapped)
			prefaulted_unmap(c->mem, c->mapped);
		free(c);
		c = next;
	}
	a->head = NULL;
	a->total = 0;
}

int
arena_reserve(struct arena *a, size_t size)
{
	struct arena_chunk *c = a->head;
	size_t align = sizeof(max_align_t), mapped;
	void *mem;

	size = (size + align - 1) / align * align;
	if (a->limit) {
		size_t room = a->total < a->limit ? a->limit - a->total : 0;
		if (size > room)
			size = room;
	}
	if (size <= ARENA_CHUNK || (c != NULL && c->size - c->used >= size))
		return 0;
	mapped = size;
	if ((mem = prefaulted_map(&mapped)) == NULL)
		return -1;
	if ((c = malloc(sizeof *c)) == NULL) {
		prefaulted_unmap(mem, mapped);
		return -1;
	}
	c->mem = mem;
	c->used = 0;
	c->size = mapped;
	c->mapped = mapped;
	c->next = a->head;
	a->head = c;
	return 0;
}

#define HUGE_PAGE ((size_t)2 << 20)

void *
prefaulted_map(size_t *size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t bs = (*size + page - 1) & ~(page - 1);
	char *m, *a;

	if (bs < HUGE_PAGE) {
		m = mmap(NULL, bs, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (m == MAP_FAILED)
			return NULL;
		*size = bs;
		return m;
	}
	/* Whole 2 MB-aligned huge pages: map one more, keep the aligned
	 * middle and give back the slack on either side. */
	bs = (bs + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	m = mmap(NULL, bs + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	a = (char *)(((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	if (a > m)
		munmap(m, (size_t)(a - m));
	if (a < m + HUGE_PAGE)
		munmap(a + bs, (size_t)(m + HUGE_PAGE - a));
	/* Without THP (never, or an old kernel) the same memory comes as
	 * 4 KB pages. */
#ifdef MADV_HUGEPAGE
	(void)madvise(a, bs, MADV_HUGEPAGE);		/* best effort */
#endif
#ifdef MADV_POPULATE_WRITE
	(void)madvise(a, bs, MADV_POPULATE_WRITE);	/* Linux 5.14; else faults */
#endif
	*size = bs;
	return a;
}

void
prefaulted_unmap(void *p, size_t size)
{
	if (p != NULL)
		munmap(p, size);
}
