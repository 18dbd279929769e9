"""allegiance.shapes."""
