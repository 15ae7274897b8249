# flowbook in a container, for CI jobs that replay notebooks against their models.
#
#   docker build -t flowbook .
#   docker run --rm -v "$PWD:/work" -w /work flowbook replay --check notebooks/prime-day.md
#
# Built with the official Swift image; run on a slim Debian of the same release. The binary
# carries the Swift runtime (scripts/install links it statically), so the run image needs
# only libedit and zlib, which are Debian packages.
FROM swift:6.3-bookworm AS build
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    libedit-dev zlib1g-dev pkg-config git \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/install /opt/flowbook

FROM debian:bookworm-slim
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libedit2 zlib1g \
  && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/flowbook /usr/local
ENTRYPOINT ["flowbook"]
