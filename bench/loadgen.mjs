// The load generator of `facilitate bench`: N phones that follow
// docs/PROTOCOL.md as static/js/phone.js does, and one presenter that watches
// the tally. Prints one JSON object with the measurements on stdout.
//
//   node loadgen.mjs --url http://127.0.0.1:5000 --code ABC123 --key KEY \
//        --phones 1000 --scenario burst [--duration 60] [--rss-pid PID]
//
// Scenarios: join (join and connect only), burst (every phone answers once
// within --spread ms), sustained (every phone answers --rate times a second
// for --duration s), change (every phone answers --changes times, each a new
// choice), board (a breakout: the console starts group work on --board-item
// in groups of --group-size, every phone posts --notes notes and spends
// --dots dots; measures how long a note takes to reach the rest of its group
// and counts any update that reached a phone outside its group). Only talks
// to --url; everything is bounded by --max-seconds.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";
import { io } from "socket.io-client";

const { values: opt } = parseArgs({
  options: {
    url: { type: "string" },
    code: { type: "string" },
    key: { type: "string" },
    phones: { type: "string", default: "100" },
    scenario: { type: "string", default: "burst" },
    duration: { type: "string", default: "60" },
    spread: { type: "string", default: "1000" },
    rate: { type: "string", default: "4" },
    changes: { type: "string", default: "3" },
    "join-concurrency": { type: "string", default: "32" },
    "ack-timeout": { type: "string", default: "10000" },
    "connect-timeout": { type: "string", default: "60" },
    "max-seconds": { type: "string", default: "600" },
    "rss-pid": { type: "string" },
    "console-cookie": { type: "string" },
    "board-item": { type: "string" },
    "group-size": { type: "string", default: "12" },
    notes: { type: "string", default: "5" },
    "note-gap": { type: "string", default: "1000" },
    dots: { type: "string", default: "5" },
  },
});
const URL_ = new URL(opt.url);
const CODE = opt.code;
const PHONES = Number(opt.phones);
const SCENARIO = opt.scenario;
const ACK_TIMEOUT_MS = Number(opt["ack-timeout"]); // the phone's outbox waits 10 s
const RESEND_AFTER_MS = 1000; // ...then tries again with the same submission id
const RATE_LIMIT_RETRY_MS = 1500; // as phone.js does for `rate_limited`
const GIVE_UP_MS = 60000; // an answer not acked by then counts as lost
const PROJECTOR_WAIT_MS = 5000;

const now = () => performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const errors = { join: 0, connect_error: 0, not_connected: 0, disconnect: 0, ack_timeout: 0,
  refused: 0, rate_limited: 0, unacked: 0, projector: 0, board: 0 };
const messages = []; // the first few error messages, to say what went wrong
function fail(kind, message) {
  errors[kind] += 1;
  if (messages.length < 10) messages.push(`${kind}: ${message}`);
}

// ---- HTTP: the join form, through one keep-alive agent -------------------
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(opt["join-concurrency"]) });

function request(method, path, headers = {}, body = null) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: URL_.hostname, port: URL_.port, method, path, agent,
      headers: { ...headers, ...(body ? { "content-length": Buffer.byteLength(body) } : {}) },
      timeout: 30000 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => { text += chunk; });
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

function storeCookies(jar, response) {
  for (const line of response.headers["set-cookie"] ?? []) {
    const [pair] = line.split(";");
    const at = pair.indexOf("=");
    jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
}

const cookieHeader = (jar) => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");

function inputs(html) {
  return [...html.matchAll(/<input\b[^>]*>/g)].map(([tag]) =>
    Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]])));
}

