# Swedish as written in Finland (finlandssvenska) puts the day first like Finnish: 30.11.2026,
# not Sweden's 2026-11-30, which Django's own sv formats use.
DATE_FORMAT = "j.n.Y"
SHORT_DATE_FORMAT = "j.n.Y"
DATETIME_FORMAT = "j.n.Y H.i"
SHORT_DATETIME_FORMAT = "j.n.Y H.i"
