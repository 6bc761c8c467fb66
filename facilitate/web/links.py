"""Absolute links printed on screens and in QR codes, and the address phones
in the room can reach this machine at."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

from flask import current_app, request, url_for


def absolute(endpoint: str, **values) -> str:
    base = current_app.config["PUBLIC_URL"] or request.host_url
    return base.rstrip("/") + url_for(endpoint, **values)


# Listening on these means "every interface": no phone can open such a URL.
ANY_ADDRESS = ("0.0.0.0", "::", "", "*")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.version == 4 and not (ip.is_loopback or ip.is_link_local or ip.is_unspecified)


def lan_address() -> str | None:
    """This machine's address on the local network (IPv4), or None.

    Asks the operating system which local address it would use for an
    outside route: connecting a UDP socket sends no packet. Then the
    addresses of the host name. Private addresses (the room's Wi-Fi) first."""
    found: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never reached, nothing is sent
            found.append(probe.getsockname()[0])
    except OSError:
        pass
    try:
        found += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None,
                                                            socket.AF_INET)]
    except OSError:
        pass
    usable = [address for address in found if _usable(address)]
    usable.sort(key=lambda address: not ipaddress.ip_address(address).is_private)
    return usable[0] if usable else None


@dataclass(frozen=True)
class PublicBase:
    url: str      # what links and QR codes start with
    note: str     # one line telling the person where it came from


def public_base(host: str, port: int, configured: str | None,
                find_lan=None) -> PublicBase:
    """The base URL printed links and the projector's QR use when serving
    on `host`:`port`."""
    if configured:
        return PublicBase(configured.rstrip("/"),
                          f"Links use FACILITATE_PUBLIC_URL ({configured.rstrip('/')}).")
    if host in ANY_ADDRESS:
        address = (find_lan or lan_address)()
        if address:
            return PublicBase(
                f"http://{address}:{port}",
                f"Phones on the same network open http://{address}:{port}. If they reach "
                "this machine by another name or address (a proxy, a hotspot), set "
                "FACILITATE_PUBLIC_URL to it.")
        return PublicBase(
            f"http://127.0.0.1:{port}",
            "No network address found: phones cannot reach these links. Connect to the "
            "room's network, or set FACILITATE_PUBLIC_URL to the address phones can open.")
    if host in LOOPBACK:
        return PublicBase(f"http://{host}:{port}",
                          "Only this machine can open these links; serve the room's Wi-Fi "
                          "with --host 0.0.0.0.")
    shown = f"[{host}]" if ":" in host else host
    return PublicBase(f"http://{shown}:{port}", f"Links use the address given ({shown}).")
