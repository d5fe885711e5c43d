/* schema: the lookups of the generated tables (schema_tables.c) and the
 * check of one document against the schema of its kind: types, enums,
 * unknown and duplicate fields, required fields, formats (through
 * apivalidate), and the API server's value rules of a few fields (the
 * hand-written table at the end).  Wording and paths are decode.c's, so a
 * field both read says the same thing once; every node reported gets
 * YNODE_FLAG_REPORTED for the decoder to skip.  Pure: no syscalls. */
#include "podinit/schema.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "podinit/apivalidate.h"
#include "podinit/decode.h"
#include "podinit/fieldpath.h"
#include "podinit/strconv.h"

#define SCHEMA_MAX_TYPE_FIELDS 256	/* the widest type has fewer (tests/unit/test_schema.c) */
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- lookups ---- */

int
schema_type_cmp(const char *name, const struct schema_type *t)
{
	const char *prefix = SCHEMA_TYPE_PREFIX(t);
	size_t plen = strlen(prefix);
	int c = strncmp(name, prefix, plen);

	return c != 0 ? c : strcmp(name + plen, SCHEMA_STR(t->name));
}

const struct schema_type *
schema_type_find(const char *name)
{
	size_t lo = 0, hi = schema_n_types;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = schema_type_cmp(name, &schema_types[mid]);
		if (c == 0)
			return &schema_types[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct schema_field *
schema_field_find(const struct schema_type *t, const char *name)
{
	size_t lo, hi;

	if (t == NULL)
		return NULL;
	lo = t->first;
	hi = (size_t)t->first + t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, SCHEMA_STR(schema_fields[mid].name));
		if (c == 0)
			return &schema_fields[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct schema_root *
schema_root_find(const char *api_version, const char *kind)
{
	for (size_t i = 0; i < schema_n_roots; i++)
		if (strcmp(SCHEMA_STR(schema_roots[i].kind), kind) == 0 &&
		    strcmp(SCHEMA_STR(schema_roots[i].api_version), api_version) == 0)
			return &schema_roots[i];
	return NULL;
}

const struct schema_root *
schema_root_find_kind(const char *kind)
{
	for (size_t i = 0; i < schema_n_roots; i++)
		if (strcmp(SCHEMA_STR(schema_roots[i].kind), kind) == 0)
			return &schema_roots[i];
	return NULL;
}

/* ---- the walk ---- */

#define N_RULES 11

struct check {
	struct diag_list *d;
	size_t	 errors;
	const char *kind;	/* the document's kind (Service names are DNS-1035) */
	int	 rule_type[N_RULES];	/* rules[i]'s schema_types index, or -1 */
};

static void __attribute__((format(printf, 4, 5)))
fail(struct check *c, struct ynode *n, const char *path, const char *fmt, ...)
{
	char msg[APIVALIDATE_MSG_SIZE + 128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(c->d, DIAG_ERROR, n->line, n->col, path, "%s", msg);
	n->flags |= YNODE_FLAG_REPORTED;
	c->errors++;
}

/* The value of field `name` of map m; NULL when absent or null (Go's JSON
 * decoding makes a null field absent). */
static struct ynode *
field_value(struct ynode *m, const char *name)
{
	if (m == NULL || m->kind != YNODE_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < m->n; i += 2)
		if (m->kids[i]->kind == YNODE_SCALAR && strcmp(m->kids[i]->str, name) == 0)
			return ynode_is_null(m->kids[i + 1]) ? NULL : m->kids[i + 1];
	return NULL;
}

/* A string value: a quoted scalar, or a plain one that resolves to a string. */
static bool
is_string(const struct ynode *n)
{
	return n->kind == YNODE_SCALAR && (n->quoted || ynode_scalar_type(n) == YS_STRING);
}

static bool
want_string(struct check *c, struct ynode *n, const char *path)
{
	if (is_string(n))
		return true;
	if (n->kind == YNODE_SCALAR)
		fail(c, n, path, "expected a string, got %s (quote it: \"%s\")", ynode_describe(n),
		    n->str);
	else
		fail(c, n, path, "expected a string, got %s", ynode_describe(n));
	return false;
}

static void check_value(struct check *c, struct ynode *n, const char *path, unsigned value);
static void check_object(struct check *c, struct ynode *n, const char *path, unsigned type);

/* An enum value: the supported values in the schema's order, as the API
 * server lists them (a long list, such as the signal names, is cut to its
 * first few), and the closest one when it is a near miss, as decode says. */
#define ENUM_LISTED 8

static void
check_enum(struct check *c, struct ynode *n, const char *path, unsigned enum_id)
{
	const struct schema_enum *e = &schema_enums[enum_id];
	const char *cands[256];
	char list[APIVALIDATE_MSG_SIZE], tail[64] = "";
	const char *near;
	size_t len = 0, nc = 0;

	for (size_t i = 0; i < e->n; i++)
		if (strcmp(n->str, SCHEMA_STR(schema_enum_values[e->first + i])) == 0)
			return;
	list[0] = '\0';
	for (size_t i = 0; i < e->n && len < sizeof(list); i++) {
		const char *v = SCHEMA_STR(schema_enum_values[e->first + i]);
		int w = 0;
		if (nc < NELEM(cands))
			cands[nc++] = v;
		if (i < ENUM_LISTED || e->n <= ENUM_LISTED + 1)
			w = snprintf(list + len, sizeof(list) - len, "%s\"%s\"", i ? ", " : "", v);
		if (w > 0)
			len += (size_t)w;
	}
	if (e->n > ENUM_LISTED + 1)
		snprintf(tail, sizeof(tail), ", ... (%u in all)", (unsigned)e->n);
	/* only a near miss ("always"): a guess from "FTP" to "HTTP" is noise */
	near = NULL;
	for (size_t i = 0; i < nc && near == NULL; i++)
		if (strcasecmp(n->str, cands[i]) == 0 || strconv_edit_distance(n->str, cands[i], 1) <= 1)
			near = cands[i];
	if (near)
		fail(c, n, path, "unsupported value \"%s\": supported values: %s%s; did you mean %s?",
		    n->str, list, tail, near);
	else
		fail(c, n, path, "unsupported value \"%s\": supported values: %s%s", n->str, list,
		    tail);
}

static void
check_integer(struct check *c, struct ynode *n, const char *path, unsigned format)
{
	int64_t v;

	if (n->kind != YNODE_SCALAR || ynode_scalar_type(n) != YS_INT) {
		if (n->kind == YNODE_SCALAR && n->quoted &&
		    strconv_int64(n->str, INT64_MIN, INT64_MAX, &v) == 0)
			fail(c, n, path, "expected an integer, got a string (remove the quotes)");
		else
			fail(c, n, path, "expected an integer, got %s", ynode_describe(n));
		return;
	}
	/* (ynode reads it as go-yaml v2 does: 0x, 0o, 0b, underscores) */
	if (ynode_int_value(n, &v) == -1 ||
	    (format == SCHEMA_FORMAT_INT32 && (v < INT32_MIN || v > INT32_MAX)))
		fail(c, n, path, "integer %s is out of range", n->str);
}

static void
check_boolean(struct check *c, struct ynode *n, const char *path)
{
	if (n->kind == YNODE_SCALAR && ynode_scalar_type(n) == YS_BOOL)
		return;
	if (n->kind == YNODE_SCALAR && n->quoted &&
	    (strcmp(n->str, "true") == 0 || strcmp(n->str, "false") == 0))
		fail(c, n, path, "expected a boolean, got a string (remove the quotes)");
	else
		fail(c, n, path, "expected a boolean (true or false), got %s", ynode_describe(n));
}

/* Which keys of map n repeat an earlier one: dup[i / 2] for the pair at
 * kids[i].  Sorting an index keeps a hostile map of 200,000 keys linear
 * enough (a pairwise scan would be 10^10 comparisons).  NULL when there is
 * no memory: the map is then checked without duplicate detection. */
struct key_ref {
	const char *str;
	size_t	 pair;
};

static int
cmp_key_ref(const void *a, const void *b)
{
	const struct key_ref *x = a, *y = b;
	int c = strcmp(x->str, y->str);

	if (c != 0)
		return c;
	return x->pair < y->pair ? -1 : x->pair > y->pair;
}

static bool *
duplicate_keys(const struct ynode *n)
{
	size_t pairs = n->n / 2, k = 0;
	struct key_ref *refs;
	bool *dup;

	dup = calloc(pairs ? pairs : 1, sizeof(*dup));
	refs = malloc((pairs ? pairs : 1) * sizeof(*refs));
	if (dup == NULL || refs == NULL) {
		free(dup);
		free(refs);
		return NULL;
	}
	for (size_t i = 0; i < pairs; i++)
		if (n->kids[2 * i]->kind == YNODE_SCALAR)
			refs[k++] = (struct key_ref){ n->kids[2 * i]->str, i };
	qsort(refs, k, sizeof(*refs), cmp_key_ref);
	for (size_t i = 1; i < k; i++)
		if (strcmp(refs[i - 1].str, refs[i].str) == 0)
			dup[refs[i].pair] = true;
	free(refs);
	return dup;
}

/* Checks a map's keys (strings, no duplicates) and each entry's value. */
static void
check_map(struct check *c, struct ynode *n, const char *path, unsigned value)
{
	char p[FIELDPATH_MAX];
	bool *dup;

	if (n->kind != YNODE_MAP) {
		fail(c, n, path, "expected a mapping, got %s", ynode_describe(n));
		return;
	}
	dup = duplicate_keys(n);
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		struct ynode *k = n->kids[i];

		if (k->kind != YNODE_SCALAR) {
			fail(c, k, path, "field name must be a string, got %s", ynode_describe(k));
			continue;
		}
		if (dup && dup[i / 2]) {
			fail(c, k, fieldpath_field(p, path, k->str), "duplicate field");
			continue;
		}
		if (!ynode_is_null(n->kids[i + 1]))
			check_value(c, n->kids[i + 1], fieldpath_field(p, path, k->str), value);
	}
	free(dup);
}

/* The formats apivalidate knows, in a frame of their own (the message
 * buffer stays off the recursion's stack). */
static void
check_format(struct check *c, struct ynode *n, const char *path, unsigned shape)
{
	char msg[APIVALIDATE_MSG_SIZE];
	const char *why = NULL;

	if (shape == SCHEMA_BYTES)
		why = apivalidate_base64(n->str, msg, sizeof(msg));
	else if (shape == SCHEMA_QUANTITY)
		why = apivalidate_quantity(n->str, msg, sizeof(msg));
	else if (shape == SCHEMA_TIME)
		why = apivalidate_date_time(n->str, msg, sizeof(msg));
	if (why)
		fail(c, n, path, "%s", why);
}

static void
check_value(struct check *c, struct ynode *n, const char *path, unsigned value)
{
	const struct schema_value *v = &schema_values[value];
	char p[FIELDPATH_MAX];

	switch (v->shape) {
	case SCHEMA_OBJECT:
		check_object(c, n, path, v->arg);
		break;
	case SCHEMA_STRING:
		if (want_string(c, n, path) && v->enum_id != 0)
			check_enum(c, n, path, v->enum_id);
		break;
	case SCHEMA_INTEGER:
		check_integer(c, n, path, v->format);
		break;
	case SCHEMA_NUMBER:
		if (n->kind != YNODE_SCALAR || (ynode_scalar_type(n) != YS_INT &&
		    ynode_scalar_type(n) != YS_FLOAT))
			fail(c, n, path, "expected a number, got %s", ynode_describe(n));
		break;
	case SCHEMA_BOOLEAN:
		check_boolean(c, n, path);
		break;
	case SCHEMA_BYTES:
		if (want_string(c, n, path))
			check_format(c, n, path, SCHEMA_BYTES);
		break;
	case SCHEMA_ARRAY:
		if (n->kind != YNODE_SEQ) {
			fail(c, n, path, "expected a list, got %s", ynode_describe(n));
			break;
		}
		for (size_t i = 0; i < n->n; i++)
			if (!ynode_is_null(n->kids[i]))
				check_value(c, n->kids[i], fieldpath_index(p, path, i), v->arg);
		break;
	case SCHEMA_MAP:
		check_map(c, n, path, v->arg);
		break;
	case SCHEMA_QUANTITY:
		if (n->kind != YNODE_SCALAR || (!is_string(n) && ynode_scalar_type(n) != YS_INT &&
		    ynode_scalar_type(n) != YS_FLOAT))
			fail(c, n, path, "expected a quantity such as 128Mi or 500m, got %s",
			    ynode_describe(n));
		else
			check_format(c, n, path, SCHEMA_QUANTITY);
		break;
	case SCHEMA_INT_OR_STRING:
		if (n->kind == YNODE_SCALAR && ynode_scalar_type(n) == YS_INT && !n->quoted)
			check_integer(c, n, path, SCHEMA_FORMAT_INT32);
		else if (!is_string(n))
			fail(c, n, path, "expected an integer or a string, got %s", ynode_describe(n));
		break;
	case SCHEMA_TIME:
		if (want_string(c, n, path))
			check_format(c, n, path, SCHEMA_TIME);
		break;
	case SCHEMA_ANY:
	default:
		break;
	}
}

/* ---- value rules: the API server's checks of a few fields, by type ---- */

typedef void object_rule(struct check *c, struct ynode *map, const char *path);

/* One entry of a string-keyed map, its key not reported yet. */
typedef void entry_check(struct check *c, struct ynode *key, struct ynode *value,
    const char *path);

static void
check_entries(struct check *c, struct ynode *m, const char *path, entry_check *fn)
{
	char p[FIELDPATH_MAX];

	if (m == NULL || m->kind != YNODE_MAP)
		return;
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		struct ynode *k = m->kids[i], *v = m->kids[i + 1];
		if (k->kind != YNODE_SCALAR || (k->flags & YNODE_FLAG_REPORTED))
			continue;
		fn(c, k, v, fieldpath_field(p, path, k->str));
	}
}

/* A label (metadata.labels, a selector's matchLabels): the key a
 * qualified name, the value a label value. */
static void
label_entry(struct check *c, struct ynode *k, struct ynode *v, const char *path)
{
	char msg[APIVALIDATE_MSG_SIZE];

	if (apivalidate_qualified_name(k->str, msg, sizeof(msg)))
		fail(c, k, path, "%s", msg);
	if (is_string(v) && !(v->flags & YNODE_FLAG_REPORTED) &&
	    apivalidate_label_value(v->str, msg, sizeof(msg)))
		fail(c, v, path, "%s", msg);
}

static void
rule_labels(struct check *c, struct ynode *m, const char *path)
{
	check_entries(c, m, path, label_entry);
}

/* What a name must be: a Service's a DNS-1035 label (it becomes a DNS
 * name and an environment variable prefix), any other object's a DNS-1123
 * subdomain.  NULL when s is one. */
static const char *
object_name_problem(const struct check *c, const char *s, char *msg, size_t size)
{
	return strcmp(c->kind, "Service") == 0 ? apivalidate_dns1035_label(s, msg, size) :
	    apivalidate_dns1123_subdomain(s, msg, size);
}

static void
rule_object_meta(struct check *c, struct ynode *m, const char *path)
{
	char msg[APIVALIDATE_MSG_SIZE], p[FIELDPATH_MAX];
	struct ynode *name = field_value(m, "name");
	struct ynode *ns = field_value(m, "namespace");
	struct ynode *ann = field_value(m, "annotations");
	struct ynode *gen = field_value(m, "generateName");
	/* the object's own (not a template's: the API server ignores those) */
	bool own = strcmp(path, "metadata") == 0;

	if (own && name && is_string(name) && !(name->flags & YNODE_FLAG_REPORTED)) {
		const char *why = object_name_problem(c, name->str, msg, sizeof(msg));
		if (why)
			fail(c, name, fieldpath_field(p, path, "name"), "%s", why);
		/* K8S: batch/validation ValidateCronJobCreate: a Job's name is
		 * the CronJob's plus an 11-character suffix */
		else if (strcmp(c->kind, "CronJob") == 0 && name->len > 52)
			fail(c, name, fieldpath_field(p, path, "name"),
			    "must be no more than 52 characters");
	}
	/* generateName is a name's prefix: one trailing '-' is allowed
	 * (apimachinery's ValidateObjectMeta, maskTrailingDash). */
	if (own && gen && is_string(gen) && !(gen->flags & YNODE_FLAG_REPORTED) && gen->len > 0) {
		char prefix[256];
		size_t n = gen->len < sizeof(prefix) ? gen->len : sizeof(prefix) - 1;
		const char *why;

		memcpy(prefix, gen->str, n);
		prefix[n] = '\0';
		if (n > 1 && prefix[n - 1] == '-')
			prefix[n - 1] = 'a';	/* the dash masked, as upstream */
		if ((why = object_name_problem(c, prefix, msg, sizeof(msg))) != NULL)
			fail(c, gen, fieldpath_field(p, path, "generateName"), "%s", why);
	}
	if (own && ns && is_string(ns) && !(ns->flags & YNODE_FLAG_REPORTED) &&
	    apivalidate_dns1123_label(ns->str, msg, sizeof(msg)))
		fail(c, ns, fieldpath_field(p, path, "namespace"), "%s", msg);
	rule_labels(c, field_value(m, "labels"), fieldpath_field(p, path, "labels"));
	if (ann && ann->kind == YNODE_MAP) {
		size_t total = 0;
		char q[FIELDPATH_MAX];
		fieldpath_field(p, path, "annotations");
		for (size_t i = 0; i + 1 < ann->n; i += 2) {
			struct ynode *k = ann->kids[i], *v = ann->kids[i + 1];
			if (k->kind != YNODE_SCALAR || (k->flags & YNODE_FLAG_REPORTED))
				continue;
			total += k->len + (v->kind == YNODE_SCALAR ? v->len : 0);
			if (apivalidate_annotation_key(k->str, msg, sizeof(msg)))
				fail(c, k, fieldpath_field(q, p, k->str), "%s", msg);
		}
		if (apivalidate_annotations_size(total, msg, sizeof(msg)))
			fail(c, ann, p, "%s", msg);
	}
}

static void
rule_label_selector(struct check *c, struct ynode *m, const char *path)
{
	char p[FIELDPATH_MAX];

	rule_labels(c, field_value(m, "matchLabels"), fieldpath_field(p, path, "matchLabels"));
}

static void
selector_requirement(struct check *c, struct ynode *m, const char *path,
    enum apivalidate_selector kind)
{
	char msg[APIVALIDATE_MSG_SIZE], p[FIELDPATH_MAX];
	struct ynode *key = field_value(m, "key");
	struct ynode *op = field_value(m, "operator");
	struct ynode *values = field_value(m, "values");
	size_t n_values = values && values->kind == YNODE_SEQ ? values->n : 0;
	bool about_values = false;

	if (key && is_string(key) && !(key->flags & YNODE_FLAG_REPORTED) &&
	    apivalidate_qualified_name(key->str, msg, sizeof(msg)))
		fail(c, key, fieldpath_field(p, path, "key"), "%s", msg);
	if (op == NULL || !is_string(op) || (op->flags & YNODE_FLAG_REPORTED))
		return;
	if (apivalidate_selector_requirement(kind, op->str, n_values, &about_values,
	    msg, sizeof(msg))) {
		if (about_values)
			fail(c, values ? values : m, fieldpath_field(p, path, "values"), "%s", msg);
		else
			fail(c, op, fieldpath_field(p, path, "operator"), "%s", msg);
	}
	if (kind == APIVALIDATE_LABEL_SELECTOR && values && values->kind == YNODE_SEQ)
		for (size_t i = 0; i < values->n; i++) {
			struct ynode *v = values->kids[i];
			char q[FIELDPATH_MAX];
			if (is_string(v) && !(v->flags & YNODE_FLAG_REPORTED) &&
			    apivalidate_label_value(v->str, msg, sizeof(msg)))
				fail(c, v, fieldpath_index(q, fieldpath_field(p, path, "values"), i), "%s", msg);
		}
}

static void
rule_label_selector_requirement(struct check *c, struct ynode *m, const char *path)
{
	selector_requirement(c, m, path, APIVALIDATE_LABEL_SELECTOR);
}

static void
rule_node_selector_requirement(struct check *c, struct ynode *m, const char *path)
{
	selector_requirement(c, m, path, APIVALIDATE_NODE_SELECTOR);
}

/* A resource of a container's limits or requests: a resource name, and a
 * quantity that name allows. */
static void
resource_entry(struct check *c, struct ynode *k, struct ynode *v, const char *path)
{
	char msg[APIVALIDATE_MSG_SIZE];

	if (apivalidate_container_resource_name(k->str, msg, sizeof(msg)))
		fail(c, k, path, "%s", msg);
	else if (v->kind == YNODE_SCALAR && !(v->flags & YNODE_FLAG_REPORTED) &&
	    apivalidate_resource_quantity(k->str, v->str, msg, sizeof(msg)))
		fail(c, v, path, "%s", msg);
}

static void
rule_resources(struct check *c, struct ynode *m, const char *path)
{
	char p[FIELDPATH_MAX];

	check_entries(c, field_value(m, "limits"), fieldpath_field(p, path, "limits"), resource_entry);
	check_entries(c, field_value(m, "requests"), fieldpath_field(p, path, "requests"),
	    resource_entry);
}

static void
rule_volume(struct check *c, struct ynode *m, const char *path)
{
	char msg[APIVALIDATE_MSG_SIZE], p[FIELDPATH_MAX];
	struct ynode *name = field_value(m, "name");

	if (name && is_string(name) && !(name->flags & YNODE_FLAG_REPORTED) &&
	    apivalidate_dns1123_label(name->str, msg, sizeof(msg)))
		fail(c, name, fieldpath_field(p, path, "name"), "%s", msg);
}

/* The labels of a pod template, sorted for lookups: a selector of m
 * labels against n labels costs m log n, not m n (both may be hostile). */
struct label_set {
	const struct ynode *map;
	struct key_ref *refs;
	size_t	 n;
};

static bool
label_set_init(struct label_set *ls, const struct ynode *map)
{
	size_t pairs = map && map->kind == YNODE_MAP ? map->n / 2 : 0;

	ls->map = map;
	ls->n = 0;
	ls->refs = malloc((pairs ? pairs : 1) * sizeof(*ls->refs));
	if (ls->refs == NULL)
		return false;
	for (size_t i = 0; i < pairs; i++)
		if (map->kids[2 * i]->kind == YNODE_SCALAR && !ynode_is_null(map->kids[2 * i + 1]))
			ls->refs[ls->n++] = (struct key_ref){ map->kids[2 * i]->str, i };
	qsort(ls->refs, ls->n, sizeof(*ls->refs), cmp_key_ref);
	return true;
}

/* The value of label key, or NULL. */
static const struct ynode *
label_set_get(const struct label_set *ls, const char *key)
{
	size_t lo = 0, hi = ls->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, ls->refs[mid].str);
		if (c == 0) {
			while (mid > 0 && strcmp(key, ls->refs[mid - 1].str) == 0)
				mid--;	/* the first of duplicates, as field_value */
			return ls->map->kids[2 * ls->refs[mid].pair + 1];
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Does the label selector sel select the labels? (matchLabels and
 * matchExpressions, as metav1.LabelSelectorAsSelector reads them.)  -1
 * when the selector is not well formed (already reported, or not for this
 * rule to say). */
static int
selector_matches(struct ynode *sel, const struct label_set *labels)
{
	struct ynode *ml = field_value(sel, "matchLabels");
	struct ynode *me = field_value(sel, "matchExpressions");

	if (ml && ml->kind == YNODE_MAP)
		for (size_t i = 0; i + 1 < ml->n; i += 2) {
			const struct ynode *want = ml->kids[i + 1], *have;
			if (ml->kids[i]->kind != YNODE_SCALAR || want->kind != YNODE_SCALAR)
				return -1;
			have = label_set_get(labels, ml->kids[i]->str);
			if (have == NULL || have->kind != YNODE_SCALAR || strcmp(have->str, want->str) != 0)
				return 0;
		}
	if (me && me->kind == YNODE_SEQ)
		for (size_t i = 0; i < me->n; i++) {
			struct ynode *key = field_value(me->kids[i], "key");
			struct ynode *op = field_value(me->kids[i], "operator");
			struct ynode *vals = field_value(me->kids[i], "values");
			const struct ynode *have;
			bool in = false;

			if (key == NULL || op == NULL || key->kind != YNODE_SCALAR || op->kind != YNODE_SCALAR)
				return -1;
			have = label_set_get(labels, key->str);
			if (have && have->kind == YNODE_SCALAR && vals && vals->kind == YNODE_SEQ)
				for (size_t j = 0; j < vals->n && !in; j++)
					in = vals->kids[j]->kind == YNODE_SCALAR &&
					    strcmp(vals->kids[j]->str, have->str) == 0;
			if (strcmp(op->str, "In") == 0) {
				if (!in)
					return 0;
			} else if (strcmp(op->str, "NotIn") == 0) {
				if (in)
					return 0;
			} else if (strcmp(op->str, "Exists") == 0) {
				if (have == NULL)
					return 0;
			} else if (strcmp(op->str, "DoesNotExist") == 0) {
				if (have != NULL)
					return 0;
			} else
				return -1;
		}
	return 1;
}

/* Does a label selector's field hold at least one entry? */
static bool
has_entries(struct ynode *n)
{
	return n != NULL && (n->kind == YNODE_MAP || n->kind == YNODE_SEQ) && n->n > 0;
}

/* A workload's selector must not be empty and must select its own pod
 * template.  K8S: apps/validation ValidateDeploymentSpec and its siblings;
 * `what` is the word of their message (ReplicaSet's says "deployment"). */
static void
workload_spec(struct check *c, struct ynode *m, const char *path, const char *what)
{
	char p[FIELDPATH_MAX];
	struct ynode *sel = field_value(m, "selector");
	struct ynode *tmpl = field_value(m, "template");
	struct ynode *meta = field_value(tmpl, "metadata");
	struct ynode *labels = field_value(meta, "labels");

	struct label_set ls;

	if (sel != NULL && sel->kind == YNODE_MAP && !(sel->flags & YNODE_FLAG_REPORTED) &&
	    !has_entries(field_value(sel, "matchLabels")) &&
	    !has_entries(field_value(sel, "matchExpressions"))) {
		fail(c, sel, fieldpath_field(p, path, "selector"), "empty selector is invalid for %s",
		    what);
		return;
	}
	if (sel == NULL || tmpl == NULL || sel->kind != YNODE_MAP || tmpl->kind != YNODE_MAP ||
	    !label_set_init(&ls, labels))
		return;
	if (selector_matches(sel, &ls) == 0) {
		struct ynode *at = labels ? labels : meta ? meta : tmpl;
		fail(c, at, fieldpath_field(p, path, "template.metadata.labels"),
		    "`selector` does not match template `labels`");
	}
	free(ls.refs);
}

static void
rule_deployment_spec(struct check *c, struct ynode *m, const char *path)
{
	workload_spec(c, m, path, "deployment");
}

static void
rule_replica_set_spec(struct check *c, struct ynode *m, const char *path)
{
	workload_spec(c, m, path, "deployment");
}

static void
rule_stateful_set_spec(struct check *c, struct ynode *m, const char *path)
{
	workload_spec(c, m, path, "statefulset");
}

static void
rule_daemon_set_spec(struct check *c, struct ynode *m, const char *path)
{
	workload_spec(c, m, path, "daemonset");
}

/* A ReplicationController's selector is a plain map (defaulted from the
 * template's labels when empty): each entry must be a template label. */
static void
rule_replication_controller_spec(struct check *c, struct ynode *m, const char *path)
{
	char p[FIELDPATH_MAX];
	struct ynode *sel = field_value(m, "selector");
	struct ynode *tmpl = field_value(m, "template");
	struct ynode *meta = field_value(tmpl, "metadata");
	struct ynode *labels = field_value(meta, "labels");
	struct label_set ls;
	bool match = true;

	if (sel == NULL || tmpl == NULL || sel->kind != YNODE_MAP || tmpl->kind != YNODE_MAP ||
	    sel->n == 0 || !label_set_init(&ls, labels))
		return;
	for (size_t i = 0; i + 1 < sel->n && match; i += 2) {
		const struct ynode *want = sel->kids[i + 1], *have;
		if (sel->kids[i]->kind != YNODE_SCALAR || want->kind != YNODE_SCALAR)
			break;
		have = label_set_get(&ls, sel->kids[i]->str);
		match = have && have->kind == YNODE_SCALAR && strcmp(have->str, want->str) == 0;
	}
	if (!match) {
		struct ynode *at = labels ? labels : meta ? meta : tmpl;
		fail(c, at, fieldpath_field(p, path, "template.metadata.labels"),
		    "`selector` does not match template `labels`");
	}
	free(ls.refs);
}

static const struct {
	const char *type;
	object_rule *rule;
} rules[N_RULES] = {
	{ "io.k8s.api.apps.v1.DaemonSetSpec", rule_daemon_set_spec },
	{ "io.k8s.api.apps.v1.DeploymentSpec", rule_deployment_spec },
	{ "io.k8s.api.apps.v1.ReplicaSetSpec", rule_replica_set_spec },
	{ "io.k8s.api.apps.v1.StatefulSetSpec", rule_stateful_set_spec },
	{ "io.k8s.api.core.v1.NodeSelectorRequirement", rule_node_selector_requirement },
	{ "io.k8s.api.core.v1.ReplicationControllerSpec", rule_replication_controller_spec },
	{ "io.k8s.api.core.v1.ResourceRequirements", rule_resources },
	{ "io.k8s.api.core.v1.Volume", rule_volume },
	{ "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", rule_label_selector },
	{ "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement",
	    rule_label_selector_requirement },
	{ "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", rule_object_meta },
};

static void
apply_rules(struct check *c, struct ynode *m, const char *path, unsigned type)
{
	/* (indices, found once per document: a name compare per object and
	 * rule was a fifth of the check) */
	for (size_t i = 0; i < NELEM(rules); i++)
		if (c->rule_type[i] == (int)type)
			rules[i].rule(c, m, path);
}

/* ---- objects ---- */

static const char *
suggest(const struct schema_type *t, const char *name)
{
	const char *cands[128];
	size_t n = 0;

	for (size_t i = 0; i < t->n && n < NELEM(cands); i++)
		cands[n++] = SCHEMA_STR(schema_fields[t->first + i].name);
	return decode_suggest(name, cands, n);
}

static void
check_object(struct check *c, struct ynode *n, const char *path, unsigned type)
{
	const struct schema_type *t = &schema_types[type];
	char p[FIELDPATH_MAX];

	if (n->kind != YNODE_MAP) {
		fail(c, n, path, "expected a mapping, got %s", ynode_describe(n));
		return;
	}
	/* a type has at most a few dozen fields: one bit each */
	uint64_t seen[(SCHEMA_MAX_TYPE_FIELDS + 63) / 64] = { 0 };

	for (size_t i = 0; i + 1 < n->n; i += 2) {
		struct ynode *k = n->kids[i], *v = n->kids[i + 1];
		const struct schema_field *f;
		size_t bit;

		if (k->kind != YNODE_SCALAR) {
			fail(c, k, path, "field name must be a string, got %s", ynode_describe(k));
			continue;
		}
		fieldpath_field(p, path, k->str);
		f = schema_field_find(t, k->str);
		if (f == NULL) {
			const char *s = suggest(t, k->str);
			if (s)
				fail(c, k, p, "unknown field; did you mean %s?", s);
			else
				fail(c, k, p, "unknown field");
			v->flags |= YNODE_FLAG_REPORTED;
			continue;
		}
		bit = (size_t)(f - &schema_fields[t->first]);
		if (bit < SCHEMA_MAX_TYPE_FIELDS && (seen[bit / 64] & ((uint64_t)1 << (bit % 64)))) {
			fail(c, k, p, "duplicate field");
			continue;
		}
		if (bit < SCHEMA_MAX_TYPE_FIELDS)
			seen[bit / 64] |= (uint64_t)1 << (bit % 64);
		/* (apiVersion and kind of a document may be reported already) */
		if (!ynode_is_null(v) && !(v->flags & YNODE_FLAG_REPORTED))
			check_value(c, v, p, f->value);
	}
	for (size_t i = 0; i < t->n; i++) {
		const struct schema_field *f = &schema_fields[t->first + i];
		if ((f->flags & SCHEMA_FIELD_REQUIRED) && field_value(n, SCHEMA_STR(f->name)) == NULL)
			fail(c, n, fieldpath_field(p, path, SCHEMA_STR(f->name)), "required value");
	}
	apply_rules(c, n, path, type);
}

size_t
schema_check_document(struct ynode *root, struct diag_list *d)
{
	struct check c = { .d = d, .errors = 0, .kind = "" };
	struct ynode *api, *kind;
	const struct schema_root *r;

	for (size_t i = 0; i < NELEM(rules); i++) {
		const struct schema_type *t = schema_type_find(rules[i].type);
		c.rule_type[i] = t ? (int)(t - schema_types) : -1;
	}

	if (root == NULL || ynode_is_null(root))
		return 0;
	if (root->kind != YNODE_MAP) {
		fail(&c, root, "", "expected a mapping with apiVersion, kind, metadata and spec, got %s",
		    ynode_describe(root));
		return c.errors;
	}
	api = field_value(root, "apiVersion");
	kind = field_value(root, "kind");
	if (kind == NULL)
		fail(&c, root, "kind", "required value");
	else if (!want_string(&c, kind, "kind"))
		kind = NULL;
	if (api == NULL)
		fail(&c, root, "apiVersion", "required value");
	else if (!want_string(&c, api, "apiVersion"))
		api = NULL;
	if (kind == NULL)
		return c.errors;
	c.kind = kind->str;
	r = schema_root_find_kind(c.kind);
	if (r == NULL) {
		diag_add(d, DIAG_NOTE, kind->line, kind->col, "kind",
		    "kind \"%s\" is not one podinit knows; not checked", c.kind);
		return c.errors;
	}
	if (api != NULL && (r = schema_root_find(api->str, c.kind)) == NULL) {
		char list[256];
		size_t len = 0;
		list[0] = '\0';
		for (size_t i = 0; i < schema_n_roots; i++)
			if (strcmp(SCHEMA_STR(schema_roots[i].kind), c.kind) == 0 && len < sizeof(list)) {
				int w = snprintf(list + len, sizeof(list) - len, "%s\"%s\"",
				    len ? ", " : "", SCHEMA_STR(schema_roots[i].api_version));
				if (w > 0)
					len += (size_t)w;
			}
		fail(&c, api, "apiVersion", "unsupported apiVersion \"%s\" for %s: supported: %s",
		    api->str, c.kind, list);
		return c.errors;
	}
	if (r == NULL)
		r = schema_root_find_kind(c.kind);
	check_object(&c, root, "", r->type);
	return c.errors;
}
