"""newsstream: raw news pages in; clean articles, price quotes and dead letters out.

The processing core (``decode``, ``document``, ``clean``, ``tickers``, ``entities``,
``pipeline``) imports no Kafka client; ``app`` wires it to the broker.
"""

__version__ = "0.1.0"
PIPELINE_VERSION = __version__
