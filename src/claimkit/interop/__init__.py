"""Reading and writing the formats of neighbouring tools.

:mod:`claimkit.interop.prov`
    W3C PROV documents (PROV-JSON, PROV-N, PROV-O), through the ``prov`` package
    (``pip install claimkit[prov]``).
:mod:`claimkit.interop.wikidata`
    Wikibase entity JSON, as Wikidata's ``Special:EntityData`` and its dumps give it
    (no extra needed).

Tables (CSV, Parquet) are in :mod:`claimkit.tabular`.
"""
