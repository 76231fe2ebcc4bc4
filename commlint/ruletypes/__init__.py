"""The closed set of rule types. Each YAML rule configures exactly one of them."""
