/* caps: the kernel's capability names, one table for the whole program.
 * The loader validates manifest names against it (and suggests the nearest
 * one), and the shell turns names into bit numbers for the child and back
 * into names for messages.  Pure: no syscalls (the running kernel's highest
 * capability is creds_cap_last()'s business). */
#ifndef PODINIT_CAPS_H
#define PODINIT_CAPS_H
#include <stddef.h>

/* "NET_BIND_SERVICE", "CAP_NET_BIND_SERVICE", any case -> 0..40, or -1
 * for a name the table does not have ("", "CAP_", "12").  "ALL" is the
 * caller's business. */
int	caps_from_name(const char *name);
/* "NET_BIND_SERVICE" for 10 (no CAP_ prefix, as Kubernetes writes it),
 * NULL for a number the table does not name. */
const char *caps_name(int cap);
/* caps_name() into out, or the number for one the table does not name;
 * cut to outsz - 1 bytes. */
void	caps_format(int cap, char *out, size_t outsz);
/* The table itself, by number, for "did you mean": *n names. */
const char *const *caps_names(size_t *n);

#endif /* PODINIT_CAPS_H */
