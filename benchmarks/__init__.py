"""Benchmarks of the extension: one command each, printing tables (see RESULTS.md)."""
