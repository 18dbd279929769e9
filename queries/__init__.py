"""allegiance.queries."""
