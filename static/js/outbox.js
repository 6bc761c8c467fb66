// Answers not yet acknowledged by the server, kept in localStorage so a
// reload, a sleeping phone or a Wi-Fi/4G switch loses nothing. Each answer
// carries an id made here; the server stores a resend of the same id once.

export function newSubmissionId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class Outbox {
  constructor(code) {
    this.key = `facilitate.outbox.${code}`;
  }

  all() {
    try {
      return JSON.parse(localStorage.getItem(this.key) || "[]");
    } catch {
      return [];
    }
  }

  // A newer answer to the same slot replaces an unsent older one; an entry
  // with no slot (a Q&A question) never replaces anything.
  put(entry) {
    const replaced = (old) => entry.slot !== null && old.item_id === entry.item_id
      && old.slot === entry.slot;
    const kept = this.all().filter((old) => old.submission_id !== entry.submission_id && !replaced(old));
    kept.push(entry);
    localStorage.setItem(this.key, JSON.stringify(kept));
  }

  remove(submissionId) {
    localStorage.setItem(this.key, JSON.stringify(this.all().filter((e) => e.submission_id !== submissionId)));
  }
}
