// Print button on the print version of the meldcode (no inline script, for a strict CSP).
document.querySelectorAll("[data-mc-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
});
