/* strconv: strict number, duration and signal-name parsing, and the
 * edit distance behind "did you mean". */
#ifndef PODINIT_STRCONV_H
#define PODINIT_STRCONV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whole string must be a base-10 integer in [min, max]; 0 or -1. */
int	strconv_int64(const char *s, int64_t min, int64_t max, int64_t *out);
/* Split s in place into its blank-separated words (spaces, tabs,
 * newlines), at most max of them; returns how many were stored.  With
 * strconv_int64 it reads /proc lines: no sscanf, whose static copy brings
 * ~70 KB of scanf, wide-character and long-double code into the binary. */
size_t	strconv_split_words(char *s, char **words, size_t max);
/* A "MAJOR.MINOR" prefix ("6.1.0-18-amd64" -> 6, 1), digits only; *rest
 * (when rest is not NULL) is what follows.  0, or -1 without both numbers. */
int	strconv_version(const char *s, int *major, int *minor, const char **rest);
/* "100ms", "10s", "5m", "1h", "1m30s", "250us"; a bare "0" is allowed.
 * Non-negative only.  Result in ns. */
int	strconv_duration(const char *s, int64_t *out_ns);
/* "TERM", "SIGTERM", "sigterm", "15" -> 15; 0 and -1 on error.  Realtime
 * signals as "RTMIN+3".  Numbers 1..64 accepted. */
int	strconv_signal(const char *s, int *out);
/* "SIGTERM" for 15; "SIG<n>" form for numbers without a name. */
const char *strconv_signal_name(int sig);
/* Levenshtein distance, capped: returns cap+1 when the distance exceeds cap. */
size_t	strconv_edit_distance(const char *a, const char *b, size_t cap);
/* Format ns as "10s", "100ms", "1m30s" (Go's time.Duration style). */
void	strconv_format_duration(int64_t ns, char *out, size_t outsz);

#endif /* PODINIT_STRCONV_H */
