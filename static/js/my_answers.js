// "My answers" on the phone: what the server keeps of this phone's answers,
// read back on opening, and a delete (with an in-page confirmation) that
// erases them on the server (`answers.erase`, this phone's own only).
import { $, el } from "./dom.js";

export function mountMyAnswers(socket, { onErased }) {
  const root = $("[data-my-answers]");
  if (!root) return { refresh() {} };
  const ui = {
    list: $("[data-my-answers-list]", root),
    empty: $("[data-my-answers-empty]", root),
    start: $("[data-erase-start]", root),
    confirm: $("[data-erase-confirm]", root),
    yes: $("[data-erase-yes]", root),
    no: $("[data-erase-no]", root),
    status: $("[data-my-answers-status]", root),
  };

  function show(answers) {
    ui.list.replaceChildren(...answers.map((answer) => el("li", { "data-my-answer": answer.item_id },
      el("strong", { text: answer.title }), el("br"),
      el("span", { class: "muted", text: answer.question }), el("br"),
      el("span", { text: answer.text }))));
    ui.empty.hidden = answers.length > 0;
    ui.start.hidden = answers.length === 0;
  }

  function refresh() {
    if (!root.open || !socket.connected) return;
    socket.timeout(10000).emit("answers.mine", {}, (error, ack) => {
      if (error) return;
      if (ack.ok) show(ack.answers);
      else ui.status.textContent = ack.error.message;
    });
  }

  root.addEventListener("toggle", refresh);
  ui.start.addEventListener("click", () => {
    ui.confirm.hidden = false;
    ui.start.hidden = true;
    ui.no.focus();
  });
  ui.no.addEventListener("click", () => {
    ui.confirm.hidden = true;
    ui.start.hidden = false;
    ui.start.focus();
  });
  ui.yes.addEventListener("click", () => {
    socket.timeout(10000).emit("answers.erase", { confirm: true }, (error, ack) => {
      ui.confirm.hidden = true;
      if (error) {
        ui.start.hidden = false;
        return;
      }
      if (ack.ok) {
        ui.status.textContent = ui.status.dataset.erased;
        onErased();
        show([]);
        ui.start.focus();
      } else {
        ui.start.hidden = false;
        ui.status.textContent = ack.error.message;
      }
    });
  });
  return { refresh };
}
