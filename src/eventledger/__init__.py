"""eventledger: news reports in, a geolocated, deduplicated, evidence-linked event dataset out."""

__version__ = "0.1.0"
