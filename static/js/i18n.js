// Texts translated on the server (see facilitate/web/js_strings.py).
const strings = JSON.parse(document.getElementById("i18n").textContent);

export function t(key, params = {}) {
  let text = strings[key] ?? key;
  for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{${name}}`, value);
  return text;
}
