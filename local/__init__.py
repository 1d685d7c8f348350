"""The embedded local runtime: emulator, stream poller, clock, seed data and the `kring` CLI.

Never deployed.
"""
