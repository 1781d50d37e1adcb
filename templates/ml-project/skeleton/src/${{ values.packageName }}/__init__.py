"""Client code of ${{ values.name }}: data, models, evaluation."""

__version__ = "0.1.0"
