// What a participant has put in a form but not sent, kept on the phone per
// item (and per reset of the item), so a lock and reopen, a reload or a
// sleeping phone gives the form back as it was left.
export class Drafts {
  constructor(code) {
    this.key = `facilitate.drafts.${code}`;
  }

  all() {
    try {
      return JSON.parse(localStorage.getItem(this.key) || "{}");
    } catch {
      return {};
    }
  }

  get(slot) {
    return this.all()[slot];
  }

  set(slot, value) {
    const drafts = this.all();
    drafts[slot] = value;
    this.write(drafts);
  }

  remove(slot) {
    const drafts = this.all();
    if (!(slot in drafts)) return;
    delete drafts[slot];
    this.write(drafts);
  }

  write(drafts) {
    try {
      localStorage.setItem(this.key, JSON.stringify(drafts));
    } catch {
      // A full or blocked storage loses the draft, never the page.
    }
  }
}
