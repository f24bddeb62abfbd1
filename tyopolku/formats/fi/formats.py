# Finnish: 30.11.2026 and 1.3.2026, no leading zeros (Kielitoimisto's recommendation).
DATE_FORMAT = "j.n.Y"
SHORT_DATE_FORMAT = "j.n.Y"
DATETIME_FORMAT = "j.n.Y H.i"
SHORT_DATETIME_FORMAT = "j.n.Y H.i"
