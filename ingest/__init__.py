"""allegiance.ingest."""
