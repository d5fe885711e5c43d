/* libFuzzer target for the seccomp profile decoder (Localhost profiles):
 * any bytes go through ynode, the decoder and, when they decode, the
 * libseccomp compiler; nothing may crash, leak or hang.
 * Build: tests/fuzz/run (clang -fsanitize=fuzzer,address,undefined with
 * every .c of src/base, src/model, src/core and src/shell, -lyaml -lseccomp).
 * Seeds: tests/golden/security/{valid,invalid}/\*.json. */
#include <stdint.h>
#include <string.h>

#include "podinit/seccomp_bpf.h"
#include "podinit/seccomp_profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	struct seccomp_profile *p;
	struct sp_bpf b;

	p = seccomp_profile_parse_buffer((const char *)data, size, err, sizeof err);
	if (p == NULL) {
		/* every failure carries a message */
		if (err[0] == '\0')
			__builtin_trap();
		return 0;
	}
	/* the capability set varies with the input so gated rules are tried */
	if (seccomp_profile_compile(p, size > 0 ? (uint64_t)data[0] << 16 : 0, &b, NULL, 0,
	    err, sizeof err) == 0)
		sp_bpf_free(&b);
	seccomp_profile_free(p);
	return 0;
}