// GET the join page (csrf token + session cookie), pick a municipality,
// accept the consent text, POST: the device cookie comes back.
async function join(phone) {
  const started = now();
  const jar = new Map();
  const page = await request("GET", `/j/${CODE}?lang=nb`);
  if (page.status !== 200) throw new Error(`GET /j/${CODE}: ${page.status}`);
  storeCookies(jar, page);
  const fields = inputs(page.text);
  const csrf = fields.find((f) => f.name === "csrf_token")?.value;
  const choices = fields.filter((f) => f.name === "municipality").map((f) => f.value);
  if (!csrf || !choices.length) throw new Error("join page without csrf_token or municipalities");
  const form = new URLSearchParams({ csrf_token: csrf, municipality: choices[phone.index % choices.length],
    display_name: "", consent: "y" }).toString();
  const posted = await request("POST", `/j/${CODE}`, { cookie: cookieHeader(jar),
    "content-type": "application/x-www-form-urlencoded" }, form);
  storeCookies(jar, posted);
  if (posted.status !== 302 || !jar.has(`device_${CODE}`)) {
    throw new Error(`POST /j/${CODE}: ${posted.status}, no device cookie`);
  }
  phone.cookie = cookieHeader(jar);
  return now() - started;
}

async function joinAll(phones) {
  const times = [];
  let next = 0;
  const started = now();
  const worker = async () => {
    while (next < phones.length) {
      const phone = phones[next++];
      try {
        times.push(await join(phone));
      } catch (error) {
        fail("join", error.message);
      }
    }
  };
  await Promise.all(Array.from({ length: Number(opt["join-concurrency"]) }, worker));
  const seconds = (now() - started) / 1000;
  return { joined: times.length, seconds: round(seconds, 3),
    per_second: round(times.length / seconds, 1), ms: stats(times) };
}

// ---- Socket.IO: phones and the presenter ---------------------------------
let closing = false; // set when the run is over: disconnects are then ours

function connect(auth, extraHeaders = {}) {
  let version = null;
  const socket = io(opt.url, {
    transports: ["websocket"],
    forceNew: true, // one connection per phone, never multiplexed
    extraHeaders,
    auth: (send) => send(version === null ? auth : { ...auth, version }),
    reconnectionDelayMax: 4000, // as static/js/live.js
    randomizationFactor: 0.5,
  });
  socket.on("state", (state) => { version = state.version; });
  return socket;
}

function connectPhone(phone) {
  return new Promise((resolve) => {
    const started = now();
    phone.socket = connect({ role: "phone", code: CODE, lang: "nb" }, { Cookie: phone.cookie });
    phone.socket.on("connect_error", (error) => fail("connect_error", error.message));
    phone.socket.on("disconnect", (reason) => {
      if (!closing) fail("disconnect", reason);
    });
    // The first state a phone gets is its own (it carries "mine"); agenda
    // changes then push full states to every phone.
    phone.socket.on("state", (state) => {
      if (state.full) phone.current = state.current;
      if (phone.connectMs === undefined) {
        phone.connectMs = now() - started;
        resolve();
      }
    });
  });
}

async function connectAll(phones) {
  const started = now();
  const all = Promise.all(phones.map(connectPhone));
  const limit = sleep(Number(opt["connect-timeout"]) * 1000).then(() => "timeout");
  await Promise.race([all, limit]);
  const times = phones.filter((p) => p.connectMs !== undefined).map((p) => p.connectMs);
  for (let i = times.length; i < phones.length; i += 1) fail("not_connected", "no state in time");
  return { connected: times.length, all_connected_s: times.length === phones.length
    ? round(Math.max(...times) / 1000, 3) : null,
  seconds: round((now() - started) / 1000, 3), ms: stats(times) };
}

// The presenter keeps every tally it is sent, to find when the projector
// first showed the exact final tally and kept showing it.
function connectPresenter() {
  return new Promise((resolve, reject) => {
    const presenter = { tallies: [], socket: null };
    presenter.socket = connect({ role: "presenter", code: CODE, key: opt.key, lang: "nb" });
    const keep = (results) => {
      const all = results?.groups?.find((group) => group.key === "all");
      if (all?.result?.counts) {
        presenter.tallies.push({ at: now(), item: results.item_id, counts: all.result.counts });
      }
    };
    presenter.socket.on("results", keep);
    presenter.socket.on("connect_error", (error) => reject(new Error(`presenter: ${error.message}`)));
    presenter.socket.on("state", (state) => {
      keep(state.results);
      resolve(presenter);
    });
  });
}

// ---- Answering, as the phone's outbox does --------------------------------
const newSubmissionId = () => randomBytes(12).toString("hex");
const latencies = [];
const counted = { sent: 0, acked: 0, committed: 0, duplicates: 0, resends: 0 };
const ackedEachSecond = []; // acks per second since the first answer was sent
let firstSend = null;
let lastAck = null;

