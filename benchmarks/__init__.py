"""Build-speed benchmarks: `invoke bench --n 1000` (see benchmarks/run.py)."""
