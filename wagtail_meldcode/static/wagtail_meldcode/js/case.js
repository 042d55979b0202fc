// The live advice of the afwegingskader in step 5: the server weighs, this only asks.
(() => {
    const advice = document.getElementById("mc-advice");
    if (!advice) return;
    const form = advice.closest("form");
    const text = advice.querySelector("[data-advice-text]");
    const names = ["can_help", "help_accepted", "help_effective"];
    // Answers can change faster than the server replies: only the latest reply counts.
    let latest = 0;
    const update = async () => {
        const request = ++latest;
        const params = new URLSearchParams();
        for (const name of names) {
            const checked = form.querySelector(`input[name$="-${name}"]:checked`);
            if (checked) params.set(name, checked.value);
        }
        try {
            const response = await fetch(`${advice.dataset.adviceUrl}?${params}`, {
                headers: { Accept: "application/json" }, credentials: "same-origin",
            });
            const answer = response.ok ? await response.json() : null;
            if (answer && request === latest) text.textContent = answer.text;
        } catch (error) {
            // Offline or logged out: the advice is shown again after saving.
        }
    };
    form.addEventListener("change", (event) => {
        if (names.some((name) => event.target.name.endsWith(`-${name}`))) update();
    });
})();
