"""Wallet service."""
