"""``python -m allegiance.ontology``: regenerate ``allegiance.owl`` after editing ``allegiance.ttl``."""

from allegiance.ontology import write_rdfxml

print(f"wrote {write_rdfxml()}")
