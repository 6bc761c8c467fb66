// The countdown in a corner of the phone's header, in step with the
// projector whatever this phone's clock says (see timer.js). A screen
// reader hears once that one minute is left and once that time is up.
import { mountCountdown, setServerTime } from "./timer.js";

const slot = document.querySelector("[data-phone-countdown]");
const countdown = slot ? mountCountdown(slot, { announce: true }) : null;
let shown = null;

export function followCountdown(state) {
  setServerTime(state.server_time);
  if (state.full) shown = state.current?.timer ?? null;
  countdown?.update(shown);
}
