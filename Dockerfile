# syntax=docker/dockerfile:1
# One image for the API, the worker, the migrations and the Sedna simulator; the command picks
# which (see docker-compose.yml). Debian, not Alpine: Temporal's native core needs glibc.

# ---- build: full install, compile, bundle the workflows, then drop dev dependencies
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
  && npm --prefix web ci --no-audit --no-fund \
  && npm --prefix web run build \
  && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: compiled code and production dependencies only
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
# glibc malloc and V8's young generation for the worker (why: src/worker/allocator-env.ts, which
# these must equal); the API, the migrations and the simulator run with them too.
ENV MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    MALLOC_TRIM_THRESHOLD_=131072 \
    NODE_OPTIONS=--max-semi-space-size=8
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The dashboard, served by the API at / (found from dist/src/dashboard).
COPY --from=build --chown=node:node /app/web/dist ./web/dist
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
