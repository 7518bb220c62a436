"""Headway: turns a plan into a schedule people can trust."""

__version__ = "0.1.0"
