"""What a running site tells its operators: request ids and request context on every log
line (context, logs, requests) and the Prometheus metrics endpoint (metrics)."""
