/* ynode: libyaml events -> node tree with marks.  Owns the hostile-input
 * limits of the manifest reader (size, depth, scalar length, node count,
 * alias expansion); decode never sees an unbounded tree.  The seccomp
 * profile reader asks for a stricter reading (ynode_opts). */
#include "podinit/ynode.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "podinit/buf.h"

/*
 * Nodes and strings live in a few large blocks of prefaulted memory
 * (prefaulted_map in buf.c), bump-allocated and freed at once: a
 * 1,000-container manifest needs a few MB of nodes, and taking one page
 * fault per 4 KB page costs more than the parse itself on a virtual
 * machine.  A block of 2 MB or more comes as transparent huge pages: the
 * tree of a 1,000-container manifest then costs two page faults instead of
 * a thousand, a quarter of `check` on a virtual machine.
 */
struct yblock {
	struct yblock *next;
	size_t	 used, size;	/* size includes this header */
};

#define YBLOCK_MIN	(64u << 10)
#define YBLOCK_MAX	(8u << 20)
/* First block: a Kubernetes manifest makes about 4.8 bytes of nodes,
 * strings and kid arrays per input byte (block-style YAML; JSON and long
 * scalars make less), so one block usually holds the whole tree. */
#define YBLOCK_HINT(len)	((len) * 5 + YBLOCK_MIN)

static void *
yalloc(struct ydocs *d, size_t size, size_t hint)
{
	struct yblock *b = d->blocks;
	size_t need = (size + 7) & ~(size_t)7;

	if (b == NULL || b->size - b->used < need) {
		size_t bs = b ? b->size * 2 : hint;
		if (bs < YBLOCK_MIN)
			bs = YBLOCK_MIN;
		if (bs > YBLOCK_MAX)
			bs = YBLOCK_MAX;
		if (bs < need + sizeof *b)
			bs = need + sizeof *b;
		bs = (bs + 4095) & ~(size_t)4095;
		if (d->bytes + bs > YNODE_MAX_MEMORY)
			return NULL;
		void *m = prefaulted_map(&bs);
		if (m == NULL)
			return NULL;
		b = m;
		b->next = d->blocks;
		b->used = (sizeof *b + 7) & ~(size_t)7;
		b->size = bs;
		d->blocks = b;
		d->bytes += bs;
	}
	void *p = (char *)b + b->used;
	b->used += need;
	return p;	/* fresh anonymous memory: already zero */
}

struct frame {
	struct ynode *node;
	size_t	 base;		/* its kids start at pstate.kids[base] */
	char	*anchor;	/* malloc'd; registered when the node closes */
};

struct anchor {
	char	*name;
	struct ynode *node;
};

struct pstate {
	const char *data;
	size_t	 len;
	struct ydocs *out;
	struct yerror *err;
	struct frame stack[YNODE_MAX_DEPTH + 1];
	int	 depth;
	/* The kids of every open container, innermost last: one array for
	 * all frames, so a container costs no malloc/realloc/free of its own. */
	struct ynode **kids;
	size_t	 n_kids, cap_kids;
	size_t	 budget;	/* nodes created + alias expansion */
	struct anchor anchors[YNODE_MAX_ANCHORS];
	size_t	 n_anchors;
	struct ynode *root;
	bool	 have_root;
	struct ynode **docs;
	size_t	 n_docs, cap_docs;
	/* ynode_opts, resolved */
	int	 max_open;	/* containers open at once */
	int	 max_leaf;	/* deepest a scalar or alias may sit */
	bool	 first_root, no_aliases, no_nul;
};

static void
seterr(struct pstate *s, int line, int col, const char *fmt, ...)
{
	va_list ap;

	s->err->line = line;
	s->err->col = col;
	s->err->kind = YERR_OTHER;
	va_start(ap, fmt);
	vsnprintf(s->err->msg, sizeof s->err->msg, fmt, ap);
	va_end(ap);
}

