/* diag: collect, order, de-duplicate and print loader diagnostics, as
 * text lines or as a JSON array. */
#include "podinit/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/json.h"

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
	for (size_t i = 0; i < d->n_files; i++)
		free(d->files[i]);
	memset(d, 0, sizeof *d);
}

int
diag_set_file(struct diag_list *d, size_t i, const char *name)
{
	char *s;

	if (i >= DIAG_FILES_MAX || (s = strdup(name)) == NULL)
		return -1;
	while (d->n_files <= i)
		d->files[d->n_files++] = NULL;
	free(d->files[i]);
	d->files[i] = s;
	return 0;
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
	x->doc = d->current_doc;
	x->file = d->current_file;
	x->seq = d->n;
	d->n++;
}

bool
diag_reword(struct diag_list *d, int line, int col, const char *path, const char *msg)
{
	/* The newest first: the other checker ran just before. */
	for (size_t i = d->n; i-- > 0;) {
		struct diag *x = &d->v[i];
		char *m;

		if (x->sev != DIAG_ERROR || x->doc != d->current_doc ||
		    x->file != d->current_file || x->line != line ||
		    x->col != col || strcmp(x->path, path ? path : "") != 0)
			continue;
		if ((m = strdup(msg)) == NULL)
			return true;	/* the first wording stays: still said once */
		free(x->msg);
		x->msg = m;
		return true;
	}
	return false;
}

static int
cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;

	/* Files in the order given, documents follow each other in a file,
	 * so for positioned entries this is file order; unpositioned ones
	 * come first in their document. */
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool
same(const struct diag *x, const struct diag *y)
{
	return x->sev == y->sev && x->file == y->file && x->doc == y->doc && x->line == y->line &&
	    x->col == y->col && strcmp(x->path, y->path) == 0 && strcmp(x->msg, y->msg) == 0;
}

static void
uncount(struct diag_list *d, enum diag_sev sev)
{
	switch (sev) {
	case DIAG_ERROR: d->n_errors--; break;
	case DIAG_WARNING: d->n_warnings--; break;
	case DIAG_NOTE: d->n_notes--; break;
	}
}

void
diag_sort(struct diag_list *d)
{
	size_t kept = 0;

	if (d->n > 1)
		qsort(d->v, d->n, sizeof *d->v, cmp);
	/* Duplicates now sit in one run of equal document and position: each
	 * entry is compared with the kept ones of its run only. */
	for (size_t i = 0; i < d->n; i++) {
		struct diag *x = &d->v[i];
		bool dup = false;

		for (size_t j = kept; j-- > 0;) {
			const struct diag *y = &d->v[j];
			if (y->file != x->file || y->doc != x->doc || y->line != x->line ||
			    y->col != x->col)
				break;
			if (same(x, y)) {
				dup = true;
				break;
			}
		}
		if (dup) {
			uncount(d, x->sev);
			free(x->path);
			free(x->msg);
			continue;
		}
		d->v[kept++] = *x;
	}
	d->n = kept;
}

const char *
diag_severity_name(enum diag_sev sev)
{
	switch (sev) {
	case DIAG_ERROR: return "error";
	case DIAG_WARNING: return "warning";
	case DIAG_NOTE: return "note";
	}
	return "error";
}

/* The name an entry is shown with: its file's, else the caller's. */
static const char *
diag_file_name(const struct diag_list *d, const struct diag *x, const char *file)
{
	if (d->n_files > 0 && x->file >= 0 && (size_t)x->file < d->n_files &&
	    d->files[x->file] != NULL)
		return d->files[x->file];
	return file;
}

static int
diag_file_docs(const struct diag_list *d, int file)
{
	if (d->n_files == 0)
		return d->n_docs;
	return file >= 0 && (size_t)file < d->n_files ? d->file_docs[file] : 0;
}

void
diag_print(FILE *f, const struct diag_list *d, const char *file, const char *prefix,
    bool verbose)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *x = &d->v[i];
		char pos[64] = "", doc[32] = "";
		const char *sev = "";

		if (x->sev == DIAG_NOTE && !verbose)
			continue;
		if (x->sev == DIAG_WARNING)
			sev = "warning: ";
		else if (x->sev == DIAG_NOTE)
			sev = "note: ";
		if (x->line > 0)
			snprintf(pos, sizeof pos, ":%d:%d", x->line, x->col);
		if (diag_file_docs(d, x->file) > 1 && x->doc > 0)
			snprintf(doc, sizeof doc, "document %d: ", x->doc);
		/* One fprintf per line: an unbuffered stderr gets one write. */
		fprintf(f, "%s%s%s: %s%s%s%s%s\n", prefix ? prefix : "", diag_file_name(d, x, file),
		    pos, sev, doc,
		    x->path, *x->path ? ": " : "", x->msg);
	}
	if (d->dropped)
		fprintf(f, "%s%s: %zu more diagnostics not shown\n", prefix ? prefix : "",
		    file, d->dropped);
}

/* One diagnostic's object into b.  Its strings are bounded (a message by
 * diag_add's 512 bytes, a path by the caller), and b holds the worst case
 * of escaping: six bytes for each byte of them. */
static void
json_one(struct buf *b, const struct diag *x, const char *file)
{
	struct json j;

	json_init(&j, b);
	json_object_begin(&j);
	json_kv_string(&j, "file", file);
	json_kv_int(&j, "line", x->line);
	json_kv_int(&j, "column", x->col);
	json_kv_int(&j, "document", x->doc);
	json_kv_string(&j, "path", x->path);
	json_kv_string(&j, "severity", diag_severity_name(x->sev));
	json_kv_string(&j, "message", x->msg);
	json_object_end(&j);
}

void
diag_print_json(FILE *f, const struct diag_list *d, const char *file, bool verbose)
{
	static char mem[32 * 1024];
	struct buf b;
	bool first = true;

	fputc('[', f);
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *x = &d->v[i];

		if (x->sev == DIAG_NOTE && !verbose)
			continue;
		buf_init(&b, mem, sizeof mem);
		json_one(&b, x, diag_file_name(d, x, file));
		if (b.overflow) {
			/* A path longer than any the loader builds: say so, validly. */
			struct diag cut = *x;
			cut.path = "";
			cut.msg = "diagnostic too long to show";
			buf_init(&b, mem, sizeof mem);
			json_one(&b, &cut, "");
		}
		fputs(first ? "\n" : ",\n", f);
		fwrite(b.p, 1, b.len, f);
		first = false;
	}
	if (d->dropped) {
		struct diag more = { .sev = DIAG_ERROR, .path = "", .msg = NULL };
		char msg[64];

		snprintf(msg, sizeof msg, "%zu more diagnostics not shown", d->dropped);
		more.msg = msg;
		buf_init(&b, mem, sizeof mem);
		json_one(&b, &more, file);
		if (!b.overflow) {
			fputs(first ? "\n" : ",\n", f);
			fwrite(b.p, 1, b.len, f);
			first = false;
		}
	}
	fputs(first ? "]\n" : "\n]\n", f);
}
