"""Conduit (RealWorld) reference API: FastAPI + SQLAlchemy 2.x async, layered.

Layers: routes (HTTP) -> services (business rules) -> repositories (data access)
-> models (SQLAlchemy entities).
"""
