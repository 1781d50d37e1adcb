"""Client code of this project: data, models, evaluation.

Project: ${{ values.name }}
Client: ${{ values.client }}
"""

__version__ = "0.1.0"
