"""Server-rendered pages (Jinja2 + HTMX), one module per area under ``web/pages``."""
