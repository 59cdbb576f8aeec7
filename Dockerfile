# newsstream worker image: slim, non-root, dependencies pinned by requirements.lock, the NER
# model baked in (it ships inside the package). Entry point: the `newsstream` CLI.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml requirements.lock README.md ./
COPY streams ./streams
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check -c requirements.lock . \
 && /opt/venv/bin/python -c "from streams.kafka import codecs; assert all(codecs().values()), codecs()"

FROM python:3.11-slim
RUN useradd --system --uid 10001 --create-home --home-dir /home/newsstream newsstream \
 && mkdir -p /var/lib/newsstream && chown newsstream /var/lib/newsstream
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    NEWSSTREAM_DATA_DIR=/var/lib/newsstream \
    NEWSSTREAM_HTTP_PORT=6066
USER 10001
WORKDIR /home/newsstream
EXPOSE 6066
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:6066/healthz', timeout=2).status != 200)"]
ENTRYPOINT ["newsstream"]
CMD ["worker"]
