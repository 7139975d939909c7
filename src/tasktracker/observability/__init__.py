"""What operators see: Prometheus metrics, structured logs and the request id that ties a
request's log lines to the jobs it published (docs/operations.md).

The submodules are imported by name, never from here: `logging` and `context` must load without
prometheus_client, which a worker may import only after choosing its multiprocess mode."""
