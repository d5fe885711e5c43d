/* diag: collect, order and print loader diagnostics. */
#include "podinit/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void
diag_init(struct diag_list *d)
{
	memset(d, 0, sizeof *d);
}

void
diag_free(struct diag_list *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

void
diag_add(struct diag_list *d, enum diag_sev sev, int line, int col, const char *path,
    const char *fmt, ...)
{
	va_list ap;
	char msg[512];
	struct diag *x;

	switch (sev) {
	case DIAG_ERROR: d->n_errors++; break;
	case DIAG_WARNING: d->n_warnings++; break;
	case DIAG_NOTE: d->n_notes++; break;
	}
	if (sev == DIAG_NOTE && !d->keep_notes)
		return;
	if (d->n >= DIAG_MAX) {
		d->dropped++;
		return;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct diag *v = realloc(d->v, cap * sizeof *v);
		if (v == NULL) {
			d->dropped++;
			return;
		}
		d->v = v;
		d->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	x = &d->v[d->n];
	x->sev = sev;
	x->line = line;
	x->col = col;
	x->path = strdup(path ? path : "");
	x->msg = strdup(msg);
	if (x->path == NULL || x->msg == NULL) {
		free(x->path);
		free(x->msg);
		d->dropped++;
		return;
	}
	x->seq = d->n;
	d->n++;
}

static int
cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
diag_sort(struct diag_list *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof *d->v, cmp);
}

void
diag_print(FILE *f, const struct diag_list *d, const char *file, const char *prefix,
    bool verbose)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *x = &d->v[i];
		char pos[64] = "";
		const char *sev = "";

		if (x->sev == DIAG_NOTE && !verbose)
			continue;
		if (x->sev == DIAG_WARNING)
			sev = "warning: ";
		else if (x->sev == DIAG_NOTE)
			sev = "note: ";
		if (x->line > 0)
			snprintf(pos, sizeof pos, ":%d:%d", x->line, x->col);
		/* One fprintf per line: an unbuffered stderr gets one write. */
		fprintf(f, "%s%s%s: %s%s%s%s\n", prefix ? prefix : "", file, pos, sev,
		    x->path, *x->path ? ": " : "", x->msg);
	}
	if (d->dropped)
		fprintf(f, "%s%s: %zu more diagnostics not shown\n", prefix ? prefix : "",
		    file, d->dropped);
}
