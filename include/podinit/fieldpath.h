/* fieldpath: the field paths that name a place in a message
 * ("spec.containers[0].image"), joined in fixed buffers.  A path only
 * names a place, so one longer than the buffer is cut short, silently. */
#ifndef PODINIT_FIELDPATH_H
#define PODINIT_FIELDPATH_H
#include <stddef.h>

#define FIELDPATH_MAX 512	/* bytes of a path buffer, the NUL included */

/* out = path + "." + field (just field when path is empty); returns out. */
const char *fieldpath_field(char out[FIELDPATH_MAX], const char *path, const char *field);
/* out = path + "[i]"; returns out. */
const char *fieldpath_index(char out[FIELDPATH_MAX], const char *path, size_t i);

#endif /* PODINIT_FIELDPATH_H */
