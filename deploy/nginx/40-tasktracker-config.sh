#!/bin/sh
# Renders the frontend's runtime configuration at container start, from environment variables:
#
#   API_URL        where browsers reach the API: an absolute URL (https://api.example.com) or a
#                  path on this server (/api). Empty: the page's own host on port 8080.
#   NGINX_PORT     the port nginx listens on (default 80)
#   NGINX_IPV6     auto (default): listen on IPv6 too when the host has it, as the official image's
#                  own IPv6 script would (this script writes the server block that script edits);
#                  on / off: always / never
#   FRONTEND_ROOT  the frontend files; config.js is written there (default /usr/share/nginx/html)
#   NGINX_TEMPLATE the server block template (default /etc/tasktracker/default.conf.template)
#   NGINX_CONF     where the rendered server block goes (default /etc/nginx/conf.d/default.conf)
#
# It writes config.js (the API URL for the scripts) and the nginx server block (port, root and the
# API origin in the Content-Security-Policy's connect-src and in the page's preconnect Link header). In the official nginx image, install it
# as /docker-entrypoint.d/40-tasktracker-config.sh and it runs before nginx starts.
set -eu

api_url="${API_URL:-}"
port="${NGINX_PORT:-80}"
ipv6="${NGINX_IPV6:-auto}"
root="${FRONTEND_ROOT:-/usr/share/nginx/html}"
template="${NGINX_TEMPLATE:-/etc/tasktracker/default.conf.template}"
conf="${NGINX_CONF:-/etc/nginx/conf.d/default.conf}"

fail() {
    echo "40-tasktracker-config: $*" >&2
    exit 1
}

case "$port" in
    "" | *[!0-9]*) fail "NGINX_PORT must be a port number, got '$port'" ;;
esac
case "$ipv6" in
    auto) [ -f /proc/net/if_inet6 ] && ipv6=on || ipv6=off ;;
    on | off) ;;
    *) fail "NGINX_IPV6 must be auto, on or off, got '$ipv6'" ;;
esac
if [ "$ipv6" = on ]; then
    listen_ipv6="listen [::]:$port;"
else
    listen_ipv6="# IPv4 only (NGINX_IPV6=off, or no IPv6 on this host)"
fi
case "$root" in
    /*) ;;
    *) fail "FRONTEND_ROOT must be an absolute path, got '$root'" ;;
esac
case "$root" in
    *[!A-Za-z0-9._/-]*) fail "FRONTEND_ROOT may contain only letters, digits and . _ / -, got '$root'" ;;
esac

# The URL ends up inside a JavaScript string and an nginx directive: allow only characters that
# cannot break out of either.
if [ -n "$api_url" ] && ! printf '%s\n' "$api_url" |
    grep -Eq '^((https?)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?)?(/[A-Za-z0-9._~/-]*)?$'; then
    fail "API_URL must be an http(s) URL or a path without query or fragment, got '$api_url'"
fi
api_url="${api_url%/}"

case "$api_url" in
    "")
        # No fixed URL: config.js derives it in the browser, nginx from the request's Host. No
        # scheme in the source: it then matches the page's own (https behind a TLS proxy, where
        # nginx's $scheme would say http).
        connect_src="'self' \$host:8080"
        api_preconnect="<//\$host:8080>; rel=preconnect"
        api_expression='window.location.protocol + "//" + window.location.hostname + ":8080"'
        ;;
    http://* | https://*)
        api_origin="$(printf '%s\n' "$api_url" | sed -E 's#^(https?://[^/]+).*#\1#')"
        connect_src="'self' $api_origin"
        api_preconnect="<$api_origin>; rel=preconnect"
        api_expression="\"$api_url\""
        ;;
    *)
        connect_src="'self'"
        api_preconnect=""
        api_expression="\"$api_url\""
        ;;
esac

[ -f "$template" ] || fail "template not found: $template"
[ -d "$root" ] || fail "frontend root not found: $root"

config_tmp="$root/.config.js.tmp"
cat >"$config_tmp" <<CONFIG
/* Written at container start by this script from API_URL. */
window.TASKTRACKER_CONFIG = Object.freeze({
  apiUrl: $api_expression
});
CONFIG
chmod 0644 "$config_tmp"
mv "$config_tmp" "$root/config.js"

conf_tmp="$conf.tmp"
sed -e "s|\${NGINX_PORT}|$port|g" \
    -e "s|\${LISTEN_IPV6}|$listen_ipv6|g" \
    -e "s|\${FRONTEND_ROOT}|$root|g" \
    -e "s|\${CONNECT_SRC}|$connect_src|g" \
    -e "s|\${API_PRECONNECT}|$api_preconnect|g" \
    "$template" >"$conf_tmp"
if grep -q '\${[A-Z_]*}' "$conf_tmp"; then
    rm -f "$conf_tmp"
    fail "unrendered placeholder left in $template"
fi
mv "$conf_tmp" "$conf"

echo "40-tasktracker-config: API at ${api_url:-<page host>:8080}, nginx on port $port (IPv6 $ipv6), root $root"
