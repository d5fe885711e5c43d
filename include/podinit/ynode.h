/* ynode: a libyaml event stream turned into a small, immutable node tree
 * with {line, col} marks.  Knows nothing of Pods.  Hostile input is bounded:
 * input size, nesting depth, scalar length, node count and alias expansion
 * all have limits, and exceeding one is a parse error with a position. */
#ifndef PODINIT_YNODE_H
#define PODINIT_YNODE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ynode_kind {
	YNODE_SCALAR,
	YNODE_SEQ,
	YNODE_MAP,
};

/* How a scalar resolves under the YAML 1.2 core schema (plain scalars
 * only; quoted ones are always strings), which is what JSON sees too. */
enum yscalar_type {
	YS_STRING,
	YS_NULL,
	YS_BOOL,
	YS_INT,
	YS_FLOAT,
};

/* 32 bytes: a 1,000-container manifest has ~80,000 nodes, and on a
 * virtual machine every page of them touched costs more than parsing it.
 * str and kids share storage: read str only for a scalar, kids only for a
 * sequence or mapping (a scalar's n is 0). */
struct ynode {
	union {
		const char *str;	/* scalar: NUL-terminated; len counts embedded NULs ("\0") */
		struct ynode **kids;	/* seq: items; map: key0, value0, key1, value1, ... */
	};
	uint32_t len;		/* scalar length */
	uint32_t n;		/* number of kids (2 x pairs for a map) */
	uint32_t weight;	/* nodes in the subtree, aliases counted expanded */
	int	 line, col;	/* 1-based */
	uint8_t	 kind;		/* enum ynode_kind */
	bool	 quoted;	/* scalar in any style but plain */
};

struct yblock;
struct ydocs {
	struct yblock *blocks;	/* own every node and string (see ynode.c) */
	size_t	 bytes;
	struct ynode **docs;	/* one root per document (NULL root = empty doc) */
	size_t	 n_docs;
};

struct yerror {
	int	 line, col;	/* 1-based; 0 when unknown */
	char	 msg[256];
};

/* Limits. */
#define YNODE_MAX_INPUT		(16u << 20)	/* bytes */
#define YNODE_MAX_DEPTH		64
#define YNODE_MAX_SCALAR	(1u << 20)	/* bytes */
#define YNODE_MAX_NODES		500000		/* counting alias expansion */
#define YNODE_MAX_ANCHORS	1024
#define YNODE_MAX_MEMORY	(64u << 20)	/* bytes of nodes and strings */

/* Parse every document of data[0..len).  0 on success; -1 with *err set
 * (out is then empty).  Free with ynode_free in both cases. */
int	ynode_parse(const char *data, size_t len, struct ydocs *out, struct yerror *err);
void	ynode_free(struct ydocs *d);

/* Value of the first pair whose key is the plain/quoted scalar `key`, or
 * NULL.  map may be NULL or not a map (then NULL). */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* Resolve a scalar's type (always YS_STRING for quoted scalars). */
enum yscalar_type ynode_scalar_type(const struct ynode *n);
bool	ynode_is_null(const struct ynode *n);	/* NULL pointer or null scalar */
/* "a mapping", "a list", "a string", "a number", "a boolean", "null". */
const char *ynode_describe(const struct ynode *n);

#endif /* PODINIT_YNODE_H */
