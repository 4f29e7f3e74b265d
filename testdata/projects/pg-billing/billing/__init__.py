"""Customers, invoices and payments across PostgreSQL schemas."""
