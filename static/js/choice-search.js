// A filter box for a long list of checkboxes (templates/includes/choice_search.html): typing hides the options
// whose name does not contain the text (accents and case aside); chosen options and the list itself stay. The page
// works without this script: the list is then shown whole, grouped and sorted.
(function () {
  "use strict";
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();

  document.querySelectorAll("[data-choice-search]").forEach((box) => {
    const filter = box.querySelector("[data-choice-search-filter]");
    const input = filter.querySelector("input");
    const status = filter.querySelector("[data-status]");
    const options = Array.from(box.querySelectorAll(".choice-search__option"));
    const names = options.map((option) => fold(option.textContent));
    const groups = Array.from(box.querySelectorAll(".choice-search__group"));

    const update = () => {
      const query = fold(input.value);
      let shown = 0;
      options.forEach((option, index) => {
        const visible = !query || names[index].includes(query) || option.querySelector("input").checked;
        option.hidden = !visible;
        shown += visible ? 1 : 0;
      });
      groups.forEach((group) => {
        group.hidden = !group.querySelector(".choice-search__option:not([hidden])");
      });
      status.textContent = query
        ? status.dataset.status.replace("{shown}", shown).replace("{total}", options.length)
        : "";
    };

    input.addEventListener("input", update);
    // Enter in the filter box filters; it does not send the form.
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
    filter.hidden = false;
  });
})();
