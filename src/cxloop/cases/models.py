"""Recovery cases: tables are written by the cases domain."""
