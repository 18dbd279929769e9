"""allegiance.ontology."""
