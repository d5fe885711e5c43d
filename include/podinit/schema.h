/* schema: Kubernetes 1.35's object schema for the kinds a manifest may
 * hold (Pod and the workloads that carry one, ConfigMap, Secret, Service),
 * as compact tables generated from schema/kubernetes-1.35.json by
 * schema/gen-tables (src/model/schema_tables.c: generated, committed, and
 * checked by `make check-schema` to regenerate to the same bytes), and the
 * check of a document against them: what `kubectl apply --validate=strict`
 * and the API server say of unknown fields, types, enums, required fields,
 * formats and the value rules of the fields the API server checks (names,
 * labels, selectors, resource names).  Pure: no syscalls.
 *
 * The hand-written decoders (decode*.c) still turn the fields podinit runs
 * into the model; the schema check is what makes every other field
 * "validated, not acted on" instead of merely known. */
#ifndef PODINIT_SCHEMA_H
#define PODINIT_SCHEMA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/diag.h"
#include "podinit/ynode.h"

/* What a value must be. */
enum schema_shape {
	SCHEMA_OBJECT = 1,	/* a mapping of a type's fields; arg: the type */
	SCHEMA_STRING,		/* enum_id, when not 0, lists the allowed values */
	SCHEMA_INTEGER,		/* format: SCHEMA_FORMAT_INT32 or _INT64 */
	SCHEMA_NUMBER,		/* format: SCHEMA_FORMAT_DOUBLE or none */
	SCHEMA_BOOLEAN,
	SCHEMA_BYTES,		/* a base64 string ("format": "byte") */
	SCHEMA_ARRAY,		/* arg: the items' value */
	SCHEMA_MAP,		/* string keys; arg: each entry's value */
	SCHEMA_QUANTITY,	/* resource.Quantity: "500m", "1Gi", 2 */
	SCHEMA_INT_OR_STRING,	/* intstr.IntOrString */
	SCHEMA_TIME,		/* meta/v1 Time: an RFC 3339 date-time string */
	SCHEMA_ANY,		/* any value (RawExtension, FieldsV1) */
};

enum schema_format {
	SCHEMA_FORMAT_NONE,
	SCHEMA_FORMAT_INT32,
	SCHEMA_FORMAT_INT64,
	SCHEMA_FORMAT_DOUBLE,
};

/* Every string of the tables (type, field and enum value names) lives once
 * in schema_strings; the tables hold 16-bit offsets into it. */
extern const char schema_strings[];
#define SCHEMA_STR(off) (schema_strings + (off))

/* A value shape, shared by every field of that shape. */
struct schema_value {
	uint8_t	 shape;		/* enum schema_shape */
	uint8_t	 format;	/* enum schema_format */
	uint16_t arg;		/* OBJECT: schema_types index; ARRAY, MAP: schema_values index */
	uint16_t enum_id;	/* STRING (and an array's items): schema_enums index, 0 = any */
};

#define SCHEMA_FIELD_REQUIRED 0x1

/* 4 bytes: the flag shares the value's 16 bits (under 32,768 values). */
struct schema_field {
	uint16_t name;		/* string offset */
	uint16_t value : 15;	/* schema_values index */
	uint16_t flags : 1;	/* SCHEMA_FIELD_* */
};

/* A type's fields are schema_fields[first .. first + n), sorted by name
 * (strcmp), so a lookup is a binary search.  Types are sorted by full
 * name, prefix then name; the prefix ("io.k8s.api.core.v1.") is stored
 * once in schema_type_prefixes, not in each of the 191 names. */
struct schema_type {
	uint16_t name;		/* "Container" */
	uint16_t first;
	uint8_t	 n;
	uint8_t	 prefix;	/* schema_type_prefixes index */
};
extern const uint16_t schema_type_prefixes[];	/* string offsets */
#define SCHEMA_TYPE_PREFIX(t) SCHEMA_STR(schema_type_prefixes[(t)->prefix])

/* Allowed values: schema_enum_values[first .. first + n), in the schema's order. */
struct schema_enum {
	uint16_t first;
	uint16_t n;
};

/* A kind a document may be. */
struct schema_root {
	uint16_t api_version;	/* "v1", "apps/v1", "batch/v1" */
	uint16_t kind;		/* "Pod" */
	uint16_t type;		/* schema_types index */
};

extern const struct schema_value schema_values[];
extern const struct schema_field schema_fields[];
extern const struct schema_type schema_types[];
extern const struct schema_enum schema_enums[];	/* [0] is "no enum" */
extern const uint16_t schema_enum_values[];
extern const struct schema_root schema_roots[];
extern const size_t schema_n_values, schema_n_fields, schema_n_types, schema_n_enums,
    schema_n_enum_values, schema_n_roots, schema_n_type_prefixes, schema_strings_size;
/* "1.35", and the schema file the tables came from, for messages and -v. */
extern const char schema_kubernetes_version[];

/* Lookups; NULL when there is no such thing.  A type by its full name
 * ("io.k8s.api.core.v1.Container"). */
const struct schema_type *schema_type_find(const char *name);
/* Compare a full type name with t's (prefix, then name), as strcmp. */
int	schema_type_cmp(const char *name, const struct schema_type *t);
const struct schema_field *schema_field_find(const struct schema_type *t, const char *name);
const struct schema_root *schema_root_find(const char *api_version, const char *kind);
/* A root for the kind alone (any apiVersion), for "wrong apiVersion" messages. */
const struct schema_root *schema_root_find_kind(const char *kind);

/* Validate one document's root mapping against the schema of its kind
 * (apiVersion + kind).  Every problem goes to d, with decode's wording and
 * paths ("spec.containers[0].image"); the node each error is about gets
 * YNODE_FLAG_REPORTED so the decoder says nothing more of it.  An unknown
 * kind is a note (returns 0: nothing to check); a known kind under another
 * apiVersion is an error.  Returns the number of errors added. */
size_t	schema_check_document(struct ynode *root, struct diag_list *d);

#endif /* PODINIT_SCHEMA_H */
