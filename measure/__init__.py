"""Measurement beside the library: gold-set evaluation (`evaluate`), the ours-vs-naive benchmark
(`bench`), the STARD scorer (`stard`) and latency percentiles (`stats`). It imports `kb`; `kb`
imports none of it (the `kb eval` and `kb bench` commands reach it through the CLI only)."""
