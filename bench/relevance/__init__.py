"""The library's relevance set: queries written the way people type, each with
the resources a careful curator would accept in the top five.

``python -m bench.relevance`` (``make relevance``) measures the search on the
starter content in a fresh database; ``tests/resources/test_relevance.py`` pins
floors just under what it reaches.
"""
