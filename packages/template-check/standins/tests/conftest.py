import os
import sys

# The stand-ins live in ../python (the folder the kit puts on PYTHONPATH); their tests live
# outside it so that a project's own `tests` package never meets them.
sys.path.insert(
    0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "python")
)
