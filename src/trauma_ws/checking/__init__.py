"""Checking: the whole-programme rules tws validate applies (validate) and the frozen-minutes
rule against a git revision (frozen)."""
