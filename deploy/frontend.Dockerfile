# syntax=docker/dockerfile:1
# The frontend image: the official Nginx serving frontend/ with the project's Nginx config.
# Build from the repository root: docker build -f deploy/frontend.Dockerfile .
FROM nginx:1.28-alpine

# At start the official image renders /etc/nginx/templates/*.template into /etc/nginx/conf.d/
# (envsubst of the environment) and then runs /docker-entrypoint.d/*.sh; ours writes config.js
# from API_URL, so one image serves any server.
COPY deploy/nginx/default.conf.template /etc/nginx/templates/default.conf.template
COPY --chmod=0755 deploy/nginx/40-tasktracker-config.sh /docker-entrypoint.d/40-tasktracker-config.sh
COPY frontend/ /usr/share/nginx/html/

ENV API_URL=http://localhost:8080
EXPOSE 80
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \
    CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1/"]
