/* decode: decoding of a ynode tree into the Pod model, after the schema
 * check (schema.h) has validated every document: one field list per type
 * podinit acts on (a schema field with no row is validated and not acted
 * on, a note for -v), unwraps workloads, picks the document, applies
 * kubelet defaults, resolves named ports and expands $(VAR).  Every problem
 * goes to the diag_list; decoding carries on after an error. */
#ifndef PODINIT_DECODE_H
#define PODINIT_DECODE_H
#include <stdbool.h>
#include <stddef.h>
#include "podinit/diag.h"
#include "podinit/spec.h"
#include "podinit/ynode.h"

struct decode_opts {
	const char *source;		/* file name as given ("-" = stdin) */
	const char *dir;		/* directory for relative paths */
	const char *pod_name;		/* --pod, or NULL */
	char *const *cli_argv;		/* command line after "--", or NULL */
	bool	 check_only;		/* missing command: warning, not error */
	/* SPEC §7 */
	const struct pod_facts *facts;	/* what fieldRef and resourceFieldRef read;
					   NULL: decode's placeholders (as check's) */
	const char *const *commands;	/* --command NAME='CMD ARG...', as given */
	size_t	 n_commands;
};

/* One input file of a load: its documents, in the order given. */
struct decode_file {
	const char *name;		/* as given ("-" = stdin) */
	const char *dir;		/* its directory, for relative paths */
	const struct ydocs *docs;
};

/* Check every document against the schema (schema_check_document: it
 * alone says which fields exist; d->n_docs counts the documents with
 * content), then decode the selected one into *pod (initialised here with
 * spec_pod_defaults).  *pod_path receives the field path of the pod spec
 * ("spec", "spec.template.spec", ...; static storage).  Each diagnostic is
 * stamped with its document (d->current_doc), and on return
 * d->current_doc is the chosen document's, so what the caller adds next
 * about the pod (validate_pod) carries it too.  Returns 0 when
 * no error was added (or said again in the decoder's words), 1 when
 * o->check_only and the file holds no pod (a file of ConfigMaps or
 * Services: not an error for check), else -1.  The pod's arena must be
 * freed either way. */
int	decode_pod(const struct ydocs *docs, const struct decode_opts *o,
	    struct pod_spec *pod, const char **pod_path, struct diag_list *d);
/* decode_pod over several files, as `kubectl apply -f a -f dir/`: every
 * document of every file schema-checked (d->current_file is the file's
 * index into files, d->file_docs[] counts each file's documents), the pod
 * document chosen across the files in order, the ConfigMaps and Secrets
 * of all of them (of the pod's namespace) its config objects.  On return
 * d->current_file and d->current_doc are the chosen document's; the pod's
 * source and dir are its file's. */
int	decode_pod_files(const struct decode_file *files, size_t n_files,
	    const struct decode_opts *o, struct pod_spec *pod, const char **pod_path,
	    struct diag_list *d);

/* Kubernetes $(VAR) expansion (third_party/forked/golang/expansion):
 * "$$" -> "$", "$(NAME)" -> value when NAME is in env, else kept verbatim.
 * NULL when the result would exceed DECODE_MAX_EXPANSION bytes or memory
 * runs out. */
#define DECODE_MAX_EXPANSION (1u << 20)
char	*decode_expand(struct arena *a, const char *in, const struct env_var *env,
	    size_t n_env);

/* Capability name check: "NET_ADMIN", "CAP_NET_ADMIN" (any case) or "ALL".
 * On failure *suggest is the closest known name or NULL. */
bool	decode_capability_ok(const char *name, const char **suggest);
/* Closest candidate for a misspelt name (edit distance <= 2 or case-only
 * difference), or NULL. */
const char *decode_suggest(const char *name, const char *const *cands, size_t n);

/* The field lists decode reads, for the tests: one row per field podinit
 * reads of every Kubernetes object type it acts on.  Fills up to max rows of out; returns
 * the number of rows. */
struct decode_field_row {
	const char *type;	/* "Probe", "Container", ... */
	const char *name;	/* "periodSeconds" */
	bool	 ignored;	/* read only to warn that podinit does not act on it */
	bool	 decoded;	/* a decoder reads it */
};
size_t	decode_field_rows(struct decode_field_row *out, size_t max);

#endif /* PODINIT_DECODE_H */
