"""Load and latency benchmarks (not tests); see bench/README.md."""
