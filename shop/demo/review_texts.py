"""Generated review texts and reviewer names for the demo (seeded, so every run is the same).

The data set has orders but no reviews. Texts are put together from short
sentences a customer might write about an order from a gift shop: how it
arrived, how it looks and feels, what it was for, whether they would buy it
again. None describes something the shop does not show (no photos, no
descriptions, no measurements), and each score has its own sentences, so a
one-star review never praises. Several hundred distinct texts come out of a
few dozen sentences.
"""

TITLES = {
    5: ["Exactly what I hoped for", "Perfect gift", "Lovely", "Really pleased",
        "Better than expected", "Great value", "Five stars", "Beautiful", "So pretty",
        "Will order again"],
    4: ["Very nice", "Would buy again", "Good buy", "Pleased with it", "Nice quality",
        "Does the job", "Pretty and practical", "Happy customer"],
    3: ["It's fine", "OK for the price", "Average", "Not bad", "Mixed feelings",
        "Does what it says"],
    2: ["Disappointed", "Not great", "Could be better", "Expected more"],
    1: ["Not for me", "Poor", "Would not buy again", "Very disappointed"],
}

OPENINGS = {
    5: ["Lovely quality for the price.", "Even nicer than I expected.",
        "Bought this as a present and it went down really well.",
        "Absolutely love it.", "Such a cheerful thing to have around.",
        "Really well made.", "My second order of these and just as good."],
    4: ["Good quality for the price.", "Nice little item.", "Pretty much as expected.",
        "Pleased with this overall.", "Does exactly what I bought it for.",
        "Well made for the money."],
    3: ["It's alright.", "Decent enough for the price.", "Nothing special, nothing wrong.",
        "A bit smaller than I imagined.", "Fine, but not quite what I had in mind."],
    2: ["Not as sturdy as I hoped.", "A bit flimsy.", "One of mine arrived damaged.",
        "Smaller and lighter than I expected."],
    1: ["Broke within a week.", "Arrived damaged and felt cheap.",
        "Much flimsier than I expected.", "Not worth the money in my view."],
}

MIDDLES = {
    "good": ["Arrived quickly and well packed.", "It came nicely packed, nothing broken.",
             "Delivery was quick.", "The colours are bright and cheerful.",
             "Feels sturdy enough for everyday use.", "My daughter has already claimed it.",
             "Looks great on the kitchen shelf.", "Bought two, one to keep and one to give.",
             "Used it for a birthday party and it was a hit.",
             "Good size for what I wanted.", "Friends keep asking where it came from."],
    "mixed": ["Delivery took a few days longer than I hoped.",
              "Packaging was a bit basic but it arrived fine.",
              "The finish is a little rough in places.",
              "It does the job, though it won't last for ever.",
              "The shade is a little darker than I expected."],
    "bad": ["The packing was poor and it showed.", "The finish came off after a few uses.",
            "It did not survive the first wash.", "The paint was already scratched.",
            "I had to contact the shop about it."],
}

CLOSINGS = {
    5: ["Would definitely buy again.", "Highly recommend.", "Great value.",
        "Already ordered another.", "Thank you!", ""],
    4: ["Would buy again.", "Recommended.", "Good value overall.", "Happy with it.", ""],
    3: ["OK for the money.", "Might look elsewhere next time.", "Does the job.", ""],
    2: ["Probably won't reorder.", "Expected better.", ""],
    1: ["Would not recommend.", "Sent it back.", ""],
}

FIRST_NAMES = [
    "Ada", "Alice", "Amir", "Anna", "Ben", "Carla", "Chloe", "Dan", "Dev", "Ella", "Emma",
    "Finn", "Grace", "Hana", "Harry", "Isla", "Jack", "Jade", "James", "Kai", "Laura",
    "Leo", "Lily", "Luca", "Maya", "Mia", "Noah", "Nora", "Olivia", "Omar", "Priya",
    "Rosa", "Ruby", "Sam", "Sara", "Theo", "Tom", "Yusuf", "Zara", "Zoe",
]
INITIALS = "ABCDEFGHJKLMNPRSTW"


def review_text(score, rng, used=None):
    """(title, body) for a review of ``score`` stars, drawn with ``rng``.

    ``used`` (a set) collects the sentences of a product's reviews so far: a
    draw repeating fewer of them is preferred, so one product's reviews do not
    echo each other.
    """
    middle = "good" if score >= 4 else "mixed" if score == 3 else "bad"
    best = None
    for _ in range(12):
        sentences = [rng.choice(OPENINGS[score])]
        sentences += rng.sample(MIDDLES[middle], k=rng.choice([1, 1, 2]))
        sentences.append(rng.choice(CLOSINGS[score]))
        sentences = [s for s in sentences if s]
        repeats = len(set(sentences) & used) if used is not None else 0
        if best is None or repeats < best[0]:
            best = (repeats, sentences)
        if not repeats:
            break
    if used is not None:
        used.update(best[1])
    return rng.choice(TITLES[score]), " ".join(best[1])


def reviewer_name(rng):
    """(first name, surname initial) for a demo customer who has none."""
    return rng.choice(FIRST_NAMES), rng.choice(INITIALS)
