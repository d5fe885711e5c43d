/* gen-tables: schema/kubernetes-1.35.json -> src/model/schema_tables.c.
 * Reads the OpenAPI v3 components with podinit's own reader (JSON is
 * YAML: ynode_parse) and writes the compact tables of
 * include/podinit/schema.h to stdout: one sorted string pool, shapes,
 * enums and field lists deduplicated, every index 16 bits.  The output
 * depends only on the input's content (types and fields are sorted by
 * name, the rest is numbered in that walk), so `make check-schema` can
 * regenerate and compare bytes.  Build tool only: not linked into podinit.
 *
 * Usage: gen-tables SCHEMA.json > schema_tables.c */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/schema.h"
#include "podinit/ynode.h"

#define REF_PREFIX "#/components/schemas/"
#define QUANTITY "io.k8s.apimachinery.pkg.api.resource.Quantity"
#define INT_OR_STRING "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
#define TIME "io.k8s.apimachinery.pkg.apis.meta.v1.Time"
#define MAX_ENTRIES 65535	/* every index and offset is 16 bits */

static const char *input_name;

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "gen-tables: %s: ", input_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void *
grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	if (n >= MAX_ENTRIES)
		die("more than %d entries in one table", MAX_ENTRIES);
	*cap = *cap ? *cap * 2 : 64;
	v = realloc(v, *cap * size);
	if (v == NULL)
		die("out of memory");
	return v;
}

/* ---- strings: interned while walking, sorted and laid out at the end ---- */

static const char **strs;
static size_t n_strs, cap_strs;
static size_t *str_offset;	/* by string id, after layout */
static bool is_full(size_t id);

static size_t
intern(const char *s)
{
	for (size_t i = 0; i < n_strs; i++)
		if (!is_full(i) && strcmp(strs[i], s) == 0)
			return i;
	strs = grow(strs, &cap_strs, n_strs, sizeof(*strs));
	strs[n_strs] = s;
	return n_strs++;
}

/* Full type names: looked up while walking, never written to the pool
 * (the pool holds their prefixes and own parts).  Kept in strs with a
 * mark so one id space serves both. */
static bool *str_full;
static size_t cap_str_full;

static size_t
full_name(const char *s)
{
	size_t id = n_strs;

	strs = grow(strs, &cap_strs, n_strs, sizeof(*strs));
	strs[n_strs++] = s;
	str_full = grow(str_full, &cap_str_full, id, sizeof(*str_full));
	for (size_t i = id; i < cap_str_full; i++)
		str_full[i] = false;
	str_full[id] = true;
	return id;
}

static bool
is_full(size_t id)
{
	return id < cap_str_full && str_full[id];
}

static int
cmp_str_id(const void *a, const void *b)
{
	return strcmp(strs[*(const size_t *)a], strs[*(const size_t *)b]);
}

/* ---- the tables being built (indices as in the output) ---- */

struct value_row { unsigned shape, format, arg, enum_id; };
struct field_row { size_t name; unsigned value, flags; };
struct type_row { size_t name, short_name; unsigned first, n, prefix; const struct ynode *schema; };
struct enum_row { unsigned first, n; };
struct root_row { char *api_version; size_t api, kind; unsigned type; };

static struct value_row *values;
static size_t n_values, cap_values;
static struct field_row *fields;
static size_t n_fields, cap_fields;
static struct type_row *types;
static size_t n_types, cap_types;
static struct enum_row *enums;
static size_t n_enums, cap_enums;
static size_t *enum_values;	/* string ids */
static size_t n_enum_values, cap_enum_values;
static struct root_row *roots;
static size_t n_roots, cap_roots;
static size_t *prefixes;	/* string ids of the type names' prefixes */
static size_t n_prefixes, cap_prefixes;

static const char *
scalar(const struct ynode *n, const char *what)
{
	if (n == NULL || n->kind != YNODE_SCALAR)
		die("%s: expected a string", what);
	return n->str;
}

static int
cmp_type_name(const void *a, const void *b)
{
	return strcmp(strs[((const struct type_row *)a)->name], strs[((const struct type_row *)b)->name]);
}

