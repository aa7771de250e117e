"""Derive a small category tree from product descriptions.

The Online Retail data set has no categories, yet shoppers browse by category
and later features rank within one. The rule is deterministic and documented:

* a description is upper-cased and split into words (letters, digits, ``-``);
* the groups in ``CATEGORY_RULES`` are tried in order and the first group with
  a keyword among the words (or a multi-word keyword inside the text) wins;
* a description matching no group goes to ``OTHER``.

Order matters: seasonal and specific groups come before generic ones, so a
"CHRISTMAS TREE T-LIGHT HOLDER" is Christmas and a "HEART T-LIGHT HOLDER" is
lighting. Categories are breadcrumbs for Oscar's ``create_from_breadcrumbs``.
"""

import re

OTHER = "Gifts > Other gifts"

# (breadcrumb, keywords). A keyword with a space matches as a phrase.
CATEGORY_RULES = (
    (
        "Seasonal > Christmas",
        "CHRISTMAS XMAS ADVENT SANTA REINDEER SNOWFLAKE SNOWMAN SNOWFLAKES BAUBLE BAUBLES "
        "NATIVITY ELF ELVES STOCKING ANGEL STAR",
    ),
    ("Seasonal > Easter", "EASTER BUNNY RABBIT CHICK CHICKS EGG EGGS"),
    (
        "Bags & Accessories > Bags",
        "BAG BAGS PURSE PURSES SHOPPER TOTE BACKPACK RUCKSACK HANDBAG WASHBAG WALLET",
    ),
    (
        "Bags & Accessories > Jewellery & Accessories",
        "NECKLACE NECKLACE. BRACELET EARRINGS RING RINGS HAIR HAIRCLIP HAIRCLIPS HAIRBAND "
        "SLIDE SLIDES BROOCH CHARM BEAD BEADS JEWEL JEWELLERY DIAMANTE SCARF GLOVES HAT "
        "KEYRING UMBRELLA SUNGLASSES PHONE COMPACT LIPSTICK MIRROR. TIARA",
    ),
    (
        "Home & Living > Candles & Lighting",
        "CANDLE CANDLES T-LIGHT T-LIGHTS TLIGHT TEALIGHT TEA-LIGHT LANTERN LANTERNS LIGHT LIGHTS "
        "LAMP LAMPSHADE NIGHTLIGHT CANDLEHOLDER CANDLESTICK INCENSE LED",
    ),
    (
        "Kitchen & Dining > Baking",
        "CAKE CAKES CAKESTAND CUPCAKE BAKING MOULD MOULDS CASES ICING PANTRY SCALES "
        "COOKIE BISCUIT",
    ),
    (
        "Kitchen & Dining > Tableware",
        "MUG MUGS CUP CUPS SAUCER SAUCERS PLATE PLATES BOWL BOWLS TEAPOT TEACUP JUG GLASS GLASSES "
        "BEAKER BEAKERS CUTLERY SPOON SPOONS FORK KNIFE TRAY NAPKINS NAPKIN COASTER COASTERS "
        "TUMBLER TEA COFFEE CHOPSTICKS DISH PLACEMAT PLACEMATS STRAWS PICNIC",
    ),
    (
        "Kitchen & Dining > Kitchen",
        "KITCHEN APRON OVEN TOWEL TOWELS LUNCH BOTTLE JAR JARS TIMER RECIPE SPICE GRINDER "
        "CHOPPING BREAD MEASURING SQUEEZER DRAINER COLANDER FOOD",
    ),
    (
        "Gifts > Cards & Wrap",
        "CARD CARDS WRAP WRAPPING GIFTWRAP ENVELOPE ENVELOPES TAG TAGS RIBBON RIBBONS TISSUE "
        "TISSUES CONFETTI",
    ),
    (
        "Gifts > Stationery",
        "NOTEBOOK NOTEBOOKS PEN PENS PENCIL PENCILS STICKER STICKERS TAPE JOURNAL DIARY "
        "CALENDAR ERASER ERASERS NOTEPAD NOTECARD BOOK BOOKS CHALK RUBBER RUBBERS RULER "
        "STATIONERY MEMO PAD LETTER CLIPBOARD SHARPENER PAPERWEIGHT BOOKMARK ADDRESS PHOTO ALBUM",
    ),
    (
        "Gifts > Party",
        "PARTY BIRTHDAY BALLOON BALLOONS BUNTING GARLAND CRACKER CRACKERS PAPER CHAIN "
        "PIÑATA PINATA CANDY SWEETS",
    ),
    (
        "Toys & Games",
        "TOY TOYS GAME GAMES PUZZLE PUZZLES DOLL DOLLS DOLLY JIGSAW SKIPPING ROPE SPACEBOY "
        "DOMINOES CHILDRENS CHILDREN'S KIDS BABY PLAYHOUSE TEDDY CRAYONS COLOURING "
        "MARBLES SOLDIER SOLDIERS SNAP KIT BUBBLES SPINNING TOP YO-YO",
    ),
    (
        "Garden & Outdoor",
        "GARDEN PLANT PLANTER PLANTERS POT POTS WATERING BIRD BIRDHOUSE FEEDER TRELLIS HERB "
        "HERBS PARASOL SEED SEEDS GNOME BIRDCAGE WINDMILL WINDCHIME CHIME CHIMES FLOWER "
        "FLOWERS GROW BEACH",
    ),
    (
        "Home & Living > Storage",
        "TIN TINS BOX BOXES BASKET BASKETS DRAWER DRAWERS CABINET HOOK HOOKS PEG PEGS STORAGE "
        "TRINKET CRATE HAMPER CASE CHEST RACK HANGER HANGERS HOLDER BIN BUCKET",
    ),
    (
        "Home & Living > Bathroom",
        "SOAP BATH BATHROOM TOILET SPONGE PLASTERS COSMETIC MAKE-UP TOOTHBRUSH FLANNEL",
    ),
    (
        "Home & Living > Decorations",
        "FRAME FRAMES MIRROR CLOCK CLOCKS CUSHION CUSHIONS SIGN SIGNS PLAQUE HEART HEARTS WREATH "
        "VASE DOORSTOP ORNAMENT ORNAMENTS DECORATION DECORATIONS HANGING DOORMAT MAT QUILT "
        "THROW BLANKET FLAG WALL ART PRINT POSTER BUTTERFLY BIRDS FEATHER DOORKNOB KNOB "
        "CHANDELIER BELL BELLS SCULPTURE STATUE CANVAS TABLE CHAIR STOOL SHELF DECOUPAGE "
        "FLORAL ROSE ROSES DAISY WICKER",
    ),
)

_WORDS = re.compile(r"[A-Z0-9'Ñ.-]+")


def _compile(rules):
    compiled = []
    for breadcrumb, keywords in rules:
        words = frozenset(k.rstrip(".") for k in keywords.split())
        compiled.append((breadcrumb, words))
    return tuple(compiled)


_COMPILED = _compile(CATEGORY_RULES)


def categorise(description):
    """Return the category breadcrumb for a product description (never empty)."""
    words = {w.strip(".-'") for w in _WORDS.findall((description or "").upper())}
    for breadcrumb, keywords in _COMPILED:
        if words & keywords:
            return breadcrumb
    return OTHER


def all_breadcrumbs():
    """Every category the rule can produce, in display order."""
    return [breadcrumb for breadcrumb, _ in CATEGORY_RULES] + [OTHER]
