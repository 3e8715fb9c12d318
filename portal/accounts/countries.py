"""The countries staff come from: ISO 3166-1 codes, named in the reader's language."""

import pycountry
from babel import Locale

# CLDR names more territories than ISO 3166-1 lists (continents, the EU, test
# codes such as XA "Pseudo-Accents"); an account's country is an ISO country.
ISO_COUNTRY_CODES = frozenset(country.alpha_2 for country in pycountry.countries)


def is_country_code(code: str) -> bool:
    """Tell whether a code is an ISO 3166-1 alpha-2 country code (any case)."""
    return code.upper() in ISO_COUNTRY_CODES


def country_names(locale: Locale) -> dict[str, str]:
    """Return each ISO country code with its name in the locale's language."""
    english = Locale("en").territories
    return {
        code: locale.territories.get(code) or english.get(code) or code
        for code in ISO_COUNTRY_CODES
    }
