"""Loading: bytes to checked records. The YAML reader (yamlio, with yaml_text, yaml_scalars
and yaml_events), the parallel reader (parsing), the parse cache, building models with located
problems (translate), and finding and loading a programme (programme)."""