// Send one answer and wait for its ack; on no ack in time, resend the SAME
// submission id, so the server stores it once.
function answer(phone, value, itemId = phone.current.id) {
  const entry = { item_id: itemId, submission_id: newSubmissionId(), value };
  const started = now();
  firstSend ??= started;
  counted.sent += 1;
  return new Promise((resolve) => {
    const attempt = () => {
      if (now() - started > GIVE_UP_MS) {
        fail("unacked", `${entry.submission_id} never acked`);
        resolve(false);
        return;
      }
      phone.socket.timeout(ACK_TIMEOUT_MS).emit("answer", entry, (error, ack) => {
        if (error) {
          fail("ack_timeout", `no ack in ${ACK_TIMEOUT_MS} ms`);
          counted.resends += 1;
          setTimeout(attempt, RESEND_AFTER_MS);
        } else if (ack.ok) {
          lastAck = now();
          latencies.push(lastAck - started);
          const second = Math.floor((lastAck - firstSend) / 1000);
          ackedEachSecond[second] = (ackedEachSecond[second] ?? 0) + 1;
          counted.acked += 1;
          counted[ack.duplicate ? "duplicates" : "committed"] += 1;
          if (Array.isArray(value)) phone.last = value[0];
          resolve(true);
        } else if (ack.error?.code === "rate_limited") {
          fail("rate_limited", ack.error.message);
          setTimeout(attempt, RATE_LIMIT_RETRY_MS);
        } else {
          fail("refused", `${ack.error?.code}: ${ack.error?.message}`);
          resolve(false);
        }
      });
    };
    attempt();
  });
}

function options(phone) {
  return phone.current.definition.options.length;
}

function otherChoice(phone) {
  const count = options(phone);
  const pick = Math.floor(Math.random() * count);
  return pick === phone.last ? (pick + 1) % count : pick;
}

const SCENARIOS = {
  join: async () => {},

  burst: async (phones) => {
    const spread = Number(opt.spread);
    await Promise.all(phones.map(async (phone) => {
      await sleep(Math.random() * spread);
      await answer(phone, [otherChoice(phone)]);
    }));
  },

  sustained: async (phones) => {
    const interval = 1000 / Number(opt.rate);
    const until = now() + Number(opt.duration) * 1000;
    await Promise.all(phones.map(async (phone) => {
      await sleep(Math.random() * interval);
      while (now() < until) {
        const started = now();
        await answer(phone, [otherChoice(phone)]);
        await sleep(Math.max(0, interval - (now() - started)));
      }
    }));
  },

  change: async (phones) => {
    const spread = Number(opt.spread);
    await Promise.all(phones.map(async (phone) => {
      await sleep(Math.random() * spread);
      for (let i = 0; i < Number(opt.changes); i += 1) {
        await answer(phone, [otherChoice(phone)]);
        await sleep(Math.random() * 200);
      }
    }));
  },
};

// ---- The board: a breakout over every phone ------------------------------
const board = { item: Number(opt["board-item"]), noteGroup: new Map(), postedAt: new Map(),
  delivery: [], leaks: 0, groups: new Map() };

// What a phone's board results say: every note it is sent must be one of its
// own group's, and the first time it sees another member's note counts.
function watchBoard(phone) {
  const look = (results) => {
    const cut = results?.groups?.[0]?.result;
    if (!cut || results.item_id !== board.item || !cut.board) return;
    if (phone.group !== undefined && cut.group?.id !== phone.group) board.leaks += 1;
    phone.seen ??= new Set();
    for (const note of cut.board.notes) {
      const group = board.noteGroup.get(note.id);
      if (group !== undefined && group !== phone.group) board.leaks += 1;
      if (phone.seen.has(note.id)) continue;
      phone.seen.add(note.id);
      const posted = board.postedAt.get(note.id);
      if (posted && posted.by !== phone) board.delivery.push(now() - posted.at);
    }
  };
  phone.socket.on("results", look);
  phone.socket.on("state", (state) => look(state.results));
}

function call(socket, event, payload) {
  return new Promise((resolve) => {
    socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (error, ack) => resolve(error ? null : ack));
  });
}

