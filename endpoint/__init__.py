"""allegiance.endpoint."""
