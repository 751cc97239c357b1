# Warden gateway image: non-root, runs with a read-only root filesystem; state lives in /data (a volume) and,
# with gateway.store / gateway.cache, in PostgreSQL and Redis. See docs/scale-out.md#deployment.
# Build: docker build -t warden .
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 and isolated-vm compile from source.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts=false
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bin ./bin
COPY policies ./policies
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/bin ./bin
COPY --from=build --chown=root:root /app/policies ./policies
COPY --from=build --chown=root:root /app/package.json ./package.json
# The data dir (SQLite files, key pepper file, audit checkpoints, the PostgreSQL audit spool): the only writable path.
RUN mkdir -p /data && chown 1000:1000 /data && chmod 700 /data
VOLUME ["/data"]
# The image's `node` user (uid 1000); nothing under /app is writable by it.
USER 1000:1000
EXPOSE 8787
# The config is mounted at /etc/warden/warden.yaml (compose: a bind mount; Kubernetes: a ConfigMap).
ENTRYPOINT ["node", "bin/warden.js"]
CMD ["serve", "--config", "/etc/warden/warden.yaml", "--host", "0.0.0.0", "--port", "8787", "--data-dir", "/data"]
