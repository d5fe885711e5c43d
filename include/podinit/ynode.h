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

/* How a plain scalar resolves as kubectl reads YAML (sigs.k8s.io/yaml
 * over go-yaml v2: YAML 1.1): y/yes/on/true and n/no/off/false in their
 * three cases are booleans; ~, null and the empty scalar are null;
 * integers have a sign, 0x hex, 0o or a leading 0 octal, 0b binary, "_"
 * anywhere; floats as [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
 * and .inf/.nan.  Quoted scalars are always strings, so JSON (the seccomp
 * profiles) reads the same.  One difference: go-yaml calls a decimal
 * beyond uint64 a float; here it is an integer that does not fit. */
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
	uint8_t	 flags;		/* YNODE_FLAG_*: marks left by a checker (the
				 * one mutable byte: it fits in the padding) */
};

/* The schema check reported an error of this node (its value or its key):
 * the decoder, reading the same node, says no more of it. */
#define YNODE_FLAG_REPORTED 0x1

struct yblock;
struct ydocs {
	struct yblock *blocks;	/* own every node and string (see ynode.c) */
	size_t	 bytes;
	struct ynode **docs;	/* one root per document (NULL root = empty doc) */
	size_t	 n_docs;
};

/* What went wrong, for a caller that words its own messages (the seccomp
 * profile reader); msg always says it in ynode's words. */
enum yerror_kind {
	YERR_OTHER,	/* a size or count limit, out of memory, an unknown anchor */
	YERR_SYNTAX,	/* libyaml refused the text: problem holds its own words */
	YERR_DEPTH,	/* nested deeper than the limit */
	YERR_ALIAS,	/* an alias, refused by ynode_opts.no_aliases */
	YERR_NUL,	/* a NUL in a scalar, refused by ynode_opts.no_nul */
};

struct yerror {
	int	 line, col;	/* 1-based; 0 when unknown */
	enum yerror_kind kind;
	const char *problem;	/* YERR_SYNTAX: libyaml's text (static), or NULL */
	char	 msg[256];
};

/* Stricter reading, for a caller that wants it: the seccomp profile
 * reader, whose profiles are one JSON value.  All zero (or no opts) is the
 * manifest's reading. */
struct ynode_opts {
	int	 max_depth;	/* 1..YNODE_MAX_DEPTH-1: no node may sit deeper than
				 * this (the root is at 0); else (0) the default,
				 * YNODE_MAX_DEPTH levels of containers */
	bool	 first_root;	/* stop once the first document's root is read:
				 * what follows it is never looked at */
	bool	 no_aliases;	/* an alias is an error; anchors are ignored */
	bool	 no_nul;	/* a NUL in a scalar (a "\0" escape) is an error */
	bool	 utf8;		/* the input is UTF-8 (no UTF-16 detection) */
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
/* The same, read as opts asks (opts may be NULL). */
int	ynode_parse_opts(const char *data, size_t len, const struct ynode_opts *opts,
	    struct ydocs *out, struct yerror *err);
void	ynode_free(struct ydocs *d);

/* Value of the first pair whose key is the plain/quoted scalar `key`, or
 * NULL.  map may be NULL or not a map (then NULL). */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* Resolve a scalar's type (always YS_STRING for quoted scalars). */
enum yscalar_type ynode_scalar_type(const struct ynode *n);
/* A YS_INT scalar's value: 0, or -1 when it is no integer or does not
 * fit int64. */
int	ynode_int_value(const struct ynode *n, int64_t *out);
/* A YS_BOOL scalar's value (false for anything else). */
bool	ynode_bool_value(const struct ynode *n);
bool	ynode_is_null(const struct ynode *n);	/* NULL pointer or null scalar */
/* "a mapping", "a list", "a string", "a number", "a boolean", "null". */
const char *ynode_describe(const struct ynode *n);

#endif /* PODINIT_YNODE_H */
