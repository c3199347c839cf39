"""Test configuration for every test pytest collects (tests/, the package's doctests
and the README): Hypothesis profiles.

Profiles (select with ``HYPOTHESIS_PROFILE``):

- ``default``: quick enough for every run of the suite;
- ``thorough``: many more examples, for a nightly or pre-release run;
- ``ci``: like default, derandomised so that CI runs are reproducible.

None has a deadline or fails because generating data is slow: on a loaded machine
those checks measure the machine, not claimkit.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=2_000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
