"""Analytics warehouse for Danish jobcenters: extract contract, loading, synthetic data."""

__version__ = "0.1.0"
