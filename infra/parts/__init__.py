"""The parts of the ``Kring-<stage>`` stack, one module per concern.

Each part builds its resources directly in the stack's scope, not under a construct of its own:
a construct would prefix every logical id with its path, and a changed logical id makes
CloudFormation replace the resource (the table and the buckets with it). Parts receive what they
use from the parts built before them.
"""
