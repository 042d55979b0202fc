// Warn before the idle timeout; at the timeout, save the open case form as a draft.
// The server decides: it logs out after the idle time whatever this script does.
(() => {
    const dialog = document.getElementById("mc-session");
    if (!dialog) return;
    const idle = Number(dialog.dataset.idleTimeout) * 1000;
    const warning = Number(dialog.dataset.warning) * 1000;
    const countdown = dialog.querySelector("[data-countdown]");
    const stay = dialog.querySelector("[data-stay]");
    let deadline = Date.now() + idle;
    let returnFocus = null;

    const format = (ms) => {
        const seconds = Math.max(0, Math.ceil(ms / 1000));
        return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
    };
    const show = () => {
        if (!dialog.hidden) return;
        returnFocus = document.activeElement;
        dialog.hidden = false;
        stay.focus();
    };
    const hide = () => {
        dialog.hidden = true;
        if (returnFocus) returnFocus.focus();
    };
    const saveDraftAndLeave = () => {
        const form = document.getElementById("mc-wizard");
        const draft = form && form.querySelector('button[name="save_draft"]');
        if (draft) {
            const flag = document.createElement("input");
            flag.type = "hidden";
            flag.name = dialog.dataset.field;
            flag.value = "1";
            form.appendChild(flag);
            form.requestSubmit(draft);
        } else {
            window.location.reload();  // the server logs out and shows the login page
        }
    };
    const tick = () => {
        const left = deadline - Date.now();
        countdown.textContent = format(left);
        if (left <= 5000) {
            clearInterval(timer);
            saveDraftAndLeave();
        } else if (left <= warning) {
            show();
        }
    };
    stay.addEventListener("click", async () => {
        try {
            const response = await fetch(dialog.dataset.keepaliveUrl, {
                method: "POST", credentials: "same-origin",
                headers: { "X-CSRFToken": dialog.dataset.csrfToken },
            });
            if (response.ok) deadline = Date.now() + idle;
        } catch (error) {
            // Offline: the timer runs on; the draft is still saved at the end.
        }
        hide();
    });
    dialog.addEventListener("keydown", (event) => {
        if (event.key === "Escape") stay.click();
    });
    const timer = setInterval(tick, 1000);
})();
