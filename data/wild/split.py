"""Which split a situation belongs to: a fixed function of its id, so no one chooses it by hand.

About 30% of situations go to ``test``. The id names the situation (not a text of it), so
re-capturing a case never moves it between splits.
"""

import hashlib

TEST_SHARE = 0.30


def split_of(situation_id: str) -> str:
    digest = hashlib.sha256(f"rootcause-wild:{situation_id}".encode()).digest()
    return "test" if int.from_bytes(digest[:8], "big") / 2**64 < TEST_SHARE else "dev"
