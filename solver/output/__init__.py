"""Turning results into terminal tables and JSON; nothing here solves anything."""
