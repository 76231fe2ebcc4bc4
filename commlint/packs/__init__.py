"""Rule packs: YAML files loaded and validated into a rule set; rule documentation."""
