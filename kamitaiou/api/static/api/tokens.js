// The new token is selected on a click, ready to copy (no inline handler: the CSP forbids it).
document.addEventListener("DOMContentLoaded", () => {
  const field = document.getElementById("new-token");
  if (field) field.addEventListener("click", () => field.select());
});
