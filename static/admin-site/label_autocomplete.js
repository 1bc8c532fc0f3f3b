// The admin's autocomplete boxes (select2) name themselves by their current value only; an empty one has no
// name at all. Give each box (and its value display) the field's label, whenever select2 builds one.
function labelAutocompletes() {
  for (const select of document.querySelectorAll("select.admin-autocomplete")) {
    const label = document.querySelector(`label[for="${select.id}"]`);
    if (!label) continue;
    const name = label.textContent.replace(/:\s*$/, "").trim();
    label.id = label.id || `${select.id}-label`;
    const box = select.parentElement.querySelector('.select2-selection[role="combobox"]');
    if (box) {
      const current = box.getAttribute("aria-labelledby") || "";
      if (!current.split(" ").includes(label.id)) box.setAttribute("aria-labelledby", `${label.id} ${current}`.trim());
    }
    for (const display of select.parentElement.querySelectorAll(".select2-selection__rendered")) {
      if (!display.getAttribute("aria-label")) display.setAttribute("aria-label", name);
    }
  }
}
new MutationObserver(labelAutocompletes).observe(document.documentElement, { childList: true, subtree: true });
window.addEventListener("load", labelAutocompletes);
