"""Sphinx configuration for claimkit's documentation.

Builds offline: no intersphinx (inventories would be fetched from the web), so
references to other projects' objects are listed in ``nitpick_ignore``.
"""

from __future__ import annotations

from importlib.metadata import version as _version

project = "claimkit"
author = "The claimkit developers"
copyright = "2026, The claimkit developers"
release = _version("claimkit")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.napoleon",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
# _bench holds the benchmark tables that docs/scaling.md includes.
exclude_patterns = ["_build", "_bench"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = f"claimkit {release}"
html_static_path = ["_static"]

# -- API reference ------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

# -- strictness -----------------------------------------------------------------------
nitpicky = True
nitpick_ignore = [
    ("py:class", name)
    for name in (
        "datetime.date",
        "datetime.datetime",
        "fractions.Fraction",
        "os.PathLike",
        "typing.IO",
        "IO",
        "cattrs.Converter",
        "cattrs.converters.Converter",
        "hypothesis.strategies.SearchStrategy",
        "SearchStrategy",
        "st.SearchStrategy",
        "st.DrawFn",
        "DrawFn",
        "collections.abc.Mapping",
        "collections.abc.Iterable",
        "collections.abc.Iterator",
        "collections.abc.Sequence",
        "collections.abc.Collection",
        "enum.StrEnum",
        "enum.Enum",
        "Exception",
        "ValueError",
        "LookupError",
        "PathLike",
        "Number",
        "Scalar",
        "Record",
        "T",
        "pm.ProvDocument",
        "prov.model.bundle.ProvDocument",
        "prov.model.ProvDocument",
        "ProvDocument",
        "Format",
        "Row",
        "IO[str]",
        "Bag",
        "Delayed",
        "Independence",
        "Revisions",
        "dask.bag.Bag",
        "dask.delayed.Delayed",
    )
] + [("py:exc", name) for name in ("OSError", "ValueError", "TypeError", "KeyError")]

# -- doctests -------------------------------------------------------------------------
doctest_global_setup = """
import datetime as dt
from hypothesis import HealthCheck, settings as _settings
# As in the test suite: no deadline, and slow data generation on a loaded machine
# is not a failure.
_settings.register_profile("docs", deadline=None, suppress_health_check=[HealthCheck.too_slow])
_settings.load_profile("docs")
from claimkit import *
from claimkit import examples, policies
from claimkit.tabular import rows
"""
