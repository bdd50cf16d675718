# syntax=docker/dockerfile:1
# One deployable module as an image, for those who build with a Docker engine. The build's own images
# (<module>/target/jib-image.tar, tested by tests/images) come from Jib without one; this file gives the
# same contract: non-root user 65532, PORT (8080) on every interface, container-sized JVM flags, an AOT
# cache trained on the image's own files. See docs/adr/0007-container-images.md.
#
#   docker build --build-arg MODULE=services/catalog -t mosaic/catalog .
#   docker build --build-arg MODULE=gateway -t mosaic/gateway .
#
# MODULE is one of services/catalog, services/inventory, services/orders, services/payments,
# services/notifications, gateway.

ARG JDK_IMAGE=eclipse-temurin:25-jdk
ARG JRE_IMAGE=eclipse-temurin:25-jre

# 1. The module's jar and its libraries, built with the wrapper (no Jib, no image tests inside a build).
FROM ${JDK_IMAGE} AS build
ARG MODULE=services/catalog
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q package -pl "${MODULE}" -am -DskipTests -Djib.skip=true -Dimage.base.skip=true -Dimage.aot.skip=true \
 && mkdir -p /out \
 && jar="$(ls "${MODULE}"/target/*.jar | grep -v -e '-sources.jar$' -e '-javadoc.jar$' -e '-tests.jar$' | head -n 1)" \
 && test -n "$jar" \
 && cp "$jar" /out/app.jar \
 && cp -r "${MODULE}/target/libs" /out/libs

# 2. The AOT cache, trained on the runtime's JRE and the very files the final image holds (the cache
#    checks each jar's path, size and mtime; COPY keeps them). Needs a JRE 25+ (JRE_IMAGE). The JVM options are
#    the pom's image.java.options: the cache then holds no machine code for this builder's CPU (ADR 0007).
FROM ${JRE_IMAGE} AS aot
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -Xms48m -XX:SweeperThreshold=50 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -Xss512k -XX:+UnlockDiagnosticVMOptions -XX:-AOTAdapterCaching"
COPY --from=build /out/ /app/
WORKDIR /tmp/train
RUN if ! java -XX:AOTMode=record -XX:AOTConfiguration=/tmp/probe.conf -version >/dev/null 2>&1; then \
      echo "JRE_IMAGE must be a JRE 25+: this one cannot write an AOT cache, and the entrypoint uses one" >&2; exit 1; \
    fi; \
    PORT=18080 SERVER_HOST=127.0.0.1 MOSAIC_DATA_DIR=/tmp/train MOSAIC_DB_URL="jdbc:h2:file:/tmp/train/db" \
    MOSAIC_KAFKA_BOOTSTRAP=127.0.0.1:1 java -XX:AOTCacheOutput=/app/app.aot -jar /app/app.jar >/tmp/train/log 2>&1 & \
    pid=$!; \
    for _ in $(seq 1 480); do \
      if (exec 3<>/dev/tcp/127.0.0.1/18080 \
          && printf 'GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3 \
          && head -n 1 <&3 | grep -q ' 200') 2>/dev/null; then break; fi; \
      kill -0 "$pid" 2>/dev/null || { tail -n 40 /tmp/train/log; exit 1; }; \
      sleep 0.5; \
    done; \
    kill -TERM "$pid"; wait "$pid" || true; \
    test -s /app/app.aot || { tail -n 40 /tmp/train/log; exit 1; }

# 3. The runtime: the JRE, the jar, its libraries and the cache; nothing runs as root.
FROM ${JRE_IMAGE}
COPY --from=aot /app/ /app/
RUN mkdir -p /var/lib/mosaic && chown 65532:65532 /var/lib/mosaic
ENV PORT=8080 \
    SERVER_HOST=0.0.0.0 \
    MOSAIC_DATA_DIR=/var/lib/mosaic/data \
    JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -Xms48m -XX:SweeperThreshold=50 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -Xss512k -XX:+UnlockDiagnosticVMOptions -XX:-AOTAdapterCaching"
USER 65532:65532
WORKDIR /var/lib/mosaic
EXPOSE 8080
ENTRYPOINT ["java", "-XX:AOTCache=/app/app.aot", "-jar", "/app/app.jar"]
