"""Querying: filters, overdue / due / stale, RAG and membership on a date; always given as_of."""
