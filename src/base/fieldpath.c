/* fieldpath: bounded joins of message field paths, shared by the schema
 * check and the decoder so both name a place the same way.  No snprintf:
 * the cut is silent, and -Wformat-truncation stays quiet. */
#include "podinit/fieldpath.h"

#include <string.h>

static void
append(char *out, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (n > FIELDPATH_MAX - 1 - *len)
		n = FIELDPATH_MAX - 1 - *len;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
}

const char *
fieldpath_field(char out[FIELDPATH_MAX], const char *path, const char *field)
{
	size_t len = 0;

	out[0] = '\0';
	append(out, &len, path);
	if (*path)
		append(out, &len, ".");
	append(out, &len, field);
	return out;
}

const char *
fieldpath_index(char out[FIELDPATH_MAX], const char *path, size_t i)
{
	char num[32];
	size_t len = 0, k = sizeof num - 1;

	num[k] = '\0';
	num[--k] = ']';
	do {
		num[--k] = (char)('0' + i % 10);
		i /= 10;
	} while (i && k > 1);
	num[--k] = '[';
	out[0] = '\0';
	append(out, &len, path);
	append(out, &len, num + k);
	return out;
}
