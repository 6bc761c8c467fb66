// Texts translated on the server (see facilitate/web/js_strings.py), and
// numbers written as the page's language writes them (2,83 in Norwegian).
const strings = JSON.parse(document.getElementById("i18n").textContent);
const LOCALES = { nb: "nb-NO", nn: "nn-NO", en: "en-GB" };
const lang = document.documentElement.lang || "nb";
// Digits grouped from five on (12 345, but 2040), as Norwegian writes them.
const numbers = new Intl.NumberFormat(LOCALES[lang] ?? lang, { maximumFractionDigits: 2, useGrouping: "min2" });

export function formatNumber(value) {
  return typeof value === "number" && Number.isFinite(value) ? numbers.format(value) : String(value);
}

export function t(key, params = {}) {
  let text = strings[key] ?? key;
  for (const [name, value] of Object.entries(params)) {
    text = text.replaceAll(`{${name}}`, typeof value === "number" ? formatNumber(value) : value);
  }
  return text;
}
