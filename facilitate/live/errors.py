"""Refusals a client can get, each with a stable code and a message in the
caller's language. A refusal changes nothing."""

from __future__ import annotations

from flask_babel import force_locale, gettext


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated when sent."""
    return message


MESSAGES = {
    "bad_request": N_("The request was not understood."),
    "not_allowed": N_("You are not allowed to do that."),
    "not_registered": N_("This phone has not joined the gathering. "
                                   "Scan the QR code again."),
    "unknown_gathering": N_("There is no gathering with that code."),
    "unknown_item": N_("That agenda item does not exist in this gathering."),
    "not_an_activity": N_("That agenda item takes no answers."),
    "not_open": N_("This question is not open for answers right now."),
    "rate_limited": N_("You are sending answers too fast. Wait a moment "
                                 "and try again."),
    "bad_submission_id": N_("The answer had no valid id. Reload the page."),
    "bad_type": N_("The answer has the wrong form."),
    "empty": N_("Write or choose something before you send."),
    "too_long": N_("The answer is too long (at most %(max)s characters)."),
    "too_many": N_("Too many choices (at most %(max)s)."),
    "out_of_range": N_("A value is outside the allowed range."),
    "duplicate": N_("The same choice appears twice."),
    "bad_total": N_("The points must add up to exactly %(total)s."),
    "unknown_option": N_("That option does not exist."),
    "unknown_question": N_("That question does not exist."),
    "unknown_response": N_("That answer does not exist."),
    "bad_view": N_("That way of showing results is not available."),
    "no_words": N_("Both words are needed to merge them, and they must differ."),
    "not_running": N_("The gathering has not started."),
    "unknown_event": N_("The server does not know that request. Reload the page."),
    "unknown_action": N_("That action does not exist for this kind of question."),
    "word_not_entered": N_("Nobody has entered that word."),
    "no_such_merge": N_("That word is not merged."),
    "no_checkin": N_("There is no check-in for that municipality in this gathering."),
    "word_not_hidden": N_("That word is not hidden."),
    "bad_duration": N_("A countdown lasts from 1 second to %(max)s minutes."),
    "no_timer": N_("This item has no countdown. Start one first."),
    "too_fast": N_("Too many messages from this page at once. Wait a moment; "
                   "the page reconnects by itself."),
    "too_large": N_("The message is too large (at most %(max)s bytes)."),
    "unknown_device": N_("That phone is not in this gathering."),
    "removed": N_("The facilitator has removed this phone from the gathering, "
                  "and its answers are deleted."),
    "wrong_phase": N_("That is not possible in this round of the mapping."),
    "not_scribe": N_("Only your municipality's scribe can do that."),
    "scribe_taken": N_("Someone else from your municipality is already the scribe."),
    "no_scribe": N_("That municipality has no scribe to release."),
}


class Refusal(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def refusal_payload(code: str, locale: str, params: dict | None = None) -> dict:
    if code not in MESSAGES:
        code = "bad_request"
    with force_locale(locale):
        message = gettext(MESSAGES[code], **(params or {}))
    return {"ok": False, "error": {"code": code, "message": message}}
