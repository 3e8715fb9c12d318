"""The test suite.

A regular package, so that a third-party `tests` package installed in the same
virtualenv (argostranslate ships one) cannot shadow it.
"""
