print("entente-bench: see BENCHMARKS.md")