static unsigned
type_index(const char *name, const char *where)
{
	for (size_t i = 0; i < n_types; i++)
		if (strcmp(strs[types[i].name], name) == 0)
			return (unsigned)i;
	die("%s: $ref to %s, which is not an object type of the file", where, name);
}

static unsigned
value_index(struct value_row v)
{
	for (size_t i = 0; i < n_values; i++)
		if (memcmp(&values[i], &v, sizeof(v)) == 0)
			return (unsigned)i;
	values = grow(values, &cap_values, n_values, sizeof(*values));
	values[n_values] = v;
	return (unsigned)n_values++;
}

/* An enum list, shared by every field with the same values in the same order. */
static unsigned
enum_index(const struct ynode *list, const char *where)
{
	if (list->kind != YNODE_SEQ || list->n == 0)
		die("%s: enum is not a non-empty list", where);
	for (size_t e = 1; e < n_enums; e++) {
		if (enums[e].n != list->n)
			continue;
		size_t i = 0;
		while (i < list->n && strcmp(strs[enum_values[enums[e].first + i]],
		    scalar(list->kids[i], where)) == 0)
			i++;
		if (i == list->n)
			return (unsigned)e;
	}
	enums = grow(enums, &cap_enums, n_enums, sizeof(*enums));
	enums[n_enums].first = (unsigned)n_enum_values;
	enums[n_enums].n = list->n;
	for (size_t i = 0; i < list->n; i++) {
		enum_values = grow(enum_values, &cap_enum_values, n_enum_values, sizeof(*enum_values));
		enum_values[n_enum_values++] = intern(scalar(list->kids[i], where));
	}
	return (unsigned)n_enums++;
}

/* A property's schema -> a value row: the shapes of schema.h. */
static unsigned
value_of(const struct ynode *p, const char *where)
{
	struct value_row v = { 0, SCHEMA_FORMAT_NONE, 0, 0 };
	const struct ynode *ref = ynode_get(p, "$ref");
	const struct ynode *all = ynode_get(p, "allOf");

	if (p == NULL || p->kind != YNODE_MAP)
		die("%s: a property's schema is not a mapping", where);
	if (ref == NULL && all != NULL) {
		if (all->kind != YNODE_SEQ || all->n != 1)
			die("%s: allOf is not a list of one $ref", where);
		ref = ynode_get(all->kids[0], "$ref");
	}
	if (ref != NULL) {
		const char *r = scalar(ref, where);
		if (strncmp(r, REF_PREFIX, strlen(REF_PREFIX)) != 0)
			die("%s: $ref %s is not a component", where, r);
		r += strlen(REF_PREFIX);
		if (strcmp(r, QUANTITY) == 0)
			v.shape = SCHEMA_QUANTITY;
		else if (strcmp(r, INT_OR_STRING) == 0)
			v.shape = SCHEMA_INT_OR_STRING;
		else if (strcmp(r, TIME) == 0)
			v.shape = SCHEMA_TIME;
		else {
			v.shape = SCHEMA_OBJECT;
			v.arg = type_index(r, where);
		}
		return value_index(v);
	}
	if (ynode_get(p, "x-podinit-any") != NULL) {
		v.shape = SCHEMA_ANY;
		return value_index(v);
	}
	const char *type = scalar(ynode_get(p, "type"), where);
	const struct ynode *fmt = ynode_get(p, "format");
	const char *format = fmt ? scalar(fmt, where) : "";
	const struct ynode *en = ynode_get(p, "enum");

	if (strcmp(type, "string") == 0) {
		if (strcmp(format, "byte") == 0)
			v.shape = SCHEMA_BYTES;
		else if (strcmp(format, "date-time") == 0)
			v.shape = SCHEMA_TIME;
		else if (*format != '\0')
			die("%s: string format %s", where, format);
		else
			v.shape = SCHEMA_STRING;
		if (en != NULL)
			v.enum_id = enum_index(en, where);
	} else if (strcmp(type, "integer") == 0) {
		v.shape = SCHEMA_INTEGER;
		if (strcmp(format, "int32") == 0)
			v.format = SCHEMA_FORMAT_INT32;
		else if (strcmp(format, "int64") == 0)
			v.format = SCHEMA_FORMAT_INT64;
		else
			die("%s: integer format \"%s\"", where, format);
	} else if (strcmp(type, "number") == 0) {
		v.shape = SCHEMA_NUMBER;
		v.format = strcmp(format, "double") == 0 ? SCHEMA_FORMAT_DOUBLE : SCHEMA_FORMAT_NONE;
	} else if (strcmp(type, "boolean") == 0) {
		v.shape = SCHEMA_BOOLEAN;
	} else if (strcmp(type, "array") == 0) {
		const struct ynode *items = ynode_get(p, "items");
		if (items == NULL)
			die("%s: array without items", where);
		v.shape = SCHEMA_ARRAY;
		v.arg = value_of(items, where);
	} else if (strcmp(type, "object") == 0) {
		const struct ynode *ap = ynode_get(p, "additionalProperties");
		if (ap == NULL)
			die("%s: object without additionalProperties or $ref", where);
		v.shape = SCHEMA_MAP;
		v.arg = value_of(ap, where);
	} else
		die("%s: type %s", where, type);
	return value_index(v);
}

