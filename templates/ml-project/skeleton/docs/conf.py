"""Sphinx configuration of this project's documentation."""

project = "${{ values.name }}"
author = "${{ values.client | replace('"', "'") }} / MX"
extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.viewcode"]
html_theme = "sphinx_rtd_theme"
exclude_patterns = ["_build"]
