// The Explain panel's script. Every HTML fragment it inserts was rendered in the extension host from escaped
// Markdown (raw HTML off, links limited to http(s)); the page's CSP also blocks any script but this one.
(function () {
  const vscode = acquireVsCodeApi();
  const body = document.body;
  const title = document.getElementById("title");
  const status = document.getElementById("status");
  const notice = document.getElementById("notice");
  const answer = document.getElementById("answer");
  const security = document.getElementById("security");
  const stop = document.getElementById("stop");

  const requestStop = () => vscode.postMessage({ type: "stop" });
  stop.addEventListener("click", requestStop);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && body.classList.contains("running")) requestStop();
  });

  window.addEventListener("message", (event) => {
    const view = event.data;
    if (!view || view.type !== "render") return;
    title.textContent = view.title;
    status.textContent = view.status;
    status.classList.toggle("error", view.phase === "error");
    notice.textContent = view.notice;
    answer.innerHTML = view.answerHtml;
    security.innerHTML = view.securityHtml;
    body.classList.toggle("running", view.running);
    stop.disabled = !view.running;
    // Reports what the DOM now holds (as the browser parsed it), so the extension can log and test it.
    vscode.postMessage({ type: "rendered", answerHtml: answer.innerHTML });
  });

  vscode.postMessage({ type: "ready" });
})();