static bool
is_required(const struct ynode *schema, const char *field)
{
	const struct ynode *req = ynode_get(schema, "required");

	if (req == NULL || req->kind != YNODE_SEQ)
		return false;
	for (size_t i = 0; i < req->n; i++)
		if (req->kids[i]->kind == YNODE_SCALAR && strcmp(req->kids[i]->str, field) == 0)
			return true;
	return false;
}

static int
cmp_field_name(const void *a, const void *b)
{
	return strcmp(strs[((const struct field_row *)a)->name], strs[((const struct field_row *)b)->name]);
}

static void
add_fields(struct type_row *t)
{
	const struct ynode *props = ynode_get(t->schema, "properties");
	const char *tname = strs[t->name];
	char where[512];

	t->first = (unsigned)n_fields;
	if (props == NULL || props->kind != YNODE_MAP)
		die("%s: no properties", tname);
	for (size_t i = 0; i + 1 < props->n; i += 2) {
		const char *f = scalar(props->kids[i], tname);
		snprintf(where, sizeof(where), "%s.%s", tname, f);
		fields = grow(fields, &cap_fields, n_fields, sizeof(*fields));
		fields[n_fields].name = intern(f);
		fields[n_fields].value = value_of(props->kids[i + 1], where);
		fields[n_fields].flags = is_required(t->schema, f) ? SCHEMA_FIELD_REQUIRED : 0;
		n_fields++;
	}
	t->n = (unsigned)(n_fields - t->first);
	qsort(fields + t->first, t->n, sizeof(*fields), cmp_field_name);
}

static void
add_roots(const struct type_row *t, unsigned index)
{
	const struct ynode *gvk = ynode_get(t->schema, "x-kubernetes-group-version-kind");

	if (gvk == NULL)
		return;
	if (gvk->kind != YNODE_SEQ)
		die("%s: x-kubernetes-group-version-kind is not a list", strs[t->name]);
	for (size_t i = 0; i < gvk->n; i++) {
		const char *g = scalar(ynode_get(gvk->kids[i], "group"), strs[t->name]);
		const char *v = scalar(ynode_get(gvk->kids[i], "version"), strs[t->name]);
		const char *k = scalar(ynode_get(gvk->kids[i], "kind"), strs[t->name]);
		size_t len = strlen(g) + strlen(v) + 2;
		char *api = malloc(len);
		if (api == NULL)
			die("out of memory");
		snprintf(api, len, "%s%s%s", g, *g ? "/" : "", v);
		roots = grow(roots, &cap_roots, n_roots, sizeof(*roots));
		roots[n_roots].api_version = api;
		roots[n_roots].api = intern(api);
		roots[n_roots].kind = intern(k);
		roots[n_roots].type = index;
		n_roots++;
	}
}

