/* diag: the diagnostics list of the manifest loader.  Every problem is
 * collected (never just the first), then sorted into file order and printed
 * as `FILE:LINE:COL: FIELD.PATH: message`. */
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
	size_t	 seq;		/* insertion order, keeps the sort stable */
};

#define DIAG_MAX 1000	/* beyond this only the counters grow */

struct diag_list {
	struct diag *v;
	size_t	 n, cap;
	size_t	 n_errors, n_warnings, n_notes;
	size_t	 dropped;
	bool	 keep_notes;	/* record DIAG_NOTE entries (else only counted) */
};

void	diag_init(struct diag_list *d);
void	diag_free(struct diag_list *d);
void	diag_add(struct diag_list *d, enum diag_sev sev, int line, int col,
	    const char *path, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Sort into file order (line, col, then insertion). */
void	diag_sort(struct diag_list *d);
/* Print errors and warnings (and notes when verbose) as
 * `[prefix]FILE:LINE:COL: [warning: |note: ]PATH: msg`. */
void	diag_print(FILE *f, const struct diag_list *d, const char *file,
	    const char *prefix, bool verbose);

#endif /* PODINIT_DIAG_H */
