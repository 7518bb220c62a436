"""The status report's charts: matplotlib figures written as inline SVG, one module per chart."""
