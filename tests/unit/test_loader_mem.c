/* Unit tests: the loader's memory layout for big manifests (issue 3): the
 * ynode tree on one shared kid stack and large blocks, arena_reserve, the
 * prefaulted (huge-page) mappings both take their big blocks from, and a
 * 1,000-container pod decoded through both. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "podinit/buf.h"
#include "podinit/manifest.h"
#include "podinit/ynode.h"

/* Nested containers closing in every order must keep their own kids. */
Test(loader_mem, ynode_nested_kids)
{
	const char *y = "a: [1, [2, 3], {k: [4, 5, 6]}, 7]\nb: {x: y}\nc: 8\n";
	struct ydocs docs;
	struct yerror e;

	cr_assert_eq(ynode_parse(y, strlen(y), &docs, &e), 0, "%s", e.msg);
	const struct ynode *r = docs.docs[0], *a = ynode_get(r, "a");
	cr_assert_eq(r->n, 6);
	cr_assert_eq(a->kind, YNODE_SEQ);
	cr_assert_eq(a->n, 4);
	cr_assert_str_eq(a->kids[0]->str, "1");
	cr_assert_eq(a->kids[1]->n, 2);
	cr_assert_str_eq(a->kids[1]->kids[1]->str, "3");
	const struct ynode *k = ynode_get(a->kids[2], "k");
	cr_assert_eq(k->n, 3);
	cr_assert_str_eq(k->kids[2]->str, "6");
	cr_assert_str_eq(a->kids[3]->str, "7");
	cr_assert_str_eq(ynode_get(ynode_get(r, "b"), "x")->str, "y");
	cr_assert_str_eq(ynode_get(r, "c")->str, "8");
	/* a scalar has no kids; an empty container has no string to read */
	cr_assert_eq(ynode_get(r, "c")->n, 0);
	cr_assert_eq(ynode_get(r, "c")->len, 1);
	cr_assert_eq(a->weight, 12);
	ynode_free(&docs);
}

Test(loader_mem, ynode_alias_weight)
{
	const char *y = "a: &x [1, 2, 3]\nb: *x\n";
	struct ydocs docs;
	struct yerror e;

	cr_assert_eq(ynode_parse(y, strlen(y), &docs, &e), 0, "%s", e.msg);
	cr_assert_eq(ynode_get(docs.docs[0], "a"), ynode_get(docs.docs[0], "b"));
	cr_assert_eq(docs.docs[0]->weight, 1 + 2 + 4 + 4);
	ynode_free(&docs);
}

static char *
big_pod(size_t n, size_t *lenp)
{
	size_t cap = 200 + n * 200, len = 0;
	char *s = malloc(cap);

	len += (size_t)snprintf(s + len, cap - len,
	    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len,
		    "    - name: c%zu\n      image: busybox\n      command: [\"/bin/sh\", \"-c\", \"x %zu\"]\n"
		    "      env:\n        - name: A\n          value: \"%zu\"\n", i, i, i);
	*lenp = len;
	return s;
}

/* Big enough for a 2 MB node block: every container intact, in order. */
Test(loader_mem, ynode_big_tree)
{
	size_t len;
	char *y = big_pod(20000, &len);
	struct ydocs docs;
	struct yerror e;

	cr_assert_eq(ynode_parse(y, len, &docs, &e), 0, "%s", e.msg);
	cr_assert_gt(docs.bytes, (size_t)2 << 20);
	const struct ynode *cs = ynode_get(ynode_get(docs.docs[0], "spec"), "containers");
	cr_assert_eq(cs->n, 20000);
	for (size_t i = 0; i < cs->n; i += 997) {
		char want[32];
		snprintf(want, sizeof want, "c%zu", i);
		cr_assert_str_eq(ynode_get(cs->kids[i], "name")->str, want);
		cr_assert_str_eq(ynode_get(cs->kids[i], "command")->kids[0]->str, "/bin/sh");
	}
	ynode_free(&docs);
	free(y);
}

Test(loader_mem, arena_reserve_small_is_noop)
{
	struct arena a = { 0 };

	cr_assert_eq(arena_reserve(&a, 100), 0);
	cr_assert_null(a.head);
	cr_assert_not_null(arena_alloc(&a, 10));
	arena_free(&a);
}

Test(loader_mem, arena_reserve_large)
{
	struct arena a = { 0 };
	size_t sz = (size_t)5 << 20;

	cr_assert_eq(arena_reserve(&a, sz), 0);
	/* the reserved room serves allocations up to its size, zeroed */
	char *first = arena_alloc(&a, 1 << 20);
	cr_assert_not_null(first);
	for (size_t i = 0; i < (1u << 20); i += 4096)
		cr_assert_eq(first[i], 0);
	memset(first, 0xAA, 1 << 20);
	char *prev = first;
	for (int i = 0; i < 3; i++) {
		char *p = arena_alloc(&a, 1 << 20);
		cr_assert_not_null(p);
		cr_assert_eq(p, prev + (1 << 20), "not from the reserved chunk");
		cr_assert_eq(p[0], 0);
		prev = p;
	}
	char *s = arena_strdup(&a, "still works");
	cr_assert_str_eq(s, "still works");
	cr_assert_eq(a.total, ((size_t)4 << 20) + sizeof(max_align_t), "%zu", a.total);
	/* an arena with room enough already keeps its chunk */
	void *head = a.head;
	cr_assert_eq(arena_reserve(&a, 100 << 10), 0);
	cr_assert_eq(a.head, head);
	arena_free(&a);
	cr_assert_null(a.head);
	cr_assert_eq(a.total, 0);
}

