"""Flask blueprints, one per role."""

from . import auth, console, frameworks, health, phone, presenter, template_helpers


def register_blueprints(app) -> None:
    template_helpers.init_app(app)
    for module in (auth, console, health, phone, presenter, frameworks):
        app.register_blueprint(module.bp)
