// The inbox: "select all on this page", the count of ticked cases, and the filters
// folded on a narrow screen (a phone) unless some filter is in use.
document.addEventListener("DOMContentLoaded", () => {
  const boxes = () => Array.from(document.querySelectorAll('input[name="case"][form="bulk"]'));
  const all = document.getElementById("select-all");
  const shown = document.getElementById("bulk-selected");
  const update = () => {
    const ticked = boxes().filter((box) => box.checked).length;
    if (shown) shown.textContent = ticked ? `（${ticked}）` : "";
    if (all) {
      all.checked = ticked > 0 && ticked === boxes().length;
      all.indeterminate = ticked > 0 && ticked < boxes().length;
    }
  };
  if (all) {
    all.hidden = false;
    all.addEventListener("change", () => {
      boxes().forEach((box) => { box.checked = all.checked; });
      update();
    });
  }
  boxes().forEach((box) => box.addEventListener("change", update));
  update();
  const filters = document.getElementById("filter-box");
  if (filters && !filters.open && window.matchMedia("(min-width: 761px)").matches) {
    filters.open = true;
  }
});
