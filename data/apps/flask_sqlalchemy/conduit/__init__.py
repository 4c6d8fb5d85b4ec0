"""Conduit (RealWorld) reference API: Flask + SQLAlchemy 2.x, layered.

Layers: routes (HTTP) -> services (business rules) -> repositories (data access)
-> models (SQLAlchemy entities).
"""
