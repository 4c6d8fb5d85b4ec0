"""Building a labeled corpus: run reference Conduit apps for real against a contract suite.

``rootcause.corpus.contract`` is the team's own end-to-end contract suite (stdlib HTTP);
``rootcause.corpus.harness`` starts server processes and throwaway PostgreSQL clusters.
"""
