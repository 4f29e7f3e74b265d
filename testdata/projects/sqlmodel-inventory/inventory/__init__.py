"""Warehouses and their stock."""
