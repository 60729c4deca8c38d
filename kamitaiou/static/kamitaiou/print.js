// The printable case record (decision 0023): the 印刷 button opens the browser's print dialog.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("print-now");
  if (button) button.addEventListener("click", () => window.print());
});