static int
cmp_root(const void *a, const void *b)
{
	const struct root_row *x = a, *y = b;
	int c = strcmp(strs[x->kind], strs[y->kind]);
	return c ? c : strcmp(strs[x->api], strs[y->api]);
}

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t cap = 0, n = 0, got;

	if (f == NULL)
		die("cannot open");
	do {
		if (n + 65536 > cap) {
			cap = cap ? cap * 2 : 1u << 20;
			if (cap > YNODE_MAX_INPUT || (data = realloc(data, cap)) == NULL)
				die("too large or out of memory");
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f))
		die("read error");
	fclose(f);
	*len = n;
	return data;
}

/* A C string literal of s, one per line, NUL-terminated in the pool. */
static void
put_literal(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			printf("\\%03o", ch);
		else
			putchar(ch);
	}
	printf("\\0\"");
}

static void
emit(void)
{
	size_t *order = malloc(n_strs * sizeof(*order));
	size_t off = 0;

	str_offset = malloc(n_strs * sizeof(*str_offset));
	if (order == NULL || str_offset == NULL)
		die("out of memory");
	size_t n_pool = 0;

	for (size_t i = 0; i < n_strs; i++)
		if (!is_full(i))
			order[n_pool++] = i;
	qsort(order, n_pool, sizeof(*order), cmp_str_id);
	for (size_t i = 0; i < n_pool; i++) {
		str_offset[order[i]] = off;
		off += strlen(strs[order[i]]) + 1;
	}
	if (n_values > 32767)
		die("%zu values do not fit schema_field's 15 bits", n_values);
	if (off > 65535)
		die("string pool of %zu bytes does not fit 16-bit offsets", off);

	printf("/* schema_tables: GENERATED by schema/gen-tables from %s; do not edit.\n"
	    " * Regenerate with `make gen-schema`; `make check-schema` (run by `make lint`)\n"
	    " * fails when this file is not what the generator writes.\n"
	    " * %zu types, %zu fields, %zu values, %zu enums, %zu roots, %zu bytes of strings. */\n",
	    input_name, n_types, n_fields, n_values, n_enums, n_roots, off + 1);
	printf("#include \"podinit/schema.h\"\n\n");
	printf("const char schema_kubernetes_version[] = \"1.35 (%s)\";\n\n", input_name);

	printf("/* Every name, sorted; the tables hold offsets into it. */\n");
	printf("const char schema_strings[] =\n");
	for (size_t i = 0; i < n_pool; i++) {
		printf("\t");
		put_literal(strs[order[i]]);
		printf("\t/* %zu */\n", str_offset[order[i]]);
	}
	printf("\t;\nconst size_t schema_strings_size = sizeof(schema_strings);\n\n");

	printf("const struct schema_value schema_values[] = {\n");
	for (size_t i = 0; i < n_values; i++)
		printf("\t{ %u, %u, %u, %u },\t/* %zu */\n", values[i].shape, values[i].format,
		    values[i].arg, values[i].enum_id, i);
	printf("};\nconst size_t schema_n_values = %zu;\n\n", n_values);

	printf("const struct schema_field schema_fields[] = {\n");
	for (size_t i = 0; i < n_fields; i++)
		printf("\t{ %zu, %u, %u },\t/* %s */\n", str_offset[fields[i].name], fields[i].value,
		    fields[i].flags, strs[fields[i].name]);
	printf("};\nconst size_t schema_n_fields = %zu;\n\n", n_fields);

	printf("const uint16_t schema_type_prefixes[] = {\n");
	for (size_t i = 0; i < n_prefixes; i++)
		printf("\t%zu,\t/* %zu: %s */\n", str_offset[prefixes[i]], i, strs[prefixes[i]]);
	printf("};\nconst size_t schema_n_type_prefixes = %zu;\n\n", n_prefixes);

	printf("const struct schema_type schema_types[] = {\n");
	for (size_t i = 0; i < n_types; i++) {
		if (types[i].n > 255)
			die("%s: %u fields do not fit schema_type's 8 bits", strs[types[i].name], types[i].n);
		printf("\t{ %zu, %u, %u, %u },\t/* %zu: %s */\n", str_offset[types[i].short_name],
		    types[i].first, types[i].n, types[i].prefix, i, strs[types[i].name]);
	}
	printf("};\nconst size_t schema_n_types = %zu;\n\n", n_types);

	printf("const struct schema_enum schema_enums[] = {\n");
	for (size_t i = 0; i < n_enums; i++)
		printf("\t{ %u, %u },\t/* %zu */\n", enums[i].first, enums[i].n, i);
	printf("};\nconst size_t schema_n_enums = %zu;\n\n", n_enums);

	printf("const uint16_t schema_enum_values[] = {\n");
	for (size_t i = 0; i < n_enum_values; i++)
		printf("\t%zu,\t/* \"%s\" */\n", str_offset[enum_values[i]], strs[enum_values[i]]);
	if (n_enum_values == 0)
		printf("\t0,\n");
	printf("};\nconst size_t schema_n_enum_values = %zu;\n\n", n_enum_values);

	printf("const struct schema_root schema_roots[] = {\n");
	for (size_t i = 0; i < n_roots; i++)
		printf("\t{ %zu, %zu, %u },\t/* %s %s */\n", str_offset[roots[i].api],
		    str_offset[roots[i].kind], roots[i].type, roots[i].api_version, strs[roots[i].kind]);
	printf("};\nconst size_t schema_n_roots = %zu;\n", n_roots);
	free(order);
}

