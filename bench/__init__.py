"""`make bench`: figures about Kring (cold import, package size, DynamoDB requests and capacity).

Figures, never assertions on timings: see docs/benchmarks.md.
"""