async function boardScenario(phones) {
  const console_ = connect({ role: "console", code: CODE, lang: "nb" }, { Cookie: opt["console-cookie"] });
  await new Promise((resolve, reject) => {
    console_.once("state", resolve);
    console_.once("connect_error", (error) => reject(new Error(`console: ${error.message}`)));
  });
  for (const phone of phones) watchBoard(phone);
  const started = await call(console_, "breakout.start", { item_id: board.item, group_size: Number(opt["group-size"]) });
  if (!started?.ok) throw new Error(`breakout.start: ${JSON.stringify(started)}`);
  // Each phone asks for its group, as board_phone.js does when the board opens.
  await Promise.all(phones.map(async (phone) => {
    const me = await call(phone.socket, "board.me", { item_id: board.item });
    if (!me?.ok || !me.group) { fail("board", `board.me: ${JSON.stringify(me)}`); return; }
    phone.group = me.group.id;
    if (!board.groups.has(phone.group)) board.groups.set(phone.group, []);
    board.groups.get(phone.group).push(phone);
  }));
  const grouped = phones.filter((phone) => phone.group !== undefined);
  const spread = Number(opt.spread);
  await Promise.all(grouped.map(async (phone) => {
    await sleep(Math.random() * spread);
    for (let i = 0; i < Number(opt.notes); i += 1) {
      const ref = randomBytes(8).toString("hex");
      board.noteGroup.set(ref, phone.group);
      board.postedAt.set(ref, { at: now(), by: phone });
      await answer(phone, { op: "add", group: phone.group, ref, text: `Lapp ${i + 1} fra ${phone.index}` }, board.item);
      await sleep(Math.random() * Number(opt["note-gap"])); // writing the next note
    }
  }));
  // Every other member should see every note: wait for the last deliveries.
  const expected = grouped.reduce((sum, phone) => sum + Number(opt.notes) * (board.groups.get(phone.group).length - 1), 0);
  const until = now() + PROJECTOR_WAIT_MS;
  while (board.delivery.length < expected && now() < until) await sleep(20);
  if (board.delivery.length < expected) fail("board", `${expected - board.delivery.length} notes never reached a group member`);
  // Then every phone spends its dots, one at a time, on its group's notes.
  await Promise.all(grouped.map(async (phone) => {
    const notes = [...board.noteGroup].filter(([, group]) => group === phone.group).map(([ref]) => ref);
    const dots = {};
    for (let i = 0; i < Number(opt.dots); i += 1) {
      const ref = notes[Math.floor(Math.random() * notes.length)];
      dots[ref] = (dots[ref] ?? 0) + 1;
      await answer(phone, { op: "vote", group: phone.group, dots: { ...dots } }, board.item);
      await sleep(Math.random() * Number(opt["note-gap"]) / 2);
    }
  }));
  await sleep(500); // the last tallies go out
  console_.close();
  return { groups: board.groups.size, group_sizes: stats([...board.groups.values()].map((g) => g.length)),
    notes_posted: board.postedAt.size, deliveries: board.delivery.length, expected_deliveries: expected,
    delivery_ms: stats(board.delivery), leaks: board.leaks };
}

// How long after the last ack the projector showed the exact final tally
// (each phone's last acked choice) and kept it; negative if it came first.
async function projectorDelay(presenter, phones, itemId) {
  const expected = Array(options(phones[0])).fill(0);
  for (const phone of phones) if (phone.last !== undefined) expected[phone.last] += 1;
  const same = (tally) => tally.item === itemId
    && tally.counts.length === expected.length && tally.counts.every((n, i) => n === expected[i]);
  const waitUntil = now() + PROJECTOR_WAIT_MS;
  for (;;) {
    const tallies = presenter.tallies;
    if (tallies.length && same(tallies[tallies.length - 1])) {
      let first = tallies.length - 1;
      while (first > 0 && same(tallies[first - 1])) first -= 1;
      return { exact: true, delay_ms: round(tallies[first].at - lastAck, 1), expected,
        shown: tallies[tallies.length - 1].counts, results_events: tallies.length };
    }
    if (now() > waitUntil) {
      fail("projector", `no exact tally ${PROJECTOR_WAIT_MS} ms after the last ack`);
      return { exact: false, delay_ms: null, expected,
        shown: tallies.length ? tallies[tallies.length - 1].counts : null,
        results_events: tallies.length };
    }
    await sleep(5);
  }
}

