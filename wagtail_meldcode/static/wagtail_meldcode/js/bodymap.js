// The body map's drawing (no inline script, for a strict CSP). A click puts the mark at
// the clicked point, in the outline's own coordinates, and chooses its part of the body in
// the list, hit-testing exactly as the server does (wagtail_meldcode/bodymap.py); choosing
// a part in the list puts the mark at that part's anchor. The list alone works too.
(() => {
    const svg = document.querySelector("[data-bodymap-figure]");
    const form = document.getElementById("mc-mark-form");
    if (!svg || !form) {
        return;
    }
    const select = form.elements.region;
    const x = form.elements.x;
    const y = form.elements.y;
    const pending = svg.querySelector("[data-bodymap-pending]");
    const status = document.getElementById("mc-mark-place");
    const regions = Array.from(svg.querySelectorAll("[data-region]")).map((shape) => ({
        key: shape.dataset.region,
        shape: shape.dataset.shape,
        geometry: shape.dataset.geometry.split(",").map(Number),
        anchor: shape.dataset.anchor.split(",").map(Number),
    }));
    const original = form.dataset.originalRegion
        ? {key: form.dataset.originalRegion, point: form.dataset.originalPoint.split(",").map(Number)}
        : null;

    const contains = (region, px, py) => {
        const [a, b, c, d] = region.geometry;
        if (region.shape === "ellipse") {
            return ((px - a) / c) ** 2 + ((py - b) / d) ** 2 <= 1;
        }
        return a <= px && px <= a + c && b <= py && py <= b + d;
    };

    const show = (point) => {
        if (!point) {
            pending.setAttribute("visibility", "hidden");
            return;
        }
        pending.setAttribute("cx", point[0]);
        pending.setAttribute("cy", point[1]);
        pending.setAttribute("visibility", "visible");
    };

    const label = (key) => {
        const option = Array.from(select.options).find((o) => o.value === key);
        return option ? option.textContent : "";
    };

    svg.addEventListener("click", (event) => {
        const screen = svg.createSVGPoint();
        screen.x = event.clientX;
        screen.y = event.clientY;
        const point = screen.matrixTransform(svg.getScreenCTM().inverse());
        const px = Math.round(point.x * 10) / 10;
        const py = Math.round(point.y * 10) / 10;
        const region = regions.find((r) => contains(r, px, py));
        if (!region) {
            status.textContent = form.dataset.outside;
            return;
        }
        select.value = region.key;
        x.value = px.toFixed(1);
        y.value = py.toFixed(1);
        show([px, py]);
        status.textContent = `${form.dataset.placed} ${label(region.key)}`;
    });

    select.addEventListener("change", () => {
        // The list's choice: the server puts the mark at the part's anchor (or keeps the
        // point of the mark being changed, in its own part).
        x.value = "";
        y.value = "";
        const region = regions.find((r) => r.key === select.value);
        if (!region) {
            show(null);
        } else if (original && original.key === region.key) {
            show(original.point);
        } else {
            show(region.anchor);
        }
        status.textContent = "";
    });

    // Only now does the drawing look clickable (a crosshair over the body).
    svg.classList.add("mc-bodymap__figure--active");

    // After a refused save, or on a mark being changed: show where the mark is now.
    if (x.value && y.value) {
        show([Number(x.value), Number(y.value)]);
    } else if (original) {
        show(original.point);
    } else if (select.value) {
        show(regions.find((r) => r.key === select.value)?.anchor ?? null);
    }
})();
