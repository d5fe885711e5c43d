# podinit as a FROM-scratch image: one static binary, nothing else.
#
#   docker build -t podinit .          (or: podman build -t podinit .)
#   docker run --rm podinit -- /some/command      (needs a command in the image;
#                                                   see examples/Dockerfile.*)
#
# Most users copy the binary into their own image instead:
#   COPY --from=podinit /podinit /podinit
#   ENTRYPOINT ["/podinit", "-f", "/etc/podinit/pod.yaml", "--"]
#
# Stage 1 builds `make static` on Debian 12 (glibc, every feature: libyaml,
# libseccomp, Mbed TLS 3.6 (built from Debian 13's source package by
# build-aux/fetch-mbedtls.sh and make), nghttp2 linked in; the Makefile checks the
# result with file(1)).  Stage 2 is empty but for the binary: podinit reads
# no NSS, locale or timezone file, and creates /run for its status socket.

FROM debian:12 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
	build-essential make file \
	libyaml-dev libseccomp-dev libcap-dev libnghttp2-dev dpkg-dev bzip2 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN sh build-aux/fetch-mbedtls.sh
# A build/ directory from the host would carry objects made elsewhere.
RUN rm -rf build && make -j"$(nproc)" static && ./build/podinit-static --version

FROM scratch
COPY --from=build /src/build/podinit-static /podinit
ENTRYPOINT ["/podinit"]
