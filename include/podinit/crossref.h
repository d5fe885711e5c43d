/* crossref: what `podinit check` says across documents, after the schema
 * check of each (SPEC §7, last item): a Service whose selector matches no
 * pod template of the files (the seed's "Service cannot find its
 * endpoints"), and a Service port whose targetPort no container of the
 * pods it selects declares.  The API server takes all of these; they are
 * warnings (a note where the files cannot tell), each at the Service's
 * field, with the other end's FILE:LINE:COL in the message.  Pure: ynode
 * trees in, diagnostics out.  (A workload whose selector does not match
 * its own template is the schema check's: the API server refuses it.) */
#ifndef PODINIT_CROSSREF_H
#define PODINIT_CROSSREF_H
#include <stddef.h>

#include "podinit/diag.h"
#include "podinit/ynode.h"

struct decode_file;

/* One document of the input, wherever it was read from. */
struct crossref_doc {
	const struct ynode *root;	/* NULL or a null scalar: skipped */
	const char *file;		/* as given ("-" = stdin) */
	int	 file_index;		/* d->current_file of its diagnostics */
	int	 doc;			/* 1-based in its file: stamped on its diagnostics */
};

/* Check every Service of docs[0..n) against every pod template of them.
 * Each diagnostic carries the Service's file and document
 * (d->current_file and d->current_doc are restored on return). */
void	crossref_check(const struct crossref_doc *docs, size_t n, struct diag_list *d);
/* The same over every document of the files of a load (decode_pod_files). */
void	crossref_check_files(const struct decode_file *files, size_t n_files,
	    struct diag_list *d);

#endif /* PODINIT_CROSSREF_H */
