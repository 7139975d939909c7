# syntax=docker/dockerfile:1
# The frontend image: the official Nginx serving frontend/ with the project's Nginx config.
# Build from the repository root: docker build -f deploy/frontend.Dockerfile .
FROM nginx:1.28-alpine

# The official image runs /docker-entrypoint.d/*.sh before Nginx starts. Ours writes config.js
# from API_URL (empty: the page's own host on port 8080) and renders the server block from the
# template, so one image serves any server. The template stays out of /etc/nginx/templates,
# which the image's own envsubst step would render a second time.
COPY deploy/nginx/default.conf.template /etc/tasktracker/default.conf.template
COPY --chmod=0755 deploy/nginx/40-tasktracker-config.sh /docker-entrypoint.d/40-tasktracker-config.sh
COPY frontend/ /usr/share/nginx/html/

EXPOSE 80
# Through sh, so the probe follows NGINX_PORT like the start script does; `|| exit 1` because
# Docker reserves every exit status but 0 and 1.
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \
    CMD ["sh", "-c", "wget -q -O /dev/null \"http://127.0.0.1:${NGINX_PORT:-80}/\" || exit 1"]