Test(loader_mem, arena_reserve_respects_limit)
{
	struct arena a = { .limit = 256 << 10 };

	cr_assert_eq(arena_reserve(&a, (size_t)8 << 20), 0);
	cr_assert_not_null(arena_alloc(&a, 200 << 10));
	cr_assert_null(arena_alloc(&a, 100 << 10));
	arena_free(&a);
}

/* Pages of [p, p+size) resident now; -1 when the range is not mapped. */
static long
resident_pages(const void *p, size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), n = (size + page - 1) / page;
	unsigned char *v = malloc(n);
	long in = 0;

	cr_assert_not_null(v);
	if (mincore((void *)p, size, v) == -1) {
		free(v);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		in += v[i] & 1;
	free(v);
	return in;
}

/* MADV_POPULATE_WRITE is Linux 5.14; before it big mappings fault lazily. */
static bool
can_populate(void)
{
#ifdef MADV_POPULATE_WRITE
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	void *m = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	bool ok = m != MAP_FAILED && madvise(m, page, MADV_POPULATE_WRITE) == 0;

	if (m != MAP_FAILED)
		munmap(m, page);
	return ok;
#else
	return false;
#endif
}

/* Small: rounded up to pages, zeroed, every page faulted in before use. */
Test(loader_mem, prefaulted_small)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), size = 3 * page + 1;
	unsigned char *p = prefaulted_map(&size);

	cr_assert_not_null(p);
	cr_assert_eq(size, 4 * page);
	cr_assert_eq(resident_pages(p, size), 4);
	for (size_t i = 0; i < size; i++)
		cr_assert_eq(p[i], 0);
	prefaulted_unmap(p, size);
	cr_assert_eq(resident_pages(p, size), -1, "still mapped");
}

/* From 2 MB on: whole 2 MB-aligned huge pages, faulted in. */
Test(loader_mem, prefaulted_huge)
{
	size_t huge = (size_t)2 << 20, size = 3 * ((size_t)1 << 20) + 1;
	unsigned char *p = prefaulted_map(&size);
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	cr_assert_not_null(p);
	cr_assert_eq(size, 2 * huge);
	cr_assert_eq((uintptr_t)p % huge, 0, "%p is not 2 MB-aligned", (void *)p);
	if (can_populate())
		cr_assert_eq(resident_pages(p, size), (long)(size / page));
	cr_assert_eq(p[0], 0);
	cr_assert_eq(p[size - 1], 0);
	prefaulted_unmap(p, size);
	cr_assert_eq(resident_pages(p, size), -1, "still mapped");
}

/* A big reservation is such a mapping: it starts on a huge page, and
 * arena_free gives it back to the system (a pod's arena lives as long as
 * podinit, a parse's tree does not). */
Test(loader_mem, arena_reserve_is_prefaulted)
{
	struct arena a = { 0 };
	char *p;

	cr_assert_eq(arena_reserve(&a, (size_t)5 << 20), 0);
	p = arena_alloc(&a, 100);
	cr_assert_not_null(p);
	cr_assert_eq((uintptr_t)p % ((size_t)2 << 20), 0);
	if (can_populate())
		cr_assert_eq(resident_pages(p, (size_t)5 << 20),
		    (long)(((size_t)5 << 20) / (size_t)sysconf(_SC_PAGESIZE)));
	arena_free(&a);
	cr_assert_eq(resident_pages(p, 4096), -1, "still mapped");
}

/* ynode's blocks are the same mappings; ynode_free unmaps them. */
Test(loader_mem, ynode_blocks_given_back)
{
	size_t len;
	char *y = big_pod(20000, &len);
	struct ydocs docs;
	struct yerror e;
	const void *block;

	cr_assert_eq(ynode_parse(y, len, &docs, &e), 0, "%s", e.msg);
	block = docs.blocks;
	cr_assert_eq((uintptr_t)block % ((size_t)2 << 20), 0);
	ynode_free(&docs);
	cr_assert_eq(resident_pages(block, 4096), -1, "still mapped");
	free(y);
}

Test(loader_mem, big_pod_decodes)
{
	size_t len;
	char *y = big_pod(1000, &len);
	struct manifest_opts o = { .path = "big.yaml", .check_only = true };
	struct pod_spec p;
	struct diag_list d;

	diag_init(&d);
	cr_assert_eq(manifest_decode_buffer(y, len, &o, &p, &d), 0);
	cr_assert_eq(p.n_containers, 1000);
	cr_assert_str_eq(p.containers[999].name, "c999");
	cr_assert_str_eq(p.containers[999].argv[2], "x 999");
	cr_assert_str_eq(p.containers[500].env[0].value, "500");
	diag_free(&d);
	spec_free(&p);
	free(y);
}
