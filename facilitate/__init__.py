"""Facilitate: live polls, group work and capability mapping for the day
gatherings of a competence programme for municipal leaders.

Kept light on purpose: `facilitate serve` must patch for gevent/eventlet
before Flask and the rest are imported."""

__version__ = "0.1.0"


def create_app(test_config=None):
    from .app import create_app as factory

    return factory(test_config)
