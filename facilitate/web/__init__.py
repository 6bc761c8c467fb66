"""Flask blueprints, one per role."""

from . import admin, auth, console, coordinator, health, phone, presenter, template_helpers


def register_blueprints(app) -> None:
    template_helpers.init_app(app)
    for module in (admin, auth, console, coordinator, health, phone, presenter):
        app.register_blueprint(module.bp)
