// The admin's autocomplete boxes (select2) name themselves by their current value only; an empty one has no
// name at all. Add the field's label to the name, after select2 has built the boxes.
window.addEventListener("load", () => {
  for (const select of document.querySelectorAll("select.admin-autocomplete")) {
    const label = document.querySelector(`label[for="${select.id}"]`);
    const box = select.parentElement.querySelector('.select2-selection[role="combobox"]');
    if (!label || !box) continue;
    label.id = label.id || `${select.id}-label`;
    const current = box.getAttribute("aria-labelledby") || "";
    if (!current.includes(label.id)) box.setAttribute("aria-labelledby", `${label.id} ${current}`.trim());
  }
});
