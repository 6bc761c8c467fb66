// The facilitator's list of phones per municipality: how many count against
// how many were expected, and the held ones (joined beyond the expected
// number: their answers count only once accepted). Every phone can be
// removed, which deletes its answers. Texts come from the panel's data-text-*
// attributes (translated in the template).
import { $, el } from "./dom.js";

export function mountDevices(socket) {
  const panel = $("[data-devices-panel]");
  if (!panel) return;
  const list = $("[data-devices-list]", panel);
  const status = $("[data-devices-status]", panel);
  const text = (name, params = {}) => {
    let value = panel.dataset[`text${name}`] ?? name;
    for (const [key, v] of Object.entries(params)) value = value.replaceAll(`{${key}}`, v);
    return value;
  };

  function send(event, payload) {
    status.textContent = "";
    socket.timeout(10000).emit(event, payload, (error, ack) => {
      if (error) status.textContent = text("Offline");
      else if (!ack.ok) status.textContent = ack.error.message;
    });
  }

  function phoneRow(device, number) {
    const label = device.name ? `${text("Phone", { n: number })}: ${device.name}` : text("Phone", { n: number });
    return el("li", { class: device.held ? "held" : "", "data-device": device.id, "data-held": device.held ? "true" : "false" },
      el("span", { text: label }), " ",
      el("span", { class: "muted", text: text("Answers", { n: device.answers }) }), " ",
      device.held ? el("strong", { class: "badge", text: text("Held") }) : "", " ",
      device.held ? el("button", { type: "button", class: "small primary", "data-accept": device.id,
                                   onclick: () => send("device.accept", { device_id: device.id }) },
        text("Accept")) : "",
      " ",
      el("button", { type: "button", class: "small danger", "data-remove": device.id,
                     onclick: () => { if (window.confirm(text("ConfirmRemove"))) send("device.remove", { device_id: device.id }); } },
        text("Remove")));
  }

  function render(message) {
    list.replaceChildren(...message.municipalities.map((m) => {
      const phones = message.devices.filter((d) => d.municipality_id === m.id);
      const count = m.expected === null ? text("Count", { phones: m.phones })
        : text("CountExpected", { phones: m.phones, expected: m.expected });
      const details = el("details", { open: m.held > 0 },
        el("summary", {}, el("strong", { text: m.name }), ` ${count}`,
          m.held ? el("span", { class: "badge held", text: ` ${text("HeldCount", { n: m.held })}` }) : ""),
        el("ol", { class: "devices" }, phones.map((device, index) => phoneRow(device, index + 1))));
      return el("li", { "data-devices-for": m.name }, details);
    }));
  }

  socket.on("devices", render);
  const load = () => socket.timeout(10000).emit("devices.list", {}, (error, ack) => {
    if (!error && ack.ok) render(ack.devices);
  });
  socket.on("connect", load);
  if (socket.connected) load();
  socket.on("goodbye", (reason) => { status.textContent = reason.message; });
}
