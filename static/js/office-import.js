// Import pages: once the form is sent, show a progress bar and the seconds spent, and keep
// the button from being pressed twice. Checking or importing thousands of rows takes a while
// and the server answers only at the end.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const progress = form.querySelector(".import-progress");
  if (!progress) return;
  progress.hidden = false;
  // After the form's data is gathered, so that the pressed button is still sent.
  setTimeout(() => {
    form.querySelectorAll("input[type=submit]").forEach((button) => { button.disabled = true; });
  }, 0);
  const elapsed = progress.querySelector(".import-progress-elapsed");
  const started = Date.now();
  setInterval(() => {
    elapsed.textContent = `${Math.round((Date.now() - started) / 1000)} s`;
  }, 1000);
});
