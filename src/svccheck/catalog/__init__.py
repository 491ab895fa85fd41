"""The standards library: locate, load (YAML with positions), validate (schema + lint), build."""
