"""Format-specific renderers: turn report content and charts into files."""
