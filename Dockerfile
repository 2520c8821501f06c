# syntax=docker/dockerfile:1
# One image recipe for the three services: build once, pick the service with the SERVICE build arg.
# Same variables and ports as the native `npm start` path (see the README's configuration table).

FROM node:20-bookworm-slim AS sources
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches patches
# Install scripts only fetch the embedded Postgres used by the native dev path; images need none.
# The one install step images do need is ours: patch-package applies patches/ (a kafkajs fix).
RUN npm ci --ignore-scripts && npx patch-package
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps apps
COPY libs libs
# The web app (built into dist/web, served by the dashboard) and its bundle budget check.
COPY web web
COPY scripts/web scripts/web

FROM sources AS build
RUN npm run build && npm prune --omit=dev --ignore-scripts

# A one-shot, not a service: creates or updates the services' database roles (`npm run db:roles`)
# before they start. It runs the TypeScript script itself with tsx, a development dependency,
# which is why it is an image of its own and not part of the runtime.
FROM sources AS db-roles
COPY scripts/db-roles.ts scripts/
COPY scripts/infra/db-roles.ts scripts/infra/
USER node
CMD ["node_modules/.bin/tsx", "scripts/db-roles.ts"]

# The local OpenID Connect provider with the demo users (scripts/identity/), for trying the suite
# out with sign-in; not for production, which uses an identity provider of its own. Like db-roles it
# runs TypeScript with tsx. Its keys live in ACCORD_STATE_DIR (a volume in docker-compose.yml).
FROM sources AS identity
COPY scripts/auth/dev-identity.ts scripts/auth/
COPY scripts/infra/state.ts scripts/infra/
COPY scripts/identity scripts/identity
ENV IDP_HOST=0.0.0.0 \
    ACCORD_STATE_DIR=/home/node/accord
USER node
RUN mkdir -p /home/node/accord
EXPOSE 4400
CMD ["node", "--import", "tsx", "scripts/identity/provider.ts"]

FROM node:20-bookworm-slim AS runtime
ARG SERVICE
# The heap limit makes V8 collect before a service's RSS grows far past what it uses (see
# scripts/infra/apps.ts, BENCHMARKS.md); override NODE_OPTIONS to change it.
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    KAFKAJS_NO_PARTITIONER_WARNING=1 \
    NODE_OPTIONS=--max-old-space-size=128
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/dist dist
# Least privilege: the service never needs root inside its container.
USER node
# exec form through `sh -c exec` so that node is PID 1's replacement and receives SIGTERM itself.
CMD ["sh", "-c", "exec node dist/apps/${SERVICE}/main.js"]
