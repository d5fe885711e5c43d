/* manifest: the loader's front door.  Reads a file (or stdin), parses it
 * with ynode, decodes and validates it into a pod_spec, and prints every
 * diagnostic.  Also the model dump behind `check --dump` and -v. */
#ifndef PODINIT_MANIFEST_H
#define PODINIT_MANIFEST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "podinit/diag.h"
#include "podinit/spec.h"

struct manifest_opts {
	const char *path;		/* "-" = stdin */
	const char *pod_name;		/* --pod, or NULL */
	char *const *cli_argv;		/* command line after "--", NULL-terminated, or NULL/empty */
	bool	 check_only;		/* `podinit check`: missing command is a warning, not an error */
	struct spec_overrides overrides;	/* from the command line, applied after validation */
	/* SPEC §7 */
	const char *const *paths;	/* every -f in order: a file, a directory (its
					   *.yaml, *.yml, *.json in name order, not
					   recursive) or "-"; NULL: path alone */
	size_t	 n_paths;
	const struct pod_facts *facts;	/* the shell's (podfacts); NULL: placeholders */
	const char *const *commands;	/* --command NAME='CMD ARG...', as given */
	size_t	 n_commands;
};

/* The files a load reads, as `kubectl apply -f` would. */
#define MANIFEST_MAX_FILES DIAG_FILES_MAX

/* Load, decode, validate (every file of o->paths, or o->path).  On
 * success returns 0 and fills *out (caller calls spec_free).  On failure prints every diagnostic to stderr
 * (`FILE:LINE:COL: FIELD.PATH: message`, each line prefixed "podinit: ")
 * and returns -1 (*out is then already freed).  Warnings are printed too
 * ("warning:" after the position). */
int	manifest_load(const struct manifest_opts *o, struct pod_spec *out);

/* SPEC §9: a Job's pods are each decoded again with their own facts
 * (o->facts: a fresh uid and name, their index), from the bytes read once
 * (standard input cannot be read twice).  manifest_load_keep is
 * manifest_load that also hands back what it read (on success, else
 * *keep is NULL); manifest_reload decodes it again as manifest_load would
 * (printing every diagnostic, *out freed on -1). */
struct manifest_inputs;
int	manifest_load_keep(const struct manifest_opts *o, struct pod_spec *out,
	    struct manifest_inputs **keep);
int	manifest_reload(struct manifest_inputs *in, const struct manifest_opts *o,
	    struct pod_spec *out);
void	manifest_inputs_free(struct manifest_inputs *in);

/* manifest_load without printing: the diagnostics are appended to d
 * unsorted (check adds its own, then sorts), and *pod_path is the field
 * path of the pod spec in the document ("spec", "spec.template.spec", ...).
 * 0, 1 (o->check_only and the file holds no pod: every document checked,
 * nothing to decode), or -1; *out must be spec_free'd in every case. */
int	manifest_load_diag(const struct manifest_opts *o, struct pod_spec *out,
	    struct diag_list *d, const char **pod_path);
/* The inputs as one label for a verdict line: "a.yaml, dir/". */
void	manifest_label(const struct manifest_opts *o, char *out, size_t outsz);
/* "<stdin>" for "-", else the path as given: the file name in messages. */
const char *manifest_display_name(const char *path);

/* Print the decoded, defaulted model in a stable text form. */
void	manifest_dump(FILE *f, const struct pod_spec *p);

/* The loader without I/O: decode data[0..len) as the file o->path into
 * *out, appending diagnostics to d (unsorted).  0 when no error (1: no pod,
 * with o->check_only, as manifest_load_diag); *out must
 * be spec_free'd in both cases.  Used by the fuzzer and the tests. */
int	manifest_decode_buffer(const char *data, size_t len, const struct manifest_opts *o,
	    struct pod_spec *out, struct diag_list *d);

#endif /* PODINIT_MANIFEST_H */
