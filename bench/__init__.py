"""dlbuild's benchmarks: against baselines and larger catalogs (run.py), on the shipped scenarios
(scenarios.py), and whole-process start-up (startup.py). Each also runs as a script."""
