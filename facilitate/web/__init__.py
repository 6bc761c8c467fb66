"""Flask blueprints, one per role, and the error pages they share."""

from flask import render_template
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

from . import (
    admin,
    auth,
    console,
    coordinator,
    frameworks,
    health,
    phone,
    presenter,
    template_helpers,
)

# What each error means to a person, in the app's language, with a way on.
ERRORS = {
    400: (_l("The request could not be used"),
          _l("The page may have been open too long. Go back, reload it and try again.")),
    403: (_l("Not allowed"),
          _l("You do not have access to this page. Log in with another user, or ask "
             "whoever runs the programme.")),
    404: (_l("Nothing here"),
          _l("There is no page or gathering at this address. Check the code or the link "
             "you were given.")),
    405: (_l("The request could not be used"),
          _l("The page may have been open too long. Go back, reload it and try again.")),
    429: (_l("Too many tries"),
          _l("Wait a minute and try again.")),
    500: (_l("Something went wrong"),
          _l("The error has been logged. Try again in a moment: answers already sent are "
             "kept.")),
}


def error_page(error: HTTPException):
    status = error.code if error.code in ERRORS else 500
    # An error page a view made itself (e.g. the login form's 429) is kept.
    if error.response is not None:
        return error.response
    heading, explanation = ERRORS[status]
    response = render_template("errors/error.html", status=status, heading=heading,
                               explanation=explanation)
    headers = {"Retry-After": error.retry_after} if getattr(error, "retry_after", None) else {}
    return response, status, headers


def register_blueprints(app) -> None:
    template_helpers.init_app(app)
    for module in (admin, auth, console, coordinator, frameworks, health, phone, presenter):
        app.register_blueprint(module.bp)
    for status in ERRORS:
        app.register_error_handler(status, error_page)
    # Unhandled exceptions still log their traceback (Flask logs before calling
    # the 500 handler); in debug mode and in tests they propagate as before.
    app.register_error_handler(InternalServerError, error_page)
