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


def run_blocking(fn, *args):
    """fn(*args) without stalling the event loop, for CPU-bound work that
    releases the GIL (password hashing): in the hub's thread pool under
    gevent, in eventlet's tpool under eventlet, directly under threading.
    The mode is the current app's ASYNC_MODE (threading outside an app)."""
    from flask import current_app, has_app_context

    mode = current_app.config["ASYNC_MODE"] if has_app_context() else "threading"
    if mode == "gevent":
        import gevent

        return gevent.get_hub().threadpool.apply(fn, args)
    if mode == "eventlet":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import eventlet.tpool

        return eventlet.tpool.execute(fn, *args)
    return fn(*args)


# Phones arrive together (a QR on the projector, or every phone reconnecting
# after a Wi-Fi blip); the kernel caps this at net.core.somaxconn.
LISTEN_BACKLOG = 4096


def serve(app, host: str, port: int) -> None:
    """Serve the app in its async mode, with each server's own limits lifted."""
    raise_open_files_limit()
    socketio = app.extensions["socketio"]
    mode = app.config["ASYNC_MODE"]
    if mode == "eventlet":
        _serve_eventlet(app, host, port, app.config["MAX_CONNECTIONS"])
    elif mode == "gevent":  # pywsgi has no connection cap of its own
        socketio.run(app, host=host, port=port, log_output=False, backlog=LISTEN_BACKLOG)
    else:
        socketio.run(app, host=host, port=port, log_output=False, allow_unsafe_werkzeug=True)


def _serve_eventlet(app, host: str, port: int, max_connections: int) -> None:
    """socketio.run's eventlet server, but with a listen backlog (eventlet's
    default is 50) and without the 1,000-connection cap of its default pool;
    socketio.run passes neither."""
    import eventlet
    import eventlet.green.socket
    import eventlet.wsgi

    family, _, _, _, address = eventlet.green.socket.getaddrinfo(host, port)[0]
    listener = eventlet.listen(address, family, backlog=LISTEN_BACKLOG)
    eventlet.wsgi.server(listener, app, log_output=False, max_size=max_connections)


def raise_open_files_limit() -> int:
    """Every phone holds a socket: lift the soft open-files limit to the hard
    one (children inherit it). Returns the limit now in force."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 1 << 16 if hard == resource.RLIM_INFINITY else hard
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        return wanted
    return soft
