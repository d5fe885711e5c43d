/* buf: bounded byte buffers over caller memory, the arena that holds the
 * immutable pod spec, and the prefaulted (huge-page) memory that both bump
 * allocators, the arena and ynode's tree, take their big blocks from.
 * Writes past a buffer's capacity set `overflow` and are dropped: nothing
 * here ever reallocates. */
#ifndef PODINIT_BUF_H
#define PODINIT_BUF_H
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char	*p;
	size_t	 len, cap;
	bool	 overflow;
};

void	buf_init(struct buf *b, char *mem, size_t cap);
void	buf_reset(struct buf *b);
void	buf_add(struct buf *b, const void *data, size_t len);
void	buf_adds(struct buf *b, const char *s);
void	buf_addc(struct buf *b, char c);
void	buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *buf_cstr(struct buf *b);	/* NUL-terminates (within cap) */

/* Arena: chunks of heap (a reserved one is a prefaulted mapping), freed
 * all at once.  Used while decoding. */
struct arena_chunk;
struct arena {
	struct arena_chunk *head;
	size_t	 total;		/* bytes handed out */
	size_t	 limit;		/* 0 = none; beyond it allocations fail */
};

void	*arena_alloc(struct arena *a, size_t size);	/* zeroed; NULL when over limit */
char	*arena_strdup(struct arena *a, const char *s);
char	*arena_strndup(struct arena *a, const char *s, size_t n);
void	 arena_free(struct arena *a);
/* Optional: make the next allocations, up to `size` bytes in all, come
 * from one chunk whose pages are faulted in by a single madvise.  A page
 * fault per 4 KB page costs more than the decoding on a virtual machine.
 * 0, or -1 when out of memory (the arena is unchanged and still works). */
int	 arena_reserve(struct arena *a, size_t size);

/*
 * At least *size bytes of zeroed anonymous memory, faulted in up front:
 * taking one page fault per 4 KB page costs more than the decoding that
 * fills it on a virtual machine.  From 2 MB on, the memory is 2 MB-aligned
 * and asks for transparent huge pages (one fault per 2 MB).  *size becomes
 * the size mapped (rounded up to pages, or to 2 MB); give the memory back
 * with prefaulted_unmap(p, *size).  NULL when out of memory.
 */
void	*prefaulted_map(size_t *size);
void	 prefaulted_unmap(void *p, size_t size);

#endif /* PODINIT_BUF_H */
