"use strict";
// While a report is being generated its admin pages follow the progress by themselves (no reload by
// hand) and reload once it has finished or stalled, so the files or the reason show. A page with unsaved
// edits is never reloaded: it says so instead. Strings come from the reports' JavaScript catalogue.
(function () {
  const boxes = document.querySelectorAll(".report-generation[data-running='1']");
  if (!boxes.length) {
    return;
  }
  // gettext is the catalogue's (served before this file); makemessages -d djangojs finds its calls.
  const gettext = window.gettext || ((text) => text);
  let dirty = false;
  document.addEventListener("input", () => {
    dirty = true;
  });

  function follow(box) {
    const label = box.querySelector(".generation-label");
    const bar = box.querySelector("progress");
    const percent = box.querySelector(".generation-percent");
    const live = document.createElement("span");
    live.className = "generation-live help";
    live.setAttribute("role", "status");
    live.textContent = " " + gettext("Updated automatically while it runs.");
    box.append(live);
    let failures = 0;

    async function poll() {
      try {
        const response = await fetch(box.dataset.progressUrl, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        const state = await response.json();
        failures = 0;
        label.textContent = state.label;
        bar.value = state.progress;
        percent.textContent = state.progress + "%";
        if (!state.running) {
          if (dirty) {
            live.textContent = " " + gettext("Finished. Save your changes, then reload the page to see the files.");
          } else {
            live.textContent = " " + gettext("Finished: the page reloads to show the result.");
            window.location.reload();
          }
          return;
        }
      } catch (error) {
        failures += 1;
        live.textContent = " " + gettext("The progress could not be read just now; trying again.");
      }
      window.setTimeout(poll, Math.min(2000 * (failures + 1), 30000));
    }

    window.setTimeout(poll, 2000);
  }

  boxes.forEach(follow);
})();
