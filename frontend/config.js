/*
 * Runtime configuration, loaded before the application scripts and never cached.
 *
 * This default talks to the API on the page's own host, port 8080 (the local and Compose layout).
 * The nginx image rewrites this file at container start from the API_URL environment variable
 * (deploy/nginx/40-tasktracker-config.sh) and `tasktracker dev` serves a generated one.
 */
window.TASKTRACKER_CONFIG = Object.freeze({
  apiUrl: window.location.protocol + "//" + window.location.hostname + ":8080"
});
