// One polite live region per page: what changed is said once, in words
// ("The question is open: ..."), and running tallies stay silent.
export function announcer(region) {
  let last = "";
  return (text) => {
    if (!region || !text || text === last) return;
    last = text;
    // Emptied first, so the same words said again later are read again.
    region.textContent = "";
    setTimeout(() => { region.textContent = text; }, 50);
  };
}
