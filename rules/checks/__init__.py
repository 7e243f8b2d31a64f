"""Rule modules: every module here is imported by `rules.registry.load_rules()`."""