int
main(int argc, char **argv)
{
	struct ydocs docs = { 0 };
	struct yerror yerr;
	size_t len;
	char *data;

	if (argc != 2) {
		fprintf(stderr, "usage: gen-tables SCHEMA.json > schema_tables.c\n");
		return 2;
	}
	input_name = argv[1];
	data = read_all(argv[1], &len);
	if (ynode_parse(data, len, &docs, &yerr) != 0)
		die("%d:%d: %s", yerr.line, yerr.col, yerr.msg);
	if (docs.n_docs != 1 || docs.docs[0] == NULL)
		die("expected one JSON document");
	const struct ynode *schemas = ynode_get(ynode_get(docs.docs[0], "components"), "schemas");
	if (schemas == NULL || schemas->kind != YNODE_MAP)
		die("no components.schemas mapping");

	intern("");	/* offset 0: the empty string */
	/* enum 0 is "no enum" */
	enums = grow(enums, &cap_enums, n_enums, sizeof(*enums));
	enums[n_enums++] = (struct enum_row){ 0, 0 };

	/* The object types, sorted, so a $ref can name its index. */
	for (size_t i = 0; i + 1 < schemas->n; i += 2) {
		const char *name = scalar(schemas->kids[i], "components.schemas");
		const struct ynode *s = schemas->kids[i + 1];
		if (ynode_get(s, "properties") == NULL)
			continue;	/* Quantity, IntOrString, Time: shapes of their own */
		types = grow(types, &cap_types, n_types, sizeof(*types));
		types[n_types++] = (struct type_row){ full_name(name), 0, 0, 0, 0, s };
	}
	qsort(types, n_types, sizeof(*types), cmp_type_name);
	/* Each name as a shared prefix ("io.k8s.api.core.v1.") and its own part. */
	for (size_t i = 0; i < n_types; i++) {
		const char *full = strs[types[i].name], *dot = strrchr(full, '.');
		size_t plen = dot ? (size_t)(dot - full) + 1 : 0, p;
		char *prefix = malloc(plen + 1);
		if (prefix == NULL)
			die("out of memory");
		memcpy(prefix, full, plen);
		prefix[plen] = '\0';
		size_t id = intern(prefix);
		for (p = 0; p < n_prefixes && prefixes[p] != id; p++)
			;
		if (p == n_prefixes) {
			if (n_prefixes >= 255)
				die("more than 255 type name prefixes");
			prefixes = grow(prefixes, &cap_prefixes, n_prefixes, sizeof(*prefixes));
			prefixes[n_prefixes++] = id;
		}
		types[i].prefix = (unsigned)p;
		types[i].short_name = intern(full + plen);
	}
	for (size_t i = 0; i < n_types; i++) {
		add_fields(&types[i]);
		add_roots(&types[i], (unsigned)i);
	}
	qsort(roots, n_roots, sizeof(*roots), cmp_root);
	emit();
	ynode_free(&docs);
	free(data);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
