"""The data set's country names mapped to ISO 3166-1 (alpha-2, alpha-3, numeric).

Names that are not one country ("Unspecified", "European Community",
"Channel Islands", which covers Jersey and Guernsey) map to None: those
orders keep no shipping country rather than a made-up one.
"""

COUNTRIES = {
    "Australia": ("AU", "AUS", "036", "Australia"),
    "Austria": ("AT", "AUT", "040", "Austria"),
    "Bahrain": ("BH", "BHR", "048", "Bahrain"),
    "Belgium": ("BE", "BEL", "056", "Belgium"),
    "Brazil": ("BR", "BRA", "076", "Brazil"),
    "Canada": ("CA", "CAN", "124", "Canada"),
    "Cyprus": ("CY", "CYP", "196", "Cyprus"),
    "Czech Republic": ("CZ", "CZE", "203", "Czechia"),
    "Denmark": ("DK", "DNK", "208", "Denmark"),
    "EIRE": ("IE", "IRL", "372", "Ireland"),
    "Finland": ("FI", "FIN", "246", "Finland"),
    "France": ("FR", "FRA", "250", "France"),
    "Germany": ("DE", "DEU", "276", "Germany"),
    "Greece": ("GR", "GRC", "300", "Greece"),
    "Hong Kong": ("HK", "HKG", "344", "Hong Kong"),
    "Iceland": ("IS", "ISL", "352", "Iceland"),
    "Israel": ("IL", "ISR", "376", "Israel"),
    "Italy": ("IT", "ITA", "380", "Italy"),
    "Japan": ("JP", "JPN", "392", "Japan"),
    "Lebanon": ("LB", "LBN", "422", "Lebanon"),
    "Lithuania": ("LT", "LTU", "440", "Lithuania"),
    "Malta": ("MT", "MLT", "470", "Malta"),
    "Netherlands": ("NL", "NLD", "528", "Netherlands"),
    "Norway": ("NO", "NOR", "578", "Norway"),
    "Poland": ("PL", "POL", "616", "Poland"),
    "Portugal": ("PT", "PRT", "620", "Portugal"),
    "RSA": ("ZA", "ZAF", "710", "South Africa"),
    "Saudi Arabia": ("SA", "SAU", "682", "Saudi Arabia"),
    "Singapore": ("SG", "SGP", "702", "Singapore"),
    "Spain": ("ES", "ESP", "724", "Spain"),
    "Sweden": ("SE", "SWE", "752", "Sweden"),
    "Switzerland": ("CH", "CHE", "756", "Switzerland"),
    "United Arab Emirates": ("AE", "ARE", "784", "United Arab Emirates"),
    "United Kingdom": ("GB", "GBR", "826", "United Kingdom"),
    "USA": ("US", "USA", "840", "United States"),
}

# The shop ships from the UK: its home country is always available at checkout.
HOME_COUNTRY = "United Kingdom"


def iso_code(name):
    """ISO alpha-2 code for a data-set country name, or None."""
    entry = COUNTRIES.get(name)
    return entry[0] if entry else None
