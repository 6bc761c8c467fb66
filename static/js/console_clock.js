// The time of day on the console, on the server's clock (the same clock the
// countdowns use), so the facilitator never needs to look for a watch.
import { serverNow } from "./timer.js";

export function consoleClock(node) {
  const draw = () => {
    node.textContent = new Date(serverNow()).toLocaleTimeString("nb-NO",
      { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  };
  draw();
  setInterval(draw, 1000);
}
