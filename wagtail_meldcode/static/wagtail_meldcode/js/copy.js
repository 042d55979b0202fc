// The summary for Veilig Thuis: each section's button copies the section's text, to paste
// into a regional web form. Without a clipboard (an insecure page, a refused permission)
// the section is selected instead, for Ctrl+C. No inline script, for a strict CSP.
const copyStatus = document.getElementById("mc-copy-status");

function selectText(element) {
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
}

document.querySelectorAll("[data-mc-copy]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", async () => {
        const body = document.getElementById(button.dataset.mcCopy);
        const text = body.innerText.replace(/\n{3,}/g, "\n\n").trim();
        try {
            await navigator.clipboard.writeText(text);
            copyStatus.textContent = copyStatus.dataset.copied;
        } catch (error) {
            selectText(body);
            copyStatus.textContent = copyStatus.dataset.failed;
        }
    });
});
