"""Building and evaluating the bundled models (and organisation models) from labelled data."""
