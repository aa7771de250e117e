"""Oscar's reviews app, forked: verified reviews, rating summaries and purchase counts."""
