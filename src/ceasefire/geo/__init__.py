"""The `geo` stage: place names in articles -> places with coordinates, country and governorate.

`Gazetteer.default()` is the shared index; `find` locates every place named in a text and `lookup`
resolves one name. The editable data lives in ceasefire/data: gazetteer.tsv (places GeoNames lacks,
regions, and better names for its towns), gazetteer_stop.txt (words that are never places) and
admin1.tsv (governorate names).
"""

from ceasefire.geo.gazetteer import Gazetteer, distance_km, same_admin
from ceasefire.models import Place

__all__ = ["Gazetteer", "Place", "distance_km", "same_admin"]
