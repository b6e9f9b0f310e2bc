"""The record model: problems, due periods, time zones, the pydantic models of each file kind,
and did-you-mean suggestions. Pure values: no files, no git, no printing."""
