"""The programme on disk and in git: running git (gitio), a record's committed history.
Below loading and checking; knows nothing of records beyond their bytes and YAML."""
