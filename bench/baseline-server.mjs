// The baseline for `facilitate bench`: a bare Node socket.io server that
// serves the same join flow and events as Facilitate, minimally, so the same
// load generator drives both and every figure gets a ratio. It stores
// nothing: answers are acked from memory and the presenter gets a count of
// each phone's latest answer, coalesced every 100 ms like Facilitate's.
//
//   node baseline-server.mjs --port 0 --code BENCH1 --key secret
// prints {"port": P} on stdout once listening.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { Server } from "socket.io";

const { values: args } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    code: { type: "string", default: "BENCH1" },
    key: { type: "string", default: "bench-presenter-key" },
  },
});
const CODE = args.code;
const OPTIONS = ["A", "B", "C", "D", "E", "F"];
const MUNICIPALITIES = Array.from({ length: 8 }, (_, i) => ({ id: i + 1, name: `M${i + 1}` }));
const ITEM = { id: 1, kind: "activity", title: "Baseline poll", activity_kind: "choice",
  status: "open", results_visible: false, view_mode: "all",
  definition: { question: "?", options: OPTIONS, multiple: false, max_choices: 1 } };
const SUBMISSION_ID = /^[A-Za-z0-9_-]{8,64}$/;

const csrfBySession = new Map(); // session cookie -> csrf token
const devices = new Map(); // device token -> municipality id
let latest = new Map(); // device token -> last choice index
let seen = new Set(); // device token + submission id
let dirty = false;

const token = () => randomBytes(18).toString("base64url");

function cookies(header = "") {
  return Object.fromEntries(header.split(";").map((part) => part.trim().split("="))
    .filter(([name]) => name));
}

function joinPage(csrf) {
  const radios = MUNICIPALITIES.map((m, i) =>
    `<li><input id="municipality-${i}" name="municipality" type="radio" value="${m.id}"> ${m.name}</li>`);
  return `<!doctype html><form method="post"><input id="csrf_token" name="csrf_token" ` +
    `type="hidden" value="${csrf}"><ul>${radios.join("")}</ul>` +
    `<input id="consent" name="consent" type="checkbox" value="y"></form>`;
}

function readBody(req) {
  return new Promise((resolve) => {
    let body = "";
    req.on("data", (chunk) => { body += chunk; });
    req.on("end", () => resolve(new URLSearchParams(body)));
  });
}

async function handle(req, res) {
  const path = req.url.split("?")[0];
  if (path === "/healthz") {
    res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
  } else if (path === "/bench/reset" && req.method === "POST") {
    // Stands in for the console's activity.reset + activity.open between scenarios.
    latest = new Map();
    seen = new Set();
    dirty = true;
    res.writeHead(204).end();
  } else if (path === `/j/${CODE}` && req.method === "GET") {
    const session = token();
    const csrf = token();
    csrfBySession.set(session, csrf);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8",
      "set-cookie": `session=${session}; HttpOnly; Path=/; SameSite=Lax` }).end(joinPage(csrf));
  } else if (path === `/j/${CODE}` && req.method === "POST") {
    const form = await readBody(req);
    const session = cookies(req.headers.cookie).session;
    const municipality = Number(form.get("municipality"));
    if (!csrfBySession.has(session) || csrfBySession.get(session) !== form.get("csrf_token")
        || form.get("consent") !== "y" || !MUNICIPALITIES.some((m) => m.id === municipality)) {
      res.writeHead(400).end("bad join");
      return;
    }
    const device = token();
    devices.set(device, municipality);
    res.writeHead(302, { location: `/j/${CODE}`,
      "set-cookie": `device_${CODE}=${device}; HttpOnly; Path=/; SameSite=Lax` }).end();
  } else {
    res.writeHead(404).end();
  }
}

function results() {
  const counts = OPTIONS.map(() => 0);
  for (const value of latest.values()) counts[value] += 1;
  const respondents = latest.size;
  return { item_id: ITEM.id, mode: "all", min_group: 3, respondents,
    groups: [{ key: "all", municipality_id: null, label: "all", n: respondents,
      suppressed: false, result: { respondents, counts } }] };
}

function state(role) {
  return { full: true, role, version: 1, gathering: { id: 1, code: CODE, status: "running", version: 1 },
    municipalities: MUNICIPALITIES, current: ITEM,
    results: role === "presenter" ? results() : null, ...(role === "phone" ? { mine: [] } : {}) };
}

const http = createServer((req, res) => {
  handle(req, res).catch(() => res.writeHead(500).end());
});
const io = new Server(http, { pingTimeout: 30000, maxHttpBufferSize: 64 * 1024,
  serveClient: false });

io.use((socket, next) => {
  const auth = socket.handshake.auth ?? {};
  if (auth.code !== CODE) return next(new Error("unknown_gathering"));
  if (auth.role === "presenter") {
    return auth.key === args.key ? next() : next(new Error("not_allowed"));
  }
  const device = cookies(socket.handshake.headers.cookie)[`device_${CODE}`];
  if (auth.role !== "phone" || !devices.has(device)) return next(new Error("not_registered"));
  socket.data.device = device;
  return next();
});

io.on("connection", (socket) => {
  const role = socket.data.device ? "phone" : "presenter";
  socket.join(role);
  socket.emit("state", state(role));
  if (role !== "phone") return;
  socket.on("answer", (payload, ack) => {
    if (typeof ack !== "function") return;
    const refuse = (code) => ack({ ok: false, error: { code, message: code } });
    if (!payload || typeof payload !== "object") return refuse("bad_request");
    const { item_id: itemId, submission_id: id, value } = payload;
    if (typeof id !== "string" || !SUBMISSION_ID.test(id)) return refuse("bad_submission_id");
    if (itemId !== ITEM.id) return refuse("unknown_item");
    const index = Array.isArray(value) && value.length === 1 ? value[0] : -1;
    if (!Number.isInteger(index) || index < 0 || index >= OPTIONS.length) {
      return refuse("unknown_option");
    }
    const key = `${socket.data.device}:${id}`;
    const duplicate = seen.has(key);
    if (!duplicate) {
      seen.add(key);
      latest.set(socket.data.device, index);
      dirty = true;
    }
    return ack({ ok: true, submission_id: id, duplicate });
  });
});

setInterval(() => {
  if (!dirty) return;
  dirty = false;
  io.to("presenter").emit("results", results());
}, 100);

http.listen(Number(args.port), "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: http.address().port })}\n`);
});