// ---- Figures -------------------------------------------------------------
function round(value, places = 1) {
  return Math.round(value * 10 ** places) / 10 ** places;
}

function stats(values) {
  if (!values.length) return { n: 0, p50: null, p95: null, p99: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  return { n: sorted.length, p50: round(rank(50)), p95: round(rank(95)), p99: round(rank(99)),
    max: round(sorted[sorted.length - 1]) };
}

function rssKb() {
  if (!opt["rss-pid"]) return null;
  const status = readFileSync(`/proc/${opt["rss-pid"]}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

// CPU seconds the server has used (user + system; Linux counts in 1/100 s):
// what a scenario cost the server, whatever else the machine was doing.
function cpuSeconds() {
  if (!opt["rss-pid"]) return null;
  const fields = readFileSync(`/proc/${opt["rss-pid"]}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

// ---- The run ---------------------------------------------------------------

async function main() {
  if (!SCENARIOS[SCENARIO] && SCENARIO !== "board") throw new Error(`unknown scenario ${SCENARIO}`);
  const phones = Array.from({ length: PHONES }, (_, index) => ({ index }));
  const out = { scenario: SCENARIO, url: opt.url, phones: PHONES };
  out.join = await joinAll(phones);
  const joined = phones.filter((phone) => phone.cookie);
  const presenter = await connectPresenter();
  const rssBefore = rssKb();
  out.connect = await connectAll(joined);
  const connected = joined.filter((phone) => phone.connectMs !== undefined);
  if (rssBefore !== null) {
    await sleep(500); // let the server finish what the connects started
    const rssConnected = rssKb();
    out.rss_kb = { before: rssBefore, connected: rssConnected,
      per_phone: connected.length ? round((rssConnected - rssBefore) / connected.length, 1) : null };
  }
  if (SCENARIO === "board") {
    const started = now();
    const cpuBefore = cpuSeconds();
    out.board = await boardScenario(connected);
    if (cpuBefore !== null) out.board.server_cpu_s = round(cpuSeconds() - cpuBefore, 2);
    const seconds = ((lastAck ?? now()) - (firstSend ?? started)) / 1000;
    out.answers = { ...counted, acked_pct: counted.sent ? round(100 * counted.acked / counted.sent, 2)
      : null, seconds: round(seconds, 3), committed_per_s: round(counted.committed / seconds, 1),
    ack_ms: stats(latencies) };
  } else if (SCENARIO !== "join") {
    const open = connected.filter((p) => p.current?.status === "open"
      && p.current.activity_kind === "choice");
    if (open.length < connected.length) fail("refused", "a phone saw no open choice poll");
    const started = now();
    await SCENARIOS[SCENARIO](open);
    const seconds = ((lastAck ?? now()) - (firstSend ?? started)) / 1000;
    out.answers = { ...counted, acked_pct: counted.sent ? round(100 * counted.acked / counted.sent, 2)
      : null, seconds: round(seconds, 3), acked_per_s: round(counted.acked / seconds, 1),
    committed_per_s: round(counted.committed / seconds, 1), ack_ms: stats(latencies),
    acked_each_second: Array.from(ackedEachSecond, (n) => n ?? 0) };
    if (open.length) out.projector = await projectorDelay(presenter, open, open[0].current.id);
  }
  closing = true;
  out.errors = { ...errors, total: Object.values(errors).reduce((a, b) => a + b, 0), messages };
  for (const phone of phones) phone.socket?.close();
  presenter.socket.close();
  return out;
}

setTimeout(() => {
  process.stdout.write(`${JSON.stringify({ scenario: SCENARIO, fatal: "max-seconds reached",
    errors: { ...errors, messages } })}\n`);
  process.exit(2);
}, Number(opt["max-seconds"]) * 1000).unref();

main().then((out) => {
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}, (error) => {
  process.stdout.write(`${JSON.stringify({ scenario: SCENARIO, fatal: error.message,
    errors: { ...errors, messages } })}\n`);
  process.exit(1);
});
