"""Status read through the parse: modality, negation, attachment to the deal, and the story's order."""

from __future__ import annotations

import io
import json
from pathlib import Path

from _shared_text import CORPUS, mentions, parse, sentence

from ceasefire.engine import ingest
from ceasefire.export import write_jsonl
from ceasefire.extract import status
from ceasefire.store import DealQuery, Store

EVACUATION_SEED = "002_f27bd7b462f6375f"
OFFER_SEED = "001_0ee55f5e9b0ac4c9"
NUSRA_SEED = "003_a7b96c9b4165c2b6"
ANKARA_SEED = "004_829e68070c908ee5"


def _stages(doc: str, words: str) -> set[str]:
    return {vote.status for vote in status.votes(parse(sentence(doc, words)))}


def test_status_under_intent_a_done_deed_is_only_proposed() -> None:
    """ "ready to urge the Syrian government to let Al-Nusra Front militants exit Aleppo" """
    assert _stages(NUSRA_SEED, "ready to urge") == {"proposed"}


def test_status_a_condition_holds_in_its_own_clause() -> None:
    """ "If you [Al-Nusra] did decide to leave ...": the parser hangs "If" on a bracket, not on the verb."""
    assert _stages(NUSRA_SEED, "did decide to leave") == {"proposed"}


def test_status_a_raising_verb_is_no_proposal() -> None:
    assert _stages("fakes-1926479296", "largely to be holding") == {"implemented"}


def test_status_an_adjective_on_the_deal_says_its_state_now() -> None:
    votes = status.votes(parse(sentence(ANKARA_SEED, "unsuccessful Kerry-Lavrov")))
    collapsed = [v for v in votes if v.status == "collapsed"]
    assert collapsed and collapsed[0].time == status.NOW


def test_status_past_perfect_is_background() -> None:
    votes = status.votes(parse(sentence(EVACUATION_SEED, "had faltered")))
    assert {v.time for v in votes if v.status == "collapsed"} == {status.EARLIER}


def test_status_background_collapse_gives_way_to_the_deal_carried_out() -> None:
    """Talks between Druze leaders and ISIS had faltered; then the fighters were given safe passage."""
    evacuation = next(m for m in mentions(EVACUATION_SEED) if "evacuation" in m.types)
    assert evacuation.status == "implemented"


def test_status_an_offer_refused_again_and_again_is_rejected() -> None:
    offer = next(m for m in mentions(OFFER_SEED) if "reconciliation" in m.types)
    assert offer.status == "rejected"


def test_status_talks_due_to_begin_are_proposed() -> None:
    """Previous rounds that failed are background to talks due to begin in Geneva."""
    talks = next(m for m in mentions("fakes-1924058065") if m.types == ["political_process"])
    assert talks.status == "proposed"


def test_status_talks_under_way_about_a_surrender_are_negotiating() -> None:
    surrender = next(m for m in mentions(ANKARA_SEED) if m.types == ["surrender"])
    assert surrender.status == "negotiating"


def test_status_decide_prefers_the_latest_stage_in_force() -> None:
    earlier = [status.Vote("implemented", 3.0, status.PAST)]
    later = [status.Vote("collapsed", 2.0, status.NOW)]
    assert status.decide([earlier, later]) == "collapsed"
    resumed = [status.Vote("implemented", 3.0, status.AFTER)]
    assert status.decide([earlier, later, resumed]) == "implemented"


def test_status_without_a_word_about_it_takes_the_default_of_its_type() -> None:
    assert status.decide([[]], status.defaults()["ceasefire"]) == "implemented"
    assert status.defaults()["political_process"] == "negotiating"


def test_status_a_hypothetical_acceptance_is_no_agreement() -> None:
    """ "factions that agree to the Russian offer would not be safe": whoever might agree, not a deed."""
    assert "agreed" not in _stages(OFFER_SEED, "would not be safe")


def test_status_each_passage_keeps_its_own_stage_and_voice() -> None:
    """The factions refused the offer; the regime is said to spread rumors that the areas accepted it."""
    offer = next(m for m in mentions(OFFER_SEED) if "reconciliation" in m.types)
    said = {(s.status, offer.evidence[s.evidence].source or "") for s in offer.stages}
    assert any(st == "rejected" and "factions" in who for st, who in said)
    assert any(st == "agreed" and "Assad regime" in who for st, who in said)
    verdict = next(s for s in offer.stages if s.evidence == offer.provenance["status"])
    assert verdict.status == offer.status == "rejected"


def test_status_the_exported_offer_lists_who_accepts_and_who_refuses(tmp_path: Path) -> None:
    """Through the real pipeline: ingest the seed pages, export the deals, read the offer's contradiction."""
    with Store(f"sqlite:///{tmp_path / 'seeds.db'}") as store:
        ingest([str(CORPUS / "seeds")], store)
        out = io.StringIO()
        write_jsonl(store.deals(DealQuery(include_rejected=True)), out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    offer = next(
        r
        for r in records
        if any(e["doc"] == OFFER_SEED for e in r["evidence"]) and "reconciliation" in r["types"]
    )
    clash = next(c for c in offer["contradictions"] if c["field"] == "status")
    claims = {(c["value"], c["source"] or "") for c in clash["claims"]}
    assert any(v == "rejected" and "The factions which had been contacted" in who for v, who in claims)
    assert any(v == "agreed" and who.startswith("the Assad regime (via The sources") for v, who in claims)


def test_status_a_passage_stage_is_dated_before_the_verdict_or_contradicts_it() -> None:
    """Undated retellings give no stage of their own, so no stage can pass for a later one than the
    article's verdict; every stage but the verdict is an earlier dated one or a voice against it."""
    refused = {"rejected"}
    for doc in ("001_0ee55f5e9b0ac4c9", "fakes-1923102918", "fakes-1923848178", "fakes-1926479056"):
        for mention in mentions(doc):
            verdict = [s for s in mention.stages if s.evidence == mention.provenance["status"]]
            assert len(verdict) == 1 and verdict[0].status == mention.status
            for stage in mention.stages:
                if stage is verdict[0]:
                    continue
                earlier = stage.date and mention.date and stage.date.start < mention.date.start
                against = (stage.status in refused) != (mention.status in refused)
                assert earlier or against, (doc, stage)


def test_status_denying_a_charge_is_no_refusal_of_the_deal() -> None:
    """ "Damascus has accused rebels of stopping people from leaving ... which rebels have denied"."""
    assert "rejected" not in _stages("fakes-1926479371", "which rebels have denied")
