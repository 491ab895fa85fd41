"""svccheck — bank branch service standards as code.

The pipeline: standards → checklist → sheets → observations → scores → report.
"""

__version__ = "0.1.0"
