"""A Flask URL shortener."""
