"""CLI command `spar export` (sessions and scores as CSV / JSON, xAPI statements)."""