/* Line and column (1-based, bytes) of a byte offset. */
static void
offset_pos(const char *data, size_t len, size_t off, int *line, int *col)
{
	int l = 1, c = 1;

	for (size_t i = 0; i < off && i < len; i++) {
		if (data[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static void
clear_anchors(struct pstate *s)
{
	for (size_t i = 0; i < s->n_anchors; i++)
		free(s->anchors[i].name);
	s->n_anchors = 0;
}

static int
add_anchor(struct pstate *s, char *name, struct ynode *n)
{
	if (s->n_anchors == YNODE_MAX_ANCHORS) {
		free(name);
		seterr(s, n->line, n->col, "too many anchors (limit %d)", YNODE_MAX_ANCHORS);
		return -1;
	}
	s->anchors[s->n_anchors].name = name;
	s->anchors[s->n_anchors].node = n;
	s->n_anchors++;
	return 0;
}

/* Attach a finished node (or an alias target) to the open container or
 * make it the document root. */
static int
attach(struct pstate *s, struct ynode *n)
{
	if (s->depth == 0) {
		s->root = n;
		s->have_root = true;
		return 0;
	}
	if (s->kids == NULL || s->n_kids == s->cap_kids) {
		size_t cap = s->cap_kids ? s->cap_kids * 2 : 256;
		struct ynode **v = realloc(s->kids, cap * sizeof *v);
		if (v == NULL) {
			seterr(s, n->line, n->col, "out of memory");
			return -1;
		}
		s->kids = v;
		s->cap_kids = cap;
	}
	s->kids[s->n_kids++] = n;
	return 0;
}

static struct ynode *
new_node(struct pstate *s, enum ynode_kind k, yaml_mark_t m)
{
	struct ynode *n;

	if (++s->budget > YNODE_MAX_NODES) {
		seterr(s, (int)m.line + 1, (int)m.column + 1,
		    "too many YAML nodes (limit %d)", YNODE_MAX_NODES);
		return NULL;
	}
	n = yalloc(s->out, sizeof *n, YBLOCK_HINT(s->len));
	if (n == NULL) {
		seterr(s, (int)m.line + 1, (int)m.column + 1, "out of memory");
		return NULL;
	}
	n->kind = k;
	n->line = (int)m.line + 1;
	n->col = (int)m.column + 1;
	n->weight = 1;
	return n;
}

static char *
dup_anchor(const struct pstate *s, const yaml_char_t *a)
{
	/* with aliases refused, an anchor can never be used: not kept */
	return a && !s->no_aliases ? strdup((const char *)a) : NULL;
}

static int
too_deep(struct pstate *s, yaml_mark_t m)
{
	seterr(s, (int)m.line + 1, (int)m.column + 1, "nesting deeper than %d levels",
	    s->max_open);
	s->err->kind = YERR_DEPTH;
	return -1;
}

static int
on_scalar(struct pstate *s, yaml_event_t *e)
{
	struct ynode *n;
	size_t len = e->data.scalar.length;

	if (s->depth > s->max_leaf)
		return too_deep(s, e->start_mark);
	if (len > YNODE_MAX_SCALAR) {
		seterr(s, (int)e->start_mark.line + 1, (int)e->start_mark.column + 1,
		    "scalar of %zu bytes is longer than the limit of %u bytes", len,
		    YNODE_MAX_SCALAR);
		return -1;
	}
	if (s->no_nul && memchr(e->data.scalar.value, '\0', len) != NULL) {
		seterr(s, (int)e->start_mark.line + 1, (int)e->start_mark.column + 1,
		    "NUL byte in a scalar");
		s->err->kind = YERR_NUL;
		return -1;
	}
	if ((n = new_node(s, YNODE_SCALAR, e->start_mark)) == NULL)
		return -1;
	char *str = yalloc(s->out, len + 1, YBLOCK_HINT(s->len));
	if (str == NULL) {
		seterr(s, n->line, n->col, "out of memory");
		return -1;
	}
	memcpy(str, e->data.scalar.value, len);
	str[len] = '\0';
	n->str = str;
	n->len = (uint32_t)len;
	n->quoted = e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
	if (e->data.scalar.anchor && !s->no_aliases &&
	    add_anchor(s, dup_anchor(s, e->data.scalar.anchor), n) == -1)
		return -1;
	return attach(s, n);
}

static int
on_start(struct pstate *s, yaml_event_t *e, enum ynode_kind k)
{
	struct ynode *n;
	const yaml_char_t *anchor = k == YNODE_MAP ? e->data.mapping_start.anchor
	    : e->data.sequence_start.anchor;

	if (s->depth >= s->max_open)
		return too_deep(s, e->start_mark);
	if ((n = new_node(s, k, e->start_mark)) == NULL)
		return -1;
	struct frame *f = &s->stack[s->depth++];
	f->node = n;
	f->base = s->n_kids;
	f->anchor = dup_anchor(s, anchor);
	return 0;
}

static int
on_end(struct pstate *s)
{
	struct frame *f = &s->stack[s->depth - 1];
	struct ynode *n = f->node;
	size_t nk = s->n_kids - f->base;
	int rc = 0;

	if (n == NULL)
		return -1;
	if (nk > 0 && s->kids != NULL) {	/* (the second always holds then) */
		struct ynode **kids = s->kids + f->base;

		for (size_t i = 0; i < nk; i++)
			n->weight += kids[i]->weight;
		n->kids = yalloc(s->out, nk * sizeof *n->kids, YBLOCK_HINT(s->len));
		if (n->kids == NULL) {
			seterr(s, n->line, n->col, "out of memory");
			rc = -1;
		} else {
			memcpy(n->kids, kids, nk * sizeof *n->kids);
			n->n = (uint32_t)nk;
		}
	}
	s->n_kids = f->base;
	s->depth--;
	if (rc == 0 && f->anchor) {
		rc = add_anchor(s, f->anchor, n);
		f->anchor = NULL;
	}
	free(f->anchor);
	return rc == 0 ? attach(s, n) : -1;
}

/* An alias shares the anchored node; its expanded size still counts
 * against the node budget so a billion-laughs document is refused before
 * anything walks it. */
static int
on_alias(struct pstate *s, yaml_event_t *e)
{
	const char *name = (const char *)e->data.alias.anchor;
	int line = (int)e->start_mark.line + 1, col = (int)e->start_mark.column + 1;

	if (s->depth > s->max_leaf)
		return too_deep(s, e->start_mark);
	if (s->no_aliases) {
		seterr(s, line, col, "YAML aliases are not allowed");
		s->err->kind = YERR_ALIAS;
		return -1;
	}
	for (size_t i = s->n_anchors; i-- > 0;) {
		if (strcmp(s->anchors[i].name, name) != 0)
			continue;
		struct ynode *t = s->anchors[i].node;
		if (t->weight > YNODE_MAX_NODES - s->budget) {
			seterr(s, line, col, "alias *%s expands beyond the limit of %d nodes "
			    "(alias bomb?)", name, YNODE_MAX_NODES);
			return -1;
		}
		s->budget += t->weight;
		return attach(s, t);
	}
	seterr(s, line, col, "unknown anchor in alias *%s", name);
	return -1;
}

static int
on_doc_end(struct pstate *s)
{
	if (s->n_docs == s->cap_docs) {
		size_t cap = s->cap_docs ? s->cap_docs * 2 : 4;
		struct ynode **v = realloc(s->docs, cap * sizeof *v);
		if (v == NULL) {
			seterr(s, 0, 0, "out of memory");
			return -1;
		}
		s->docs = v;
		s->cap_docs = cap;
	}
	s->docs[s->n_docs++] = s->have_root ? s->root : NULL;
	s->root = NULL;
	s->have_root = false;
	clear_anchors(s);
	return 0;
}

static void
parser_error(struct pstate *s, yaml_parser_t *p)
{
	int line, col;
	const char *problem = p->problem ? p->problem : "parse error";

	if (p->error == YAML_READER_ERROR) {
		offset_pos(s->data, s->len, p->problem_offset, &line, &col);
		if (p->problem_value != -1)
			seterr(s, line, col, "invalid YAML: %s (byte 0x%02x)", problem,
			    (unsigned)p->problem_value & 0xFF);
		else
			seterr(s, line, col, "invalid YAML: %s", problem);
	} else {
		line = (int)p->problem_mark.line + 1;
		col = (int)p->problem_mark.column + 1;
		if (p->context)
			seterr(s, line, col, "invalid YAML: %s %s", problem, p->context);
		else
			seterr(s, line, col, "invalid YAML: %s", problem);
	}
	s->err->kind = YERR_SYNTAX;
	s->err->problem = p->problem;
}

int
ynode_parse(const char *data, size_t len, struct ydocs *out, struct yerror *err)
{
	return ynode_parse_opts(data, len, NULL, out, err);
}

int
ynode_parse_opts(const char *data, size_t len, const struct ynode_opts *opts,
    struct ydocs *out, struct yerror *err)
{
	yaml_parser_t p;
	yaml_event_t e;
	struct pstate *s;
	const char *nul;
	int rc = -1;
	bool done = false;

	memset(out, 0, sizeof *out);
	memset(err, 0, sizeof *err);
	if (len > YNODE_MAX_INPUT) {
		snprintf(err->msg, sizeof err->msg, "input of %zu bytes is larger than the "
		    "limit of %u bytes", len, YNODE_MAX_INPUT);
		return -1;
	}
	/* libyaml's own message for a NUL is vague; name it. */
	if (len && (nul = memchr(data, '\0', len)) != NULL) {
		offset_pos(data, len, (size_t)(nul - data), &err->line, &err->col);
		snprintf(err->msg, sizeof err->msg, "NUL byte in input (not a text file?)");
		return -1;
	}
	if ((s = calloc(1, sizeof *s)) == NULL) {
		snprintf(err->msg, sizeof err->msg, "out of memory");
		return -1;
	}
	s->data = data;
	s->len = len;
	s->out = out;
	s->err = err;
	s->max_open = YNODE_MAX_DEPTH;
	s->max_leaf = YNODE_MAX_DEPTH;
	if (opts != NULL) {
		/* a node at depth d sits in d open containers */
		if (opts->max_depth > 0 && opts->max_depth < YNODE_MAX_DEPTH) {
			s->max_open = opts->max_depth + 1;
			s->max_leaf = opts->max_depth;
		}
		s->first_root = opts->first_root;
		s->no_aliases = opts->no_aliases;
		s->no_nul = opts->no_nul;
	}
	if (!yaml_parser_initialize(&p)) {
		snprintf(err->msg, sizeof err->msg, "out of memory");
		free(s);
		return -1;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	if (opts != NULL && opts->utf8)
		yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	while (!done) {
		int r = 0;

		if (!yaml_parser_parse(&p, &e)) {
			parser_error(s, &p);
			break;
		}
		switch (e.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_NO_EVENT:
		case YAML_STREAM_START_EVENT:
			break;
		case YAML_DOCUMENT_START_EVENT:
			clear_anchors(s);
			break;
		case YAML_DOCUMENT_END_EVENT:
			r = on_doc_end(s);
			break;
		case YAML_SCALAR_EVENT:
			r = on_scalar(s, &e);
			break;
		case YAML_SEQUENCE_START_EVENT:
			r = on_start(s, &e, YNODE_SEQ);
			break;
		case YAML_MAPPING_START_EVENT:
			r = on_start(s, &e, YNODE_MAP);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			r = on_end(s);
			break;
		case YAML_ALIAS_EVENT:
			r = on_alias(s, &e);
			break;
		}
		yaml_event_delete(&e);
		if (r == 0 && s->first_root && s->have_root) {
			r = on_doc_end(s);
			done = true;
		}
		if (r == -1)
			break;
		if (done)
			rc = 0;
	}
	yaml_parser_delete(&p);
	while (s->depth > 0)
		free(s->stack[--s->depth].anchor);
	free(s->kids);
	clear_anchors(s);
	if (rc == 0) {
		out->docs = yalloc(out, (s->n_docs ? s->n_docs : 1) * sizeof *out->docs, 0);
		if (out->docs == NULL) {
			snprintf(err->msg, sizeof err->msg, "out of memory");
			rc = -1;
		} else {
			if (s->n_docs)
				memcpy(out->docs, s->docs, s->n_docs * sizeof *out->docs);
			out->n_docs = s->n_docs;
		}
	}
	free(s->docs);
	free(s);
	if (rc == -1)
		ynode_free(out);
	return rc;
}

void
ynode_free(struct ydocs *d)
{
	struct yblock *b = d->blocks;

	while (b != NULL) {
		struct yblock *next = b->next;
		prefaulted_unmap(b, b->size);
		b = next;
	}
	memset(d, 0, sizeof *d);
}

const struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	if (map == NULL || map->kind != YNODE_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const struct ynode *k = map->kids[i];
		if (k->kind == YNODE_SCALAR && k->str[0] == key[0] && strcmp(k->str, key) == 0)
			return map->kids[i + 1];
	}
	return NULL;
}

/* K8S: kubectl reads YAML with sigs.k8s.io/yaml over go-yaml v2, which
 * resolves plain scalars by YAML 1.1's rules (resolve.go): these are the
 * words it knows, then numbers by the first character's hint. */
static const char *const yaml_true[] = {
	"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
};
static const char *const yaml_false[] = {
	"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
};
static const char *const yaml_null[] = { "", "~", "null", "Null", "NULL" };
static const char *const yaml_special_float[] = {
	".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
	"-.inf", "-.Inf", "-.INF",
};

static bool
in_words(const char *s, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, words[i]) == 0)
			return true;
	return false;
}

#define IN_WORDS(s, w)	in_words((s), (w), sizeof (w) / sizeof (w)[0])

static int
digit_value(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return 99;
}

/* Go's strconv.ParseInt(s, 0, 64) after go-yaml v2 removed every "_":
 * an optional sign, then 0x/0X hex, 0o/0O or a leading 0 octal, 0b/0B
 * binary, or decimal.  1: an integer (its value in *out, saturated, with
 * *overflow set when it does not fit int64), 0: not an integer.  Bounded:
 * the scalar is at most YNODE_MAX_SCALAR bytes and is read once. */
static int
yaml11_int(const char *s, int64_t *out, bool *overflow)
{
	uint64_t v = 0, limit;
	unsigned base = 10;
	int digits = 0;
	bool neg = false, big = false;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
		base = 8;
		s += 2;
	} else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
		base = 2;
		s += 2;
	} else if (s[0] == '0' && s[1] != '\0') {
		base = 8;
		s++;
	}
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; *s; s++) {
		unsigned d;

		if (*s == '_')
			continue;
		if ((d = (unsigned)digit_value(*s)) >= base)
			return 0;
		digits++;
		if (big || v > (limit - d) / base)
			big = true;
		else
			v = v * base + d;
	}
	if (digits == 0)
		return 0;
	*overflow = big;
	if (big)
		*out = neg ? INT64_MIN : INT64_MAX;
	else
		*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 1;
}

