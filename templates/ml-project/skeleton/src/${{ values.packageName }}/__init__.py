"""${{ values.name }}: client code for ${{ values.client }} (data, models, evaluation)."""

__version__ = "0.1.0"
