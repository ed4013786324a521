# Carnet's production image: compiled once in a build stage, run as a non-root user with production
# dependencies only. Needs MONGODB_URI (a replica set in production) and BASE_URL; see docs/operations.md.
# syntax=docker/dockerfile:1
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY src/i18n/locales ./src/i18n/locales
COPY views ./views
COPY public ./public
COPY lti-config ./lti-config
COPY data ./data
# Runtime writes go to the data directory only (uploads are in MongoDB's GridFS).
RUN mkdir -p /app/.cache /var/lib/carnet && chown node:node /app/.cache /var/lib/carnet
ENV DATA_DIR=/var/lib/carnet
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Not `npm start`: signals reach node directly (SIGTERM drains requests and jobs, then exits 0). The
# flags and MALLOC_ARENA_MAX are npm start's: the heap's budget, so V8 collects before it grows far past
# the live data, 8 MB semi-spaces instead of 16, and two malloc arenas instead of one per thread
# (docs/performance.md, "Memory").
ENV MALLOC_ARENA_MAX=2
CMD ["node", "--max-old-space-size=512", "--max-semi-space-size=8", "dist/src/main.js"]