/* go-yaml v2's yamlStyleFloat, on the scalar without its "_":
 * [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static bool
yaml11_float(const char *p)
{
	int digits = 0;

	if (*p == '+' || *p == '-')
		p++;
	while (*p == '_' || (*p >= '0' && *p <= '9'))
		digits += *p++ != '_';
	if (*p == '.') {
		int fraction = 0;

		p++;
		while (*p == '_' || (*p >= '0' && *p <= '9'))
			fraction += *p++ != '_';
		if (digits == 0 && fraction == 0)
			return false;
		digits += fraction;
	}
	if (digits == 0)
		return false;
	if (*p == 'e' || *p == 'E') {
		int exponent = 0;

		p++;
		if (*p == '+' || *p == '-')
			p++;
		while (*p == '_' || (*p >= '0' && *p <= '9'))
			exponent += *p++ != '_';
		if (exponent == 0)
			return false;
	}
	return *p == '\0';
}

/* A scalar that starts with '.' and is not a special float: Go's
 * ParseFloat, which allows no "_" here: \.[0-9]+([eE][-+]?[0-9]+)? */
static bool
dot_float(const char *p)
{
	return strchr(p, '_') == NULL && yaml11_float(p);
}

enum yscalar_type
ynode_scalar_type(const struct ynode *n)
{
	const char *s = n->str;
	int64_t ignored;
	bool overflow;

	if (n->kind != YNODE_SCALAR || n->quoted)
		return YS_STRING;
	if (IN_WORDS(s, yaml_null))
		return YS_NULL;
	if (IN_WORDS(s, yaml_true) || IN_WORDS(s, yaml_false))
		return YS_BOOL;
	if (IN_WORDS(s, yaml_special_float))
		return YS_FLOAT;
	if (s[0] == '.')
		return dot_float(s) ? YS_FLOAT : YS_STRING;
	/* The number hint: only a digit or a sign starts a number. */
	if (!((s[0] >= '0' && s[0] <= '9') || s[0] == '+' || s[0] == '-'))
		return YS_STRING;
	if (yaml11_int(s, &ignored, &overflow))
		return YS_INT;
	if (yaml11_float(s))
		return YS_FLOAT;
	return YS_STRING;
}

int
ynode_int_value(const struct ynode *n, int64_t *out)
{
	bool overflow = false;

	if (ynode_scalar_type(n) != YS_INT || !yaml11_int(n->str, out, &overflow))
		return -1;
	return overflow ? -1 : 0;
}

bool
ynode_bool_value(const struct ynode *n)
{
	return ynode_scalar_type(n) == YS_BOOL && IN_WORDS(n->str, yaml_true);
}

bool
ynode_is_null(const struct ynode *n)
{
	return n == NULL || (n->kind == YNODE_SCALAR && ynode_scalar_type(n) == YS_NULL);
}

const char *
ynode_describe(const struct ynode *n)
{
	if (n == NULL)
		return "nothing";
	switch (n->kind) {
	case YNODE_MAP: return "a mapping";
	case YNODE_SEQ: return "a list";
	case YNODE_SCALAR:
		switch (ynode_scalar_type(n)) {
		case YS_STRING: return "a string";
		case YS_NULL: return "null";
		case YS_BOOL: return "a boolean";
		case YS_INT:
		case YS_FLOAT: return "a number";
		}
	}
	return "?";
}
