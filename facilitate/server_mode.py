"""The one place that knows about gevent and eventlet.

Everything else stays async-neutral (socketio.start_background_task,
socketio.sleep). Patching must happen before the rest of the app is imported."""

import warnings

from .config import ASYNC_MODES


def patch_for(async_mode: str) -> None:
    if async_mode not in ASYNC_MODES:
        raise ValueError(f"async mode must be one of {', '.join(ASYNC_MODES)}")
    if async_mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
    elif async_mode == "eventlet":
        with warnings.catch_warnings():
            # eventlet warns on import that it is deprecated; we know, and say
            # so in docs/PERFORMANCE.md.
            warnings.simplefilter("ignore")
            import eventlet

        eventlet.monkey_patch()
