"""A warm per-user worker: the CLI hands its inputs to it over a Unix socket (as dmypy and eslint_d do)."""
