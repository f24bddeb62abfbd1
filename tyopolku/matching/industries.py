"""The 2-digit divisions of Statistics Finland's Standard Industrial Classification TOL 2008
(the Finnish version of NACE Rev. 2), for naming a field in the matching reasons.
Source: Statistics Finland, TOL 2008, CC BY 4.0. Transcribed; check against the source."""

import re

from django.utils.translation import gettext_lazy as _

DIVISIONS = {
    "01": _("Crop and animal production, hunting"),
    "02": _("Forestry and logging"),
    "03": _("Fishing and aquaculture"),
    "05": _("Mining of coal and lignite"),
    "06": _("Extraction of crude petroleum and natural gas"),
    "07": _("Mining of metal ores"),
    "08": _("Other mining and quarrying"),
    "09": _("Mining support service activities"),
    "10": _("Manufacture of food products"),
    "11": _("Manufacture of beverages"),
    "12": _("Manufacture of tobacco products"),
    "13": _("Manufacture of textiles"),
    "14": _("Manufacture of wearing apparel"),
    "15": _("Manufacture of leather and related products"),
    "16": _("Manufacture of wood and wood products, except furniture"),
    "17": _("Manufacture of paper and paper products"),
    "18": _("Printing and reproduction of recorded media"),
    "19": _("Manufacture of coke and refined petroleum products"),
    "20": _("Manufacture of chemicals and chemical products"),
    "21": _("Manufacture of basic pharmaceutical products and preparations"),
    "22": _("Manufacture of rubber and plastic products"),
    "23": _("Manufacture of other non-metallic mineral products"),
    "24": _("Manufacture of basic metals"),
    "25": _("Manufacture of fabricated metal products"),
    "26": _("Manufacture of computer, electronic and optical products"),
    "27": _("Manufacture of electrical equipment"),
    "28": _("Manufacture of machinery and equipment"),
    "29": _("Manufacture of motor vehicles, trailers and semi-trailers"),
    "30": _("Manufacture of other transport equipment"),
    "31": _("Manufacture of furniture"),
    "32": _("Other manufacturing"),
    "33": _("Repair and installation of machinery and equipment"),
    "35": _("Electricity, gas, steam and air conditioning supply"),
    "36": _("Water collection, treatment and supply"),
    "37": _("Sewerage"),
    "38": _("Waste collection, treatment and disposal; materials recovery"),
    "39": _("Remediation and other waste management"),
    "41": _("Construction of buildings"),
    "42": _("Civil engineering"),
    "43": _("Specialised construction activities"),
    "45": _("Trade and repair of motor vehicles and motorcycles"),
    "46": _("Wholesale trade"),
    "47": _("Retail trade"),
    "49": _("Land transport"),
    "50": _("Water transport"),
    "51": _("Air transport"),
    "52": _("Warehousing and support activities for transportation"),
    "53": _("Postal and courier activities"),
    "55": _("Accommodation"),
    "56": _("Food and beverage service activities"),
    "58": _("Publishing activities"),
    "59": _("Motion picture, video and television production, sound recording"),
    "60": _("Programming and broadcasting"),
    "61": _("Telecommunications"),
    "62": _("Computer programming and consultancy"),
    "63": _("Information service activities"),
    "64": _("Financial service activities"),
    "65": _("Insurance, reinsurance and pension funding"),
    "66": _("Activities auxiliary to financial services and insurance"),
    "68": _("Real estate activities"),
    "69": _("Legal and accounting activities"),
    "70": _("Head offices; management consultancy"),
    "71": _("Architectural and engineering activities; technical testing"),
    "72": _("Scientific research and development"),
    "73": _("Advertising and market research"),
    "74": _("Other professional, scientific and technical activities"),
    "75": _("Veterinary activities"),
    "77": _("Rental and leasing activities"),
    "78": _("Employment activities"),
    "79": _("Travel agency and tour operator activities"),
    "80": _("Security and investigation activities"),
    "81": _("Services to buildings and landscape activities"),
    "82": _("Office administrative and business support activities"),
    "84": _("Public administration and defence; compulsory social security"),
    "85": _("Education"),
    "86": _("Human health activities"),
    "87": _("Residential care activities"),
    "88": _("Social work activities without accommodation"),
    "90": _("Creative, arts and entertainment activities"),
    "91": _("Libraries, archives, museums and other cultural activities"),
    "92": _("Gambling and betting activities"),
    "93": _("Sports activities and amusement and recreation activities"),
    "94": _("Activities of membership organisations"),
    "95": _("Repair of computers and personal and household goods"),
    "96": _("Other personal service activities"),
    "97": _("Households as employers of domestic personnel"),
    "98": _("Households producing goods and services for own use"),
    "99": _("Extraterritorial organisations and bodies"),
}

# A division (47), group (471), class (4711) or subclass (47111).
_CODE = re.compile(r"^\d{2,5}$")


def is_industry_code(code: str) -> bool:
    return bool(_CODE.match(code)) and code[:2] in DIVISIONS


def industry_name(code: str) -> str:
    """The name of the code's division ("" for an unknown one)."""
    return str(DIVISIONS.get(code[:2], ""))
