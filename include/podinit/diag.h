/* diag: the diagnostics list of the manifest loader.  Every problem is
 * collected (never just the first), stamped with the document it is about,
 * sorted into file order with exact duplicates dropped (the schema check
 * and the decoder may both say "required value" of one field), and printed
 * as `FILE:LINE:COL: [document N: ]FIELD.PATH: message` or as a JSON array
 * for editors and CI (`podinit check -o json`). */
#ifndef PODINIT_DIAG_H
#define PODINIT_DIAG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum diag_sev {
	DIAG_ERROR,
	DIAG_WARNING,
	DIAG_NOTE,	/* shown only with -v: known fields podinit ignores */
};

struct diag {
	enum diag_sev sev;
	int	 line, col;	/* 0 = no position */
	char	*path;		/* field path, may be empty */
	char	*msg;
	int	 doc;		/* 1-based document index; 0 = not about one */
	int	 file;		/* index into diag_list.files (0 with one file) */
	size_t	 seq;		/* insertion order, keeps the sort stable */
};

#define DIAG_MAX 1000	/* beyond this only the counters grow */
#define DIAG_FILES_MAX 256	/* the files of one load (`-f` and directories) */

struct diag_list {
	struct diag *v;
	size_t	 n, cap;
	size_t	 n_errors, n_warnings, n_notes;
	size_t	 dropped;
	bool	 keep_notes;	/* record DIAG_NOTE entries (else only counted) */
	int	 current_doc;	/* stamped on every diag_add; 0 = none */
	int	 n_docs;	/* documents with content in all the files */
	/* Several files (`-f a -f dir/`): each entry names its file, and a
	 * file's document index is shown when that file has more than one.
	 * n_files 0: one file, named by the caller of diag_print, whose
	 * index is shown when n_docs is above 1. */
	int	 current_file;	/* stamped on every diag_add */
	char	*files[DIAG_FILES_MAX];		/* names as shown (diag_set_file) */
	int	 file_docs[DIAG_FILES_MAX];	/* documents with content in each */
	size_t	 n_files;
};

void	diag_init(struct diag_list *d);
void	diag_free(struct diag_list *d);
/* Name file number i (0-based, below DIAG_FILES_MAX) as name (copied);
 * n_files grows to i + 1.  -1 when out of memory or i is too big. */
int	diag_set_file(struct diag_list *d, size_t i, const char *name);
void	diag_add(struct diag_list *d, enum diag_sev sev, int line, int col,
	    const char *path, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Reword the error already recorded in the current document at (line,
 * col, path): a second checker with a more specific message for the same
 * problem (the decoder after the schema check) says it instead, once.
 * False when there is no such error (nothing is added then). */
bool	diag_reword(struct diag_list *d, int line, int col, const char *path,
	    const char *msg);
/* Sort into file order (file, document, line, col, then insertion) and
 * drop exact duplicates (same file, document, severity, position, path and
 * message),
 * taking them off the counters too. */
void	diag_sort(struct diag_list *d);
/* Print errors and warnings (and notes when verbose) as
 * `[prefix]FILE:LINE:COL: [warning: |note: ][document N: ]PATH: msg`; the
 * document is named when the file has more than one. */
void	diag_print(FILE *f, const struct diag_list *d, const char *file,
	    const char *prefix, bool verbose);
/* The same diagnostics as a JSON array, one object a line:
 * {"file","line","column","document","path","severity","message"}, with 0
 * for an unknown line, column or document.  Valid JSON whatever bytes a
 * message holds (json_escape).  Notes only when verbose. */
void	diag_print_json(FILE *f, const struct diag_list *d, const char *file, bool verbose);
/* "error", "warning", "note". */
const char *diag_severity_name(enum diag_sev sev);

#endif /* PODINIT_DIAG_H */
