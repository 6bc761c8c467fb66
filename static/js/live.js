// One Socket.IO connection per page. The server sends one versioned `state`
// message: full (`full: true`) on connect, after every agenda change and when
// a reconnecting page missed something; partial (`full: false`: results and,
// for the console, presence and moderation) when a reconnecting page already
// has the current version. A reconnect says which version it has.
import { t } from "./i18n.js";

// `statusEl` shows a short word (connected / offline); `bannerEl`, when the
// page has one, explains an outage calmly below the header. `version` is the
// state the page was rendered with, if any (the phone page renders it).
export function connectLive({ auth, handlers, statusEl, bannerEl, version: known = null }) {
  let version = known;
  let connectedOnce = false;
  let failed = false; // a connection attempt failed: the network is likely down
  const { transports } = JSON.parse(document.getElementById("live-config").textContent);
  const socket = io({
    auth: (send) => send(version === null ? auth : { ...auth, version }),
    transports,
    reconnectionDelayMax: 4000,
    randomizationFactor: 0.5,
  });

  const setStatus = (online) => {
    if (bannerEl) bannerEl.hidden = online || !(connectedOnce || failed);
    if (!statusEl) return;
    statusEl.textContent = online ? t("online") : connectedOnce ? t("offline_short") : t("connecting");
    statusEl.classList.toggle("online", online);
    statusEl.title = online ? "" : connectedOnce ? t("offline") : "";
  };

  socket.on("connect", () => {
    connectedOnce = true;
    failed = false;
    setStatus(true);
    handlers.connect?.(socket);
  });
  socket.on("disconnect", () => setStatus(false));
  socket.on("connect_error", (error) => {
    failed = true;
    setStatus(false);
    handlers.refused?.(error);
  });
  socket.on("state", (state) => {
    version = state.version;
    handlers.state?.(state);
  });
  // The groups changed (a breakout formed, a phone was moved): sync, which
  // puts this socket in its new group's room and returns the state.
  socket.on("regroup", () => {
    socket.timeout(10000).emit("sync", { version }, (error, ack) => {
      if (!error && ack?.ok) {
        version = ack.state.version;
        handlers.state?.(ack.state);
      }
    });
  });
  socket.on("results", (results) => handlers.results?.(results));
  socket.on("preview", (preview) => handlers.preview?.(preview));
  socket.on("presence", (presence) => handlers.presence?.(presence));
  socket.on("moderation", (moderation) => handlers.moderation?.(moderation));
  setStatus(false);
  return socket;
}
