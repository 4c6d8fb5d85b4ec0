"""Conduit (RealWorld) API on Django: views -> services -> repositories -> models."""
