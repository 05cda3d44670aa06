"""Demo data: a believable organisation set with months of feedback, cases and incidents.

Only the CLI (``cxloop demo``) imports this package; the app never depends on it. It writes through
the domains' services, except incidents, which have no service yet.
"""
